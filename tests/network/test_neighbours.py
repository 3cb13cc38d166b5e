"""Ego networks on the seed graph: 视联动力's neighbourhood."""

from __future__ import annotations

import pytest

from kg.network.neighbours import ego, neighbours_frame


def test_visionvera_neighbourhood(graph, iri):
    frame = neighbours_frame(graph, iri("org", "visionvera"))
    assert set(frame["名称"]) == {
        "新型国产算力集群",
        "重庆—新疆算力传输通道",
        "视联网数字安全网络底座",
        "新型安全通信协议技术",
        "渝中区",
        "算力经济",
        "国家数据局",  # conferred its recognition (folded achievement)
        "哈密市",  # where its flagship achievement is
    }
    assert set(frame["distance"]) == {1}
    led = frame.set_index("名称").loc["新型国产算力集群"]
    assert led["经由"] == "视联动力 —牵头建设→"
    assert led["via"] == "Visionvera —leads→"
    assert list(frame.columns[:2]) == ["名称", "name"]


def test_radius_two_reaches_the_hub(graph, iri):
    frame = neighbours_frame(graph, iri("org", "visionvera"), radius=2)
    hub = frame.set_index("iri").loc[iri("project", "chongqing-computing-hub")]
    assert hub["distance"] == 2
    assert frame["distance"].is_monotonic_increasing


def test_ego_graph_for_the_views(graph, iri):
    vv = iri("org", "visionvera")
    sub = ego(graph, vv, radius=1)
    assert sub.number_of_nodes() == 9
    assert sub.nodes[vv]["distance"] == 0
    assert sub.graph["center"] == vv
    assert sub.has_edge(iri("project", "hami-computing-cluster"), vv, "yz:ledBy")
    sub.nodes[vv]["label_zh"] = "changed"
    assert graph.nodes[vv]["label_zh"] != "changed"  # a copy


def test_errors(graph, iri):
    with pytest.raises(KeyError):
        ego(graph, iri("org", "nobody"))
    with pytest.raises(ValueError):
        ego(graph, iri("org", "visionvera"), radius=-1)
