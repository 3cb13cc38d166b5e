"""Entity pages, search, the editor page and the explorer start page."""

from __future__ import annotations

import json
import re

import pytest
from pyoxigraph import RdfFormat, parse

BASE = "https://w3id.org/yuzhong-kg/"
HTML = {"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"}


def test_entity_page_shows_labels_types_facts_sources_and_neighbours(served):
    reply = served.get("/org/visionvera", headers=HTML)
    assert reply.status == 200 and reply.header("content-type").startswith("text/html")
    page = reply.text
    assert "<h1>视联动力信息技术股份有限公司</h1>" in page
    assert "Visionvera Information Technology Co., Ltd." in page
    assert "Visionvera" in page and "视联动力" in page  # aliases
    assert ">公司</a>" in page  # its class, by label
    # Every asserted fact cites the article's title, the section heading and the span.
    assert "新兴产业渐成规模" in page
    assert "characters 750–800" in page
    assert 'href="/citation/org-visionvera"' in page
    assert 'href="/source/yz2504"' in page
    assert "inferred at build time" in page
    # Links to neighbours, both ways.
    assert 'href="/place/yuzhong"' in page
    assert 'href="/sector/computing-power"' in page
    assert 'href="/achievement/visionvera-hami-cluster"' in page  # points here
    assert reply.header("content-security-policy").startswith("default-src 'self'")


def test_every_fact_row_has_a_source(served):
    page = served.get("/org/visionvera", headers=HTML).text
    rows = re.findall(r"<tr>(.*?)</tr>", page, flags=re.S)
    fact_rows = [r for r in rows if 'class="p"' in r and 'class="s"' in r]
    assert len(fact_rows) > 20
    assert all('class="source' in r for r in fact_rows)


@pytest.mark.parametrize(
    ("accept", "fmt"),
    [
        ("text/turtle", RdfFormat.TURTLE),
        ("application/ld+json", RdfFormat.JSON_LD),
        ("application/n-triples", RdfFormat.N_TRIPLES),
    ],
)
def test_entity_description_by_accept(served, accept, fmt):
    reply = served.get("/org/visionvera", headers={"Accept": accept})
    assert reply.status == 200 and reply.header("content-type").startswith(accept)
    triples = [q.triple for q in parse(reply.body, format=fmt)]
    subjects = {t.subject.value for t in triples}
    assert BASE + "org/visionvera" in subjects
    objects = {t.object.value for t in triples}
    assert "视联动力" in objects
    assert BASE + "org/visionvera" in objects  # the facts pointing at it


def test_entity_format_parameter(served):
    reply = served.get("/org/visionvera?format=ttl", headers=HTML)
    assert reply.header("content-type").startswith("text/turtle")


def test_hash_iris_are_described_on_their_document_page(served):
    page = served.get("/def", headers=HTML).text
    assert 'id="Company"' in page
    turtle = served.get("/def", headers={"Accept": "text/turtle"}).body
    subjects = {q.subject.value for q in parse(turtle, format=RdfFormat.TURTLE)}
    assert BASE + "def#Company" in subjects
    citation = served.get("/citation/org-visionvera", headers=HTML).text
    assert 'id="sel"' in citation and ">750<" in citation


def test_unknown_iri_is_404(served):
    assert served.get("/org/no-such-enterprise", headers=HTML).status == 404
    assert served.get("/org/no-such-enterprise", headers={"Accept": "text/turtle"}).status == 404
    assert served.get("/nothing", headers={"Accept": "application/ld+json"}).status == 404
    assert served.get("/org/bad%20iri", headers=HTML).status == 404


def test_search_finds_visionvera_by_short_name_and_english(served):
    for text in ("视联动力", "Visionvera", "visionvera"):
        reply = served.get("/search", q=text, format="json")
        assert reply.status == 200
        hits = json.loads(reply.body)["results"]
        assert hits[0]["iri"] == BASE + "org/visionvera"
        assert hits[0]["match"] == "exact" and hits[0]["via"] == "altLabel"
        assert hits[0]["path"] == "/org/visionvera"
        assert {"iri": BASE + "def#Company", "label": "company"} in hits[0]["types"]


def test_search_ranks_exact_then_prefix_then_substring(served):
    hits = json.loads(served.get("/search", q="视联", format="json").body)["results"]
    kinds = [h["match"] for h in hits]
    assert kinds == sorted(kinds, key=["exact", "prefix", "substring"].index)
    assert len(hits) > 1
    english = json.loads(served.get("/search", q="finance", format="json").body)["results"]
    assert english and all("finance" in h["matched"].casefold() for h in english)


def test_search_html_and_negotiation(served):
    page = served.get("/search", q="视联动力", headers=HTML)
    assert page.status == 200 and "text/html" in page.header("content-type")
    assert 'href="/org/visionvera"' in page.text
    by_accept = served.get("/search", q="视联动力", headers={"Accept": "application/json"})
    assert json.loads(by_accept.body)["query"] == "视联动力"
    assert json.loads(served.get("/search", q="", format="json").body)["results"] == []
    nothing = json.loads(served.get("/search", q="zzzz-no-such", format="json").body)
    assert nothing["results"] == []


def test_editor_page_carries_the_named_queries(served):
    from kg.queries import list_queries

    page = served.get("/editor", headers=HTML).text
    block = re.search(
        r'<script type="application/json" id="kg-editor-data">(.*?)</script>', page, re.S
    )
    data = json.loads(block.group(1))
    names = [q["name"] for q in data["queries"]]
    assert names == [q.name for q in list_queries()]
    cq05 = next(q for q in data["queries"] if q["name"].startswith("cq05"))
    assert "PREFIX yz: <https://w3id.org/yuzhong-kg/def#>" in cq05["text"]
    assert data["endpoint"] == "/sparql"
    assert "/static/vendor/yasgui/yasgui.min.js" in page
    assert "cdn" not in page.lower()
    chosen = served.get("/editor?query=cq05", headers=HTML).text
    assert re.search(r'<option value="cq05[^"]*" selected>', chosen)


def test_vendored_editor_files_are_served(served):
    js = served.get("/static/vendor/yasgui/yasgui.min.js")
    assert js.status == 200 and len(js.body) > 100_000
    assert served.get("/static/editor.js").status == 200


def test_start_page_lists_sectors_zones_and_queries(served):
    page = served.get("/", headers=HTML).text
    assert "EMG-CMP" in page and 'href="/sector/computing-power"' in page
    assert 'href="/editor?query=cq05-enterprise-achievements"' in page
    assert "解放碑" in page


def test_explorer_pages_answer(served):
    reply = served.get("/explore/ego", iri=BASE + "org/visionvera", headers=HTML)
    assert reply.status == 200
    assert served.get("/explore/nope", iri=BASE + "org/visionvera", headers=HTML).status == 404
    assert served.get("/explore/path", iri="not an iri", headers=HTML).status == 400


def test_views_are_offered_where_they_apply(served):
    from kg.server.explorer import available_views

    if not available_views()["ego"]:
        pytest.skip("the views package is not installed")
    company = served.get("/org/visionvera", headers=HTML).text
    assert '<iframe class="view-frame" sandbox="allow-scripts"' in company
    assert "/explore/ego?iri=" in company and "/explore/zone?iri=" not in company
    sector = served.get("/sector/computing-power", headers=HTML).text
    assert "/explore/sector?iri=" in sector
    hits = json.loads(served.get("/search", q="解放碑", format="json").body)["results"]
    assert any(BASE + "def#Zone" in h["classes"] for h in hits)
    frame = served.get("/explore/ego/frame", iri=BASE + "org/visionvera", headers=HTML)
    assert frame.status == 200 and "<html" in frame.text.lower()
