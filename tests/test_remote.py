"""Remote stores: the same build, named queries and answers on a real SPARQL server.

The server is the Oxigraph server from PyPI (``oxigraph serve``), started on
127.0.0.1 for this module and stopped after it.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from pyoxigraph import BlankNode

from kg.config import Settings
from kg.errors import KgError, QueryError
from kg.graph.build import build
from kg.queries import find_query, list_queries, run_query
from kg.remote import RemoteError, RemoteStore, connect, inject_values
from kg.resolve import resolve

BASE = "https://w3id.org/yuzhong-kg/"


def _oxigraph() -> str:
    found = shutil.which("oxigraph") or str(Path(sys.executable).parent / "oxigraph")
    if not Path(found).exists():
        pytest.fail("the `oxigraph` server is missing: pip install -e '.[dev]'")
    return found


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def oxigraph(tmp_path_factory):
    """URLs of an Oxigraph server on loopback: query, update, store (GSP)."""
    port = _free_port()
    location = tmp_path_factory.mktemp("oxigraph")
    process = subprocess.Popen(
        [_oxigraph(), "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    root = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"{root}/query?query=ASK%7B%7D", timeout=1).read()
                break
            except OSError:
                if process.poll() is not None:
                    pytest.fail(f"oxigraph serve exited: {process.stderr.read().decode()}")
                time.sleep(0.1)
        yield {"query": f"{root}/query", "update": f"{root}/update", "gsp": f"{root}/store"}
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        process.stderr.close()


@pytest.fixture(scope="module")
def remote_settings(oxigraph) -> Settings:
    settings = Settings(
        store=oxigraph["query"], update_url=oxigraph["update"], gsp_url=oxigraph["gsp"]
    )
    build(settings)
    return settings


def normalised(result) -> list[tuple]:
    """Rows as sorted tuples of strings; blank nodes (labels differ per store) as _:b."""
    rows = []
    for row in result.rows:
        rows.append(
            tuple(
                "_:b" if isinstance(t, BlankNode) else (None if t is None else str(t))
                for t in (row[v] for v in result.variables)
            )
        )
    return sorted(rows, key=repr)


def test_settings_take_a_url_as_store():
    s = Settings(store="http://127.0.0.1:1/query", update_url="http://127.0.0.1:1/update")
    assert s.remote and s.store == "http://127.0.0.1:1/query"
    assert not Settings(store="some/folder").remote
    assert isinstance(connect(s), RemoteStore)


@pytest.mark.parametrize("query", [q.name for q in list_queries()])
def test_named_queries_answer_the_same_remote_and_embedded(store, remote_settings, query):
    remote = connect(remote_settings)
    text = find_query(query).text
    embedded_result = run_query(store, text)
    remote_result = run_query(remote, text)
    assert remote_result.variables == embedded_result.variables
    assert normalised(remote_result) == normalised(embedded_result)
    if query.startswith("cq") and query not in ("cq08-sectors-without-enterprise",):
        assert embedded_result.rows  # the comparison is not between two empty answers


def test_bindings_work_remote(store, remote_settings):
    remote = connect(remote_settings)
    text = find_query("cq05").text
    who = resolve(remote, "Visionvera")
    assert who == BASE + "org/visionvera"
    bound_remote = run_query(remote, text, bindings={"enterprise": who})
    bound_embedded = run_query(store, text, bindings={"enterprise": who})
    assert normalised(bound_remote) == normalised(bound_embedded) != []
    other = run_query(remote, text, bindings={"enterprise": BASE + "place/yuzhong"})
    assert other.rows == []


def test_the_union_is_the_projects_graphs_only(remote_settings):
    remote = connect(remote_settings)
    other = "<http://example.org/other>"
    remote.update(
        f"INSERT DATA {{ GRAPH {other} {{ <http://example.org/x> a <http://example.org/Y> }} }}"
    )
    try:
        graphs = remote.graphs(refresh=True)
        assert graphs and all(g.startswith(BASE + "graph/") for g in graphs)
        assert run_query(remote, "ASK { <http://example.org/x> ?p ?o }").boolean is False
    finally:
        remote.update("DROP GRAPH <http://example.org/other>")


def test_rebuild_replaces_graphs_and_leaves_no_staging(oxigraph, remote_settings):
    remote = connect(remote_settings)
    count = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
    before = run_query(remote, count).values()[0]["n"]
    without_gsp = Settings(store=oxigraph["query"], update_url=oxigraph["update"])
    build(without_gsp)  # the INSERT DATA path
    assert run_query(remote, count).values()[0]["n"] == before
    staged = run_query(
        remote, f'ASK {{ GRAPH ?g {{ ?s ?p ?o }} FILTER(STRSTARTS(STR(?g), "{BASE}staging/")) }}'
    )
    assert staged.boolean is False


def test_failed_load_leaves_the_live_graphs(oxigraph, remote_settings, monkeypatch):
    remote = connect(remote_settings)
    count = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
    before = run_query(remote, count).values()[0]["n"]
    calls = []

    def failing_upload(self, graph, triples, *, first):
        calls.append(graph)
        if len(calls) > 2:
            raise RemoteError("connection dropped")
        return original(self, graph, triples, first=first)

    original = RemoteStore._upload
    monkeypatch.setattr(RemoteStore, "_upload", failing_upload)
    with pytest.raises(RemoteError):
        build(remote_settings)
    monkeypatch.undo()
    assert run_query(remote, count).values()[0]["n"] == before
    staged = run_query(
        remote, f'ASK {{ GRAPH ?g {{ ?s ?p ?o }} FILTER(STRSTARTS(STR(?g), "{BASE}staging/")) }}'
    )
    assert staged.boolean is False


def test_malformed_query_keeps_the_parser_message(remote_settings):
    with pytest.raises(QueryError, match="invalid SPARQL"):
        run_query(connect(remote_settings), "SELECT * WHERE { ?s ?p }")


def test_unreachable_server_is_a_clear_error():
    remote = RemoteStore(f"http://127.0.0.1:{_free_port()}/query", timeout=2)
    with pytest.raises(KgError, match="cannot reach"):
        run_query(remote, "ASK {}")


def test_kg_query_cli_on_a_remote_store(remote_settings, seed_settings):
    kg = str(Path(sys.executable).parent / "kg")
    remote = subprocess.run(
        [kg, "query", "cq05", "--format", "csv", "--store", remote_settings.store],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    embedded = subprocess.run(
        [kg, "query", "cq05", "--format", "csv", "--store", str(seed_settings.store)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert remote == embedded and "visionvera-hami-cluster" in remote


def test_kg_serve_on_a_remote_store(remote_settings, store):
    from tests.server.conftest import serve

    text = find_query("cq01").text
    with serve("--store", remote_settings.store, "--workers", "2") as served:
        reply = served.query(text, accept="text/tab-separated-values")
        page = served.get("/org/visionvera", headers={"Accept": "text/html"})
    assert reply.status == 200
    lines = reply.text.strip().splitlines()
    assert len(lines) - 1 == len(run_query(store, text).rows)
    assert page.status == 200 and "视联动力" in page.text


def test_inject_values_finds_the_outermost_group():
    iri = "<http://e/x>"
    assert inject_values("SELECT * WHERE { ?s ?p ?o }", {"s": iri}) == (
        "SELECT * WHERE { VALUES ?s { <http://e/x> } ?s ?p ?o }"
    )
    # Braces in comments, strings and IRIs are skipped; a CONSTRUCT template too.
    text = '# {\nCONSTRUCT { ?s <urn:a#b> "}" } WHERE { ?s ?p ?o }'
    out = inject_values(text, {"s": iri})
    assert out.endswith("WHERE { VALUES ?s { <http://e/x> } ?s ?p ?o }")
    assert inject_values("ASK { ?s ?p ?o }", {"s": iri}).startswith("ASK { VALUES ?s")
    with pytest.raises(QueryError):
        inject_values("CONSTRUCT WHERE { ?s ?p ?o }", {"s": iri})
