"""Write a projection for Gephi and other tools: GraphML, GEXF, or a node/edge CSV pair.

GraphML and GEXF hold only scalar attributes (text, numbers, booleans), so list and
record attributes (``aliases``, ``sectors``, ``achievements`` …) are written as
JSON text (UTF-8, not escaped) and missing values (``None``) are left out. Node ids
are the IRIs; edge ids (GraphML) and keys are the predicate CURIEs. The ``read_*``
functions give the graph back with those JSON attributes decoded, so a written graph
reads back with the same nodes, edges and attributes.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import networkx as nx
import pandas as pd

__all__ = [
    "FORMATS",
    "flatten",
    "read_csv",
    "read_gexf",
    "read_graphml",
    "restore",
    "write",
    "write_csv",
    "write_gexf",
    "write_graphml",
]

FORMATS = ("graphml", "gexf", "csv")
#: Prefix of an attribute value that holds JSON (a list or a record).
JSON_MARK = "json:"


def _scalar(value: Any) -> Any:
    if isinstance(value, bool | int | float | str):
        return value
    return JSON_MARK + json.dumps(value, ensure_ascii=False, sort_keys=True)


def _decode(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(JSON_MARK):
        return json.loads(value[len(JSON_MARK) :])
    return value


def flatten(g: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """A copy of ``g`` whose attributes are all scalars (lists and records as ``json:`` text).

    Examples
    --------
    >>> import networkx as nx
    >>> g = nx.MultiDiGraph()
    >>> g.add_node("a", sectors=["EMG-CMP"], source=None)
    >>> flatten(g).nodes["a"]
    {'sectors': 'json:["EMG-CMP"]'}
    """
    flat = nx.MultiDiGraph()
    flat.graph.update(
        {k: _scalar(v) for k, v in g.graph.items() if v is not None and k in ("view", "center")}
    )
    flat.add_nodes_from(
        (n, {k: _scalar(v) for k, v in a.items() if v is not None}) for n, a in g.nodes(data=True)
    )
    flat.add_edges_from(
        (u, v, key, {k: _scalar(x) for k, x in d.items() if x is not None})
        for u, v, key, d in g.edges(keys=True, data=True)
    )
    return flat


def restore(g: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """Decode, in place, the ``json:`` attributes of a graph read back; return it."""
    for _, a in g.nodes(data=True):
        for k, v in a.items():
            a[k] = _decode(v)
    for _, _, d in g.edges(data=True):
        for k, v in d.items():
            d[k] = _decode(v)
    return g


def write_graphml(g: nx.MultiDiGraph, path: Path | str) -> None:
    """Write GraphML (UTF-8, typed attribute keys, edge ids = predicate CURIEs)."""
    nx.write_graphml(flatten(g), str(path), encoding="utf-8", named_key_ids=True)


def read_graphml(path: Path | str) -> nx.MultiDiGraph:
    """Read GraphML written by :func:`write_graphml` back into a MultiDiGraph."""
    g = nx.read_graphml(str(path), force_multigraph=True)
    if not g.is_directed():  # pragma: no cover - we always write directed graphs
        g = nx.MultiDiGraph(g)
    return restore(g)


def write_gexf(g: nx.MultiDiGraph, path: Path | str) -> None:
    """Write GEXF 1.2 (UTF-8): ``label`` of nodes and edges in Chinese, key as ``curie``."""
    flat = flatten(g)
    for _, _, key, d in flat.edges(keys=True, data=True):
        d.setdefault("label", d.get("label_zh") or key)
        d.pop("key", None)  # the GEXF writer takes "key" for itself and drops it
        d["curie"] = key
    nx.write_gexf(flat, str(path), encoding="utf-8")


def read_gexf(path: Path | str) -> nx.MultiDiGraph:
    """Read GEXF written by :func:`write_gexf` back into a MultiDiGraph keyed by CURIE."""
    read = nx.read_gexf(str(path))
    g = nx.MultiDiGraph()
    g.graph.update(read.graph)
    g.add_nodes_from(read.nodes(data=True))
    for u, v, d in read.edges(data=True):
        d = dict(d)
        d.pop("id", None)
        key = d.pop("curie")
        d["key"] = key
        if d.get("label") == (d.get("label_zh") or key):
            d.pop("label", None)
        g.add_edges_from([(u, v, key, d)])
    return restore(g)


NODE_COLUMNS = ["id", "label", "label_zh", "label_en", "kind", "group"]
EDGE_COLUMNS = ["source", "target", "key", "predicate", "label_zh", "label_en"]


def write_csv(g: nx.MultiDiGraph, nodes_path: Path | str, edges_path: Path | str) -> None:
    """Write a node table and an edge table (UTF-8 CSV, Gephi's column names first).

    The edge table's ``source`` and ``target`` are node ids; the citation of a fact
    is in its ``citation`` column.
    """
    flat = flatten(g)
    nodes = pd.DataFrame([{"id": n, **a} for n, a in flat.nodes(data=True)])
    if nodes.empty:
        nodes = pd.DataFrame(columns=NODE_COLUMNS)
    first = [c for c in NODE_COLUMNS if c in nodes.columns]
    nodes = nodes[first + sorted(c for c in nodes.columns if c not in first)]
    rows = []
    for u, v, key, d in flat.edges(keys=True, data=True):
        d = dict(d)
        d["citation"] = d.pop("source", None)
        d.pop("key", None)
        rows.append({"source": u, "target": v, "key": key, **d})
    edges = pd.DataFrame(rows) if rows else pd.DataFrame(columns=EDGE_COLUMNS)
    first = [c for c in EDGE_COLUMNS if c in edges.columns]
    edges = edges[first + sorted(c for c in edges.columns if c not in first)]
    nodes.to_csv(nodes_path, index=False, encoding="utf-8")
    edges.to_csv(edges_path, index=False, encoding="utf-8")


def read_csv(nodes_path: Path | str, edges_path: Path | str) -> nx.MultiDiGraph:
    """Read a pair written by :func:`write_csv` back into a MultiDiGraph."""
    nodes = pd.read_csv(nodes_path, dtype=str, keep_default_na=False, encoding="utf-8")
    edges = pd.read_csv(edges_path, dtype=str, keep_default_na=False, encoding="utf-8")
    g = nx.MultiDiGraph()
    g.add_nodes_from(
        (row.pop("id"), {k: v for k, v in row.items() if v != ""})
        for row in nodes.to_dict("records")
    )
    for row in edges.to_dict("records"):
        u, v, key = row.pop("source"), row.pop("target"), row.pop("key")
        attrs = {k: v for k, v in row.items() if v != ""}
        if "citation" in attrs:
            attrs["source"] = attrs.pop("citation")
        attrs["key"] = key
        g.add_edges_from([(u, v, key, attrs)])
    return restore(g)


def write(g: nx.MultiDiGraph, fmt: str, path: Path | str) -> list[Path]:
    """Write ``g`` in ``fmt`` (graphml, gexf, csv) at ``path``; return the files written.

    For ``csv``, ``path`` names the pair: ``<stem>-nodes.csv`` and ``<stem>-edges.csv``
    beside it.

    Raises
    ------
    ValueError
        For an unknown format.
    """
    path = Path(path)
    if fmt == "graphml":
        write_graphml(g, path)
        return [path]
    if fmt == "gexf":
        write_gexf(g, path)
        return [path]
    if fmt == "csv":
        stem = path.with_suffix("") if path.suffix == ".csv" else path
        pair = [stem.parent / f"{stem.name}-nodes.csv", stem.parent / f"{stem.name}-edges.csv"]
        write_csv(g, *pair)
        return pair
    raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
