"""The page writer: one self-contained UTF-8 file, data escaped, nothing fetched."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser

import networkx as nx
import pytest

from kg.views import views
from kg.views.assets import AssetError, _checked, app_js, csp_hash, vis_network_js
from kg.views.page import json_for_html, page_data, render, write

PROBES = [
    "<img src=x onerror=alert(1)>",
    "</script><script>alert(1)</script>",
    '"><svg onload=alert(1)>',
    "&lt;b&gt;",
    "\u2028line\u2029",
]


def _probe_graph() -> nx.MultiDiGraph:
    g = nx.MultiDiGraph()
    for i, probe in enumerate(PROBES):
        g.add_node(
            f"https://ex.org/{i}",
            iri=f"https://ex.org/{i}",
            group="Organization",
            kind="Company",
            label_zh=probe,
            label_en=probe,
            aliases=[probe],
            sectors=[],
        )
    g.add_edge(
        "https://ex.org/0", "https://ex.org/1", key="yz:partner", label_zh=PROBES[1], label_en="x"
    )
    return g


@pytest.mark.parametrize("probe", PROBES)
def test_json_block_cannot_be_closed_or_tagged_by_data(probe):
    text = json_for_html({"label": probe})
    assert "<" not in text and ">" not in text and "&" not in text
    assert "\u2028" not in text and "\u2029" not in text
    assert json.loads(text) == {"label": probe}


class _Tags(HTMLParser):
    """The elements an HTML parser finds (script text is not parsed for tags)."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def test_probe_labels_never_reach_the_markup_as_markup():
    view = views.whole(_probe_graph())
    view.title_zh = "</title><script>alert(1)</script>"
    page = render(view)
    parser = _Tags()
    parser.feed(page)
    tags = [t for t, _ in parser.tags]
    # the data block, vis-network and the page's own script, nothing else
    assert tags.count("script") == 3
    assert "img" not in tags and "svg" not in tags
    assert next(a.get("type") for t, a in parser.tags if t == "script") == "application/json"
    assert "&lt;/title&gt;&lt;script&gt;" in page


def test_page_is_self_contained():
    page = render(views.whole(_probe_graph()))
    assert not re.search(r"<script[^>]+\bsrc=", page)
    assert not re.search(r"<link\b", page)
    assert not re.search(r"url\(\s*['\"]?\s*(https?:)?//", page)
    assert not re.search(r"@import", page)
    # no element attribute points outside the file
    assert not re.search(r"""\b(src|href|action)\s*=\s*["']?\s*(https?:)?//""", page)


def test_only_the_two_inline_scripts_may_run():
    page = render(views.whole(_probe_graph()))
    policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', page).group(1)
    assert "default-src 'none'" in policy and "connect-src 'none'" in policy
    sources = re.search(r"script-src ([^;]+)", policy).group(1).split()
    assert sorted(sources) == sorted([csp_hash(vis_network_js()), csp_hash(app_js())])
    assert "'unsafe-inline'" not in sources and "'unsafe-eval'" not in sources


def test_written_as_utf8_with_chinese_labels(tmp_path, seed_graph, iri):
    path = write(views.ego(seed_graph, iri("org", "visionvera")), tmp_path / "sub" / "ego.html")
    raw = path.read_bytes()
    text = raw.decode("utf-8")
    assert '<meta charset="utf-8">' in text
    assert "视联动力" in text
    assert b"\\u" not in raw.split(b'id="kg-view-data">')[1][:200] or "视联动力" in text


def test_page_names_a_cjk_font_stack():
    page = render(views.whole(_probe_graph()))
    for font in ("Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei"):
        assert font in page


def test_vis_network_comes_from_the_installed_pyvis():
    import pyvis

    assert "vis-network" in vis_network_js()[:500]
    assert pyvis.__version__ == "0.3.2"


def test_an_asset_that_would_fetch_or_close_its_element_is_refused():
    with pytest.raises(AssetError):
        _checked("var a = '</script>';", "bad.js")
    with pytest.raises(AssetError):
        _checked("a{background:url(https://cdn.example/x.png)}", "bad.css")


def test_language_is_zh_or_en():
    with pytest.raises(ValueError):
        render(views.whole(_probe_graph()), lang="fr")
    assert page_data(views.whole(_probe_graph()), lang="en")["meta"]["lang"] == "en"
