"""The pages in a real browser: headless Chromium, every network request blocked.

Each test fails (through the ``offline_page`` fixture) if the page tried to reach
the network, threw a script error or opened a dialog.
"""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import pytest

from kg.network.project import display
from kg.views import views

OUT = Path(__file__).resolve().parents[1] / "out"

COUNTS = """() => [
  kgView.nodes.length,
  kgView.edges.length,
  Object.keys(kgView.network.getPositions()).length,
  Object.keys(kgView.network.body.edges).length,
]"""


def _node_on_screen(page, iri: str) -> tuple[float, float]:
    """Where the node of ``iri`` is drawn, in page pixels."""
    return tuple(
        page.evaluate(
            """(iri) => {
              const n = kgView.data.nodes.find((n) => n.iri === iri);
              const p = kgView.network.getPositions([n.id])[n.id];
              const d = kgView.network.canvasToDOM(p);
              const box = document.getElementById("graph").getBoundingClientRect();
              return [box.left + d.x, box.top + d.y];
            }""",
            iri,
        )
    )


@pytest.fixture(scope="module")
def pages(tmp_path_factory, seed_graph, store, iri):
    """Every kind of view of the seed graph, written once."""
    folder = tmp_path_factory.mktemp("pages")
    centre = iri("org", "visionvera")
    built = {
        "whole": views.whole(seed_graph),
        "ego": views.ego(seed_graph, centre, radius=2),
        "sector": views.sector(seed_graph),
        "zone": views.zone(seed_graph),
        "path": views.path(seed_graph, centre, iri("project", "chongqing-computing-hub")),
        "query": views.query(
            store,
            "CONSTRUCT { ?p yz:ledBy ?o . ?p yz:supports ?q } WHERE "
            "{ ?p yz:ledBy ?o OPTIONAL { ?p yz:supports ?q } }",
        ),
        "folded": views.whole(seed_graph, budget=60),
    }
    return {kind: (view, view.write(folder / f"{kind}.html")) for kind, view in built.items()}


@pytest.mark.parametrize("kind", ["whole", "ego", "sector", "zone", "path", "query", "folded"])
def test_page_draws_the_view_offline(offline_page, pages, kind):
    view, path = pages[kind]
    offline_page.open(path)
    page = offline_page.page
    nodes, edges, drawn_nodes, drawn_edges = page.evaluate(COUNTS)
    assert nodes == drawn_nodes == view.graph.number_of_nodes()
    assert edges == drawn_edges == view.graph.number_of_edges()
    # the positions computed in Python are where the nodes are drawn (no physics)
    placed = page.evaluate(
        "() => kgView.data.nodes.slice(0, 20).map((n) => "
        "[n.iri, kgView.network.getPositions([n.id])[n.id]])"
    )
    for node, at in placed:
        x, y = view.positions[node]
        assert abs(at["x"] - x) <= 1 and abs(at["y"] - y) <= 1  # vis rounds to pixels
    assert not any("Content Security Policy" in line for line in offline_page.console)


def test_seed_graph_screenshot(offline_page, pages):
    _, path = pages["whole"]
    offline_page.open(path)
    OUT.mkdir(exist_ok=True)
    shot = OUT / "seed-whole.png"
    offline_page.page.screenshot(path=str(shot))
    assert shot.stat().st_size > 20_000


@pytest.mark.parametrize(
    "text", ["Visionvera", "视联动力", "视联动力信息技术股份有限公司", "visionvera"]
)
def test_search_focuses_the_asked_node(offline_page, pages, iri, text):
    _, path = pages["whole"]
    offline_page.open(path)
    page = offline_page.page
    target = iri("org", "visionvera")
    page.fill("#search", text)
    first = page.locator("#results li").first
    assert "视联动力" in first.inner_text()
    page.press("#search", "Enter")
    page.wait_for_function("(iri) => kgView.focused === iri", arg=target)
    selected = page.evaluate("() => kgView.network.getSelectedNodes()")
    assert page.evaluate("(id) => kgView.data.nodes[id].iri", selected[0]) == target
    # the view ends centred on the node
    page.wait_for_function(
        """(iri) => {
          const n = kgView.data.nodes.find((n) => n.iri === iri);
          const p = kgView.network.getPositions([n.id])[n.id];
          const v = kgView.network.getViewPosition();
          return Math.hypot(p.x - v.x, p.y - v.y) < 2;
        }""",
        arg=target,
    )
    assert "视联动力信息技术股份有限公司" in page.inner_text("#details")


def test_click_highlights_the_neighbours(offline_page, pages, seed_graph, iri):
    _, path = pages["whole"]
    offline_page.open(path)
    page = offline_page.page
    target = iri("org", "visionvera")
    page.mouse.click(*_node_on_screen(page, target))
    page.wait_for_function("(iri) => kgView.focused === iri", arg=target)
    lit = set(page.evaluate("() => kgView.highlighted"))
    expected = {target} | set(nx.all_neighbors(seed_graph, target))
    assert lit == expected
    faint = page.evaluate("() => kgView.nodes.get().filter((n) => n.opacity < 0.5).length")
    assert faint == seed_graph.number_of_nodes() - len(expected)
    page.click("#reset")
    assert page.evaluate("() => kgView.nodes.get().filter((n) => n.opacity < 0.5).length") == 0


def test_filters_by_class_and_by_sector(offline_page, pages, seed_graph):
    _, path = pages["whole"]
    offline_page.open(path)
    page = offline_page.page
    events = sum(1 for _, d in seed_graph.nodes(data=True) if d["group"] == "Event")
    page.uncheck('input[data-class="Event"]')
    assert page.evaluate("() => kgView.shown.nodes") == seed_graph.number_of_nodes() - events
    hidden = page.evaluate("() => kgView.nodes.get().filter((n) => n.hidden).length")
    assert hidden == events
    page.check('input[data-class="Event"]')
    finance_only = sum(
        1 for _, d in seed_graph.nodes(data=True) if d["sectors"] and "FIN" in d["sectors"]
    )
    page.click("#legend .legend-block:nth-of-type(2) button:has-text('全不选')")
    page.check('input[data-sector="FIN"]')
    assert page.evaluate("() => kgView.shown.nodes") == finance_only


def test_language_switch_relabels_the_graph(offline_page, pages, seed_graph, iri):
    _, path = pages["ego"]
    offline_page.open(path)
    page = offline_page.page
    target = iri("org", "visionvera")
    label = "(iri) => kgView.nodes.get(kgView.data.nodes.find((n) => n.iri === iri).id).label"
    assert page.evaluate(label, target) == "视联动力"
    page.click("#lang")
    assert page.evaluate(label, target) == display(seed_graph.nodes[target], "en", short=True)
    assert page.title().startswith("Visionvera")


XSS = [
    '<img src=x onerror="window.__xss=1;alert(1)">',
    "</script><script>window.__xss=2;alert(2)</script>",
    '"><svg onload="window.__xss=3;alert(3)">',
    "<iframe src=javascript:window.__xss=4></iframe>",
]


@pytest.fixture
def probe_page(tmp_path):
    """A page whose every data text is a script injection attempt."""
    g = nx.MultiDiGraph(classes={XSS[0]: {"label_zh": XSS[1], "label_en": XSS[2]}})
    g.add_node(
        "https://ex.org/sector",
        iri="https://ex.org/sector",
        group="Sector",
        kind="Sector",
        notation=XSS[3],
        label_zh=XSS[1],
        label_en=XSS[2],
        aliases=[],
        sectors=[XSS[3]],
    )
    for i, probe in enumerate(XSS):
        node = f"https://ex.org/{i}"
        g.add_node(
            node,
            iri=node,
            group="Organization",
            kind=XSS[0],
            label_zh=probe,
            label_en=probe,
            aliases=[f"alias {probe}"],
            sectors=[XSS[3]],
            date=probe,
            source=probe,
        )
        g.add_edge(
            node, "https://ex.org/sector", key=probe, label_zh=probe, label_en=probe, source=probe
        )
    view = views.whole(g)
    view.title_zh = view.title_en = XSS[1]
    view.note_zh = view.note_en = XSS[0]
    return view.write(tmp_path / "probe.html")


def test_probe_labels_show_as_text_and_run_nothing(offline_page, probe_page):
    offline_page.open(probe_page)
    page = offline_page.page
    # every place data is shown: tooltip, search results, details, legend, note, title
    page.mouse.move(*_node_on_screen(page, "https://ex.org/0"))
    page.wait_for_selector("#tip:not([hidden])")
    assert XSS[0] in page.inner_text("#tip")
    page.fill("#search", "alias")
    assert page.locator("#results li").count() == len(XSS)
    page.press("#search", "Enter")
    page.wait_for_function("() => kgView.focused !== null")
    assert "alias" in page.inner_text("#details")
    assert XSS[0] in page.inner_text("#note")
    assert XSS[3] in page.inner_text("#legend")
    page.click("#lang")
    page.click("#lang")
    assert page.title() == XSS[1]
    page.wait_for_timeout(300)  # give an injected handler its chance
    assert page.evaluate("() => window.__xss") is None
    assert page.evaluate("() => document.querySelectorAll('img, svg, iframe').length") == 0
