"""Hubs of the graph: degree, betweenness and PageRank, on NetworkX or rustworkx.

What each measure is computed on:

degree
    the number of distinct neighbours, whatever the direction and number of links;
betweenness
    on the same simple undirected graph, normalised; exact up to
    :data:`EXACT_BETWEENNESS_UP_TO` nodes, else estimated from ``k`` sampled sources
    (Brandes–Pich), reproducibly with ``seed``;
PageRank
    on the directed multigraph (damping 0.85; parallel links add up), so that rank
    flows along the links as stated: to the enterprise that leads, the place things
    are located in, the sector things are in.

Two engines give the same numbers (to 1e-6) behind :func:`centrality`: NetworkX,
and rustworkx (Rust, several times faster; see ``benchmarks/bench_network.py``).
rustworkx has no sampled betweenness: above the exact limit the rustworkx engine
leaves betweenness to NetworkX's estimate, and says so in ``frame.attrs["engines"]``.
"""

from __future__ import annotations

import importlib.util
from typing import Any

import networkx as nx
import pandas as pd

from kg.network.project import display

__all__ = [
    "AUTO_RUSTWORKX_FROM",
    "EXACT_BETWEENNESS_UP_TO",
    "MEASURES",
    "betweenness",
    "centrality",
    "pagerank",
]

MEASURES = ("degree", "betweenness", "pagerank")
#: Above this many nodes, betweenness is estimated from sampled sources.
EXACT_BETWEENNESS_UP_TO = 2_000
#: Default sample of sources for estimated betweenness.
SAMPLE = 100
#: Convergence tolerance of PageRank, the same for both engines.
TOL = 1e-8
#: ``engine="auto"`` uses rustworkx (when installed) from this many nodes on.
AUTO_RUSTWORKX_FROM = 5_000


def _engine(g: nx.Graph, engine: str) -> str:
    if engine not in ("auto", "networkx", "rustworkx"):
        raise ValueError(f"unknown engine {engine!r}; use auto, networkx or rustworkx")
    has_rx = importlib.util.find_spec("rustworkx") is not None
    if engine == "rustworkx" and not has_rx:
        raise ValueError("the rustworkx engine needs the rustworkx package")
    if engine == "auto":
        return "rustworkx" if has_rx and g.number_of_nodes() >= AUTO_RUSTWORKX_FROM else "networkx"
    return engine


def pagerank(g: nx.MultiDiGraph, *, engine: str = "auto", alpha: float = 0.85) -> dict[str, float]:
    """PageRank of every node of ``g``, following link direction; parallel links add up.

    Examples
    --------
    >>> import networkx as nx
    >>> g = nx.MultiDiGraph([("a", "c"), ("b", "c")])
    >>> r = pagerank(g)
    >>> max(r, key=r.get)
    'c'
    >>> abs(r["c"] - pagerank(g, engine="rustworkx")["c"]) < 1e-6
    True
    """
    if _engine(g, engine) == "networkx":
        return nx.pagerank(g, alpha=alpha, weight=None, tol=TOL)
    import rustworkx as rx

    nodes = list(g)
    index = {n: i for i, n in enumerate(nodes)}
    dg = rx.PyDiGraph(multigraph=True)
    dg.add_nodes_from(nodes)
    dg.add_edges_from_no_data([(index[u], index[v]) for u, v in g.edges()])
    ranks = rx.pagerank(dg, alpha=alpha, tol=TOL)
    return {nodes[i]: ranks[i] for i in ranks}


def betweenness(
    g: nx.MultiDiGraph, *, engine: str = "auto", k: int | None = None, seed: int = 0
) -> tuple[dict[str, float], str]:
    """Normalised betweenness on the simple undirected graph; the engine used beside it.

    Parameters
    ----------
    k : int, optional
        Sample this many sources (estimate); by default exact up to
        :data:`EXACT_BETWEENNESS_UP_TO` nodes and :data:`SAMPLE` sources above.

    Examples
    --------
    >>> import networkx as nx
    >>> g = nx.MultiDiGraph([("a", "b"), ("b", "c")])
    >>> betweenness(g)
    ({'a': 0.0, 'b': 1.0, 'c': 0.0}, 'networkx')
    """
    h = nx.Graph(g)
    n = h.number_of_nodes()
    if k is None and n > EXACT_BETWEENNESS_UP_TO:
        k = SAMPLE
    if k is not None and k >= n:
        k = None
    chosen = _engine(g, engine)
    if chosen == "rustworkx" and k is None:
        import rustworkx as rx

        nodes = list(h)
        index = {node: i for i, node in enumerate(nodes)}
        ug = rx.PyGraph(multigraph=False)
        ug.add_nodes_from(nodes)
        ug.add_edges_from_no_data([(index[u], index[v]) for u, v in h.edges()])
        scores = rx.betweenness_centrality(ug, normalized=True)
        return {nodes[i]: scores[i] for i in scores}, "rustworkx"
    label = "networkx" if k is None else f"networkx (k={k} sampled sources)"
    return nx.betweenness_centrality(h, k=k, seed=seed, normalized=True), label


def centrality(
    g: nx.MultiDiGraph,
    *,
    engine: str = "auto",
    k: int | None = None,
    seed: int = 0,
    by: str = "pagerank",
    groups: tuple[str, ...] | None = None,
    top: int | None = None,
    measures: tuple[str, ...] = MEASURES,
) -> pd.DataFrame:
    """Degree, betweenness and PageRank of the nodes, as a table sorted by ``by``.

    Parameters
    ----------
    g : networkx.MultiDiGraph
        A projection (:func:`kg.network.project.project`).
    engine : {"auto", "networkx", "rustworkx"}
        ``auto`` picks rustworkx from :data:`AUTO_RUSTWORKX_FROM` nodes on.
    k, seed : int
        Sampled sources for betweenness (see :func:`betweenness`).
    by : {"pagerank", "betweenness", "degree"}
        Sort key, descending (ties by label).
    groups : tuple of str, optional
        List only nodes of these groups (measures are computed on the whole graph).
    top : int, optional
        Keep the first ``top`` rows.
    measures : tuple of str, default all of :data:`MEASURES`
        The measures to compute (betweenness is the slow one on large graphs);
        the others are left out of the table.

    Returns
    -------
    pandas.DataFrame
        Columns 名称, name, degree, betweenness, pagerank, kind, group, iri;
        ``attrs["engines"]`` names the engine of each measure.

    Examples
    --------
    >>> import networkx as nx
    >>> g = nx.MultiDiGraph([("a", "hub"), ("b", "hub"), ("c", "hub")])
    >>> centrality(g, top=1)["iri"].tolist()
    ['hub']
    """
    unknown = [m for m in (by, *measures) if m not in MEASURES]
    if unknown:
        raise ValueError(f"unknown measure {unknown[0]!r}; choose from {', '.join(MEASURES)}")
    if by not in measures:
        raise ValueError(f"cannot sort by {by!r}: it is not among the measures computed")
    chosen = _engine(g, engine)
    ranks = pagerank(g, engine=chosen) if "pagerank" in measures else {}
    between, between_engine = (
        betweenness(g, engine=chosen, k=k, seed=seed) if "betweenness" in measures else ({}, "")
    )
    neighbours = {n: len(set(g.successors(n)) | set(g.predecessors(n)) - {n}) for n in g}
    rows: list[dict[str, Any]] = []
    for n, a in g.nodes(data=True):
        if groups and a.get("group") not in groups:
            continue
        rows.append(
            {
                "名称": display(a, "zh"),
                "name": display(a, "en"),
                "degree": neighbours[n],
                "betweenness": round(between.get(n, 0.0), 6),
                "pagerank": round(ranks.get(n, 0.0), 6),
                "kind": a.get("kind", ""),
                "group": a.get("group", ""),
                "iri": n,
            }
        )
    columns = ["名称", "name", *(m for m in MEASURES if m in measures), "kind", "group", "iri"]
    frame = pd.DataFrame(rows, columns=columns)
    frame = frame.sort_values([by, "名称"], ascending=[False, True], kind="stable")
    frame = frame.reset_index(drop=True)
    if top is not None:
        frame = frame.head(top)
    engines = {"degree": "networkx", "betweenness": between_engine, "pagerank": chosen}
    frame.attrs["engines"] = {m: e for m, e in engines.items() if m in measures}
    return frame
