"""Exports re-import into NetworkX with the same nodes, edges and attributes."""

from __future__ import annotations

import pytest

from kg.network import exports
from kg.network.project import project


@pytest.fixture(scope="module", params=["semantic", "full"])
def views(request, store, graph):
    return graph if request.param == "semantic" else project(store, semantic=False)


def _same(a, b):
    assert a.number_of_nodes() == b.number_of_nodes()
    assert a.number_of_edges() == b.number_of_edges()
    assert set(a.edges(keys=True)) == set(b.edges(keys=True))


def test_graphml_round_trip(views, tmp_path):
    exports.write_graphml(views, tmp_path / "g.graphml")
    back = exports.read_graphml(tmp_path / "g.graphml")
    _same(views, back)
    text = (tmp_path / "g.graphml").read_text(encoding="utf-8")
    assert "重庆算力枢纽" in text  # UTF-8, not escaped


def test_gexf_round_trip(views, tmp_path):
    exports.write_gexf(views, tmp_path / "g.gexf")
    _same(views, exports.read_gexf(tmp_path / "g.gexf"))


def test_csv_round_trip(views, tmp_path):
    written = exports.write(views, "csv", tmp_path / "yz")
    assert [p.name for p in written] == ["yz-nodes.csv", "yz-edges.csv"]
    _same(views, exports.read_csv(*written))


def test_lists_and_records_survive(graph, iri, tmp_path):
    vv = iri("org", "visionvera")
    exports.write_graphml(graph, tmp_path / "g.graphml")
    exports.write_gexf(graph, tmp_path / "g.gexf")
    for back in (
        exports.read_graphml(tmp_path / "g.graphml"),
        exports.read_gexf(tmp_path / "g.gexf"),
    ):
        node = back.nodes[vv]
        assert node["sectors"] == ["EMG-CMP"]
        assert sorted(node["aliases"]) == ["Visionvera", "视联动力"]
        assert node["achievements"] == graph.nodes[vv]["achievements"]
        assert (node["kind"], node["group"]) == ("Company", "Organization")
        edge = back.edges[iri("project", "hami-computing-cluster"), vv, "yz:ledBy"]
        assert edge["label_zh"] == "牵头单位" and edge["key"] == "yz:ledBy"


def test_flatten_leaves_only_scalars(graph):
    flat = exports.flatten(graph)
    for _, a in flat.nodes(data=True):
        assert all(isinstance(v, str | int | float | bool) for v in a.values())


def test_unknown_format(graph, tmp_path):
    with pytest.raises(ValueError):
        exports.write(graph, "dot", tmp_path / "g.dot")
