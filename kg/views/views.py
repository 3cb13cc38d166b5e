"""The views: whole graph, ego network, sector hierarchy, zones, paths, query results.

Each function takes a projection (:func:`kg.network.project.project`, best with
``cited=True`` so tooltips can name the source of each fact) and returns a
:class:`View`: the nodes and links to draw, their positions, what to highlight,
and a note when the node budget folded entities into super-nodes.
:meth:`View.html` renders the page, :meth:`View.write` writes it, and in a
notebook a view shows itself inline.

Examples
--------
>>> import networkx as nx
>>> g = nx.MultiDiGraph()
>>> g.add_node("a", group="Organization", kind="Company", label_zh="甲", label_en="A",
...            aliases=[], sectors=[])
>>> view = whole(g)
>>> view.kind, view.graph.number_of_nodes(), view.positions["a"]
('whole', 1, (0.0, 0.0))
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path

import networkx as nx
from pyoxigraph import Literal, NamedNode, Triple

from kg.errors import KgError, QueryError
from kg.network.neighbours import ego as ego_graph
from kg.network.paths import k_shortest_paths
from kg.network.project import display, project_construct
from kg.queries import run_query
from kg.snapshot import as_local
from kg.views import layout
from kg.views.budget import NODE_BUDGET, Fit, fit

__all__ = [
    "HIERARCHY_KEYS",
    "LOCATION_KEYS",
    "NotInView",
    "View",
    "ego",
    "path",
    "query",
    "sector",
    "whole",
    "zone",
]

#: Links that make the sector hierarchy (concept to broader concept, entity to sector).
HIERARCHY_KEYS = frozenset({"skos:broader", "yz:industrySector", "yz:sector"})
#: Links that make the place hierarchy (place in place, entity at place).
LOCATION_KEYS = frozenset({"schema:containedInPlace", "yz:locatedIn", "schema:location"})
_CONTAINED = "schema:containedInPlace"
_SYNTHETIC = "urn:x-kg-view:link"
_GROUP_ORDER = {g: i for i, g in enumerate(["Sector", "Place", "Organization", "Project", "Event"])}


class NotInView(KgError):
    """An entity the view needs is not a node of the graph given."""


@dataclass
class View:
    """What a page draws: the graph, positions, highlights and notes.

    Attributes
    ----------
    kind : str
        ``"whole"``, ``"ego"``, ``"sector"``, ``"zone"``, ``"path"`` or ``"query"``.
    title_zh, title_en : str
        The page's title.
    graph : networkx.MultiDiGraph
        The nodes and links drawn (after the node budget), with the projection's attributes.
    positions : dict
        Node to (x, y) pixels.
    focus : tuple of str
        Nodes the view is about (ego centre, path ends): drawn with a heavy border.
    highlighted : frozenset of (u, v, key)
        Links drawn thick and red (the paths of a path view).
    quiet : frozenset of str
        Link keys drawn without a label (the layout already shows them: hierarchy links).
    faded : frozenset of str
        Nodes drawn fainter (the surroundings of a path).
    note_zh, note_en : str
        A message shown above the graph (the node budget's, or the query's).
    total : int
        Nodes before the budget folded any.
    degrees : dict
        Degree of each node in the whole projection (node size).
    sector_names : dict
        Sector notation to (zh, en) label (legend and tooltips).
    """

    kind: str
    title_zh: str
    title_en: str
    graph: nx.MultiDiGraph
    positions: dict[str, tuple[float, float]]
    focus: tuple[str, ...] = ()
    highlighted: frozenset[tuple[str, str, str]] = frozenset()
    quiet: frozenset[str] = frozenset()
    faded: frozenset[str] = frozenset()
    note_zh: str = ""
    note_en: str = ""
    total: int = 0
    degrees: dict[str, int] = field(default_factory=dict)
    sector_names: dict[str, tuple[str, str]] = field(default_factory=dict)

    def html(self, *, lang: str = "zh") -> str:
        """The self-contained HTML page (see :func:`kg.views.page.render`)."""
        from kg.views.page import render

        return render(self, lang=lang)

    def write(self, path: str | Path, *, lang: str = "zh") -> Path:
        """Write the page to ``path`` as UTF-8; return the path."""
        from kg.views.page import write

        return write(self, path, lang=lang)

    def _repr_html_(self) -> str:
        from kg.views.notebook import iframe

        return iframe(self.html())


def whole(g: nx.MultiDiGraph, *, budget: int = NODE_BUDGET, seed: int = 0) -> View:
    """The whole graph, force-directed; folded into super-nodes above ``budget`` nodes.

    Parameters
    ----------
    g : networkx.MultiDiGraph
        A projection.
    budget : int, default NODE_BUDGET
        Most nodes to draw (see :func:`kg.views.budget.fit`).
    seed : int, default 0
        Seed of the layout.

    Returns
    -------
    View
    """
    names = _sector_names(g)
    fitted = fit(g, budget=budget, sector_names=names)
    h = fitted.graph
    return _fitted_view(
        "whole",
        "渝中区产业知识图谱",
        "Yuzhong industry knowledge graph",
        g,
        fitted,
        layout.spring(h, seed=seed),
        names,
    )


def ego(g: nx.MultiDiGraph, center: str, *, radius: int = 1, budget: int = NODE_BUDGET) -> View:
    """The entities within ``radius`` links of ``center``, in rings around it.

    Parameters
    ----------
    g : networkx.MultiDiGraph
        A projection.
    center : str
        The IRI of the entity in the middle.
    radius : int, default 1
        How many links out (either direction).
    budget : int, default NODE_BUDGET

    Returns
    -------
    View

    Raises
    ------
    NotInView
        If ``center`` is not a node of ``g``.
    ValueError
        If ``radius`` is negative.
    """
    _need(g, center)
    sub = ego_graph(g, center, radius=radius)
    names = _sector_names(g)
    fitted = fit(sub, budget=budget, keep=[center], sector_names=names)
    h = fitted.graph
    distances, parents = _bfs(h, center)
    order = sorted(h, key=lambda n: _rank(h, n))
    a = g.nodes[center]
    return _fitted_view(
        "ego",
        f"{display(a, 'zh', short=True)} · 关联网络（{radius} 步）",
        f"{display(a, 'en', short=True)}: ego network (radius {radius})",
        g,
        fitted,
        layout.radial(distances, parents, order=order),
        names,
        focus=(center,),
    )


def sector(g: nx.MultiDiGraph, concept: str | None = None, *, budget: int = NODE_BUDGET) -> View:
    """The 4311 sector scheme as a tree, each sector with the entities in it.

    Sector groups are on top, sectors and sub-sectors below them (``skos:broader``);
    each entity hangs under the narrowest sector it is in (``yz:industrySector``,
    ``yz:sector``), in a block with the other entities of that sector.

    Parameters
    ----------
    g : networkx.MultiDiGraph
        A projection.
    concept : str, optional
        The IRI of one sector or sector group: draw its branch only (with the
        concepts above it). By default the whole scheme.
    budget : int, default NODE_BUDGET

    Returns
    -------
    View

    Raises
    ------
    NotInView
        If ``concept`` is not a sector concept of ``g``.
    """
    concepts = {n for n, d in g.nodes(data=True) if d.get("group") == "Sector"}
    broader = {(u, v) for u, v, k in g.edges(keys=True) if k == "skos:broader"}
    if concept is not None:
        _need(g, concept)
        if concept not in concepts:
            raise NotInView(f"{display(g.nodes[concept])} is not a sector concept")
        below = _closure(concept, {v: [] for v in concepts} | _narrower(broader))
        above = _closure(concept, _broader_map(broader)) - {concept}
        concepts = below | above
        member_of = below
    else:
        member_of = concepts
    members = {
        u
        for u, v, k in g.edges(keys=True)
        if k in HIERARCHY_KEYS and k != "skos:broader" and v in member_of and u not in concepts
    }
    sub = _keep_edges(g.subgraph(concepts | members), HIERARCHY_KEYS)
    names = _sector_names(g)
    fitted = fit(sub, budget=budget, sector_names=names)
    h = fitted.graph
    children, roots = _sector_tree(h)
    if concept is None:
        title_zh, title_en = "4311 产业体系", "The 4311 sector scheme"
    else:
        a = g.nodes[concept]
        title_zh = f"产业 · {display(a, 'zh')}"
        title_en = f"Sector: {display(a, 'en')}"
    return _fitted_view(
        "sector",
        title_zh,
        title_en,
        g,
        fitted,
        layout.tree(children, roots),
        names,
        focus=(concept,) if concept else (),
        quiet=HIERARCHY_KEYS,
    )


def zone(g: nx.MultiDiGraph, place: str | None = None, *, budget: int = NODE_BUDGET) -> View:
    """Places inside places, down from the district, with the entities located in them.

    Parameters
    ----------
    g : networkx.MultiDiGraph
        A projection.
    place : str, optional
        The IRI of a place (a zone, a street, a building): draw it, the places
        around it up to the district, and what it contains. By default the whole
        district: its streets, zones, business districts, parks and buildings.
    budget : int, default NODE_BUDGET

    Returns
    -------
    View

    Raises
    ------
    NotInView
        If ``place`` is not a place of ``g``, or ``g`` has no place.
    """
    places = {n for n, d in g.nodes(data=True) if d.get("group") == "Place"}
    inside = [(u, v) for u, v, k in g.edges(keys=True) if k == _CONTAINED and u != v]
    contains = _narrower(inside)
    up = _broader_map(inside)
    if place is not None:
        _need(g, place)
        if place not in places:
            raise NotInView(f"{display(g.nodes[place])} is not a place")
        chain = [place]
        while up.get(chain[-1]) and g.nodes[chain[-1]].get("kind") != "District":
            nxt = sorted(up[chain[-1]])[0]
            if nxt in chain:
                break
            chain.append(nxt)
        shown = set(chain) | _closure(place, contains)
        focus: tuple[str, ...] = (place,)
    else:
        roots = [n for n in places if g.nodes[n].get("kind") == "District"]
        if not roots:
            roots = [n for n in places if n not in up and n in contains]
        if not roots:
            raise NotInView("the graph has no district or place that contains others")
        shown = set().union(*(_closure(r, contains) for r in roots))
        focus = ()
    located = {
        u
        for u, v, k in g.edges(keys=True)
        if k in LOCATION_KEYS and k != _CONTAINED and v in shown and u not in places
    }
    sub = _keep_edges(g.subgraph(shown | located), LOCATION_KEYS)
    names = _sector_names(g)
    fitted = fit(sub, budget=budget, keep=focus, sector_names=names)
    h = fitted.graph
    children, tops = _place_tree(h)
    if place is None:
        tops_labels = [display(g.nodes[r]) for r in tops if r in g]
        title_zh = f"{'、'.join(tops_labels) or '地点'} · 功能区与街道"
        title_en = (
            f"{', '.join(display(g.nodes[r], 'en') for r in tops if r in g) or 'Places'}: "
            "zones and streets"
        )
    else:
        title_zh = f"地点 · {display(g.nodes[place])}"
        title_en = f"Place: {display(g.nodes[place], 'en')}"
    return _fitted_view(
        "zone",
        title_zh,
        title_en,
        g,
        fitted,
        layout.tree(children, tops),
        names,
        focus=focus,
        quiet=LOCATION_KEYS,
    )


def path(
    g: nx.MultiDiGraph,
    source: str,
    target: str,
    *,
    k: int = 3,
    context: int = 40,
    through_sectors: bool = False,
) -> View:
    """The ``k`` shortest paths between two entities, highlighted among their neighbours.

    Parameters
    ----------
    g : networkx.MultiDiGraph
        A projection.
    source, target : str
        IRIs of the two entities.
    k : int, default 3
        How many paths (see :func:`kg.network.paths.k_shortest_paths`).
    context : int, default 40
        Most neighbours of the path nodes to draw around them (fainter), the
        best-connected first; 0 draws the paths alone.
    through_sectors : bool, default False
        Let paths pass through sector concepts.

    Returns
    -------
    View

    Raises
    ------
    NotInView
        If an entity is not a node of ``g``.
    kg.network.paths.NoPath
        If no path joins them.
    """
    _need(g, source)
    _need(g, target)
    paths = k_shortest_paths(g, source, target, k=k, through_sectors=through_sectors)
    on_path = list(dict.fromkeys(n for p in paths for n in p.nodes))
    highlighted = set()
    for p in paths:
        for s in p.steps:
            highlighted.add(
                (s.source, s.target, s.key) if s.forward else (s.target, s.source, s.key)
            )
    around: dict[str, int] = {}
    for n in on_path:
        for m in nx.all_neighbors(g, n):
            if m not in on_path and g.nodes[m].get("group") != "Sector":
                around[m] = around.get(m, 0) + 1
    extra = sorted(around, key=lambda m: (-around[m], -g.degree(m), str(m)))[:context]
    h = g.subgraph(on_path + extra).copy()
    pos = layout.rows([p.nodes for p in paths])
    if extra:
        pos = layout.spring(h, fixed=pos)
    a, b = g.nodes[source], g.nodes[target]
    texts_zh = [f"{i}. {p.text('zh')}" for i, p in enumerate(paths, 1)]
    texts_en = [f"{i}. {p.text('en')}" for i, p in enumerate(paths, 1)]
    return View(
        "path",
        f"路径 · {display(a, 'zh', short=True)} → {display(b, 'zh', short=True)}",
        f"Paths: {display(a, 'en', short=True)} → {display(b, 'en', short=True)}",
        h,
        pos,
        focus=(source, target),
        highlighted=frozenset(highlighted),
        faded=frozenset(extra),
        note_zh="\n".join(texts_zh),
        note_en="\n".join(texts_en),
        total=h.number_of_nodes(),
        degrees=_degrees(g, h),
        sector_names=_sector_names(g),
    )


def query(
    store,
    text: str,
    *,
    bindings: dict[str, str] | None = None,
    title: str | None = None,
    limit: int = 10_000,
    budget: int = NODE_BUDGET,
) -> View:
    """A SPARQL ``CONSTRUCT`` or ``SELECT`` result drawn as a graph.

    A ``CONSTRUCT`` draws its triples, every resource a node (the full view of
    :func:`kg.network.project.project_construct`). A ``SELECT`` draws its rows:

    * node columns are those whose values are IRIs; if fewer than one column is,
      the columns whose every value is the label of exactly one entity;
    * within a row, consecutive node columns are linked by the links the store
      has between them (either direction), else by a link named after the later
      column, or after the value of a text column standing between them (a
      ``?from ?link ?to`` row draws ``from —link→ to``);
    * the other columns are shown in the tooltip of the node column before them.

    Parameters
    ----------
    store : pyoxigraph.Store or kg.remote.RemoteStore
        A remote store is copied into memory first (:func:`kg.snapshot.snapshot`),
        and the query runs on the copy.
    text : str
        The query.
    bindings : dict, optional
        Variable to IRI (see :func:`kg.queries.run_query`).
    title : str, optional
        The page title (default "查询结果").
    limit : int, default 10000
        Most rows or triples read.
    budget : int, default NODE_BUDGET

    Returns
    -------
    View

    Raises
    ------
    kg.errors.QueryError
        If the query is invalid, is an ``ASK``, or its rows hold no entity.
    kg.snapshot.SnapshotTooLarge
        ``store`` is a remote store too large to copy.
    """
    store = as_local(store)  # drawing reads the store by pattern, not only by SPARQL
    result = run_query(store, text, bindings=bindings, limit=limit)
    if result.boolean is not None:
        raise QueryError("an ASK query answers yes or no; there is no graph to draw")
    if result.triples is not None:
        g = project_construct(result, store=store, semantic=False)
    else:
        g = _select_graph(store, result)
    if g.number_of_nodes() == 0:
        raise QueryError("the query returned nothing to draw")
    names = _sector_names(g) or _store_sector_names(store)
    fitted = fit(g, budget=budget, sector_names=names)
    h = fitted.graph
    note_zh, note_en = fitted.note_zh, fitted.note_en
    if result.truncated:
        note_zh = f"只读取了前 {limit} 条结果。" + note_zh
        note_en = f"Only the first {limit} results were read. " + note_en
    return View(
        "query",
        title or "查询结果",
        title or "Query result",
        h,
        layout.spring(h),
        note_zh=note_zh,
        note_en=note_en,
        total=fitted.total,
        degrees=dict(g.degree()),
        sector_names=names,
    )


# -- helpers -------------------------------------------------------------------------------


def _fitted_view(
    kind: str,
    title_zh: str,
    title_en: str,
    g: nx.MultiDiGraph,
    fitted: Fit,
    positions: dict,
    names: dict[str, tuple[str, str]],
    **extra,
) -> View:
    """A view of ``fitted.graph`` (cut from ``g`` to the budget), with the budget's note.

    Degrees are those of ``g``, so that node sizes do not change with the cut.
    """
    h = fitted.graph
    return View(
        kind,
        title_zh,
        title_en,
        h,
        positions,
        note_zh=fitted.note_zh,
        note_en=fitted.note_en,
        total=fitted.total,
        degrees=_degrees(g, h),
        sector_names=names,
        **extra,
    )


def _need(g: nx.MultiDiGraph, node: str) -> None:
    if node not in g:
        raise NotInView(
            f"<{node}> is not a node of the graph: achievements, statistics and sources are "
            "folded into the entities they describe"
        )


def _degrees(g: nx.MultiDiGraph, h: nx.MultiDiGraph) -> dict[str, int]:
    return {n: (g.degree(n) if n in g else h.degree(n)) for n in h}


def _sector_names(g: nx.MultiDiGraph) -> dict[str, tuple[str, str]]:
    return {
        d["notation"]: (d.get("label_zh", ""), d.get("label_en", ""))
        for _, d in g.nodes(data=True)
        if d.get("group") == "Sector" and d.get("notation")
    }


def _store_sector_names(store) -> dict[str, tuple[str, str]]:
    rows = run_query(
        store,
        """SELECT ?code ?zh ?en WHERE {
          ?s skos:notation ?code ; skos:prefLabel ?zh . FILTER(lang(?zh) = "zh")
          ?s a/rdfs:subClassOf* yz:Sector .
          OPTIONAL { ?s skos:prefLabel ?en . FILTER(lang(?en) = "en") }
        }""",
    ).values()
    found = {r["code"]: (r["zh"] or "", r["en"] or "") for r in rows}
    rows = run_query(
        store,
        """SELECT ?code ?zh ?en WHERE {
          ?s skos:notation ?code ; skos:prefLabel ?zh ; skos:inScheme ?scheme .
          FILTER(lang(?zh) = "zh") FILTER(STRENDS(STR(?scheme), "sector/4311"))
          OPTIONAL { ?s skos:prefLabel ?en . FILTER(lang(?en) = "en") }
        }""",
    ).values()
    found.update({r["code"]: (r["zh"] or "", r["en"] or "") for r in rows})
    return found


def _rank(g: nx.MultiDiGraph, n: str) -> tuple:
    d = g.nodes[n]
    return (_GROUP_ORDER.get(d.get("group"), 9), (d.get("sectors") or ["~"])[0], display(d))


def _bfs(g: nx.MultiDiGraph, center: str) -> tuple[dict[str, int], dict[str, str]]:
    """Distance from ``center`` (either direction) and the BFS parent of each node."""
    u = g.to_undirected(as_view=True)
    distances = {center: 0}
    parents: dict[str, str] = {}
    frontier = [center]
    while frontier:
        nxt = []
        for n in frontier:
            for m in sorted(u.neighbors(n), key=lambda m: _rank(g, m)):
                if m not in distances:
                    distances[m] = distances[n] + 1
                    parents[m] = n
                    nxt.append(m)
        frontier = nxt
    far = max(distances.values(), default=0) + 1
    for n in g:  # a folded node cut off from the centre still gets a ring
        distances.setdefault(n, far)
    return distances, parents


def _narrower(pairs: Iterable[tuple[str, str]]) -> dict[str, list[str]]:
    """From (narrow, broad) pairs: broad to its narrower ones."""
    down: dict[str, list[str]] = defaultdict(list)
    for narrow, broad in pairs:
        down[broad].append(narrow)
    return dict(down)


def _broader_map(pairs: Iterable[tuple[str, str]]) -> dict[str, list[str]]:
    up: dict[str, list[str]] = defaultdict(list)
    for narrow, broad in pairs:
        up[narrow].append(broad)
    return dict(up)


def _closure(start: str, links: dict[str, list[str]]) -> set[str]:
    seen = {start}
    todo = [start]
    while todo:
        for m in links.get(todo.pop(), ()):
            if m not in seen:
                seen.add(m)
                todo.append(m)
    return seen


def _keep_edges(sub: nx.MultiDiGraph, keys: frozenset[str]) -> nx.MultiDiGraph:
    h = nx.MultiDiGraph(**sub.graph)
    h.add_nodes_from(sub.nodes(data=True))
    h.add_edges_from((u, v, k, d) for u, v, k, d in sub.edges(keys=True, data=True) if k in keys)
    return h


def _depth(n: str, up: dict[str, list[str]]) -> int:
    return len(_closure(n, up)) - 1


def _sector_tree(h: nx.MultiDiGraph) -> tuple[dict[str, list[str]], list[str]]:
    """Children lists of the sector tree of ``h`` and its roots."""
    concepts = {n for n, d in h.nodes(data=True) if d.get("group") == "Sector"}
    up = _broader_map(
        (u, v) for u, v, k in h.edges(keys=True) if k == "skos:broader" and u in concepts
    )
    children: dict[str, list[str]] = defaultdict(list)
    for c in concepts:
        if up.get(c):
            children[min(up[c], key=lambda p: _code(h, p))].append(c)
    for n in h:
        if n in concepts:
            continue
        homes = [
            v for _, v, k in h.out_edges(n, keys=True) if k in HIERARCHY_KEYS and v in concepts
        ]
        if homes:
            home = max(homes, key=lambda v: (_depth(v, up), _code(h, v)))
            children[home].append(n)
    for kids in children.values():
        kids.sort(key=lambda n: (n not in concepts, _code(h, n), _rank(h, n)))
    roots = sorted((c for c in concepts if not up.get(c)), key=lambda n: _code(h, n))
    loose = sorted(
        (n for n in h if n not in concepts and not any(n in k for k in children.values())),
        key=lambda n: _rank(h, n),
    )
    return dict(children), roots + loose


def _place_tree(h: nx.MultiDiGraph) -> tuple[dict[str, list[str]], list[str]]:
    """Children lists of the place tree of ``h`` and its top places."""
    places = {n for n, d in h.nodes(data=True) if d.get("group") == "Place"}
    up = _broader_map(
        (u, v) for u, v, k in h.edges(keys=True) if k == _CONTAINED and u in places and v in places
    )
    children: dict[str, list[str]] = defaultdict(list)
    placed: set[str] = set()
    for p in places:
        if up.get(p):
            children[min(up[p], key=lambda v: _rank(h, v))].append(p)
            placed.add(p)
    for n in h:
        if n in places:
            continue
        homes = [v for _, v, k in h.out_edges(n, keys=True) if k in LOCATION_KEYS and v in places]
        if homes:
            children[max(homes, key=lambda v: (_depth(v, up), _rank(h, v)))].append(n)
            placed.add(n)
    for kids in children.values():
        kids.sort(key=lambda n: (h.nodes[n].get("group") != "Place", _kind(h, n), _rank(h, n)))
    tops = sorted((n for n in h if n not in placed), key=lambda n: (n not in places, _rank(h, n)))
    return dict(children), tops


def _code(h: nx.MultiDiGraph, n: str) -> str:
    return h.nodes[n].get("notation") or "~" + display(h.nodes[n])


def _kind(h: nx.MultiDiGraph, n: str) -> str:
    order = ["Street", "Zone", "BusinessDistrict", "Park", "Building", "Venue"]
    kind = h.nodes[n].get("kind", "")
    return f"{order.index(kind):02d}" if kind in order else "99" + kind


def _select_graph(store, result) -> nx.MultiDiGraph:
    """The rows of a SELECT as a graph (see :func:`query`)."""
    from kg.resolve import labels

    variables = result.variables
    rows = result.rows
    iri_cols = [
        v
        for v in variables
        if any(r.get(v) is not None for r in rows)
        and all(isinstance(r.get(v), NamedNode) for r in rows if r.get(v) is not None)
    ]
    named: dict[str, dict[str, str]] = {}
    if not iri_cols:
        index = labels(store)
        folded = _folded_records(store)
        for v in variables:
            values = {r[v].value for r in rows if isinstance(r.get(v), Literal)}
            hits = {x: _entities(index.get(x.casefold(), set()), folded) for x in values}
            if values and all(len(iris) == 1 for iris in hits.values()):
                named[v] = {x: next(iter(iris)) for x, iris in hits.items()}
    node_cols = [v for v in variables if v in iri_cols or v in named]
    if not node_cols:
        raise QueryError(
            "the query's rows hold no entity to draw: select IRIs (or the labels of entities)"
        )

    def node_of(row, v) -> str | None:
        term = row.get(v)
        if term is None:
            return None
        return term.value if v in iri_cols else named[v].get(term.value)

    triples: list[Triple] = []
    links: dict[tuple[str, str], list[str]] = defaultdict(list)
    notes: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for row in rows:
        present = [(v, node_of(row, v)) for v in node_cols]
        present = [(v, n) for v, n in present if n is not None]
        named_link: set[str] = set()  # text columns used as a link's name in this row
        for _, n in present:
            triples.append(Triple(NamedNode(n), NamedNode(_SYNTHETIC), NamedNode(n)))
        for (va, a), (vb, b) in pairwise(present):
            found = [
                Triple(q.subject, q.predicate, q.object)
                for x, y in ((a, b), (b, a))
                for q in store.quads_for_pattern(NamedNode(x), None, NamedNode(y), None)
                if not _inferred(q.graph_name)
            ]
            if found:
                triples.extend(found)
                continue
            between = variables[variables.index(va) + 1 : variables.index(vb)]
            texts = [t for t in between if isinstance(row.get(t), Literal)]
            links[(a, b)].append(row[texts[0]].value if texts else vb)
            named_link.update(texts[:1])
        owner = None
        for v in variables:
            if v in node_cols:
                owner = node_of(row, v)
            elif owner is not None and row.get(v) is not None and v not in named_link:
                value = row[v].value
                if value not in notes[owner][v]:
                    notes[owner][v].append(value)
    g = project_construct(triples, store=store, semantic=False)
    g.remove_edges_from(
        [(u, v, k) for u, v, k, p in g.edges(keys=True, data="predicate") if p == _SYNTHETIC]
    )
    for (a, b), texts in links.items():
        for text in dict.fromkeys(texts):
            g.add_edge(
                a,
                b,
                key=f"?{text}",
                predicate="",
                label_zh=text,
                label_en=text,
                source=None,
                graph=None,
                inferred=False,
            )
    for n, found in notes.items():
        if n in g:
            g.nodes[n]["query"] = {v: "; ".join(values) for v, values in found.items()}
    return g


def _folded_records(store) -> set[str]:
    """Achievements, observations and citations: what a label names last of all."""
    rows = run_query(
        store,
        """SELECT DISTINCT ?s WHERE {
          VALUES ?c { yz:Achievement qb:Observation yz:Citation } ?s a ?c }""",
        limit=10**7,
    ).values()
    return {r["s"] for r in rows}


def _entities(iris: set[str], folded: set[str]) -> set[str]:
    """Of the IRIs a label names, the entities if any (a project before its achievement)."""
    return {i for i in iris if i not in folded} or iris


def _inferred(graph) -> bool:
    return isinstance(graph, NamedNode) and graph.value.endswith("graph/inferred")
