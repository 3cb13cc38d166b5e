"""k shortest paths on the seed graph: the CQ13 chain, wording, options, errors."""

from __future__ import annotations

import pytest

from kg.network.paths import NoPath, k_shortest_paths, paths_frame, steps_frame
from kg.queries import find_query, run_query


def test_cq13_chain_is_among_the_three_best(graph, iri):
    vv, hub = iri("org", "visionvera"), iri("project", "chongqing-computing-hub")
    paths = k_shortest_paths(graph, vv, hub, k=3)
    cluster, channel = (
        iri("project", "hami-computing-cluster"),
        iri("project", "chongqing-xinjiang-computing-channel"),
    )
    assert paths[0].nodes == [vv, channel, hub]
    assert paths[1].nodes == [vv, cluster, channel, hub]
    assert (
        paths[1].text()
        == "视联动力 —牵头建设→ 新型国产算力集群 —支撑→ 重庆—新疆算力传输通道 —支撑→ 重庆算力枢纽"
    )
    assert paths[1].text("en").startswith("Visionvera —leads→ Hami new domestic")
    assert [p.cost for p in paths] == sorted(p.cost for p in paths)


def test_paths_agree_with_the_cq13_query(graph, store, iri):
    rows = run_query(store, find_query("cq13").text).values()
    links = {(r["from"], r["to"]) for r in rows if r["link"] in ("leads", "supports")}
    path = k_shortest_paths(
        graph, iri("org", "visionvera"), iri("project", "chongqing-computing-hub"), k=3
    )[1]
    told = {(path.labels[s.source][0], path.labels[s.target][0]) for s in path.steps}
    full = {graph.nodes[n]["label_zh"] for n in path.nodes}
    assert {b for _, b in links} <= full
    assert len(told) == 3


def test_each_step_keeps_direction_predicate_and_citation(graph, iri):
    path = k_shortest_paths(
        graph, iri("org", "visionvera"), iri("project", "chongqing-computing-hub")
    )[1]
    first, second = path.steps[0], path.steps[1]
    assert (first.key, first.forward, first.phrase_zh) == ("yz:ledBy", False, "牵头建设")
    assert first.citation == iri("citation", "project-hami-computing-cluster")
    assert (second.key, second.forward, second.phrase_en) == ("yz:supports", True, "supports")
    # The achievement about the same project is a parallel link, mentioned but not told.
    assert "yz:hasAchievement/yz:aboutProject" in first.alternatives


def test_hop_count_ranking_and_sector_option(graph, iri):
    vv, hub = iri("org", "visionvera"), iri("project", "chongqing-computing-hub")
    by_hops = k_shortest_paths(graph, vv, hub, k=5, weight=None)
    assert [p.hops for p in by_hops] == sorted(p.hops for p in by_hops)
    through = k_shortest_paths(graph, vv, hub, k=2, through_sectors=True)
    sector = iri("sector", "computing-power")
    assert any(sector in p.nodes for p in through)
    assert not any(sector in p.nodes for p in k_shortest_paths(graph, vv, hub, k=5))
    # A sector is still reachable as an endpoint.
    assert k_shortest_paths(graph, vv, sector, k=1)[0].nodes == [vv, sector]


def test_max_hops_and_errors(graph, iri):
    vv, hub = iri("org", "visionvera"), iri("project", "chongqing-computing-hub")
    assert all(p.hops <= 2 for p in k_shortest_paths(graph, vv, hub, k=5, max_hops=2))
    with pytest.raises(NoPath):
        k_shortest_paths(graph, vv, hub, max_hops=1)
    with pytest.raises(KeyError):
        k_shortest_paths(graph, vv, iri("org", "nobody"))
    with pytest.raises(ValueError):
        k_shortest_paths(graph, vv, hub, weight="bogus")


def test_frames_put_chinese_first(graph, iri):
    paths = k_shortest_paths(
        graph, iri("org", "visionvera"), iri("project", "chongqing-computing-hub")
    )
    frame = paths_frame(paths)
    assert list(frame.columns[:2]) == ["路径", "path"]
    assert frame["rank"].tolist() == [1, 2, 3]
    steps = steps_frame(paths)
    assert list(steps.columns[:3]) == ["从", "关系", "到"]
    assert len(steps) == sum(p.hops for p in paths)
