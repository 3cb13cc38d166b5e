"""Gaps of the 4311 scheme: what the graph holds for each sector, and what it lacks.

For every sector and sub-sector (not the four groups): its enterprises, zones and
other places, projects, events, achievements and statistics, each counted with the
sub-sectors below it (an enterprise of 算力经济 is one of 新兴产业集群 too, as in the
competency query cq08). A sector is flagged when it has no anchor enterprise or no
statistic at all.
"""

from __future__ import annotations

from typing import Any

import networkx as nx
import pandas as pd

from kg.network.profiles import _members, _records, sector_closure
from kg.network.project import display, is_a

__all__ = ["gaps"]

_FLAGS = {
    "no-enterprise": ("无龙头企业", "no anchor enterprise"),
    "no-statistic": ("无统计数据", "no statistic"),
}


def gaps(g: nx.MultiDiGraph) -> pd.DataFrame:
    """One row a sector of the 4311 scheme, by code, with counts, names and flags.

    Returns
    -------
    pandas.DataFrame
        Columns 产业, 缺口, 企业 (names), sector, gaps, code, level, enterprises,
        zones, projects, offerings (services and financial products), events,
        achievements, statistics, no_enterprise, no_statistic, iri.

    Examples
    --------
    >>> import networkx as nx
    >>> g = nx.MultiDiGraph(classes={"Company": {"ancestors": ["Company", "Enterprise"]}})
    >>> g.add_node("s", group="Sector", kind="Sector", notation="CON", label_zh="现代建筑业",
    ...            label_en="modern construction")
    >>> gaps(g)[["code", "gaps"]].values.tolist()
    [['CON', 'no anchor enterprise; no statistic']]
    """
    achievements = _records(g, "achievements")
    observations = _records(g, "observations")
    rows: list[dict[str, Any]] = []
    for iri, a in g.nodes(data=True):
        if a.get("group") != "Sector" or a.get("kind") not in ("Sector", "SubSector"):
            continue
        closure = sector_closure(g, iri)
        codes = {g.nodes[s].get("notation") for s in closure}
        members = _members(g, closure)
        enterprises = sorted(
            (n for n in members if is_a(g, n, "Enterprise")), key=lambda n: display(g.nodes[n])
        )
        count = {
            grp: sum(1 for n in members if g.nodes[n].get("group") == grp)
            for grp in ("Place", "Project", "Event")
        }
        # Projects proper (yz:Project, as stats-sectors counts them) apart from the
        # services and financial products that share their group in the projection.
        projects = sum(1 for n in members if is_a(g, n, "Project"))
        n_ach = sum(1 for r in achievements if codes & set(r.get("sectors", ())))
        n_obs = sum(1 for r in observations if codes & set(r.get("sectors", ())))
        flags = [
            f
            for f, empty in (("no-enterprise", not enterprises), ("no-statistic", not n_obs))
            if empty
        ]
        rows.append(
            {
                "产业": a.get("label_zh", ""),
                "缺口": "；".join(_FLAGS[f][0] for f in flags),
                "企业": "、".join(display(g.nodes[n], short=True) for n in enterprises),
                "sector": a.get("label_en", ""),
                "gaps": "; ".join(_FLAGS[f][1] for f in flags),
                "code": a.get("notation", ""),
                "level": a.get("kind", ""),
                "enterprises": len(enterprises),
                "zones": count["Place"],
                "projects": projects,
                "offerings": count["Project"] - projects,
                "events": count["Event"],
                "achievements": n_ach,
                "statistics": n_obs,
                "no_enterprise": "no-enterprise" in flags,
                "no_statistic": "no-statistic" in flags,
                "iri": iri,
            }
        )
    columns = [
        "产业", "缺口", "企业", "sector", "gaps", "code", "level", "enterprises", "zones",
        "projects", "offerings", "events", "achievements", "statistics", "no_enterprise",
        "no_statistic", "iri",
    ]  # fmt: skip
    frame = pd.DataFrame(rows, columns=columns)
    return frame.sort_values("code", kind="stable").reset_index(drop=True)
