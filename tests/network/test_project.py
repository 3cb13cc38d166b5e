"""Projection of the seed graph onto NetworkX: nodes, edges, folding, CONSTRUCT results."""

from __future__ import annotations

from collections import Counter

import pytest

from kg.network.project import ENTITY_GROUPS, GROUPS, curie, project, project_construct
from kg.queries import run_query

BASE = "https://w3id.org/yuzhong-kg/"
VV = BASE + "org/visionvera"
HAMI_CLUSTER = BASE + "project/hami-computing-cluster"
CHANNEL = BASE + "project/chongqing-xinjiang-computing-channel"
YUZHONG = BASE + "place/yuzhong"


@pytest.fixture(scope="module")
def semantic(store):
    return project(store, cited=True)


@pytest.fixture(scope="module")
def full(store):
    return project(store, semantic=False)


def test_semantic_view_keeps_the_entities_of_the_tables(semantic):
    groups = Counter(d["group"] for _, d in semantic.nodes(data=True))
    # organizations.csv 31 rows, places.csv 37, projects.csv 34, events.csv 12,
    # and the 16 concepts of the 4311 scheme.
    assert groups == {"Organization": 31, "Place": 37, "Project": 34, "Event": 12, "Sector": 16}
    assert set(groups) <= ENTITY_GROUPS
    assert semantic.graph["view"] == "semantic"


def test_node_attributes_follow_the_contract(semantic):
    vv = semantic.nodes[VV]
    assert vv["iri"] == VV
    assert vv["kind"] == "Company"
    assert vv["group"] == "Organization"
    assert vv["label_zh"] == "视联动力信息技术股份有限公司"
    assert vv["label_en"].startswith("Visionvera")
    assert set(vv["aliases"]) == {"视联动力", "Visionvera"}
    assert vv["sectors"] == ["EMG-CMP"]
    assert vv["source"] == BASE + "citation/org-visionvera"
    assert vv["settled"] == "2024-07"
    for _, d in semantic.nodes(data=True):
        assert d["group"] in GROUPS
        assert isinstance(d["aliases"], list) and isinstance(d["sectors"], list)


def test_a_node_of_two_kinds_lists_both(semantic):
    node = semantic.nodes[BASE + "org/china-pension-insurance"]
    assert set(node["kinds"]) == {"Company", "FinancialInstitution"}
    assert node["kind"] in node["kinds"]


def test_sector_concepts_carry_their_own_notation(semantic):
    cmp_ = semantic.nodes[BASE + "sector/computing-power"]
    assert cmp_["kind"] == "SubSector" and cmp_["sectors"] == ["EMG-CMP"]


def test_edges_carry_predicate_labels_and_citation(semantic):
    data = semantic.edges[HAMI_CLUSTER, VV, "yz:ledBy"]
    assert data["predicate"] == "https://w3id.org/yuzhong-kg/def#ledBy"
    assert data["key"] == "yz:ledBy"
    assert (data["label_zh"], data["label_en"]) == ("牵头单位", "led by")
    assert data["source"] == BASE + "citation/project-hami-computing-cluster"
    assert data["inferred"] is False
    assert semantic.has_edge(HAMI_CLUSTER, CHANNEL, "yz:supports")


def test_achievements_fold_into_their_enterprise(semantic):
    records = semantic.nodes[VV]["achievements"]
    assert len(records) == 6
    latency = next(r for r in records if r["iri"].endswith("visionvera-channel-latency"))
    assert latency["value"] == pytest.approx(0.56)
    assert (latency["comparator"], latency["unit"]) == ("AtMost", "MilliSEC")
    assert (latency["per_value"], latency["per_unit"]) == (100, "KiloM")
    assert latency["source"] == BASE + "citation/achievement-visionvera-channel-latency"
    # The recognition's link to its conferring body survives as a derived edge.
    nda = BASE + "org/national-data-administration"
    edge = semantic.edges[VV, nda, "yz:hasAchievement/yz:conferredBy"]
    assert edge["via"] == [BASE + "achievement/visionvera-nda-typical-case"]


def test_observations_fold_into_area_and_sector(semantic):
    obs = semantic.nodes[YUZHONG]["observations"]
    share = next(r for r in obs if r["iri"].endswith("gdp-share-of-city-2024"))
    assert share["indicator_zh"] == "地区生产总值"
    assert share["period_zh"] == "2024年"
    assert (share["measure"], share["unit"], share["value"]) == ("Share", "PERCENT", 5.4)
    fin = semantic.nodes[BASE + "sector/modern-finance"]
    assert any(r["iri"].endswith("industry-fund-size-2025") for r in fin["observations"])
    assert "保费收入" in fin["indicators"]


def test_provenance_folds_into_cited_records(semantic):
    cited = semantic.nodes[VV]["cited"]
    assert cited == [
        {
            "citation": BASE + "citation/org-visionvera",
            "document": BASE + "source/yz2504",
            "document_zh": cited[0]["document_zh"],
            "section": BASE + "section/yz2504-emerging",
            "section_zh": "新兴产业渐成规模 算力经济向“新”而行",
            "section_en": cited[0]["section_en"],
            "start": 750,
            "end": 800,
        }
    ]


def test_citation_records_only_on_request(store, semantic):
    lean = project(store)
    assert "cited" not in lean.nodes[VV]
    assert lean.nodes[VV]["sources"] == semantic.nodes[VV]["sources"]
    assert lean.number_of_edges() == semantic.number_of_edges()


def test_semantic_view_drops_backward_restatements(semantic):
    keys = {k for *_, k in semantic.edges(keys=True)}
    assert "skos:narrower" not in keys and "schema:containsPlace" not in keys
    assert "skos:broader" in keys
    assert not any(k.startswith("prov:") for k in keys)


def test_full_view_has_every_resource_but_no_types_or_entailments(full, semantic):
    groups = Counter(d["group"] for _, d in full.nodes(data=True))
    assert groups["Achievement"] == 14
    assert groups["Observation"] == 67
    assert groups["Source"] > 195  # citations, selectors, sections, documents
    keys = {k for *_, k in full.edges(keys=True)}
    assert "rdf:type" not in keys
    assert "yz:hasAchievement" not in keys  # inferred only
    assert set(semantic.nodes) < set(full.nodes)
    assert full.graph["view"] == "full"


def test_inferred_edges_on_request(store):
    g = project(store, semantic=False, inferred=True)
    data = g.edges[VV, BASE + "achievement/visionvera-hami-cluster", "yz:hasAchievement"]
    assert data["inferred"] is True


def test_project_construct_from_a_result_with_the_store(store):
    result = run_query(store, "CONSTRUCT { ?a yz:supports ?b } WHERE { ?a yz:supports ?b }")
    g = project_construct(result, store=store)
    assert g.number_of_edges() == 5
    assert g.nodes[CHANNEL]["label_zh"] == "重庆—新疆算力传输通道"
    assert g.nodes[CHANNEL]["kind"] == "Facility" and g.nodes[CHANNEL]["group"] == "Project"
    assert g.nodes[CHANNEL]["sectors"] == ["EMG-CMP"]
    assert g.edges[HAMI_CLUSTER, CHANNEL, "yz:supports"]["label_zh"] == "支撑"


def test_project_construct_without_a_store_uses_the_ontology_files(store):
    triples = store.query(
        "CONSTRUCT { ?a <https://w3id.org/yuzhong-kg/def#ledBy> ?b } "
        "WHERE { ?a <https://w3id.org/yuzhong-kg/def#ledBy> ?b }",
        use_default_graph_as_union=True,
    )
    g = project_construct(triples, semantic=False)
    assert g.number_of_edges() == 16
    assert {d["label_en"] for *_, d in g.edges(data=True)} == {"led by"}
    assert g.nodes[VV]["kind"] == "Resource"


def test_project_construct_refuses_a_select_result(store):
    result = run_query(store, "SELECT ?s WHERE { ?s a yz:Zone }")
    with pytest.raises(TypeError):
        project_construct(result)


def test_curie():
    assert curie("https://w3id.org/yuzhong-kg/def#ledBy") == "yz:ledBy"
    assert curie("https://example.org/x") == "<https://example.org/x>"


def test_graph_records_the_class_hierarchy(semantic):
    from kg.network.project import is_a

    classes = semantic.graph["classes"]
    assert classes["PatentPortfolio"]["label_zh"] == "专利与知识产权成果"
    assert "Enterprise" in classes["Company"]["ancestors"]
    assert is_a(semantic, VV, "Enterprise")
    assert not is_a(semantic, BASE + "org/miit", "Enterprise")


def test_bulk_links_match_networkx_own_insertion(semantic, full):
    import networkx as nx

    for g in (semantic, full):
        ref = nx.MultiDiGraph()
        ref.add_nodes_from(g.nodes(data=True))
        ref.add_edges_from(g.edges(keys=True, data=True))
        assert nx.utils.edges_equal(g.edges(keys=True, data=True), ref.edges(keys=True, data=True))
        assert dict(g.in_degree()) == dict(ref.in_degree())
        assert dict(g.out_degree()) == dict(ref.out_degree())
        assert all(g._pred[v][u] is g._succ[u][v] for u, v in g.edges())
