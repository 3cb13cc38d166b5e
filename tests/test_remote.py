"""Remote stores: the same build, named queries and answers on a real SPARQL server.

The server is the Oxigraph server from PyPI (``oxigraph serve``), started on
127.0.0.1 for this module and stopped after it.
"""

from __future__ import annotations

import json
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner
from pyoxigraph import BlankNode, DefaultGraph, NamedNode, Quad

from kg.cli import main
from kg.config import Settings
from kg.errors import KgError, QueryError
from kg.graph.build import build
from kg.network.project import project
from kg.queries import find_query, list_queries, run_query
from kg.remote import RemoteError, RemoteStore, connect, inject_values
from kg.resolve import resolve
from kg.snapshot import SnapshotCache, SnapshotTooLarge, snapshot

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
        ego = served.get("/explore/ego/frame", iri=BASE + "org/visionvera")
    assert reply.status == 200
    lines = reply.text.strip().splitlines()
    assert len(lines) - 1 == len(run_query(store, text).rows)
    assert page.status == 200 and "视联动力" in page.text
    # The entity page frames its ego view, which is drawn from a copy of the remote store.
    frame = "/explore/ego/frame?iri=https%3A%2F%2Fw3id.org%2Fyuzhong-kg%2Forg%2Fvisionvera"
    assert frame in page.text
    assert ego.status == 200, ego.text
    assert ego.header("content-type").startswith("text/html")
    assert "视联动力" in ego.text and "kg-view-data" in ego.text


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


# -- snapshots: the views of a remote store are drawn from a copy in memory ------------------------


def graph_sizes(store) -> dict[str, int]:
    """Quads per named graph of a pyoxigraph store."""
    return {
        g.value: sum(1 for _ in store.quads_for_pattern(None, None, None, g))
        for g in store.named_graphs()
    }


def sparql_only(settings: Settings) -> RemoteStore:
    """The remote store without its Graph Store Protocol URL: copies go through SPARQL."""
    return RemoteStore(str(settings.store), graph_prefix=settings.graph(""))


@pytest.mark.parametrize("protocol", ["gsp", "sparql"])
def test_snapshot_copies_each_graph_of_the_build(store, remote_settings, protocol):
    remote = connect(remote_settings) if protocol == "gsp" else sparql_only(remote_settings)
    assert (remote.gsp_url is not None) == (protocol == "gsp")
    copy = snapshot(remote, page=1000)  # the larger graphs take several pages
    expected = graph_sizes(store)
    assert len(expected) >= 5 and max(expected.values()) > 1000
    assert graph_sizes(copy) == expected
    assert not any(True for _ in copy.quads_for_pattern(None, None, None, DefaultGraph()))


def test_projection_of_a_remote_store_is_the_embedded_one(store, remote_settings):
    remote = project(connect(remote_settings), cited=True)  # copied into memory on the way
    embedded = project(store, cited=True)
    assert embedded.number_of_nodes() > 100
    assert set(remote.nodes) == set(embedded.nodes)

    def edges(g):
        # A link derived through several records (``yz:hasAchievement/…``) cites one
        # of them, whichever the store lists first: its source is left out.
        return {
            (u, v, k, d["graph"], d["inferred"], None if "/" in k else d["source"])
            for u, v, k, d in g.edges(keys=True, data=True)
        }

    def facts(g):
        return {
            n: (d["group"], d["kind"], d["label"], sorted(d.get("sectors", ())), d.get("source"))
            for n, d in g.nodes(data=True)
        }

    assert edges(remote) == edges(embedded)
    assert facts(remote) == facts(embedded)
    assert any((edge[3] or "").endswith("graph/yz2504") for edge in edges(remote))


def test_snapshot_refuses_a_store_over_the_limit(store, remote_settings):
    size = len(store)
    with pytest.raises(SnapshotTooLarge) as refused:
        snapshot(connect(remote_settings), limit=size - 1)
    assert isinstance(refused.value, RemoteError)
    message = str(refused.value)
    assert remote_settings.store in message
    assert f"{size:,} triples" in message and f"the {size - 1:,} that" in message
    assert len(snapshot(connect(remote_settings), limit=size)) == size


def test_sparql_copy_notices_answers_cut_short(remote_settings, monkeypatch):
    original = RemoteStore.query

    def capped(self, query, **kwargs):  # a server that returns at most 900 triples an answer
        answer = original(self, query, **kwargs)
        return answer[:900] if isinstance(answer, list) else answer

    monkeypatch.setattr(RemoteStore, "query", capped)
    with pytest.raises(RemoteError, match="cuts its answers short"):
        snapshot(sparql_only(remote_settings), page=1000)


def test_snapshot_cache_keeps_its_copy_for_its_ttl(remote_settings):
    remote = connect(remote_settings)
    kept, fresh = SnapshotCache(remote, ttl=3600), SnapshotCache(remote, ttl=0)
    first = kept.get()
    fresh.get()
    graph = NamedNode(remote_settings.graph("zz-added"))
    added = Quad(
        NamedNode(BASE + "org/added"), NamedNode(BASE + "def#p"), NamedNode(BASE + "x"), graph
    )
    remote.update(f"INSERT DATA {{ GRAPH {graph} {{ {added.triple} . }} }}")
    try:
        assert kept.get() is first and added not in first
        assert added in fresh.get()
    finally:
        remote.update(f"DROP GRAPH {graph}")


def view_nodes(path: Path) -> list[str]:
    text = path.read_text(encoding="utf-8")
    block = re.search(r'<script type="application/json" id="kg-view-data">(.*?)</script>', text)
    assert block is not None
    return sorted(node["iri"] for node in json.loads(block.group(1))["nodes"])


def test_kg_viz_on_a_remote_store(remote_settings, seed_settings, tmp_path, monkeypatch):
    runner = CliRunner()
    nodes = {}
    for name, where in (("remote", remote_settings.store), ("embedded", seed_settings.store)):
        out = tmp_path / f"{name}.html"
        args = ["viz", "ego", "视联动力", "-o", str(out), "--store", str(where)]
        result = runner.invoke(main, args)
        assert result.exit_code == 0, result.output
        nodes[name] = view_nodes(out)
    assert BASE + "org/visionvera" in nodes["embedded"] and len(nodes["embedded"]) > 3
    assert nodes["remote"] == nodes["embedded"]

    monkeypatch.setenv("KG_SNAPSHOT_LIMIT", "100")
    out = tmp_path / "refused.html"
    args = ["viz", "ego", "视联动力", "-o", str(out), "--store", remote_settings.store]
    result = runner.invoke(main, args)
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit)
    assert "error: the remote store" in result.output and "more than the 100" in result.output
    assert not out.exists()


def test_kg_export_on_a_remote_store(remote_settings, seed_settings, tmp_path):
    from pyoxigraph import RdfFormat, parse

    counts = {}
    for name, where in (("remote", remote_settings.store), ("embedded", seed_settings.store)):
        out = tmp_path / f"{name}.nq"
        args = ["export", "-f", "nquads", "-o", str(out), "--store", str(where)]
        result = CliRunner().invoke(main, args)
        assert result.exit_code == 0, result.output
        quads = list(parse(path=str(out), format=RdfFormat.N_QUADS))
        counts[name] = Counter(q.graph_name.value for q in quads)
    assert counts["remote"] == counts["embedded"] and sum(counts["embedded"].values()) > 5000
