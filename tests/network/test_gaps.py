"""Gaps of the 4311 scheme on the seed graph, consistent with cq08."""

from __future__ import annotations

from kg.network.gaps import gaps
from kg.queries import find_query, run_query


def test_sectors_without_enterprise_are_those_of_cq08(graph, store):
    frame = gaps(graph)
    cq08 = set(run_query(store, find_query("cq08").text).column("code"))
    assert set(frame.loc[frame["no_enterprise"], "code"]) == cq08
    assert {"CON", "EMG-LAE"} <= cq08


def test_every_sector_and_sub_sector_has_a_row(graph):
    frame = gaps(graph)
    assert len(frame) == 12
    assert frame["code"].tolist() == sorted(frame["code"])
    con = frame.set_index("code").loc["CON"]
    assert con["缺口"] == "无龙头企业；无统计数据"
    assert con["gaps"] == "no anchor enterprise; no statistic"
    emg = frame.set_index("code").loc["EMG"]
    assert (emg["enterprises"], emg["achievements"], emg["statistics"]) == (2, 9, 0)
    assert emg["企业"] == "视联动力、途作林杰"
    fin = frame.set_index("code").loc["FIN"]
    assert (fin["enterprises"], fin["statistics"], fin["no_statistic"]) == (5, 22, False)
    assert list(frame.columns[:3]) == ["产业", "缺口", "企业"]


def test_counts_agree_with_the_stats_query(graph, store):
    frame = gaps(graph).set_index("code")
    stats = run_query(store, find_query("stats-sectors").text)
    for row in stats.rows:
        code = row["code"].value
        counted = (int(row[k].value) for k in ("enterprises", "places", "projects", "events"))
        ours = frame.loc[code, ["enterprises", "zones", "projects", "events"]]
        assert tuple(ours) == tuple(counted), code
    # Services and financial products are counted apart from projects.
    assert frame["offerings"].sum() > 0
