"""Node positions computed in Python, so the browser draws at once with physics off.

Four layouts, all deterministic:

* :func:`spring` — force-directed (Fruchterman–Reingold in Rust, by rustworkx);
  for the whole graph and query results;
* :func:`tree` — layered hierarchy, each parent above its children and its leaf
  children in a compact block below it; for the sector and zone views;
* :func:`radial` — the centre in the middle, each ring one link further; for ego views;
* :func:`rows` — each path a row from the first entity to the last, its
  surroundings placed by :func:`spring` around the fixed path; for path views.

Positions are in vis-network pixels. :func:`spread` rescales any layout so that
nodes sit about ``spacing`` pixels from their nearest neighbour: labels stay
legible whatever the layout's own units.

Examples
--------
>>> import networkx as nx
>>> pos = spring(nx.path_graph(3))
>>> sorted(pos) == [0, 1, 2]
True
>>> tree({"root": ["a", "b"]}, ["root"])["root"][1] < tree({"root": ["a"]}, ["root"])["a"][1]
True
"""

from __future__ import annotations

import math
import random
from collections.abc import Hashable, Iterable, Sequence
from typing import Any

import networkx as nx
import numpy as np

__all__ = ["Positions", "declutter", "radial", "rows", "spread", "spring", "tree"]

#: Node to (x, y) in pixels.
Positions = dict[Any, tuple[float, float]]

#: Pixels between a node and its nearest neighbour after :func:`spread`.
SPACING = 110.0
_COLUMN = 180.0  # width of a leaf column in tree layouts (room for a label)
_ROW = 66.0  # height of a leaf row
_LEVEL = 170.0  # between the levels of a tree


def spring(
    g: nx.Graph,
    *,
    seed: int = 0,
    fixed: Positions | None = None,
    iterations: int | None = None,
    spacing: float = SPACING,
) -> Positions:
    """Force-directed positions, links followed in either direction.

    Parameters
    ----------
    g : networkx.Graph
        Any graph (directions and parallel links are ignored).
    seed : int, default 0
        Seed of the starting positions: the same graph gives the same picture.
    fixed : dict, optional
        Nodes that must stay where they are (pixels); the others are placed around them.
    iterations : int, optional
        Fruchterman–Reingold steps (default 50, 100 around fixed nodes).
    spacing : float
        Pixels between nearest neighbours in the result (not used with ``fixed``).

    Returns
    -------
    dict
        Node to (x, y).
    """
    import rustworkx as rx

    nodes = list(g)
    if not nodes:
        return {}
    index = {n: i for i, n in enumerate(nodes)}
    h = rx.PyGraph(multigraph=False)
    h.add_nodes_from(nodes)
    h.add_edges_from_no_data(
        sorted({(min(index[u], index[v]), max(index[u], index[v])) for u, v in g.edges() if u != v})
    )
    if not fixed:
        return _packed(g, h, index, seed=seed, iterations=iterations or 50, spacing=spacing)
    rng = random.Random(seed)
    start: dict[int, list[float]] = {}
    for n in nodes:
        if n in fixed:
            start[index[n]] = list(fixed[n])
    for n in nodes:  # the others start near an anchored neighbour, or anywhere
        if n in fixed:
            continue
        anchors = [fixed[m] for m in nx.all_neighbors(g, n) if m in fixed]
        ax, ay = anchors[0] if anchors else (0.0, 0.0)
        angle = rng.uniform(0, 2 * math.pi)
        start[index[n]] = [ax + spacing * math.cos(angle), ay + spacing * math.sin(angle)]
    raw = rx.spring_layout(
        h,
        pos=start,
        fixed={index[n] for n in fixed if n in index},
        k=spacing,
        num_iter=iterations or 100,
        seed=seed,
        scale=1,
    )
    return {nodes[i]: (round(p[0], 1), round(p[1], 1)) for i, p in raw.items()}


def _packed(g, h, index, *, seed: int, iterations: int, spacing: float) -> Positions:
    """Lay out each connected part on its own, then pack the parts, largest first.

    A force layout of a disconnected graph pushes small parts far out, and fitting
    the picture to the screen then shrinks the labels of the main part away.
    """
    import rustworkx as rx

    nodes = list(index)
    parts = sorted((sorted(c) for c in rx.connected_components(h)), key=lambda c: (-len(c), c[0]))
    boxes: list[tuple[Positions, float, float]] = []
    singles: list = []
    for part in parts:
        if len(part) == 1:
            singles.append(nodes[part[0]])
            continue
        sub = h.subgraph(part)
        raw = rx.spring_layout(sub, seed=seed, num_iter=iterations)
        local = declutter(
            spread({sub[i]: (p[0], p[1]) for i, p in raw.items()}, spacing=spacing * 0.5),
            spacing=spacing,
        )
        xs = [p[0] for p in local.values()]
        ys = [p[1] for p in local.values()]
        boxes.append((local, max(xs) - min(xs) + spacing, max(ys) - min(ys) + spacing))
    if singles:  # nodes without links: a grid
        cols = max(1, math.ceil(math.sqrt(len(singles) * 1.6)))
        grid = {
            n: (float((i % cols) * spacing * 1.4), float((i // cols) * spacing))
            for i, n in enumerate(singles)
        }
        rows_ = math.ceil(len(singles) / cols)
        boxes.append((grid, cols * spacing * 1.4, rows_ * spacing))
    width = max(max(b[1] for b in boxes), math.sqrt(sum(b[1] * b[2] for b in boxes) * 1.6))
    pos: Positions = {}
    x = y = row_height = 0.0
    for local, w, hgt in boxes:  # shelf packing, left to right, top to bottom
        if x > 0 and x + w > width:
            x, y, row_height = 0.0, y + row_height, 0.0
        left = min(p[0] for p in local.values())
        top = min(p[1] for p in local.values())
        for n, (px, py) in local.items():
            pos[n] = (round(px - left + x, 1), round(py - top + y, 1))
        x += w
        row_height = max(row_height, hgt)
    return pos


def declutter(
    pos: Positions, *, spacing: float = SPACING, aspect: float = 1.6, rounds: int = 60
) -> Positions:
    """Push apart the nodes closer than ``spacing`` (labels: ``aspect`` times wider).

    A force layout leaves hubs in a crowd and the rim sparse; scaling it until the
    crowd is legible wastes the screen. Instead the layout is drawn in tight and
    then only the pairs that overlap are moved apart, a little each round.

    >>> p = declutter({"a": (0, 0), "b": (1, 0)}, spacing=100)
    >>> round(abs(p["a"][0] - p["b"][0]))
    160
    """
    if len(pos) < 2:
        return dict(pos)
    from scipy.spatial import cKDTree

    keys = list(pos)
    xy = np.array([pos[k] for k in keys], dtype=float)
    xy[:, 0] /= aspect  # in "label space" a label is as wide as it is high
    rng = np.random.default_rng(0)
    for _ in range(rounds):
        pairs = cKDTree(xy).query_pairs(spacing * 0.999, output_type="ndarray")
        if len(pairs) == 0:
            break
        i, j = pairs[:, 0], pairs[:, 1]
        delta = xy[i] - xy[j]
        dist = np.hypot(delta[:, 0], delta[:, 1])
        same = dist < 1e-9
        if same.any():  # coincident nodes: any direction
            delta[same] = rng.normal(size=(int(same.sum()), 2))
            dist[same] = np.hypot(delta[same, 0], delta[same, 1])
        push = ((spacing - dist) / 2 / dist)[:, None] * delta
        move = np.zeros_like(xy)
        np.add.at(move, i, push)
        np.add.at(move, j, -push)
        xy += move * 0.6
    xy[:, 0] *= aspect
    return {k: (round(float(x), 1), round(float(y), 1)) for k, (x, y) in zip(keys, xy, strict=True)}


def spread(pos: Positions, *, spacing: float = SPACING) -> Positions:
    """Scale and centre ``pos`` so the median distance to the nearest node is ``spacing``.

    >>> spread({"a": (0, 0), "b": (0.5, 0)}, spacing=100)
    {'a': (-50.0, 0.0), 'b': (50.0, 0.0)}
    """
    if not pos:
        return {}
    keys = list(pos)
    xy = np.array([pos[k] for k in keys], dtype=float)
    xy -= xy.mean(axis=0)
    if len(keys) > 1:
        from scipy.spatial import cKDTree

        dist, _ = cKDTree(xy).query(xy, k=2)
        near = float(np.median(dist[:, 1]))
        if near > 0:
            xy *= spacing / near
    return {k: (round(float(x), 1), round(float(y), 1)) for k, (x, y) in zip(keys, xy, strict=True)}


def tree(
    children: dict[Hashable, Sequence[Hashable]],
    roots: Sequence[Hashable],
    *,
    aspect: float = 1.6,
) -> Positions:
    """A layered tree: parents above children, leaf children in a block under the parent.

    Children that have children of their own get a subtree side by side; the other
    children (leaves) fill a block of rows and columns under their parent. The
    number of rows of the blocks is chosen so the whole picture comes closest to
    ``aspect`` (width / height), which keeps labels large when the view is fitted
    to a screen.

    Parameters
    ----------
    children : dict
        Parent to its children, in the order to draw them. A node must appear
        under one parent only.
    roots : sequence
        The top nodes, left to right.
    aspect : float, default 1.6
        Wanted width over height.

    Returns
    -------
    dict
        Every node reachable from ``roots`` to (x, y).
    """
    best: tuple[float, Positions] | None = None
    most = max([len(c) for c in children.values()] + [1])
    for limit in sorted({1, 2, 3, 4, 5, 6, 8, 10, 12, 16, 20, 30, most}):
        if limit > most and best is not None:
            break
        pos = _tree_at(children, roots, limit)
        xs = [p[0] for p in pos.values()]
        ys = [p[1] for p in pos.values()]
        width = max(xs) - min(xs) + _COLUMN
        height = max(ys) - min(ys) + _ROW
        score = abs(math.log((width / height) / aspect))
        if best is None or score < best[0]:
            best = (score, pos)
    assert best is not None
    return best[1]


def _tree_at(children, roots, max_rows: int) -> Positions:
    pos: Positions = {}
    seen: set = set()

    def width(n) -> float:
        kids = children.get(n, ())
        leaves = [c for c in kids if not children.get(c)]
        block = math.ceil(len(leaves) / max_rows) * _COLUMN if leaves else 0.0
        subtrees = sum(width(c) for c in kids if children.get(c))
        return max(_COLUMN, block + subtrees)

    def place(n, left: float, y: float) -> None:
        seen.add(n)
        w = width(n)
        pos[n] = (round(left + w / 2, 1), round(y, 1))
        kids = children.get(n, ())
        leaves = [c for c in kids if not children.get(c) and c not in seen]
        x = left
        if leaves:
            cols = math.ceil(len(leaves) / max_rows)
            rows_used = math.ceil(len(leaves) / cols)
            for i, leaf in enumerate(leaves):
                col, row = divmod(i, rows_used)
                stagger = _ROW / 2 if col % 2 else 0.0
                pos[leaf] = (
                    round(x + (col + 0.5) * _COLUMN, 1),
                    round(y + _LEVEL * 0.75 + row * _ROW + stagger, 1),
                )
                seen.add(leaf)
            x += cols * _COLUMN
        for c in kids:
            if children.get(c) and c not in seen:
                place(c, x, y + _LEVEL)
                x += width(c)

    left = 0.0
    for r in roots:
        if r in seen:
            continue
        place(r, left, 0.0)
        left += width(r)
    return pos


def radial(
    distances: dict[Hashable, int],
    parents: dict[Hashable, Hashable],
    *,
    order: Iterable[Hashable] | None = None,
    spacing: float = 150.0,
) -> Positions:
    """Rings around the centre (distance 0), one per link of distance.

    Each ring is ``2.2 * spacing`` pixels beyond the one inside it; a ring too
    short for its nodes to stand ``spacing`` apart is split into staggered tracks.
    Nodes of ring 1 follow ``order``; on the outer rings each node sits near the
    angle of its parent (the neighbour one ring in), so branches stay together.

    >>> p = radial({"c": 0, "a": 1, "b": 2}, {"a": "c", "b": "a"})
    >>> p["c"], p["a"][0] > 0
    ((0.0, 0.0), True)
    """
    rank = {n: i for i, n in enumerate(order or sorted(distances, key=str))}
    rings: dict[int, list] = {}
    for n, d in distances.items():
        rings.setdefault(d, []).append(n)
    pos: Positions = {}
    angle: dict[Hashable, float] = {}
    for n in rings.get(0, []):
        pos[n] = (0.0, 0.0)
        angle[n] = 0.0
    radius = 0.0
    for d in sorted(k for k in rings if k > 0):
        members = rings[d]
        members.sort(key=lambda n: (angle.get(parents.get(n), 0.0), rank.get(n, 0)))
        radius += 2.2 * spacing
        # a crowded ring is split into staggered tracks rather than pushed far out
        tracks = max(1, math.ceil(len(members) * spacing / (2 * math.pi * radius)))
        step = 2 * math.pi / len(members)
        # turn the ring so its nodes sit, on average, at their parents' angles
        wanted = [angle.get(parents.get(n), 0.0) - i * step for i, n in enumerate(members)]
        offset = math.atan2(sum(map(math.sin, wanted)), sum(map(math.cos, wanted))) if d > 1 else 0
        for i, n in enumerate(members):
            a = offset + i * step
            r = radius + (i % tracks) * 0.6 * spacing
            angle[n] = a
            pos[n] = (round(r * math.cos(a), 1), round(r * math.sin(a), 1))
        radius += (tracks - 1) * 0.6 * spacing
    return pos


def rows(
    paths: Sequence[Sequence[Hashable]], *, step: float = 230.0, gap: float = 150.0
) -> Positions:
    """Paths as rows: the shared ends on the axis, path ``i`` on its own row.

    Every path runs from x = 0 to the width of the longest one, its nodes evenly
    spaced; a node already placed by an earlier path keeps its place.

    >>> rows([["a", "b", "c"], ["a", "d", "e", "c"]])["c"]
    (690.0, 0.0)
    """
    pos: Positions = {}
    longest = max((len(p) - 1 for p in paths), default=0)
    total = longest * step
    for i, path in enumerate(paths):
        hops = max(len(path) - 1, 1)
        # rows alternate above and below the first: 0, -1, +1, -2 …
        y = 0.0 if i == 0 else gap * ((i + 1) // 2) * (-1 if i % 2 else 1)
        for j, n in enumerate(path):
            if n in pos:
                continue
            on_axis = j in (0, len(path) - 1)
            pos[n] = (round(j * total / hops, 1), 0.0 if on_axis else y)
    return pos
