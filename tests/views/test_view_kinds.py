"""Each view on the seed graph: what it draws, where, and what it highlights."""

from __future__ import annotations

import html
import re

import pytest

from kg import views as kv
from kg.errors import QueryError
from kg.network.paths import NoPath
from kg.views import views
from kg.views.notebook import show


def test_whole_draws_every_entity_with_a_position(seed_graph):
    view = views.whole(seed_graph)
    assert set(view.graph) == set(seed_graph)
    assert view.graph.number_of_edges() == seed_graph.number_of_edges()
    assert set(view.positions) == set(seed_graph)
    assert view.note_zh == ""


def test_whole_over_budget_folds_and_says_so(seed_graph):
    view = views.whole(seed_graph, budget=60)
    assert view.graph.number_of_nodes() <= 60
    assert view.total == seed_graph.number_of_nodes()
    assert "60" in view.note_zh and "ego" in view.note_en


def test_ego_is_the_centre_and_its_neighbours_in_rings(seed_graph, iri):
    centre = iri("org", "visionvera")
    view = views.ego(seed_graph, centre, radius=1)
    expected = {centre} | set(seed_graph.successors(centre)) | set(seed_graph.predecessors(centre))
    assert set(view.graph) == expected
    assert view.focus == (centre,)
    assert view.positions[centre] == (0.0, 0.0)
    wider = views.ego(seed_graph, centre, radius=2)
    assert set(view.graph) < set(wider.graph)


def test_sector_view_is_the_scheme_with_members_under_their_sector(seed_graph):
    view = views.sector(seed_graph)
    g = view.graph
    concepts = {n for n, d in seed_graph.nodes(data=True) if d["group"] == "Sector"}
    assert concepts <= set(g)
    assert {k for _, _, k in g.edges(keys=True)} <= views.HIERARCHY_KEYS
    for u, v, k in g.edges(keys=True):  # everything hangs below what it belongs to
        assert view.positions[u][1] > view.positions[v][1], (u, k, v)
    finance = next(n for n in concepts if seed_graph.nodes[n].get("notation") == "FIN")
    members = {u for u, v, k in seed_graph.edges(keys=True) if v == finance and k != "skos:broader"}
    assert members and members <= set(g)


def test_one_sector_branch_keeps_its_ancestors_and_drops_other_sectors(seed_graph):
    code = {d.get("notation"): n for n, d in seed_graph.nodes(data=True) if d["group"] == "Sector"}
    view = views.sector(seed_graph, code["EMG"])
    notations = {
        d.get("notation") for _, d in view.graph.nodes(data=True) if d["group"] == "Sector"
    }
    assert notations == {"G4", "EMG", "EMG-CMP", "EMG-IIN", "EMG-LAE"}
    assert "视联动力信息技术股份有限公司" in {d["label_zh"] for _, d in view.graph.nodes(data=True)}


def test_zone_view_nests_streets_and_zones_in_the_district(seed_graph):
    view = views.zone(seed_graph)
    g = view.graph
    kinds = {d.get("kind") for _, d in g.nodes(data=True)}
    assert {"District", "Street", "Zone", "Building"} <= kinds
    district = next(n for n, d in g.nodes(data=True) if d.get("kind") == "District")
    streets = [n for n, d in g.nodes(data=True) if d.get("kind") == "Street"]
    assert len(streets) == 11
    for s in streets:
        assert view.positions[s][1] > view.positions[district][1]
    assert "渝中区" in view.title_zh
    # places outside the district are not drawn
    assert "中国" not in {d["label_zh"] for _, d in g.nodes(data=True)}


def test_zone_view_of_one_zone_climbs_to_the_district(seed_graph, iri):
    zone = next(
        n for n, d in seed_graph.nodes(data=True) if d.get("label_zh") == "两路口—化龙桥金融拓展区"
    )
    view = views.zone(seed_graph, zone)
    labels = {d["label_zh"] for _, d in view.graph.nodes(data=True)}
    assert {"两路口—化龙桥金融拓展区", "渝中区", "企业天地", "陆海国际中心"} <= labels
    assert "十八梯" not in labels


def test_path_view_highlights_links_that_exist(seed_graph, iri):
    a, b = iri("org", "visionvera"), iri("project", "chongqing-computing-hub")
    view = views.path(seed_graph, a, b, k=2)
    assert view.focus == (a, b)
    assert view.highlighted
    for u, v, k in view.highlighted:
        assert view.graph.has_edge(u, v, k)
    assert view.note_zh.startswith("1. 视联动力")
    alone = views.path(seed_graph, a, b, k=2, context=0)
    assert not alone.faded and set(alone.graph) < set(view.graph)


def test_path_view_without_path_raises():
    import networkx as nx

    g = nx.MultiDiGraph()
    for n in "abc":
        g.add_node(n, group="Organization", label_zh=n, label_en=n, aliases=[], sectors=[])
    g.add_edge("a", "b", key="yz:partner", label_zh="合作", label_en="partner")
    with pytest.raises(NoPath):
        views.path(g, "a", "c")


def test_select_with_labels_draws_the_links_the_store_has(store, iri):
    from kg.queries import find_query

    view = views.query(store, find_query("cq13").text)
    g = view.graph
    assert iri("org", "visionvera") in g and iri("project", "chongqing-computing-hub") in g
    assert any(k == "yz:ledBy" for _, _, k in g.edges(keys=True))
    hub = g.nodes[iri("project", "chongqing-computing-hub")]
    assert "hops_to_hub" in hub.get("query", {})
    # the ?link text names a link only where the store has none between the two
    assert all(not k.startswith("?") for _, _, k in g.edges(keys=True))


def test_select_with_iris_links_zones_and_buildings(store):
    from kg.queries import find_query

    view = views.query(store, find_query("cq04").text)
    keys = {k for _, _, k in view.graph.edges(keys=True)}
    assert "schema:containedInPlace" in keys
    zone = next(d for _, d in view.graph.nodes(data=True) if d.get("kind") == "Zone")
    assert "zone_name" in zone["query"]


def test_construct_draws_its_triples(store):
    view = views.query(store, "CONSTRUCT { ?p yz:ledBy ?o } WHERE { ?p yz:ledBy ?o }")
    assert {k for _, _, k in view.graph.edges(keys=True)} == {"yz:ledBy"}
    assert all(d.get("label_zh") for _, d in view.graph.nodes(data=True))


def test_query_without_graph_is_an_error(store):
    with pytest.raises(QueryError, match="yes or no"):
        views.query(store, "ASK { ?s ?p ?o }")
    with pytest.raises(QueryError):
        views.query(store, "SELECT ?x WHERE { BIND(1 AS ?x) }")


def test_unknown_or_wrong_entities_are_clear_errors(seed_graph, iri):
    with pytest.raises(views.NotInView, match="not a node"):
        views.ego(seed_graph, iri("org", "nobody"))
    with pytest.raises(views.NotInView, match="not a sector"):
        views.sector(seed_graph, iri("org", "visionvera"))
    with pytest.raises(views.NotInView, match="not a place"):
        views.zone(seed_graph, iri("org", "visionvera"))


def test_notebook_output_is_a_sandboxed_inline_frame(seed_graph, iri):
    view = views.ego(seed_graph, iri("org", "visionvera"))
    frame = show(view, height=500)._repr_html_()
    assert frame.startswith("<iframe srcdoc=")
    assert 'sandbox="allow-scripts"' in frame and "allow-same-origin" not in frame
    assert "height:500px" in frame
    srcdoc = html.unescape(re.search(r'srcdoc="([^"]*)"', frame).group(1))
    assert srcdoc == view.html()
    assert view._repr_html_().startswith("<iframe srcdoc=")


def test_explorer_hooks_return_pages(store, iri):
    page = kv.ego_fragment(store, iri("org", "visionvera"), base="https://w3id.org/yuzhong-kg/")
    assert page.startswith("<!DOCTYPE html>") and "视联动力" in page
    assert kv.zone_fragment(store, None, base=None).startswith("<!DOCTYPE html>")
