"""Enterprises like a given one: shared sectors, zones, kinds of achievement and partners.

Each enterprise is described by a set of features:

sector
    each sector it is in, and the broader sectors above it (算力经济 and 工业互联网
    share 新兴产业集群);
zone
    each place it is located in, and the places that contain it;
achievement
    each kind of achievement it has (专利与知识产权成果 …);
partner
    each organisation it works with: co-leaders and partners of its projects,
    co-participants and organisers of its events, bodies that conferred its
    achievements.

A feature shared by few enterprises says more than one shared by all (every firm is
in 渝中区): features are weighted by inverse document frequency,
``idf(f) = log(1 + N / n_f)`` over the N candidate enterprises. The score is the
weighted Jaccard index ``Σ idf(shared) / Σ idf(either)``, in [0, 1], and every
shared feature is given as a reason with its weight.
"""

from __future__ import annotations

import math
from collections import Counter
from typing import Any

import networkx as nx
import pandas as pd

from kg.network.project import display, is_a

__all__ = ["features", "similar"]

_PARTNER_VIA = {
    # link from a project or event to an organisation: the organisation takes part
    "yz:ledBy",
    "yz:partner",
    "yz:participant",
    "schema:organizer",
    "yz:approvedBy",
}
_KIND_TEXT = {
    "sector": ("同属", "both in"),
    "zone": ("均位于", "both located in"),
    "achievement": ("均有", "both have"),
    "partner": ("共同伙伴", "shared partner"),
}


def features(g: nx.MultiDiGraph, n: str) -> set[tuple[str, str]]:
    """The features of node ``n``: ``(kind, value)`` pairs (see the module docstring).

    Examples
    --------
    >>> import networkx as nx
    >>> g = nx.MultiDiGraph()
    >>> g.add_edge("firm", "cmp", key="yz:industrySector")
    'yz:industrySector'
    >>> g.add_edge("cmp", "emg", key="skos:broader")
    'skos:broader'
    >>> sorted(features(g, "firm"))
    [('sector', 'cmp'), ('sector', 'emg')]
    """
    found: set[tuple[str, str]] = set()
    for _, v, key in g.out_edges(n, keys=True):
        if key in ("yz:industrySector", "yz:sector"):
            found |= {("sector", s) for s in _up(g, v, "skos:broader")}
        elif key in ("yz:locatedIn", "schema:location"):
            found |= {("zone", p) for p in _up(g, v, "schema:containedInPlace")}
    for r in g.nodes[n].get("achievements", ()):
        found.add(("achievement", r.get("kind", "")))
        for body in r.get("conferredBy", ()):
            found.add(("partner", body))
    for hub, _, key in g.in_edges(n, keys=True):
        if key not in _PARTNER_VIA:
            continue
        for _, other, k in g.out_edges(hub, keys=True):
            if other == n:
                continue
            if k in _PARTNER_VIA or (
                k == "schema:about" and g.nodes[other].get("group") == "Organization"
            ):
                found.add(("partner", other))
    return found


def _up(g: nx.MultiDiGraph, start: str, key: str) -> list[str]:
    found, todo = [start], [start]
    while todo:
        for _, parent, k in g.out_edges(todo.pop(), keys=True):
            if k == key and parent not in found:
                found.append(parent)
                todo.append(parent)
    return found


def similar(
    g: nx.MultiDiGraph, iri: str, *, top: int | None = 10, candidates: str = "Enterprise"
) -> pd.DataFrame:
    """Enterprises ranked by how much they share with ``iri``, with the reasons.

    Parameters
    ----------
    g : networkx.MultiDiGraph
        A semantic projection (:func:`kg.network.project.project`).
    iri : str
        The enterprise (any node with features works).
    top : int or None, default 10
        Keep the best ``top``; ``None`` keeps every candidate with a score above 0.
    candidates : str, default "Enterprise"
        Class (local name) of the nodes compared; ``"Organization"`` widens to
        research institutes, platforms, government bodies.

    Returns
    -------
    pandas.DataFrame
        Columns 名称, 理由 (reasons), name, reasons, score, shared, kind, sectors, iri;
        best first, ties by label.

    Raises
    ------
    KeyError
        If ``iri`` is not a node of ``g``.

    Examples
    --------
    >>> import networkx as nx
    >>> g = nx.MultiDiGraph(classes={"Company": {"ancestors": ["Company", "Enterprise"]}})
    >>> for n in "abc":
    ...     g.add_node(n, kinds=["Company"], label_zh=n, label_en=n, group="Organization")
    >>> _ = g.add_edge("a", "z", key="yz:locatedIn"); _ = g.add_edge("b", "z", key="yz:locatedIn")
    >>> g.add_node("z", label_zh="渝中区", label_en="Yuzhong", group="Place")
    >>> similar(g, "a")[["iri", "score"]].values.tolist()
    [['b', 1.0]]
    """
    if iri not in g:
        raise KeyError(iri)
    pool = [n for n in g if n != iri and _is_candidate(g, n, candidates)]
    feats = {n: features(g, n) for n in [iri, *pool]}
    docs = Counter(f for n in [iri, *pool] for f in feats[n])
    total = len(pool) + 1
    idf = {f: math.log(1 + total / k) for f, k in docs.items()}
    mine = feats[iri]
    rows: list[dict[str, Any]] = []
    for n in pool:
        shared = mine & feats[n]
        if not shared:
            continue
        union = mine | feats[n]
        score = sum(idf[f] for f in shared) / sum(idf[f] for f in union)
        ordered = sorted(shared, key=lambda f: (-idf[f], f))
        a = g.nodes[n]
        rows.append(
            {
                "名称": display(a, "zh"),
                "理由": "；".join(_reason(g, f, idf[f], "zh") for f in ordered),
                "name": display(a, "en"),
                "reasons": "; ".join(_reason(g, f, idf[f], "en") for f in ordered),
                "score": round(score, 4),
                "shared": len(shared),
                "kind": a.get("kind", ""),
                "sectors": "|".join(a.get("sectors", ())),
                "iri": n,
            }
        )
    columns = ["名称", "理由", "name", "reasons", "score", "shared", "kind", "sectors", "iri"]
    frame = pd.DataFrame(rows, columns=columns)
    frame = frame.sort_values(["score", "名称"], ascending=[False, True], kind="stable")
    frame = frame.reset_index(drop=True)
    return frame if top is None else frame.head(top)


def _is_candidate(g: nx.MultiDiGraph, n: str, candidates: str) -> bool:
    if candidates == "Organization":
        return g.nodes[n].get("group") == "Organization"
    return is_a(g, n, candidates)


def _reason(g: nx.MultiDiGraph, feature: tuple[str, str], weight: float, lang: str) -> str:
    kind, value = feature
    i = 0 if lang == "zh" else 1
    if kind == "achievement":
        cls = g.graph.get("classes", {}).get(value, {})
        what = cls.get("label_zh" if lang == "zh" else "label_en") or value
    elif value in g:
        what = display(g.nodes[value], lang, short=True)
        code = g.nodes[value].get("notation")
        if kind == "sector" and code:
            what = f"{what} ({code})"
    else:
        what = value
    return f"{_KIND_TEXT[kind][i]} {what} ({weight:.2f})"
