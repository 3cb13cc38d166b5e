"""Louvain communities of the seed graph and their summaries."""

from __future__ import annotations

from kg.network.communities import communities, partition


def test_partition_covers_the_connected_entities_without_sectors(graph):
    parts = partition(graph)
    members = set().union(*parts)
    assert all(graph.nodes[n]["group"] != "Sector" for n in members)
    assert sum(len(p) for p in parts) == len(members)  # disjoint
    assert parts == partition(graph)  # seeded: reproducible


def test_summaries_name_sectors_and_zones(graph, iri):
    frame = communities(graph)
    assert frame.attrs["modularity"] > 0.4
    membership = frame.attrs["membership"]
    vv, cluster = iri("org", "visionvera"), iri("project", "hami-computing-cluster")
    assert membership[vv] == membership[cluster]
    row = frame[frame["community"] == membership[vv]].iloc[0]
    assert "算力经济" in row["主导产业"] and "EMG-CMP" in row["sectors"]
    health = frame[frame["主导产业"].str.startswith("大健康")].iloc[0]
    assert "环重医大健康产业园" in health["主要区域"]
    assert list(frame.columns[:3]) == ["主要成员", "主导产业", "主要区域"]
    assert frame["size"].is_monotonic_decreasing


def test_with_sectors_puts_sectors_in_communities(graph):
    membership = communities(graph, with_sectors=True).attrs["membership"]
    assert any(graph.nodes[n]["group"] == "Sector" for n in membership)
