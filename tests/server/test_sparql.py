"""The SPARQL 1.1 Protocol endpoint: methods, formats, negotiation, limits and errors."""

from __future__ import annotations

import asyncio
import csv
import io
import json
import socket
import threading
import time
import urllib.parse
import xml.etree.ElementTree as ET
from concurrent.futures import ThreadPoolExecutor

import pytest
from pyoxigraph import QueryResultsFormat, RdfFormat, parse, parse_query_results
from starlette.requests import Request

from kg.server.sparql import _Refused, read_bounded

VV = "https://w3id.org/yuzhong-kg/org/visionvera"
ALIASES = f"SELECT ?alias WHERE {{ <{VV}> skos:altLabel ?alias }} ORDER BY ?alias"
CONSTRUCT = f"CONSTRUCT {{ <{VV}> skos:altLabel ?a }} WHERE {{ <{VV}> skos:altLabel ?a }}"
SRX = "{http://www.w3.org/2005/sparql-results#}"


def aliases_from_json(body: bytes) -> list[str]:
    doc = json.loads(body)
    return sorted(b["alias"]["value"] for b in doc["results"]["bindings"])


def test_get_post_form_and_post_direct_give_the_same_answer(served):
    by_get = served.get("/sparql", query=ALIASES)
    by_form = served.post_form("/sparql", {"query": ALIASES})
    by_body = served.request(
        "POST",
        "/sparql",
        data=ALIASES.encode(),
        headers={"Content-Type": "application/sparql-query; charset=utf-8"},
    )
    for reply in (by_get, by_form, by_body):
        assert reply.status == 200
        assert reply.header("content-type") == "application/sparql-results+json"
        assert aliases_from_json(reply.body) == ["Visionvera", "视联动力"]


@pytest.mark.parametrize(
    ("accept", "media"),
    [
        ("application/sparql-results+json", "application/sparql-results+json"),
        ("application/json", "application/sparql-results+json"),
        ("application/sparql-results+xml", "application/sparql-results+xml"),
        ("text/csv", "text/csv"),
        ("text/tab-separated-values", "text/tab-separated-values"),
        ("*/*", "application/sparql-results+json"),
        ("text/csv;q=0.4, application/sparql-results+xml;q=0.9", "application/sparql-results+xml"),
    ],
)
def test_select_results_in_every_format_by_accept(served, accept, media):
    reply = served.query(ALIASES, accept=accept)
    assert reply.status == 200
    assert reply.header("content-type").split(";")[0] == media
    assert reply.header("vary") == "Accept"
    if media.endswith("json"):
        assert aliases_from_json(reply.body) == ["Visionvera", "视联动力"]
    elif media.endswith("xml"):
        root = ET.fromstring(reply.body)
        literals = root.findall(f"{SRX}results/{SRX}result/{SRX}binding/{SRX}literal")
        assert sorted(lit.text for lit in literals) == ["Visionvera", "视联动力"]
        langs = {lit.get("{http://www.w3.org/XML/1998/namespace}lang") for lit in literals}
        assert langs == {"en", "zh"}
    elif media == "text/csv":
        rows = list(csv.reader(io.StringIO(reply.text)))
        assert rows[0] == ["alias"] and sorted(r[0] for r in rows[1:]) == ["Visionvera", "视联动力"]
    else:
        solutions = parse_query_results(reply.body, format=QueryResultsFormat.TSV)
        assert sorted(str(s["alias"]) for s in solutions) == ['"Visionvera"@en', '"视联动力"@zh']


@pytest.mark.parametrize("fmt", ["json", "xml", "csv", "tsv"])
def test_format_parameter_overrides_accept(served, fmt):
    reply = served.get("/sparql", query=ALIASES, format=fmt, headers={"Accept": "text/html"})
    assert reply.status == 200
    expected = {"json": "+json", "xml": "+xml", "csv": "text/csv", "tsv": "tab-separated"}[fmt]
    assert expected in reply.header("content-type")


def test_ask_in_json_xml_and_csv(served):
    ask = f"ASK {{ <{VV}> skos:altLabel 'Visionvera'@en }}"
    assert json.loads(served.query(ask).body) == {"head": {}, "boolean": True}
    xml = ET.fromstring(served.query(ask, "application/sparql-results+xml").body)
    assert xml.find(f"{SRX}boolean").text == "true"
    assert served.query(ask.replace("Visionvera", "nobody"), "text/csv").text.strip() == "false"


@pytest.mark.parametrize(
    ("accept", "fmt"),
    [
        ("text/turtle", RdfFormat.TURTLE),
        ("application/n-triples", RdfFormat.N_TRIPLES),
        ("application/ld+json", RdfFormat.JSON_LD),
        ("*/*", RdfFormat.TURTLE),
    ],
)
def test_construct_and_describe_as_turtle_ntriples_jsonld(served, accept, fmt):
    for query in (CONSTRUCT, f"DESCRIBE <{VV}>"):
        reply = served.query(query, accept=accept)
        assert reply.status == 200
        assert reply.header("content-type").split(";")[0] == fmt.media_type
        triples = [q.triple for q in parse(reply.body, format=fmt)]
        aliases = {t.object.value for t in triples if t.predicate.value.endswith("#altLabel")}
        assert aliases == {"Visionvera", "视联动力"}


def test_unacceptable_type_gets_406(served):
    assert served.query(ALIASES, accept="image/png").status == 406
    assert served.query(CONSTRUCT, accept="text/csv").status == 406


def test_dataset_parameters_restrict_the_default_graph(served, seed_settings):
    inferred = seed_settings.graph("inferred")
    query = f"ASK {{ <{VV}> a yz:Enterprise }}"  # stated only by the inference graph
    only_inferred = served.post_form("/sparql", [("query", query), ("default-graph-uri", inferred)])
    only_source = served.post_form(
        "/sparql", [("query", query), ("default-graph-uri", seed_settings.graph("yz2504"))]
    )
    assert json.loads(only_inferred.body)["boolean"] is True
    assert json.loads(only_source.body)["boolean"] is False


def test_service_description(served):
    reply = served.get("/sparql", headers={"Accept": "text/turtle"})
    assert reply.status == 200 and reply.header("content-type").startswith("text/turtle")
    triples = [q.triple for q in parse(reply.body, format=RdfFormat.TURTLE)]
    sd = "http://www.w3.org/ns/sparql-service-description#"
    objects = {t.object.value for t in triples}
    assert sd + "Service" in objects and sd + "SPARQL11Query" in objects
    assert sd + "SPARQL11Update" not in objects  # read-only
    names = {t.object.value for t in triples if t.predicate.value == sd + "name"}
    assert "https://w3id.org/yuzhong-kg/graph/yz2504" in names
    endpoint = next(t.object.value for t in triples if t.predicate.value == sd + "endpoint")
    assert endpoint == served.url + "/sparql"
    browser = served.get("/sparql", headers={"Accept": "text/html"})
    assert browser.status == 200 and b"yasgui" in browser.body  # redirected to the editor


def test_malformed_query_gets_400_with_the_parser_position(served):
    reply = served.query("SELECT ?s WHERE {\n  ?s ?p \n}")
    assert reply.status == 400
    assert reply.text.startswith("error at 3:")  # line 3, where the triple breaks off
    assert served.get("/sparql", query="SELEKT * {}").status == 400


def test_update_is_refused_with_403(served):
    update = "INSERT DATA { <http://example.org/a> <http://example.org/b> 1 }"
    assert served.post_form("/sparql", {"update": update}).status == 403
    direct = served.request(
        "POST",
        "/sparql",
        data=update.encode(),
        headers={"Content-Type": "application/sparql-update", "Authorization": "Bearer x"},
    )
    assert direct.status == 403
    assert "read-only" in direct.text
    ask = json.loads(served.query("ASK { <http://example.org/a> ?p ?o }").body)
    assert ask["boolean"] is False


def test_bad_requests(served):
    assert served.get("/sparql", update="CLEAR ALL").status == 405
    text = served.request(
        "POST", "/sparql", data=b"query=ASK{}", headers={"Content-Type": "text/plain"}
    )
    assert text.status == 415
    both = served.post_form("/sparql", {"query": "ASK {}", "update": "CLEAR ALL"})
    assert both.status == 400
    assert served.post_form("/sparql", {"nothing": "here"}).status == 400


def test_oversize_result_is_cut_with_a_signal(served):
    everything = "SELECT ?s ?p ?o WHERE { ?s ?p ?o }"
    reply = served.query(everything)
    assert reply.status == 200
    assert reply.header("x-result-truncated") == "true"
    assert reply.header("x-result-limit") == "50"
    doc = json.loads(reply.body)
    assert doc["truncated"] is True and len(doc["results"]["bindings"]) == 50
    csv_reply = served.query(everything, "text/csv")
    assert csv_reply.header("x-result-truncated") == "true"
    assert len(csv_reply.text.strip().splitlines()) == 51
    xml_reply = served.query(everything, "application/sparql-results+xml")
    assert b"<!-- truncated" in xml_reply.body
    ttl = served.query("CONSTRUCT WHERE { ?s ?p ?o }", "text/turtle")
    assert ttl.header("x-result-truncated") == "true" and ttl.text.startswith("# truncated")
    assert len(list(parse(ttl.body, format=RdfFormat.TURTLE))) == 50
    small = served.query(ALIASES)
    assert small.header("x-result-truncated") is None and "truncated" not in json.loads(small.body)


def test_time_limit_stops_a_cross_product_while_others_are_answered(served):
    cross = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
    order: list[str] = []
    slow: dict = {}

    def run_slow() -> None:
        slow["reply"] = served.query(cross)
        order.append("cross product")

    thread = threading.Thread(target=run_slow)
    thread.start()
    time.sleep(0.5)  # let the cross product reach a worker
    answered = []
    while thread.is_alive() and len(answered) < 20:
        reply = served.query(ALIASES)
        answered.append(reply.status)
        if len(answered) == 3:
            order.append("others")
    thread.join()
    assert slow["reply"].status == 503
    assert "time limit" in slow["reply"].text
    assert answered and set(answered) == {200}
    assert order[0] == "others"  # answered while the cross product was still running
    # The killed worker was replaced: the server still runs queries on both workers.
    results = [served.query(ALIASES).status for _ in range(6)]
    assert results == [200] * 6


def test_predeclared_prefixes_and_union_default_graph(served):
    reply = served.query("SELECT (COUNT(*) AS ?n) WHERE { ?s a yz:Enterprise }", "text/csv")
    assert int(reply.text.splitlines()[1]) > 10


def test_a_declared_oversize_body_is_refused_before_it_is_sent(served):
    # Only the head goes out: the server must answer from Content-Length alone,
    # without waiting for the 2 MB it announces.
    host, port = urllib.parse.urlsplit(served.url).netloc.split(":")
    head = (
        "POST /sparql HTTP/1.1\r\n"
        f"Host: {host}\r\n"
        "Content-Type: application/sparql-query\r\n"
        "Content-Length: 2000000\r\n\r\n"
    )
    with socket.create_connection((host, int(port)), timeout=10) as conn:
        conn.sendall(head.encode())
        status_line = conn.makefile("rb").readline().decode()
    assert status_line.split()[1] == "413"


def _receive_chunks(chunks: list[bytes], taken: list[int]):
    async def receive():
        taken.append(1)
        i = len(taken) - 1
        more = i + 1 < len(chunks)
        return {"type": "http.request", "body": chunks[i], "more_body": more}

    return receive


def _run(coroutine):
    # In a thread of its own: the browser tests keep an event loop running in this one.
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


def test_a_streamed_body_is_cut_off_at_the_limit():
    chunks = [b"x" * 400] * 10  # 4000 bytes with no declared length
    taken: list[int] = []
    scope = {"type": "http", "method": "POST", "headers": [], "path": "/sparql"}
    request = Request(scope, _receive_chunks(chunks, taken))
    with pytest.raises(_Refused) as refused:
        _run(read_bounded(request, 1000))
    assert refused.value.status == 413 and "1000 bytes" in refused.value.message
    assert len(taken) == 3  # stopped at the chunk that crossed the limit


def test_a_streamed_body_within_the_limit_is_read_whole():
    chunks = [b"ASK ", b"{ ", b"}"]
    scope = {"type": "http", "method": "POST", "headers": []}
    request = Request(scope, _receive_chunks(chunks, []))
    assert _run(read_bounded(request, 1000)) == b"ASK { }"


def test_query_string_with_unicode(served):
    query = "SELECT ?s WHERE { ?s skos:altLabel '视联动力'@zh }"
    reply = served.get("/sparql?" + urllib.parse.urlencode({"query": query}))
    assert json.loads(reply.body)["results"]["bindings"][0]["s"]["value"] == VV


def test_answers_are_cached_except_volatile_ones(served):
    query = f"SELECT ?alias WHERE {{ <{VV}> skos:altLabel ?alias }} # cache probe"
    first, second = served.query(query), served.query(query)
    assert first.header("x-cache") == "miss" and second.header("x-cache") == "hit"
    assert second.body == first.body
    other_type = served.query(query, accept="text/csv")
    assert other_type.header("x-cache") == "miss"
    now = "SELECT (NOW() AS ?t) WHERE {}"
    assert served.query(now).header("x-cache") == "miss"
    assert served.query(now).header("x-cache") == "miss"
