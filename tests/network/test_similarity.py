"""Enterprises like 视联动力 on the seed graph, with reasons."""

from __future__ import annotations

import pytest

from kg.network.similarity import features, similar


def test_tuzuo_linjie_is_most_like_visionvera(graph, iri):
    frame = similar(graph, iri("org", "visionvera"))
    best = frame.iloc[0]
    assert best["iri"] == iri("org", "tuzuo-linjie")
    assert "同属 新兴产业集群 (EMG)" in best["理由"]
    assert "both in emerging-industry cluster (EMG)" in best["reasons"]
    assert "均有 专利与知识产权成果" in best["理由"]
    assert frame["score"].is_monotonic_decreasing
    assert 0 < best["score"] <= 1
    assert iri("org", "visionvera") not in set(frame["iri"])


def test_only_enterprises_unless_asked(graph, iri):
    frame = similar(graph, iri("org", "visionvera"), top=None)
    assert set(frame["kind"]) <= {"Company", "BranchOffice", "FinancialInstitution", "Group"}
    wide = similar(graph, iri("org", "cisdi-qizhi"), top=None, candidates="Organization")
    assert "GovernmentBody" not in set(frame["kind"]) and len(wide) >= len(frame) - 30


def test_features_include_broader_sectors_places_and_partners(graph, iri):
    f = features(graph, iri("org", "visionvera"))
    assert ("sector", iri("sector", "emerging-cluster")) in f
    assert ("zone", iri("place", "chongqing")) in f
    assert ("achievement", "PatentPortfolio") in f
    assert ("partner", iri("org", "national-data-administration")) in f
    signing = features(graph, iri("org", "dongfang-shuzhi"))
    assert ("partner", iri("org", "yimai-ai-medical")) in signing


def test_unknown_node(graph, iri):
    with pytest.raises(KeyError):
        similar(graph, iri("org", "nobody"))
