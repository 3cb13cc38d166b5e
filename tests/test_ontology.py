"""Quality checks of the ontology and of the named queries' files."""

import re

import pytest
from pyoxigraph import RdfFormat, Store

from kg.config import ONTOLOGY_DIR
from kg.queries import list_queries, run_query

CHECKS = [q for q in list_queries() if q.name.endswith("-violation")]


@pytest.mark.parametrize("check", CHECKS, ids=lambda q: q.name)
def test_quality_check_finds_nothing(store, check):
    assert run_query(store, check.text).values() == []


def test_quality_checks_can_fail():
    # the checks catch what they promise on a broken ontology
    broken = Store()
    broken.load(
        b"""@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
        @prefix owl: <http://www.w3.org/2002/07/owl#> .
        <https://w3id.org/yuzhong-kg/def#Thing> a owl:Class ; rdfs:label "thing"@en ;
          rdfs:isDefinedBy <https://w3id.org/yuzhong-kg/def> .
        <https://w3id.org/yuzhong-kg/def#Other> a owl:ObjectProperty ; rdfs:label "thing"@en ;
          rdfs:isDefinedBy <https://w3id.org/yuzhong-kg/def> .""",
        format=RdfFormat.TURTLE,
    )
    found = {q.name: len(run_query(broken, q.text).rows) for q in CHECKS}
    assert found["missing-label-violation"] == 2
    assert found["missing-definition-violation"] == 4
    assert found["duplicate-label-violation"] == 1
    assert found["property-without-range-violation"] == 1
    assert found["ontology-metadata-violation"] == 6


def test_every_query_file_has_a_header():
    for q in list_queries():
        for key in ("question@zh", "question@en", "columns", "empty"):
            assert q.header.get(key), f"{q.name}.rq lacks '# {key}:'"
        if q.name.startswith("cq"):
            assert re.fullmatch(r"cq\d\d-[a-z0-9-]+", q.name)


def test_every_turtle_file_parses():
    for path in ONTOLOGY_DIR.rglob("*.ttl"):
        s = Store()
        s.load(path=str(path), format=RdfFormat.TURTLE, base_iri="https://w3id.org/yuzhong-kg/")
        assert len(s) > 0, path


def test_import_term_lists_match_modules():
    for terms in (ONTOLOGY_DIR / "imports").glob("*_terms.txt"):
        module = terms.with_name(terms.name.replace("_terms.txt", "_import.ttl"))
        text = module.read_text(encoding="utf-8")
        for curie in terms.read_text(encoding="utf-8").split():
            assert re.search(rf"^{re.escape(curie)} ", text, flags=re.M), (
                f"{curie} not in {module.name}"
            )
