"""Layouts: deterministic, legible spacing, hierarchy and rings as promised."""

from __future__ import annotations

import math

import networkx as nx

from kg.views import layout


def _min_distance(pos, aspect=1.6):
    pts = list(pos.values())
    return min(
        math.hypot((a[0] - b[0]) / aspect, a[1] - b[1])
        for i, a in enumerate(pts)
        for b in pts[i + 1 :]
    )


def test_spring_is_deterministic_and_keeps_labels_apart():
    g = nx.barabasi_albert_graph(120, 2, seed=1)
    a, b = layout.spring(g, seed=3), layout.spring(g, seed=3)
    assert a == b and set(a) == set(g)
    assert _min_distance(a) > 0.7 * layout.SPACING


def test_disconnected_parts_are_packed_close():
    g = nx.disjoint_union(nx.path_graph(30), nx.path_graph(2))
    pos = layout.spring(g)
    xs = [p[0] for p in pos.values()]
    ys = [p[1] for p in pos.values()]
    # packed: the small part sits beside the large one, not far away
    assert max(xs) - min(xs) < 40 * layout.SPACING and max(ys) - min(ys) < 40 * layout.SPACING


def test_spring_around_fixed_nodes_leaves_them_in_place():
    g = nx.star_graph(6)
    fixed = {0: (0.0, 0.0), 1: (500.0, 0.0)}
    pos = layout.spring(g, fixed=fixed)
    assert pos[0] == (0.0, 0.0) and pos[1] == (500.0, 0.0)


def test_tree_puts_children_below_parents_and_leaves_in_blocks():
    children = {"root": ["a", "b"], "a": [f"a{i}" for i in range(10)], "b": ["b0"]}
    pos = layout.tree(children, ["root"])
    assert pos["root"][1] < pos["a"][1] < pos["a0"][1]
    assert set(pos) == {"root", "a", "b", "b0", *children["a"]}
    assert len(set(pos.values())) == len(pos)


def test_radial_rings_grow_with_distance():
    distances = {"c": 0, **{f"a{i}": 1 for i in range(5)}, **{f"b{i}": 2 for i in range(40)}}
    parents = {f"a{i}": "c" for i in range(5)} | {f"b{i}": f"a{i % 5}" for i in range(40)}
    pos = layout.radial(distances, parents)
    r = {n: math.hypot(*p) for n, p in pos.items()}
    assert r["c"] == 0
    assert max(r[f"a{i}"] for i in range(5)) < min(r[f"b{i}"] for i in range(40))
    assert _min_distance({n: p for n, p in pos.items() if n.startswith("b")}, aspect=1) > 60


def test_rows_put_path_ends_on_the_axis():
    pos = layout.rows([["s", "x", "t"], ["s", "y", "z", "t"]])
    assert pos["s"] == (0.0, 0.0) and pos["t"][1] == 0.0
    assert pos["x"][1] == 0.0 and pos["y"][1] != 0.0
