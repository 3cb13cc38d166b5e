"""The ego network of an entity: everything within ``radius`` links, either direction."""

from __future__ import annotations

from typing import Any

import networkx as nx
import pandas as pd

from kg.network.paths import INVERSE_PHRASES
from kg.network.project import display

__all__ = ["ego", "neighbours_frame"]


def ego(g: nx.MultiDiGraph, center: str, *, radius: int = 1) -> nx.MultiDiGraph:
    """The subgraph of the nodes within ``radius`` links of ``center``, links between them included.

    Links are followed in either direction. The result is a copy that keeps every
    attribute; ``graph["center"]`` and ``graph["radius"]`` say what it is, and each
    node's ``distance`` its number of links from the centre (for the views).

    Raises
    ------
    KeyError
        If ``center`` is not a node of ``g``.
    ValueError
        If ``radius`` is negative.

    Examples
    --------
    >>> import networkx as nx
    >>> g = nx.MultiDiGraph([("a", "b"), ("c", "b"), ("c", "d")])
    >>> sorted(ego(g, "a", radius=2))
    ['a', 'b', 'c']
    """
    distances = _distances(g, center, radius)
    sub = g.subgraph(distances).copy()
    for n, d in distances.items():
        sub.nodes[n]["distance"] = d
    sub.graph.update(center=center, radius=radius)
    return sub


def _distances(g: nx.MultiDiGraph, center: str, radius: int) -> dict[str, int]:
    if center not in g:
        raise KeyError(center)
    if radius < 0:
        raise ValueError("radius must not be negative")
    return dict(
        nx.single_source_shortest_path_length(g.to_undirected(as_view=True), center, radius)
    )


def neighbours_frame(g: nx.MultiDiGraph, center: str, *, radius: int = 1) -> pd.DataFrame:
    """The ego network as a table: one row a neighbour, nearest first.

    Columns: 名称 (Chinese label), name (English), distance, 经由 / via (the
    neighbour one step nearer and the link from it, told as walked), kind, group,
    sectors, iri. The centre is not listed.

    Examples
    --------
    >>> import networkx as nx
    >>> g = nx.MultiDiGraph()
    >>> g.add_node("p", label_zh="项目", label_en="project", group="Project", kind="Project")
    >>> g.add_node("o", label_zh="企业", label_en="firm", group="Organization", kind="Company")
    >>> g.add_edge("p", "o", key="yz:ledBy", label_zh="牵头单位", label_en="led by")
    'yz:ledBy'
    >>> neighbours_frame(g, "o")[["名称", "经由", "distance"]].values.tolist()
    [['项目', '企业 —牵头建设→', 1]]
    """
    distances = _distances(g, center, radius)
    rows: list[dict[str, Any]] = []
    for n, dist in distances.items():
        if n == center:
            continue
        via_zh, via_en = _via(g, n, dist, distances)
        a = g.nodes[n]
        rows.append(
            {
                "名称": display(a, "zh"),
                "name": display(a, "en"),
                "distance": dist,
                "经由": via_zh,
                "via": via_en,
                "kind": a.get("kind", ""),
                "group": a.get("group", ""),
                "sectors": "|".join(a.get("sectors", [])),
                "iri": n,
            }
        )
    columns = ["名称", "name", "distance", "经由", "via", "kind", "group", "sectors", "iri"]
    frame = pd.DataFrame(rows, columns=columns)
    return frame.sort_values(["distance", "group", "名称"], kind="stable").reset_index(drop=True)


def _via(g: nx.MultiDiGraph, n: str, dist: int, distances: dict[str, int]) -> tuple[str, str]:
    """The first link (in key order) from a node one step nearer to ``n``, in words."""
    options = []
    for u, _, key, data in g.in_edges(n, keys=True, data=True):
        if distances.get(u) == dist - 1:
            options.append((key, True, u, data))
    for _, v, key, data in g.out_edges(n, keys=True, data=True):
        if distances.get(v) == dist - 1:
            options.append((key, False, v, data))
    key, forward, other, data = min(
        options, key=lambda o: (o[0].startswith("yz:hasAchievement/"), o[0], o[2])
    )
    if forward:
        zh, en = data.get("label_zh") or key, data.get("label_en") or key
    else:
        zh, en = INVERSE_PHRASES.get(key, (f"←{data.get('label_zh') or key}", ""))
        en = en or f"is {data.get('label_en') or key} of"
    a = g.nodes[other]
    return f"{display(a, 'zh', short=True)} —{zh}→", f"{display(a, 'en', short=True)} —{en}→"
