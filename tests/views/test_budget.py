"""The node budget: small views untouched, large ones folded into counted super-nodes."""

from __future__ import annotations

import networkx as nx
import pytest

from kg.views.budget import OverBudget, fit


def _graph(n_orgs: int = 40, zones: int = 4) -> nx.MultiDiGraph:
    g = nx.MultiDiGraph()
    g.add_node("fin", group="Sector", notation="FIN", sectors=["FIN"], label_zh="现代金融")
    g.add_node("log", group="Sector", notation="LOG", sectors=["LOG"], label_zh="现代物流")
    g.add_node("district", group="Place", kind="District", sectors=[], label_zh="区")
    for z in range(zones):
        g.add_node(f"z{z}", group="Place", kind="Zone", sectors=[], label_zh=f"片区{z}")
        g.add_edge(f"z{z}", "district", key="schema:containedInPlace", label_zh="位于")
    for i in range(n_orgs):
        sector = "fin" if i % 2 else "log"
        g.add_node(
            f"o{i}",
            group="Organization",
            sectors=[sector.upper()],
            label_zh=f"企业{i}",
            label_en=f"firm {i}",
        )
        g.add_edge(f"o{i}", sector, key="yz:industrySector", label_zh="所属产业")
        g.add_edge(f"o{i}", f"z{i % zones}", key="yz:locatedIn", label_zh="位于")
    return g


def test_within_budget_nothing_changes():
    g = _graph()
    fitted = fit(g, budget=g.number_of_nodes())
    assert fitted.graph is g and fitted.folded == 0 and fitted.note_zh == ""


def test_folds_by_class_sector_and_place_first():
    g = _graph(40, 4)
    fitted = fit(g, budget=20)
    h = fitted.graph
    assert h.number_of_nodes() <= 20
    supers = {n: d for n, d in h.nodes(data=True) if d.get("aggregate")}
    assert sum(d["count"] for d in supers.values()) == fitted.folded == 40
    # each zone keeps its place: a super-node per (sector, zone) with a located-in link
    assert {d["place"] for d in supers.values()} == {"z0", "z1", "z2", "z3"}
    assert fitted.total == g.number_of_nodes()
    assert "40" in fitted.note_en and "20" in fitted.note_en


def test_folded_links_are_counted_once_per_pair_and_predicate():
    h = fit(_graph(40, 4), budget=20).graph
    counts = [
        d["count"] for u, v, k, d in h.edges(keys=True, data=True) if k == "yz:industrySector"
    ]
    assert sum(counts) == 40
    assert len(counts) == len(
        {(u, v) for u, v, k in h.edges(keys=True) if k == "yz:industrySector"}
    )


def test_coarser_folding_when_places_alone_exceed_the_budget():
    g = _graph(40, 30)
    fitted = fit(g, budget=12)
    h = fitted.graph
    assert h.number_of_nodes() <= 12
    assert "fin" in h and "log" in h  # sector concepts are always kept


def test_kept_nodes_are_never_folded():
    fitted = fit(_graph(), budget=20, keep=["o3"])
    assert "o3" in fitted.graph and not fitted.graph.nodes["o3"].get("aggregate")


def test_too_large_even_folded_asks_for_an_ego_view():
    with pytest.raises(OverBudget, match="ego"):
        fit(_graph(), budget=1)


def test_budget_must_be_positive():
    with pytest.raises(ValueError):
        fit(_graph(), budget=0)
