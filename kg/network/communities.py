"""Louvain communities of the graph, each summarised by its dominant sectors and zones.

The sector concepts are left out of the partition by default: every enterprise of a
sector links to its concept, so with them the communities would only restate the
4311 scheme. A community's sectors are then read from its members' ``sectors``;
its zones are the places its members are located in (``yz:locatedIn``,
``schema:location``) and the places among its members.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import networkx as nx
import pandas as pd

from kg.network.project import display

__all__ = ["communities", "community_graph", "partition"]

_LOCATION_KEYS = ("yz:locatedIn", "schema:location", "schema:containedInPlace")


def community_graph(g: nx.MultiDiGraph, *, with_sectors: bool = False) -> nx.Graph:
    """The simple undirected graph the partition is made on; weight = number of links.

    Examples
    --------
    >>> import networkx as nx
    >>> g = nx.MultiDiGraph([("a", "b"), ("b", "a")])
    >>> community_graph(g)["a"]["b"]["weight"]
    2
    """
    h = nx.Graph()
    skip = (
        set() if with_sectors else {n for n, d in g.nodes(data=True) if d.get("group") == "Sector"}
    )
    h.add_nodes_from(n for n in g if n not in skip)
    for u, v in g.edges():
        if u in skip or v in skip or u == v:
            continue
        if h.has_edge(u, v):
            h[u][v]["weight"] += 1
        else:
            h.add_edge(u, v, weight=1)
    return h


def partition(
    g: nx.MultiDiGraph, *, resolution: float = 1.0, seed: int = 0, with_sectors: bool = False
) -> list[set[str]]:
    """Louvain communities (NetworkX), largest first; isolated nodes are left out.

    Examples
    --------
    >>> import networkx as nx
    >>> triangles = [("a", "b"), ("b", "c"), ("c", "a"), ("x", "y"), ("y", "z"), ("z", "x")]
    >>> g = nx.MultiDiGraph([*triangles, ("c", "x")])
    >>> [sorted(c) for c in partition(g)]
    [['a', 'b', 'c'], ['x', 'y', 'z']]
    """
    h = community_graph(g, with_sectors=with_sectors)
    h.remove_nodes_from([n for n, d in h.degree() if d == 0])
    if h.number_of_edges() == 0:
        return []
    found = nx.community.louvain_communities(h, weight="weight", resolution=resolution, seed=seed)
    return sorted(found, key=lambda c: (-len(c), min(c)))


def communities(
    g: nx.MultiDiGraph,
    *,
    resolution: float = 1.0,
    seed: int = 0,
    with_sectors: bool = False,
    members: int = 5,
) -> pd.DataFrame:
    """One row a community: size, its best-connected members, dominant sectors and zones.

    Parameters
    ----------
    resolution : float, default 1.0
        Louvain resolution: above 1, smaller communities.
    seed : int, default 0
        For a reproducible partition.
    with_sectors : bool, default False
        Partition with the sector concepts as nodes.
    members : int, default 5
        How many members to name (most connected inside the community first).

    Returns
    -------
    pandas.DataFrame
        Columns 主要成员, 主导产业, 主要区域 (Chinese), members, sectors, zones
        (English), community, size, groups; ``attrs["modularity"]`` and
        ``attrs["membership"]`` (node IRI -> community number).

    Examples
    --------
    >>> import networkx as nx
    >>> g = nx.MultiDiGraph([("a", "b"), ("b", "c"), ("c", "a")])
    >>> communities(g)[["community", "size"]].values.tolist()
    [[1, 3]]
    """
    parts = partition(g, resolution=resolution, seed=seed, with_sectors=with_sectors)
    h = community_graph(g, with_sectors=with_sectors)
    sector_labels = {
        d["notation"]: (d.get("label_zh", ""), d.get("label_en", ""))
        for _, d in g.nodes(data=True)
        if d.get("group") == "Sector" and "notation" in d
    }
    rows: list[dict[str, Any]] = []
    membership: dict[str, int] = {}
    for number, part in enumerate(parts, start=1):
        for n in part:
            membership[n] = number
        inside = h.subgraph(part)
        ranked = sorted(
            part, key=lambda n: (-inside.degree(n, weight="weight"), display(g.nodes[n]))
        )
        sectors = Counter(code for n in part for code in g.nodes[n].get("sectors", ()))
        zones = _zones(g, part)
        groups = Counter(g.nodes[n].get("group", "Other") for n in part)
        top_sectors = sorted(sectors.items(), key=lambda kv: (-kv[1], kv[0]))[:3]
        top_zones = sorted(zones.items(), key=lambda kv: (-kv[1], display(g.nodes[kv[0]])))[:3]
        rows.append(
            {
                "主要成员": "、".join(
                    display(g.nodes[n], "zh", short=True) for n in ranked[:members]
                ),
                "主导产业": "、".join(
                    f"{sector_labels.get(c, (c, c))[0]}({k})" for c, k in top_sectors
                ),
                "主要区域": "、".join(f"{display(g.nodes[z], 'zh')}({k})" for z, k in top_zones),
                "members": "; ".join(
                    display(g.nodes[n], "en", short=True) for n in ranked[:members]
                ),
                "sectors": "; ".join(f"{c} ({k})" for c, k in top_sectors),
                "zones": "; ".join(f"{display(g.nodes[z], 'en')} ({k})" for z, k in top_zones),
                "community": number,
                "size": len(part),
                "groups": ", ".join(
                    f"{grp} {k}"
                    for grp, k in sorted(groups.items(), key=lambda kv: (-kv[1], kv[0]))
                ),
            }
        )
    columns = [
        "主要成员",
        "主导产业",
        "主要区域",
        "members",
        "sectors",
        "zones",
        "community",
        "size",
        "groups",
    ]
    frame = pd.DataFrame(rows, columns=columns)
    frame.attrs["modularity"] = (
        round(nx.community.modularity(h.subgraph(membership), parts, weight="weight"), 4)
        if parts
        else 0.0
    )
    frame.attrs["membership"] = membership
    return frame


def _zones(g: nx.MultiDiGraph, part: set[str]) -> Counter:
    """Places of a community: where its members are, and places that are members."""
    zones: Counter = Counter()
    for n in part:
        a = g.nodes[n]
        if a.get("group") == "Place":
            zones[n] += 1
            continue
        for _, place, key in g.out_edges(n, keys=True):
            if key in _LOCATION_KEYS and g.nodes[place].get("group") == "Place":
                zones[place] += 1
    return zones
