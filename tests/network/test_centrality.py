"""Degree, betweenness, PageRank on the seed graph, on both engines."""

from __future__ import annotations

import pytest

from kg.network.centrality import betweenness, centrality, pagerank


def test_yuzhong_is_the_hub(graph, iri):
    frame = centrality(graph)
    assert frame.iloc[0]["iri"] == iri("place", "yuzhong")
    by_degree = centrality(graph, by="degree", top=1)
    assert by_degree.iloc[0]["名称"] == "渝中区"
    yz = iri("place", "yuzhong")
    neighbours = set(graph.successors(yz)) | set(graph.predecessors(yz))
    assert by_degree.iloc[0]["degree"] == len(neighbours) > 50
    assert list(frame.columns[:2]) == ["名称", "name"]


def test_engines_agree(graph):
    a, b = pagerank(graph, engine="networkx"), pagerank(graph, engine="rustworkx")
    assert a.keys() == b.keys()
    assert max(abs(a[n] - b[n]) for n in a) < 1e-6
    assert sum(a.values()) == pytest.approx(1.0)
    (x, ex), (y, ey) = betweenness(graph, engine="networkx"), betweenness(graph, engine="rustworkx")
    assert (ex, ey) == ("networkx", "rustworkx")
    assert max(abs(x[n] - y[n]) for n in x) < 1e-9


def test_sampled_betweenness_is_reproducible(graph):
    first, engine = betweenness(graph, k=20, seed=1)
    again, _ = betweenness(graph, k=20, seed=1)
    assert first == again
    assert engine == "networkx (k=20 sampled sources)"


def test_group_filter_top_and_engines_record(graph):
    frame = centrality(graph, groups=("Organization",), top=5, engine="rustworkx")
    assert len(frame) == 5 and set(frame["group"]) == {"Organization"}
    assert frame.attrs["engines"]["pagerank"] == "rustworkx"
    with pytest.raises(ValueError):
        centrality(graph, by="closeness")
    with pytest.raises(ValueError):
        centrality(graph, engine="igraph")


def test_only_the_measures_asked(graph):
    frame = centrality(graph, measures=("degree", "pagerank"))
    assert "betweenness" not in frame.columns
    assert set(frame.attrs["engines"]) == {"degree", "pagerank"}
    with pytest.raises(ValueError, match="cannot sort by"):
        centrality(graph, by="betweenness", measures=("pagerank",))
