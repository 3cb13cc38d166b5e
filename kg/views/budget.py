"""A node budget: above it a view folds entities into super-nodes, or says what to do.

A browser draws about 1,500 labelled nodes without stalling; past that, every
pan and zoom lags and a physics layout can freeze the page. :func:`fit` keeps a
view within :data:`NODE_BUDGET`: it keeps the structure (sector concepts, places,
the entities the view is about) and folds the other entities into super-nodes,
one per class group and sector (and place, when that still fits), each labelled
with its count ("现代金融 · 机构 ×312"). Links to or between folded entities
become one link per pair of nodes and predicate, with a count.

Coarser foldings are tried in turn until one fits:

1. keep sectors and places; fold the rest by class, sector and place;
2. keep sectors and the places that contain others; fold by class and sector;
3. keep sectors; fold the rest (places too) by class and sector;
4. keep sectors; fold by class only.

If even that is too large, :class:`OverBudget` asks for an ego view or a filter.

Examples
--------
>>> import networkx as nx
>>> g = nx.MultiDiGraph()
>>> g.add_node("s", group="Sector", notation="FIN", sectors=["FIN"], label_zh="现代金融",
...            label_en="finance")
>>> for i in range(5):
...     g.add_node(i, group="Organization", sectors=["FIN"], label_zh=f"企业{i}", label_en="")
...     _ = g.add_edge(i, "s", key="yz:industrySector", label_zh="所属产业", label_en="sector")
>>> fitted = fit(g, budget=3)
>>> fitted.graph.number_of_nodes(), fitted.folded
(2, 5)
>>> [d["label_zh"] for _, d in fitted.graph.nodes(data=True) if d.get("aggregate")]
['现代金融 · 机构 ×5']
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Iterable
from dataclasses import dataclass
from typing import Any

import networkx as nx

from kg.errors import KgError
from kg.views.style import NO_SECTOR, class_style

__all__ = ["NODE_BUDGET", "Fit", "OverBudget", "fit"]

#: Most nodes a view draws before it folds entities into super-nodes.
NODE_BUDGET = 1500

_LOCATION_KEYS = ("yz:locatedIn", "schema:location", "schema:containedInPlace")
_SAMPLE = 12  # members named in a super-node's tooltip


class OverBudget(KgError):
    """The view stays above the node budget even with every entity folded."""


@dataclass(frozen=True)
class Fit:
    """A graph within the budget and what was done to it.

    ``total`` is the number of nodes before folding, ``folded`` how many entities
    the super-nodes stand for (0 when nothing was folded); ``note_zh`` and
    ``note_en`` explain the folding to the reader (empty when nothing was folded).
    """

    graph: nx.MultiDiGraph
    total: int
    folded: int
    note_zh: str = ""
    note_en: str = ""


def fit(
    g: nx.MultiDiGraph,
    *,
    budget: int = NODE_BUDGET,
    keep: Iterable[Hashable] = (),
    sector_names: dict[str, tuple[str, str]] | None = None,
) -> Fit:
    """``g`` itself if it has at most ``budget`` nodes, else a folded copy that fits.

    Parameters
    ----------
    g : networkx.MultiDiGraph
        A projection or part of one (node attributes ``group``, ``sectors``,
        ``label_zh``, ``label_en``).
    budget : int, default NODE_BUDGET
        Most nodes to draw.
    keep : iterable
        Nodes never folded (the centre of an ego view, the ends of a path).
    sector_names : dict, optional
        Sector notation to (zh, en) label, for the super-nodes' labels; by default
        read from the sector nodes of ``g``.

    Returns
    -------
    Fit

    Raises
    ------
    OverBudget
        If no folding brings the view within the budget.
    ValueError
        If ``budget`` is less than 1.
    """
    if budget < 1:
        raise ValueError("the node budget must be at least 1")
    total = g.number_of_nodes()
    if total <= budget:
        return Fit(g, total, 0)
    keep = set(keep)
    names = sector_names if sector_names is not None else _sector_names(g)
    containers = {v for u, v, k in g.edges(keys=True) if k == "schema:containedInPlace"}
    levels = [
        ({"Sector", "Place"}, set(), True),
        ({"Sector"}, containers, False),
        ({"Sector"}, set(), False),
    ]
    for level, (groups, also, by_place) in enumerate(levels, start=1):
        kept = {n for n, d in g.nodes(data=True) if d.get("group") in groups} | keep | also
        owner = _owners(g, kept, by_place=by_place, by_sector=True)
        if len(kept) + len(set(owner.values())) <= budget:
            return _folded(g, owner, names, total, budget, level)
    kept = {n for n, d in g.nodes(data=True) if d.get("group") == "Sector"} | keep
    owner = _owners(g, kept, by_place=False, by_sector=False)
    if len(kept) + len(set(owner.values())) <= budget:
        return _folded(g, owner, names, total, budget, 4)
    raise OverBudget(
        f"the view has {total} nodes, more than the budget of {budget} even with every "
        "entity folded into its class; draw an ego view (kg viz ego NAME) or a sector "
        "(kg viz sector NAME) instead, or raise --budget"
    )


def _sector_names(g: nx.MultiDiGraph) -> dict[str, tuple[str, str]]:
    return {
        d["notation"]: (d.get("label_zh", ""), d.get("label_en", ""))
        for _, d in g.nodes(data=True)
        if d.get("group") == "Sector" and d.get("notation")
    }


def _owners(g, kept: set, *, by_place: bool, by_sector: bool) -> dict[Hashable, tuple]:
    """Each folded node to the key of its super-node: (group, sector, place)."""
    owner: dict[Hashable, tuple] = {}
    for n, d in g.nodes(data=True):
        if n in kept:
            continue
        sectors = d.get("sectors") or [NO_SECTOR]
        place = ""
        if by_place:
            place = next(
                (v for _, v, k in g.out_edges(n, keys=True) if k in _LOCATION_KEYS and v in kept),
                "",
            )
        owner[n] = (d.get("group", "Other"), sectors[0] if by_sector else NO_SECTOR, place)
    return owner


def _folded(g, owner, names, total: int, budget: int, level: int) -> Fit:
    members: dict[tuple, list] = defaultdict(list)
    for n, key in owner.items():
        members[key].append(n)
    for key, found in list(members.items()):  # a summary of one is the entity itself
        if len(found) == 1:
            del owner[found[0]], members[key]
    h = nx.MultiDiGraph(**g.graph)
    h.add_nodes_from((n, d) for n, d in g.nodes(data=True) if n not in owner)
    ids: dict[tuple, str] = {}
    for key, found in members.items():
        group, sector, place = key
        node_id = "aggregate:" + "|".join(map(str, key))
        ids[key] = node_id
        h.add_node(node_id, **_super_node(g, node_id, group, sector, place, found, names))
    target = {n: ids[k] for n, k in owner.items()}
    bundles: dict[tuple, list[dict[str, Any]]] = defaultdict(list)
    for u, v, key, data in g.edges(keys=True, data=True):
        a, b = target.get(u, u), target.get(v, v)
        if a == b and (u in target or v in target):
            continue
        bundles[(a, b, key)].append(data)
    supers = set(ids.values())
    for (a, b, key), found in bundles.items():
        data = dict(found[0])
        if len(found) > 1 or a in supers or b in supers:
            data["count"] = len(found)
        h.add_edges_from([(a, b, key, data)])
    folded = len(owner)
    how_zh = {1: "按类型、产业和所在地", 2: "按类型和产业", 3: "按类型和产业", 4: "按类型"}[level]
    how_en = {
        1: "by class, sector and place",
        2: "by class and sector",
        3: "by class and sector",
        4: "by class",
    }[level]
    return Fit(
        h,
        total,
        folded,
        note_zh=(
            f"本视图共 {total} 个节点，超过 {budget} 个的上限；已将 {folded} 个实体{how_zh}"
            f"合并为 {len(members)} 个汇总节点（虚线边框）。如需查看单个实体，请使用中心视图"
            "（ego）或按产业筛选。"
        ),
        note_en=(
            f"This view has {total} nodes, above the budget of {budget}: {folded} entities are "
            f"folded {how_en} into {len(members)} summary nodes (dashed border). For single "
            "entities, draw an ego view or a sector."
        ),
    )


def _super_node(g, node_id, group, sector, place, found, names) -> dict[str, Any]:
    style = class_style(group)
    sector_zh, sector_en = names.get(sector, (sector, sector)) if sector != NO_SECTOR else ("", "")
    n = len(found)
    prefix_zh = f"{sector_zh} · " if sector_zh else ""
    prefix_en = f"{sector_en} · " if sector_en else ""
    sample = sorted(found, key=lambda m: (-g.degree(m), str(m)))[:_SAMPLE]
    return {
        "iri": node_id,
        "kind": "Aggregate",
        "kinds": ["Aggregate"],
        "group": group,
        "aggregate": True,
        "count": n,
        "label_zh": f"{prefix_zh}{style.label_zh} ×{n}",
        "label_en": f"{prefix_en}{style.label_en} ×{n}",
        "aliases": [],
        "sectors": [] if sector == NO_SECTOR else [sector],
        "place": place or None,
        "members": [
            (g.nodes[m].get("label_zh") or str(m), g.nodes[m].get("label_en") or str(m))
            for m in sample
        ],
    }
