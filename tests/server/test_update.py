"""SPARQL Update: refused without the write token, applied with it (on a throwaway store)."""

from __future__ import annotations

import json

import pytest

from kg.config import Settings
from kg.graph.build import build

NEW = "https://w3id.org/yuzhong-kg/org/example-newco"
INSERT = f"""INSERT DATA {{ GRAPH <https://w3id.org/yuzhong-kg/graph/edits> {{
  <{NEW}> a yz:Company ; skos:prefLabel "新公司"@zh, "NewCo"@en }} }}"""
ASK = f"ASK {{ <{NEW}> skos:prefLabel 'NewCo'@en }}"


@pytest.fixture(scope="module")
def writable(tmp_path_factory, serve_server):
    settings = Settings(store=tmp_path_factory.mktemp("writable") / "store")
    build(settings)
    with serve_server(
        "--store", str(settings.store), "--workers", "2", env={"KG_WRITE_TOKEN": "t0ken-for-tests"}
    ) as s:
        yield s


def asked(served) -> bool:
    return json.loads(served.query(ASK).body)["boolean"]


def test_update_without_or_with_a_wrong_token_is_refused(writable):
    assert writable.post_form("/sparql", {"update": INSERT}).status == 403
    wrong = writable.post_form("/sparql", {"update": INSERT}, {"Authorization": "Bearer nope"})
    assert wrong.status == 403
    basic = writable.post_form("/sparql", {"update": INSERT}, {"Authorization": "Basic dDA="})
    assert basic.status == 403
    assert asked(writable) is False


def test_update_with_the_token_is_applied_and_seen_by_every_worker(writable):
    auth = {"Authorization": "Bearer t0ken-for-tests"}
    reply = writable.request(
        "POST",
        "/sparql",
        data=INSERT.encode(),
        headers={"Content-Type": "application/sparql-update", **auth},
    )
    assert reply.status == 204
    assert all(asked(writable) for _ in range(6))  # both workers see it
    page = writable.get("/org/example-newco", headers={"Accept": "text/html"})
    assert page.status == 200 and "NewCo" in page.text
    description = writable.get("/sparql", headers={"Accept": "text/turtle"}).text
    assert "SPARQL11Update" in description
    # Updates see the store's own default graph, not the union: name the graphs.
    delete = f"DELETE WHERE {{ GRAPH ?g {{ <{NEW}> ?p ?o }} }}"
    removed = writable.post_form("/sparql", {"update": delete}, auth)
    assert removed.status == 204
    assert asked(writable) is False


def test_malformed_update_gets_400(writable):
    auth = {"Authorization": "Bearer t0ken-for-tests"}
    reply = writable.post_form("/sparql", {"update": "INSERT DATA { <a> }"}, auth)
    assert reply.status == 400 and reply.text.startswith("error at 1:")


def test_a_new_build_is_picked_up_without_restart(tmp_path, serve_server):
    import shutil
    import time

    from kg.config import DATA_DIR
    from tests.conftest import edit_cell

    data = tmp_path / "data"
    shutil.copytree(DATA_DIR, data)
    settings = Settings(store=tmp_path / "store", data_dir=data)
    build(settings)
    ask = "ASK { ?s skos:altLabel 'Visionvera Rebuilt'@en }"
    with serve_server("--store", str(settings.store), "--workers", "2") as s:
        assert json.loads(s.query(ask).body)["boolean"] is False
        edit_cell(data, "organizations.csv", "visionvera", "alt_en", "Visionvera Rebuilt")
        build(settings)
        seen = []
        for _ in range(50):  # the server looks at the store's `current` link once a second
            seen.append(json.loads(s.query(ask).body)["boolean"])
            if seen[-1]:
                break
            time.sleep(0.2)
        assert seen[-1] is True
        page = s.get("/org/visionvera", headers={"Accept": "text/html"})
        assert "Visionvera Rebuilt" in page.text
