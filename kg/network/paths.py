"""The k shortest simple paths between two entities, each step told in words.

Links are followed in either direction (a project is ``yz:ledBy`` an enterprise;
the enterprise leads the project), and each step is told the way it is walked::

    视联动力 —牵头建设→ 新型国产算力集群 —支撑→ 重庆—新疆算力传输通道 —支撑→ 重庆算力枢纽

Paths are ranked by cost. With ``weight="hub"`` (the default) a step costs
``1 + (log2 deg(u) + log2 deg(v)) / 2``, so a path through a hub (a district every
enterprise sits in) costs more than one through specific links, as in
degree-weighted path counts; ``weight=None`` counts hops. Sector concepts are not
passed through unless asked: two entities of one sector are alike (see
:mod:`kg.network.similarity`), not linked.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from itertools import islice, pairwise
from typing import Any

import networkx as nx
import pandas as pd

from kg.errors import KgError
from kg.network.project import display

__all__ = [
    "INVERSE_PHRASES",
    "NoPath",
    "Path",
    "Step",
    "k_shortest_paths",
    "paths_frame",
    "steps_frame",
]

#: How a link reads when walked from object to subject: key -> (zh, en).
INVERSE_PHRASES: dict[str, tuple[str, str]] = {
    "yz:ledBy": ("牵头建设", "leads"),
    "yz:partner": ("参与建设", "partners in"),
    "yz:supports": ("受其支撑", "is supported by"),
    "yz:connects": ("接入", "is connected by"),
    "yz:locatedIn": ("所在地有", "hosts"),
    "schema:containedInPlace": ("包含", "contains"),
    "schema:location": ("举办/所在地有", "hosts"),
    "schema:organizer": ("组织", "organises"),
    "schema:about": ("相关事件/统计", "is the subject of"),
    "yz:participant": ("参与", "takes part in"),
    "yz:approvedBy": ("批准", "approves"),
    "yz:industrySector": ("包括企业", "includes"),
    "yz:sector": ("包括", "includes"),
    "skos:broader": ("下设", "has narrower"),
    "org:subOrganizationOf": ("下属组织", "has sub-organisation"),
    "yz:hasAchievement/yz:aboutProject": (
        "为其成果所涉项目",
        "is the project of an achievement of",
    ),
    "yz:hasAchievement/yz:conferredBy": ("授予成果", "conferred an achievement on"),
    "yz:hasAchievement/schema:location": ("为其成果所在地", "is the place of an achievement of"),
}

# Among parallel links between two nodes, the one told: asserted facts before the
# ones derived from a folded achievement.
_DERIVED = "yz:hasAchievement/"


class NoPath(KgError):
    """The two entities are not connected (under the options given)."""


@dataclass(frozen=True)
class Step:
    """One link of a path, as walked from ``source`` to ``target``."""

    source: str
    target: str
    key: str
    predicate: str
    forward: bool
    phrase_zh: str
    phrase_en: str
    citation: str | None
    alternatives: tuple[str, ...] = ()


@dataclass
class Path:
    """A path: its nodes, its steps, its cost; ``text(lang)`` tells it."""

    nodes: list[str]
    steps: list[Step]
    cost: float
    labels: dict[str, tuple[str, str]] = field(repr=False, default_factory=dict)

    @property
    def hops(self) -> int:
        return len(self.steps)

    def text(self, lang: str = "zh") -> str:
        """The path in words, e.g. ``视联动力 —牵头建设→ 新型国产算力集群``."""
        i = 0 if lang == "zh" else 1
        parts = [self.labels[self.nodes[0]][i]]
        for step in self.steps:
            phrase = step.phrase_zh if lang == "zh" else step.phrase_en
            parts.append(f"—{phrase}→ {self.labels[step.target][i]}")
        return " ".join(parts)


def k_shortest_paths(
    g: nx.MultiDiGraph,
    source: str,
    target: str,
    *,
    k: int = 3,
    weight: str | None = "hub",
    through_sectors: bool = False,
    max_hops: int | None = None,
) -> list[Path]:
    """The ``k`` cheapest simple paths from ``source`` to ``target``.

    Parameters
    ----------
    g : networkx.MultiDiGraph
        A projection (:func:`kg.network.project.project`).
    source, target : str
        Node IRIs.
    k : int, default 3
        How many paths at most.
    weight : {"hub", None}, default "hub"
        ``"hub"`` makes steps through well-connected nodes dearer; ``None`` counts hops.
    through_sectors : bool, default False
        Allow paths through sector concepts (never needed to reach a sector).
    max_hops : int, optional
        Leave out longer paths.

    Returns
    -------
    list of Path
        Cheapest first; fewer than ``k`` when there are no more.

    Raises
    ------
    KeyError
        If ``source`` or ``target`` is not a node of ``g``.
    NoPath
        If no path joins them.

    Examples
    --------
    >>> import networkx as nx
    >>> g = nx.MultiDiGraph()
    >>> g.add_node("p", label_zh="项目", label_en="project", group="Project")
    >>> g.add_node("o", label_zh="企业", label_en="firm", group="Organization")
    >>> g.add_edge("p", "o", key="yz:ledBy", predicate="ledBy", label_zh="牵头单位",
    ...            label_en="led by", source=None)
    'yz:ledBy'
    >>> k_shortest_paths(g, "o", "p")[0].text()
    '企业 —牵头建设→ 项目'
    """
    for node in (source, target):
        if node not in g:
            raise KeyError(node)
    if k < 1:
        raise ValueError("k must be at least 1")
    h = _undirected(g, weight=weight, keep={source, target}, through_sectors=through_sectors)
    if source == target:
        return [Path([source], [], 0.0, _labels(g, [source]))]
    try:
        found = nx.shortest_simple_paths(h, source, target, weight="cost" if weight else None)
        paths = []
        for nodes in islice(found, k if max_hops is None else None):
            if max_hops is not None and len(nodes) - 1 > max_hops:
                break
            paths.append(_told(g, h, nodes))
            if len(paths) == k:
                break
    except nx.NetworkXNoPath:
        paths = []
    except nx.NodeNotFound:
        paths = []
    if not paths:
        a, b = display(g.nodes[source]), display(g.nodes[target])
        raise NoPath(
            f"no path joins {a} and {b}"
            + ("" if through_sectors else " (sectors not passed through)")
        )
    return paths


def _undirected(g: nx.MultiDiGraph, *, weight, keep: set[str], through_sectors: bool) -> nx.Graph:
    """A simple undirected graph of ``g`` with the parallel links of each pair and a cost."""
    h = nx.Graph()
    skip = (
        set()
        if through_sectors
        else {n for n, d in g.nodes(data=True) if d.get("group") == "Sector" and n not in keep}
    )
    for u, v, key, data in g.edges(keys=True, data=True):
        if u in skip or v in skip or u == v:
            continue
        if h.has_edge(u, v):
            h[u][v]["links"].append((u, v, key, data))
        else:
            h.add_edge(u, v, links=[(u, v, key, data)])
    if weight == "hub":
        deg = dict(h.degree())
        for u, v, d in h.edges(data=True):
            d["cost"] = 1.0 + (math.log2(deg[u]) + math.log2(deg[v])) / 2
    elif weight is not None:
        raise ValueError(f"unknown weight {weight!r}; use 'hub' or None")
    return h


def _labels(g: nx.MultiDiGraph, nodes) -> dict[str, tuple[str, str]]:
    return {
        n: (display(g.nodes[n], "zh", short=True), display(g.nodes[n], "en", short=True))
        for n in nodes
    }


def _told(g: nx.MultiDiGraph, h: nx.Graph, nodes: list[str]) -> Path:
    steps, cost = [], 0.0
    for a, b in pairwise(nodes):
        links = h[a][b]["links"]
        cost += h[a][b].get("cost", 1.0)
        ranked = sorted(
            links, key=lambda link: (link[2].startswith(_DERIVED), link[0] != a, link[2])
        )
        u, _, key, data = ranked[0]
        forward = u == a
        if forward:
            zh, en = data.get("label_zh") or key, data.get("label_en") or key
        else:
            zh, en = INVERSE_PHRASES.get(key, (None, None))
            zh = zh or f"←{data.get('label_zh') or key}"
            en = en or f"is {data.get('label_en') or key} of"
        others = tuple(dict.fromkeys(link[2] for link in ranked[1:] if link[2] != key))
        steps.append(
            Step(a, b, key, data.get("predicate", ""), forward, zh, en, data.get("source"), others)
        )
    return Path(nodes, steps, round(cost, 3), _labels(g, nodes))


def paths_frame(paths: list[Path]) -> pd.DataFrame:
    """One row a path: rank, hops, cost, the path in Chinese and in English.

    Examples
    --------
    >>> paths_frame([]).columns.tolist()
    ['路径', 'path', 'rank', 'hops', 'cost']
    """
    rows = [
        {"路径": p.text("zh"), "path": p.text("en"), "rank": i, "hops": p.hops, "cost": p.cost}
        for i, p in enumerate(paths, start=1)
    ]
    return pd.DataFrame(rows, columns=["路径", "path", "rank", "hops", "cost"])


def steps_frame(paths: list[Path]) -> pd.DataFrame:
    """One row a step of each path, with the predicate and the citation of the fact."""
    rows: list[dict[str, Any]] = []
    for i, p in enumerate(paths, start=1):
        for j, s in enumerate(p.steps, start=1):
            rows.append(
                {
                    "从": p.labels[s.source][0],
                    "关系": s.phrase_zh,
                    "到": p.labels[s.target][0],
                    "from": p.labels[s.source][1],
                    "relation": s.phrase_en,
                    "to": p.labels[s.target][1],
                    "rank": i,
                    "step": j,
                    "predicate": s.key,
                    "direction": "forward" if s.forward else "inverse",
                    "citation": s.citation or "",
                    "source_iri": s.source,
                    "target_iri": s.target,
                }
            )
    columns = [
        "从",
        "关系",
        "到",
        "from",
        "relation",
        "to",
        "rank",
        "step",
        "predicate",
        "direction",
        "citation",
        "source_iri",
        "target_iri",
    ]
    return pd.DataFrame(rows, columns=columns)
