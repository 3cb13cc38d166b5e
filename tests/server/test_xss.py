"""Text from the graph is escaped in every HTML page: labels that are markup stay text."""

from __future__ import annotations

import re
import shutil
import urllib.parse

import pytest

from kg.config import DATA_DIR, Settings
from kg.graph.build import build
from tests.conftest import edit_cell

IMG = "<img src=x onerror=alert(1)>"
SCRIPT = "</script><script>alert(1)</script>"
ATTR = "\"'><svg onload=alert(1)>"
PROBES = (IMG, SCRIPT, ATTR)
BASE = "https://w3id.org/yuzhong-kg/"
HTML = {"Accept": "text/html"}


@pytest.fixture(scope="module")
def probed(tmp_path_factory, serve_server):
    """A server on a graph whose labels are XSS probes."""
    root = tmp_path_factory.mktemp("xss")
    data = root / "data"
    shutil.copytree(DATA_DIR, data)
    edit_cell(data, "organizations.csv", "visionvera", "name_zh", IMG)
    edit_cell(data, "organizations.csv", "visionvera", "alt_en", SCRIPT)
    edit_cell(data, "organizations.csv", "visionvera", "alt_zh", ATTR)
    edit_cell(data, "places.csv", "jiefangbei-chaotianmen-finance-core", "name_zh", SCRIPT)
    edit_cell(data, "places.csv", "yuzhong", "name_en", ATTR)
    settings = Settings(store=root / "store", data_dir=data)
    build(settings)
    with serve_server("--store", str(settings.store), "--workers", "2") as s:
        yield s


def assert_escaped(page: str, *, expect: tuple[str, ...] = ()) -> None:
    for probe in PROBES:
        assert probe not in page
        assert "<img src=x" not in page and "<svg onload" not in page
        assert "<script>alert" not in page
    for probe in expect:
        escaped = probe.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        assert escaped.replace('"', "&#34;").replace("'", "&#39;") in page or escaped in page


def pages(probed) -> dict[str, str]:
    vv = BASE + "org/visionvera"
    paths = {
        "entity": "/org/visionvera",
        "neighbour": "/place/yuzhong",
        "pointing": "/achievement/visionvera-hami-cluster",
        "zone": "/place/jiefangbei-chaotianmen-finance-core",
        "citation": "/citation/org-visionvera",
        "start": "/",
        "editor": "/editor?query=" + urllib.parse.quote(SCRIPT),
        "search img": "/search?q=" + urllib.parse.quote(IMG),
        "search script": "/search?q=" + urllib.parse.quote(SCRIPT),
        "search attr": "/search?q=" + urllib.parse.quote(ATTR),
        "search vv": "/search?q=Visionvera",
        "ego view": "/explore/ego?iri=" + urllib.parse.quote(vv),
        "path view": "/explore/path?iri="
        + urllib.parse.quote(vv)
        + "&to="
        + urllib.parse.quote(BASE + "place/yuzhong"),
        "not found": "/org/" + urllib.parse.quote(SCRIPT),
        "bad view": "/explore/" + urllib.parse.quote(IMG) + "?iri=x",
    }
    out = {}
    for name, path in paths.items():
        reply = probed.get(path, headers=HTML)
        assert reply.status in (200, 400, 404), name
        assert reply.header("content-type").startswith("text/html"), name
        out[name] = reply.text
    return out


def test_probes_are_in_the_graph(probed):
    reply = probed.query(
        f"SELECT ?l WHERE {{ <{BASE}org/visionvera> skos:prefLabel ?l }}", "text/csv"
    )
    assert IMG in reply.text


def test_every_html_page_escapes_graph_text(probed):
    got = pages(probed)
    assert_escaped(got["entity"], expect=(IMG, SCRIPT))
    assert_escaped(got["neighbour"], expect=(IMG, ATTR))
    assert_escaped(got["pointing"], expect=(IMG,))
    assert_escaped(got["zone"], expect=(SCRIPT,))
    assert_escaped(got["start"], expect=(SCRIPT,))
    for name in (
        "citation",
        "editor",
        "search vv",
        "ego view",
        "path view",
        "not found",
        "bad view",
    ):
        assert_escaped(got[name])
    assert_escaped(got["search img"], expect=(IMG,))
    assert_escaped(got["search script"], expect=(SCRIPT,))
    assert_escaped(got["search attr"])
    assert 'href="/org/visionvera"' in got["search script"]  # found by the probe alias


def test_view_frames_escape_graph_text(probed):
    from kg.server.explorer import available_views

    vv = urllib.parse.quote(BASE + "org/visionvera")
    frames = {
        "ego": f"/explore/ego/frame?iri={vv}",
        "zone": "/explore/zone/frame?iri=" + urllib.parse.quote(BASE + "place/yuzhong"),
        "path": f"/explore/path/frame?iri={vv}&to=" + urllib.parse.quote(BASE + "place/yuzhong"),
    }
    available = available_views()
    for view, path in frames.items():
        reply = probed.get(path, headers=HTML)
        if not available[view]:
            assert reply.status == 404
            continue
        assert reply.status == 200, view
        assert_escaped(reply.text)
        assert "unsafe-inline" in reply.header("content-security-policy")  # framed, sandboxed


def test_pages_allow_scripts_from_the_server_only(probed):
    reply = probed.get("/org/visionvera", headers=HTML)
    policy = reply.header("content-security-policy")
    assert (
        "script-src 'self'" in policy
        and "unsafe-inline" not in policy.split("script-src")[1].split(";")[0]
    )
    scripts = re.findall(r"<script[^>]*>", reply.text)
    assert all('src="/static/' in s or 'type="application/json"' in s for s in scripts)
