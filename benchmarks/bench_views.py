"""Benchmark of the views beside pyvis's defaults: build time, page size, time to a still graph.

For graphs of 100, 1,000 and 1,500 nodes (the node budget), cut from a synthetic
graph (``benchmarks/synthetic.py``), in the same run:

* **kg.views** — ``views.whole(g)`` and ``View.html()``: positions computed in
  Python, physics off, nodes given to vis-network in one DataSet;
* **pyvis defaults** — ``Network()`` with its default options (Barnes–Hut physics
  with 1,000 stabilisation iterations), nodes and edges added one by one with
  ``add_node``/``add_edge`` as its documentation shows, written with
  ``generate_html()``. Its default ``cdn_resources="local"`` page loads
  vis-network from a ``lib/`` folder and bootstrap from a CDN; to run it offline
  the comparison uses ``cdn_resources="in_line"`` (vis-network inlined from the
  pyvis package, like ours) and the browser aborts the bootstrap request (the
  graph does not need it).

Both pages are opened from ``file:`` in headless Chromium (Debian's
``/usr/bin/chromium``) with every other request aborted. "drawn" is the time
from navigation start to vis-network's first ``afterDrawing`` event; "still" is
the time to its ``stabilized`` event when physics runs (pyvis), else the first
drawing (physics off). A page that is not still after ``--timeout`` seconds is
reported as such. Medians of ``--repeat`` runs.

Usage::

    .venv/bin/python benchmarks/bench_views.py [--repeat 3] [--timeout 60]
        [--screenshots docs/img --store .kg/store]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections import deque
from pathlib import Path

import networkx as nx

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.synthetic import synthetic_store
from kg.network.project import display, project
from kg.views import NODE_BUDGET, views

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]

# Runs before any page script: wraps vis.Network so that every page (ours and
# pyvis's) reports its first drawing and its stabilisation the same way.
TIMING_HOOK = """
(() => {
  const t = (window.__bench = { drawn: null, stabilized: null });
  const wrap = (Network) => {
    function Timed(container, data, options) {
      const net = new Network(container, data, options);
      net.once("afterDrawing", () => { t.drawn = performance.now(); });
      net.on("stabilized", () => { if (t.stabilized === null) t.stabilized = performance.now(); });
      t.physics = !!(net.physics && net.physics.physicsEnabled);
      return net;
    }
    Timed.prototype = Network.prototype;
    return Timed;
  };
  const exportsOf = new Proxy({}, {
    set(o, k, v) { o[k] = k === "Network" ? wrap(v) : v; return true; },
    defineProperty(o, k, d) {
      if (k === "Network" && "value" in d) d = { ...d, value: wrap(d.value) };
      return Reflect.defineProperty(o, k, d);
    },
  });
  window.vis = exportsOf;
})();
"""


def cut(g: nx.MultiDiGraph, n: int) -> nx.MultiDiGraph:
    """``n`` nodes of ``g`` in breadth-first order from its best-connected node."""
    u = g.to_undirected(as_view=True)
    start = max(g, key=g.degree)
    seen, queue = {start: None}, deque([start])
    while queue and len(seen) < n:
        for m in sorted(u.neighbors(queue.popleft())):
            if m not in seen and len(seen) < n:
                seen[m] = None
                queue.append(m)
    return g.subgraph(list(seen)).copy()


def build_ours(g: nx.MultiDiGraph) -> str:
    return views.whole(g).html()


def build_pyvis(g: nx.MultiDiGraph) -> str:
    """pyvis as its documentation shows it: defaults, one node and one edge at a time."""
    from pyvis.network import Network

    net = Network(cdn_resources="in_line")
    for n, d in g.nodes(data=True):
        net.add_node(
            n,
            label=display(d, "zh", short=True),
            title=f"{d.get('label_zh', '')}\n{d.get('kind', '')}",
            group=d.get("group"),
        )
    for u, v, _, d in g.edges(keys=True, data=True):
        net.add_edge(u, v, title=d.get("label_zh", ""))
    return net.generate_html()


def median_time(fn, repeat: int):
    times, result = [], None
    for _ in range(repeat):
        result = None  # free the previous result outside the timed call
        t = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t)
        result = out
    return statistics.median(times), result


def browser_times(browser, path: Path, timeout: float, repeat: int) -> tuple:
    """Median (drawn, still) seconds of ``repeat`` loads; ``still`` is None past the timeout."""
    drawn, still = [], []
    for _ in range(repeat):
        context = browser.new_context(viewport={"width": 1600, "height": 1000})
        page = context.new_page()
        page.add_init_script(TIMING_HOOK)
        page.route(
            "**/*",
            lambda route: (
                route.continue_()
                if route.request.url.startswith(("file:", "data:"))
                else route.abort()
            ),
        )
        try:
            # a page whose script runs for long does not even finish loading
            page.goto(path.as_uri(), wait_until="commit", timeout=timeout * 1000)
            page.wait_for_function("() => window.__bench.drawn !== null", timeout=timeout * 1000)
            d = page.evaluate("() => window.__bench.drawn") / 1000
            physics = page.evaluate("() => window.__bench.physics")
            if physics:
                page.wait_for_function(
                    "() => window.__bench.stabilized !== null", timeout=timeout * 1000
                )
                s = page.evaluate("() => window.__bench.stabilized") / 1000
            else:
                s = d
        except Exception:  # Playwright's TimeoutError: not still within the timeout
            d = s = None
            try:
                page.wait_for_function("() => window.__bench.drawn !== null", timeout=2_000)
                d = page.evaluate("() => window.__bench.drawn") / 1000
            except Exception:  # the page is still busy: not even drawn
                pass
        context.close()
        drawn.append(d)
        still.append(s)
        if s is None:
            break  # one run past the timeout is enough to report it
    ok = [x for x in drawn if x is not None]
    done = [x for x in still if x is not None]
    return (
        statistics.median(ok) if ok else None,
        statistics.median(done) if len(done) == len(still) else None,
    )


def screenshots(browser, store_path: Path, out: Path) -> list[Path]:
    """PNG pictures of the seed graph and of the ego view of 视联动力, for the README."""
    from kg.store import open_store

    store = open_store(store_path)
    g = project(store, cited=True)
    centre = next(n for n in g if n.endswith("/org/visionvera"))
    out.mkdir(parents=True, exist_ok=True)
    shots = []
    with tempfile.TemporaryDirectory() as tmp:
        for name, view, size in (
            ("seed-graph", views.whole(g), (1600, 1000)),
            ("ego-visionvera", views.ego(g, centre, radius=1), (1280, 760)),
        ):
            page_path = view.write(Path(tmp) / f"{name}.html")
            context = browser.new_context(viewport={"width": size[0], "height": size[1]})
            page = context.new_page()
            page.route(
                "**/*",
                lambda route: (
                    route.continue_() if route.request.url.startswith("file:") else route.abort()
                ),
            )
            page.goto(page_path.as_uri())
            page.wait_for_function("() => window.kgView && window.kgView.ready")
            if name.startswith("ego"):  # show a tooltip too
                page.evaluate("() => kgView.focus(kgView.data.nodes[0].iri)")
                page.evaluate("() => document.getElementById('reset').click()")
                page.evaluate("() => kgView.network.fit({animation: false})")
            target = out / f"{name}.png"
            page.screenshot(path=str(target))
            context.close()
            _shrink(target)
            shots.append(target)
    return shots


def _shrink(path: Path) -> None:
    """Quantise a screenshot to 256 colours when that keeps it under 300 KB."""
    try:
        from PIL import Image
    except ImportError:  # pragma: no cover - Pillow comes with matplotlib's stack
        return
    if path.stat().st_size <= 300_000:
        return
    with Image.open(path) as im:
        rgb = im.convert("RGB")
        rgb.quantize(colors=256, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE).save(
            path, optimize=True
        )


def _s(x: float | None, timeout: float) -> str:
    return f"> {timeout:.0f}" if x is None else f"{x:.2f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--timeout", type=float, default=60.0)
    parser.add_argument("--triples", type=int, default=60_000, help="size of the synthetic graph")
    parser.add_argument("--screenshots", type=Path, default=None, help="write README pictures here")
    parser.add_argument("--store", type=Path, default=Path(".kg/store"), help="seed store")
    parser.add_argument(
        "--sizes", type=int, nargs="+", default=[100, 1_000, NODE_BUDGET], help="nodes per graph"
    )
    args = parser.parse_args()

    from playwright.sync_api import sync_playwright

    t = time.perf_counter()
    g = project(synthetic_store(args.triples))
    print(
        f"synthetic graph: {g.number_of_nodes():,} nodes, {g.number_of_edges():,} edges "
        f"({time.perf_counter() - t:.1f} s to make and project)",
        file=sys.stderr,
    )
    for build in (build_ours, build_pyvis):  # imports and file reads out of the timings
        build(cut(g, 20))
    rows = []
    with sync_playwright() as p, tempfile.TemporaryDirectory() as tmp:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        for n in args.sizes:
            sub = cut(g, n)
            results = {}
            for tool, build in (("kg.views", build_ours), ("pyvis defaults", build_pyvis)):
                build_s, page = median_time(lambda b=build, s=sub: b(s), args.repeat)
                path = Path(tmp) / f"{tool.split()[0]}-{n}.html"
                path.write_text(page, encoding="utf-8")
                drawn, still = browser_times(browser, path, args.timeout, args.repeat)
                results[tool] = (build_s, path.stat().st_size, drawn, still)
                print(f"{n} nodes, {tool}: done", file=sys.stderr)
            ours, theirs = results["kg.views"], results["pyvis defaults"]
            for tool, (build_s, size, drawn, still) in results.items():
                rows.append(
                    [
                        f"{sub.number_of_nodes():,}",
                        f"{sub.number_of_edges():,}",
                        tool,
                        f"{build_s:.2f}",
                        f"{size / 1024:,.0f}",
                        _s(drawn, args.timeout),
                        _s(still, args.timeout),
                    ]
                )
            speed = (
                f"{theirs[3] / ours[3]:.0f}× sooner still"
                if theirs[3] is not None and ours[3]
                else f"pyvis not still after {args.timeout:.0f} s"
            )
            rows.append(["", "", "ratio", f"{theirs[0] / ours[0]:.1f}× build", "", "", speed])
        if args.screenshots is not None:
            for shot in screenshots(browser, args.store, args.screenshots):
                print(f"wrote {shot} ({shot.stat().st_size / 1024:.0f} KB)", file=sys.stderr)
        browser.close()
    header = ["nodes", "edges", "page", "build s", "HTML KiB", "drawn s", "still s"]
    print("| " + " | ".join(header) + " |")
    print("|" + "|".join("---:" if i != 2 else "---" for i in range(len(header))) + "|")
    for row in rows:
        print("| " + " | ".join(row) + " |")


if __name__ == "__main__":
    main()
