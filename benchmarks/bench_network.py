"""Benchmark of the network layer: projection, PageRank, betweenness, k shortest paths.

On the seed graph and on a synthetic graph (default 1M triples, see
``benchmarks/synthetic.py``), NetworkX beside rustworkx in the same run, medians
of several runs. Prints a markdown table.

Usage::

    .venv/bin/python benchmarks/bench_network.py [--triples 1000000] [--repeat 3]

Targets: projection of 1M triples < 4 s, PageRank < 0.5 s.
"""

from __future__ import annotations

import argparse
import gc
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import networkx as nx

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.synthetic import synthetic_store
from kg.config import Settings
from kg.graph.build import build
from kg.network.centrality import EXACT_BETWEENNESS_UP_TO, SAMPLE, TOL, betweenness, pagerank
from kg.network.paths import k_shortest_paths
from kg.network.project import project
from kg.store import in_memory_copy, open_store


class Timing(float):
    """A median wall time that also carries the median CPU time of the process."""

    cpu: float

    def __new__(cls, wall: float, cpu: float) -> Timing:
        obj = super().__new__(cls, wall)
        obj.cpu = cpu
        return obj


def median_time(fn: Callable[[], object], repeat: int) -> tuple[Timing, object]:
    """Median wall and CPU time of ``repeat`` calls, and the last result.

    CPU time (all threads of this process) is given beside wall time because on a
    shared machine the wall time also counts the waits for a free core.
    """
    walls, cpus, result = [], [], None
    for _ in range(repeat):
        result = None  # free the previous result outside the timed call
        gc.collect()
        t, c = time.perf_counter(), time.process_time()
        out = fn()
        walls.append(time.perf_counter() - t)
        cpus.append(time.process_time() - c)
        result = out
    return Timing(statistics.median(walls), statistics.median(cpus)), result


def _rx_shortest(g: nx.MultiDiGraph, a: str, b: str) -> Callable[[], list[str]]:
    """A rustworkx Dijkstra between two nodes, on a graph converted once beforehand."""
    import rustworkx as rx

    h = nx.Graph(g)
    nodes = list(h)
    index = {n: i for i, n in enumerate(nodes)}
    ug = rx.PyGraph(multigraph=False)
    ug.add_nodes_from(nodes)
    ug.add_edges_from([(index[u], index[v], 1.0) for u, v in h.edges()])

    def run() -> list[str]:
        found = rx.dijkstra_shortest_paths(ug, index[a], index[b], weight_fn=float)
        return [nodes[i] for i in found[index[b]]]

    return run


def _rx_pagerank_only(g: nx.MultiDiGraph) -> Callable[[], object]:
    import rustworkx as rx

    index = {n: i for i, n in enumerate(g)}
    dg = rx.PyDiGraph(multigraph=True)
    dg.add_nodes_from(list(g))
    dg.add_edges_from_no_data([(index[u], index[v]) for u, v in g.edges()])
    return lambda: rx.pagerank(dg, alpha=0.85, tol=TOL)


def bench(name: str, store, triples: int, repeat: int, rows: list[list[str]]) -> None:
    """Time every operation on ``store`` and append table rows."""

    def row(op: str, nx_s: float | None, rx_s: float | None, note: str = "") -> None:
        ratio = f"{nx_s / rx_s:.1f}×" if nx_s and rx_s else "—"
        rows.append(
            [name, op, _s(nx_s), _s(rx_s), ratio, note],
        )

    t_sem, g = median_time(lambda: project(store), repeat)
    row(
        "projection, semantic view (default)",
        t_sem,
        None,
        f"{g.number_of_nodes():,} nodes, {g.number_of_edges():,} edges; store's own pattern reads",
    )
    t_cit, _ = median_time(lambda: project(store, cited=True), repeat)
    row("projection, semantic view, cited=True", t_cit, None, "with citation records")
    t_full, full = median_time(lambda: project(store, semantic=False), max(1, repeat // 2))
    row(
        "projection, full view",
        t_full,
        None,
        f"{full.number_of_nodes():,} nodes, {full.number_of_edges():,} edges",
    )
    del full
    t_nx, _ = median_time(lambda: pagerank(g, engine="networkx"), repeat)
    t_rx, _ = median_time(lambda: pagerank(g, engine="rustworkx"), repeat)
    row(
        "PageRank, `pagerank(g, engine=…)`",
        t_nx,
        t_rx,
        "tol 1e-8; rustworkx time includes converting the graph",
    )
    t_alg, _ = median_time(_rx_pagerank_only(g), repeat)
    row("PageRank, rustworkx algorithm alone", t_nx, t_alg, "graph converted beforehand")
    n = g.number_of_nodes()
    k = SAMPLE if n > EXACT_BETWEENNESS_UP_TO else None
    t_nx, (_, label) = median_time(
        lambda: betweenness(g, engine="networkx", k=k), max(1, repeat // 2)
    )
    note = label
    t_rx = None
    if n <= 5_000:  # exact betweenness is O(nm): minutes at 30k nodes
        t_rx, _ = median_time(lambda: betweenness(g, engine="rustworkx", k=None), 1)
        note += "; rustworkx: exact, all sources (it has no sampling)"
    row("betweenness", t_nx, t_rx, note)
    orgs = sorted(x for x, d in g.nodes(data=True) if d.get("kind") == "Company")
    a, b = orgs[0], orgs[len(orgs) // 2]
    if any(x.endswith("org/visionvera") for x in orgs):  # the seed graph: the CQ13 pair
        a = next(x for x in orgs if x.endswith("org/visionvera"))
        b = next(x for x in g if x.endswith("project/chongqing-computing-hub"))
    t_nx, _ = median_time(lambda: nx.shortest_path(nx.Graph(g), a, b), repeat)
    rx_run = _rx_shortest(g, a, b)
    t_rx, _ = median_time(rx_run, repeat)
    row(
        "one shortest path (networkx incl. undirected copy; rustworkx on a converted graph)",
        t_nx,
        t_rx,
        "",
    )
    t_k, paths = median_time(lambda: k_shortest_paths(g, a, b, k=3), repeat)
    row(
        "k=3 shortest simple paths (Yen), told in words",
        t_k,
        None,
        f"{min(p.hops for p in paths)}–{max(p.hops for p in paths)} links; rustworkx has no Yen",
    )


def _s(x: float | None) -> str:
    if x is None:
        return "—"
    cpu = getattr(x, "cpu", None)
    return f"{x:.3f}" if cpu is None else f"{x:.3f} ({cpu:.3f})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--triples", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    rows: list[list[str]] = []
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(store=Path(tmp) / "store")
        build(settings)
        seed = in_memory_copy(open_store(settings.store))
    bench(f"seed ({len(seed):,} quads)", seed, len(seed), max(5, args.repeat), rows)
    del seed
    t = time.perf_counter()
    big = synthetic_store(args.triples)
    made = time.perf_counter() - t
    bench(
        f"synthetic {args.triples:,} triples ({len(big):,} quads)",
        big,
        args.triples,
        args.repeat,
        rows,
    )
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(
        f"(synthetic store made in {made:.1f} s; medians of {args.repeat} runs; wall time, and "
        f"CPU time of the process in brackets, in s; {os.cpu_count()} CPUs, load average {load} "
        "at the end; ratio of wall times)\n"
    )
    columns = ["graph", "operation", "networkx / Python: wall (cpu) s", "rustworkx: wall (cpu) s"]
    print("| " + " | ".join([*columns, "ratio", "notes"]) + " |")
    print("| --- | --- | ---: | ---: | ---: | --- |")
    for r in rows:
        print("| " + " | ".join(r) + " |")


if __name__ == "__main__":
    main()
