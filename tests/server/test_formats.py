"""Content negotiation and the result serialisers, without a server."""

from __future__ import annotations

import json

from pyoxigraph import BlankNode, Literal, NamedNode, QueryResultsFormat, Store, parse_query_results

from kg.server.execute import evaluate
from kg.server.formats import (
    GRAPH_TYPES,
    SOLUTION_TYPES,
    accept_list,
    negotiate,
    solutions_bytes,
)

ROW = [NamedNode("http://e/a"), Literal("视联\t动力", language="zh"), BlankNode("b0"), None]
VARS = ["iri", "label", "node", "unbound"]


def test_accept_list_orders_by_quality_then_specificity():
    assert accept_list("*/*;q=0.1, text/*;q=0.5, text/csv;q=0.5, application/json") == [
        "application/json",
        "text/csv",
        "text/*",
        "*/*",
    ]
    assert accept_list("text/csv;q=0") == []
    assert accept_list(None) == ["*/*"]


def test_negotiate():
    assert negotiate("application/json", SOLUTION_TYPES) == "application/sparql-results+json"
    assert negotiate("text/plain", GRAPH_TYPES) == "application/n-triples"
    assert negotiate("application/*", GRAPH_TYPES) == "application/n-triples"
    assert negotiate("text/html", SOLUTION_TYPES) is None
    assert negotiate("application/json", ("text/html", "application/json")) == "application/json"


def test_serialised_rows_read_back_the_same():
    for media, fmt in (
        ("application/sparql-results+json", QueryResultsFormat.JSON),
        ("application/sparql-results+xml", QueryResultsFormat.XML),
        ("text/tab-separated-values", QueryResultsFormat.TSV),
    ):
        body = solutions_bytes(VARS, [ROW], media)
        solutions = list(parse_query_results(body, format=fmt))
        assert solutions[0]["iri"] == ROW[0] and solutions[0]["label"] == ROW[1]
        assert isinstance(solutions[0]["node"], BlankNode) and solutions[0]["unbound"] is None
    csv = solutions_bytes(VARS, [ROW], "text/csv").decode()
    assert csv.splitlines()[1] == "http://e/a,视联\t动力,_:b0,"


def test_truncated_json_is_marked():
    doc = json.loads(solutions_bytes(["x"], [[Literal("1")]], SOLUTION_TYPES[0], truncated=True))
    assert doc["truncated"] is True


def test_evaluate_cuts_at_the_limit_and_chooses_by_form():
    store = Store()
    store.update("INSERT DATA { GRAPH <http://e/g> { <http://e/a> <http://e/p> 1, 2, 3 } }")
    answer = evaluate(store, query="SELECT ?o { ?s ?p ?o }", accept=["*/*"], limit=2)
    assert answer.truncated and answer.count == 2
    assert answer.media == "application/sparql-results+json"
    graph = evaluate(store, query="CONSTRUCT WHERE { ?s ?p ?o }", accept=["*/*"], limit=5)
    assert graph.media == "text/turtle" and not graph.truncated and graph.count == 3
    refused = evaluate(store, query="ASK {}", accept=["text/turtle"], limit=5)
    assert refused.status == 406


def test_form_decoding_matches_the_standard_library():
    import random
    import urllib.parse

    from kg.server.sparql import form_fields

    random.seed(7)
    alphabet = 'aZ09 =%+&#\t"<>{}?~*()视联' + chr(0x1F600)
    for _ in range(3000):
        value = "".join(random.choice(alphabet) for _ in range(random.randint(0, 30)))
        body = urllib.parse.urlencode([("query", value), ("default-graph-uri", value[::-1])])
        expected: dict[str, list[str]] = {}
        for k, v in urllib.parse.parse_qsl(body, keep_blank_values=True):
            expected.setdefault(k, []).append(v)
        assert form_fields(body.encode()) == expected
        # Lower-case escapes, malformed escapes and raw line breaks decode alike too.
        for odd in (body.lower(), body.replace("%2", "%z", 1) + "&raw=a%0Ab\nc"):
            expected_odd: dict[str, list[str]] = {}
            for k, v in urllib.parse.parse_qsl(odd, keep_blank_values=True):
                expected_odd.setdefault(k, []).append(v)
            assert form_fields(odd.encode()) == expected_odd
