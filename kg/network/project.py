"""Project the RDF graph onto a NetworkX multigraph for network analysis.

Contract
--------
``project(store, *, semantic=True) -> nx.MultiDiGraph`` reads the store through its
own pattern interface (``quads_for_pattern``), never through rdflib.
``project_construct(result, *, store=None, semantic=True)`` does the same for the
triples of any SPARQL ``CONSTRUCT`` (a :class:`kg.queries.Result` or an iterable of
pyoxigraph triples or quads).

Nodes are keyed by IRI (blank nodes by ``_:id``) and carry:

``iri``
    the IRI (or ``_:id``).
``kind``
    local name of the most specific class (``"Company"``, ``"Zone"``, ``"Sector"``);
    ``kinds`` lists every most specific class when there are several.
``group``
    one of :data:`GROUPS`: Organization, Place, Sector, Project, Event, Achievement,
    Observation, Source, Other.
``label_zh``, ``label_en``, ``label``
    preferred labels (``""`` when missing); ``label`` is the Chinese one, else the
    English one, else the local name.
``aliases``
    alternative labels, every language (list of str).
``sectors``
    notations of the 4311 sectors the node is in (``["EMG-CMP"]``); a sector
    concept lists its own notation.
``source``, ``sources``
    the citation IRI of the node's row, and every citation (list).
optional literals
    ``notation``, ``code``, ``date``, ``settled``, ``value``, ``note`` … when the
    graph states them.

Edges are keyed by the predicate's CURIE (``"yz:ledBy"``) and carry ``predicate``
(IRI), ``key`` (the CURIE again), ``label_zh`` and ``label_en`` (the ontology's
``rdfs:label`` of the predicate, else its local name), ``source`` (citation IRI of
the row that states the fact, or ``None``), ``graph`` (named graph IRI, or ``None``)
and ``inferred`` (bool).

The graph's own attributes: ``view`` (``"semantic"`` or ``"full"``) and ``classes``,
the label (zh, en) and superclasses of every class the nodes are of, by local name
(see :func:`is_a`); with ``cited=True``, ``citations``: every citation record by IRI
(the ``source`` of nodes, edges and folded records).

The full view (``semantic=False``) has a node for every resource of the data
graphs: entities, achievements, observations, citations, selectors, periods, units,
code lists. It leaves out ``rdf:type`` links (types are attributes), the ontology's
own graph and, unless ``inferred=True``, the materialised entailments.

The semantic view (the default) keeps only the entities: groups Organization,
Place, Sector, Project and Event. What it leaves out becomes attributes:

* achievements: a record per achievement in the ``achievements`` list of each
  organisation that achieved it; its links to other entities become derived edges
  from the organisation, keyed ``"yz:hasAchievement/yz:aboutProject"`` and so on,
  with ``via`` (list of achievement IRIs);
* observations: a record in the ``observations`` list of the area, of what it is
  about and of its sectors;
* citations, selectors, sections and sources: ``source``/``sources`` of nodes and
  edges, and ``cited`` records (document, section, character span);
* periods, units, comparators, measure types, ``qudt:QuantityValue`` helper nodes:
  values inside those records; indicators: ``indicators`` of their sector;
* links to other vocabulary (schemes, GB/T 4754 categories): a list of labels under
  the predicate's local name (``broadMatch``, ``inScheme``);
* links that only restate another one backwards (``skos:narrower``,
  ``schema:containsPlace``, ``org:hasSubOrganization``, ``yz:hasAchievement`` …).

Records are plain dicts; lists and dicts cannot go into GraphML or GEXF as they
are (see :mod:`kg.network.exports`).

Examples
--------
>>> from pyoxigraph import Store, Quad, NamedNode, Literal
>>> from kg.namespaces import YZ, PREFIXES
>>> s = Store()
>>> ex = "https://example.org/"
>>> s.add(Quad(NamedNode(ex + "p"), NamedNode(YZ + "ledBy"), NamedNode(ex + "o")))
>>> s.add(Quad(NamedNode(ex + "o"), NamedNode(PREFIXES["rdf"] + "type"), NamedNode(YZ + "Company")))
>>> g = project(s, semantic=False)
>>> list(g.edges(keys=True))
[('https://example.org/p', 'https://example.org/o', 'yz:ledBy')]
>>> g.nodes[ex + "o"]["kind"]
'Company'
"""

from __future__ import annotations

import gc
from collections import defaultdict
from collections.abc import Iterable
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cache, lru_cache
from typing import Any

import networkx as nx
from pyoxigraph import BlankNode, DefaultGraph, Literal, NamedNode, RdfFormat, Store, parse

from kg.config import ONTOLOGY_DIR
from kg.namespaces import PREFIXES, YZ
from kg.snapshot import as_local

__all__ = [
    "ENTITY_GROUPS",
    "GROUPS",
    "Vocabulary",
    "curie",
    "display",
    "is_a",
    "local_name",
    "project",
    "project_construct",
]

GROUPS = (
    "Organization",
    "Place",
    "Sector",
    "Project",
    "Event",
    "Achievement",
    "Observation",
    "Source",
    "Other",
)
ENTITY_GROUPS = frozenset(GROUPS[:5])

_P = PREFIXES
RDF_TYPE = _P["rdf"] + "type"
RDFS_LABEL = _P["rdfs"] + "label"
SUBCLASS = _P["rdfs"] + "subClassOf"
INVERSE = _P["owl"] + "inverseOf"
PREF = _P["skos"] + "prefLabel"
ALT = _P["skos"] + "altLabel"
NOTATION = _P["skos"] + "notation"
DERIVED = _P["prov"] + "wasDerivedFrom"
PRIMARY = _P["prov"] + "hadPrimarySource"
SECTOR = YZ + "sector"
INDUSTRY_SECTOR = YZ + "industrySector"
ACHIEVED_BY = YZ + "achievedBy"
HAS_ACHIEVEMENT = YZ + "hasAchievement"
REF_AREA = _P["sdmx-dimension"] + "refArea"
ABOUT = _P["schema"] + "about"
HAS_SOURCE = _P["oa"] + "hasSource"
HAS_SELECTOR = _P["oa"] + "hasSelector"
IN_SECTION = YZ + "inSection"

#: Literal properties kept as node attributes: IRI -> attribute name (``@lang`` adds ``_zh``…).
LITERALS: dict[str, str] = {
    NOTATION: "notation",
    YZ + "divisionCode": "code",
    _P["dct"] + "date": "date",
    _P["schema"] + "startDate": "date",
    _P["dct"] + "issued": "date",
    YZ + "settledDate": "settled",
    _P["qudt"] + "numericValue": "value",
    _P["sdmx-measure"] + "obsValue": "value",
    _P["oa"] + "start": "start",
    _P["oa"] + "end": "end",
    YZ + "heading": "heading",
    _P["dct"] + "title": "title",
    YZ + "recognitionList": "list",
    YZ + "population": "population",
    _P["skos"] + "editorialNote": "note",
    _P["time"] + "inXSDDate": "date",
}

#: Predicates that restate another link backwards or transitively; the semantic view drops them.
REDUNDANT = frozenset(
    _P[p] + n
    for p, n in [
        ("skos", "narrower"),
        ("skos", "broaderTransitive"),
        ("skos", "narrowerTransitive"),
        ("skos", "hasTopConcept"),
        ("schema", "containsPlace"),
        ("org", "hasSubOrganization"),
        ("yz", "hasAchievement"),
    ]
)

# Group of a node: the first rule whose classes meet the node's types (with superclasses).
_GROUP_RULES: list[tuple[str, frozenset[str]]] = [
    ("Achievement", frozenset({YZ + "Achievement"})),
    ("Observation", frozenset({_P["qb"] + "Observation"})),
    ("Event", frozenset({YZ + "Event", _P["schema"] + "Event"})),
    (
        "Project",
        frozenset({YZ + "Project", YZ + "FinancialProduct", YZ + "Service"}),
    ),
    ("Sector", frozenset({YZ + "Sector", YZ + "SubSector", YZ + "SectorGroup"})),
    (
        "Organization",
        frozenset(
            {
                _P["org"] + "Organization",
                _P["org"] + "FormalOrganization",
                YZ + "Enterprise",
                YZ + "Brand",
                YZ + "Fund",
                YZ + "Platform",
                YZ + "GovernmentBody",
                YZ + "ResearchInstitute",
            }
        ),
    ),
    ("Place", frozenset({_P["schema"] + "Place"})),
    (
        "Source",
        frozenset(
            {
                YZ + "Citation",
                YZ + "Section",
                YZ + "SourceDocument",
                _P["oa"] + "TextPositionSelector",
                _P["prov"] + "Agent",
            }
        ),
    ),
]

_GROUP_NAMES = [name for name, _ in _GROUP_RULES] + ["Other"]
_ENTITY_CLASSES = frozenset().union(*(c for name, c in _GROUP_RULES if name in ENTITY_GROUPS))


@lru_cache(maxsize=65_536)
def local_name(iri: str) -> str:
    """The part of an IRI after its last ``#`` or ``/``.

    >>> local_name("https://w3id.org/yuzhong-kg/def#Company")
    'Company'
    """
    cut = max(iri.rfind("#"), iri.rfind("/"))
    return iri[cut + 1 :] if cut >= 0 and cut < len(iri) - 1 else iri


def curie(iri: str) -> str:
    """A compact IRI with the project's prefixes, or ``<iri>`` when none applies.

    >>> curie("https://w3id.org/yuzhong-kg/def#ledBy")
    'yz:ledBy'
    """
    best = ""
    for prefix, ns in PREFIXES.items():
        if iri.startswith(ns) and len(ns) > len(PREFIXES.get(best, "")):
            best = prefix
    return f"{best}:{iri[len(PREFIXES[best]) :]}" if best else f"<{iri}>"


def display(attrs: dict[str, Any], lang: str = "zh", *, short: bool = False) -> str:
    """The label to show for a node's attributes in ``lang`` (``zh`` or ``en``).

    With ``short``, an organisation goes by the shortest of its aliases that begins
    its full name (视联动力 for 视联动力信息技术股份有限公司), the way people write it.

    Examples
    --------
    >>> a = {"group": "Organization", "label_zh": "视联动力信息技术股份有限公司",
    ...      "label_en": "Visionvera Information Technology Co., Ltd.",
    ...      "aliases": ["视联动力", "Visionvera"]}
    >>> display(a, short=True), display(a, "en", short=True)
    ('视联动力', 'Visionvera')
    """
    first, second = ("label_zh", "label_en") if lang == "zh" else ("label_en", "label_zh")
    label = attrs.get(first) or attrs.get(second) or local_name(attrs.get("iri", ""))
    if short and attrs.get("group") == "Organization":
        prefixes = [a for a in attrs.get("aliases", ()) if label.startswith(a) and a != label]
        if prefixes:
            return min(prefixes, key=len)
    return label


@dataclass
class Vocabulary:
    """What the ontology says about classes and predicates: labels and hierarchy."""

    labels: dict[str, dict[str, str]] = field(default_factory=dict)
    parents: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    inverses: dict[str, str] = field(default_factory=dict)
    _ancestors: dict[str, frozenset[str]] = field(default_factory=dict, repr=False)

    def add(self, s: str, p: str, o) -> None:
        if p == RDFS_LABEL and isinstance(o, Literal):
            self.labels.setdefault(s, {}).setdefault(o.language or "", o.value)
        elif p == SUBCLASS and isinstance(o, NamedNode):
            self.parents[s].add(o.value)
        elif p == INVERSE and isinstance(o, NamedNode):
            self.inverses[s] = o.value
            self.inverses.setdefault(o.value, s)

    def label(self, iri: str, lang: str) -> str:
        found = self.labels.get(iri, {})
        return found.get(lang) or (found.get("") if lang == "en" else None) or local_name(iri)

    def ancestors(self, cls: str) -> frozenset[str]:
        """``cls`` and every class above it."""
        if cls not in self._ancestors:
            self._ancestors[cls] = frozenset({cls})  # guards against cycles
            seen = {cls}
            for parent in self.parents.get(cls, ()):
                seen |= self.ancestors(parent)
            self._ancestors[cls] = frozenset(seen)
        return self._ancestors[cls]

    @classmethod
    def from_store(cls, store: Store) -> Vocabulary:
        vocab = cls()
        for pred in (RDFS_LABEL, SUBCLASS, INVERSE):
            for q in store.quads_for_pattern(None, NamedNode(pred), None, None):
                if isinstance(q.subject, NamedNode):
                    vocab.add(q.subject.value, pred, q.object)
        return vocab

    @classmethod
    def from_ontology(cls) -> Vocabulary:
        """The vocabulary of the ontology files shipped with the package."""
        return _bundled_vocabulary()


@cache
def _bundled_vocabulary() -> Vocabulary:
    from kg.graph.ontology import ONTOLOGY_FILES

    vocab = Vocabulary()
    for name in ONTOLOGY_FILES:
        with (ONTOLOGY_DIR / name).open("rb") as fh:
            for t in parse(fh, format=RdfFormat.TURTLE, base_iri="https://w3id.org/yuzhong-kg/"):
                if isinstance(t.subject, NamedNode):
                    vocab.add(t.subject.value, t.predicate.value, t.object)
    return vocab


class _Collector:
    """What the projection needs from the quads, grouped for fast passes.

    Links are kept per ``(predicate, graph, inferred)`` as ``(subject, object)``
    pairs and types per class as lists of nodes: both are cheaper to fill and to
    walk than one record per quad.
    """

    def __init__(self) -> None:
        self.by_class: dict[str, list[str]] = defaultdict(list)
        self.pref: dict[str, dict[str, str]] = defaultdict(dict)
        self.alt: dict[str, list[str]] = defaultdict(list)
        self.lits: dict[str, dict[str, Any]] = defaultdict(dict)
        self.by_pred: dict[tuple[str, str | None, bool], list[tuple[str, str]]] = defaultdict(list)
        self.present: set[str] = set()  # the nodes of the data (not of the vocabulary)
        # sector and provenance links looked up for a CONSTRUCT result: not edges
        self.extra: dict[str, set[tuple[str, str]]] = defaultdict(set)

    def edges(self) -> Iterable[tuple[str, str, str, str | None, bool]]:
        """Every link as ``(subject, predicate, object, graph, inferred)``."""
        for (p, graph, inferred), pairs in self.by_pred.items():
            for s, o in pairs:
                yield s, p, o, graph, inferred

    def types_of(self, nodes: set[str]) -> dict[str, set[str]]:
        """The classes of ``nodes``."""
        types: dict[str, set[str]] = defaultdict(set)
        for cls, members in self.by_class.items():
            for n in members:
                if n in nodes:
                    types[n].add(cls)
        return types

    def feed(self, quads: Iterable, *, graph: str | None, data: bool) -> None:
        """Take any mix of predicates (a CONSTRUCT result, a small graph).

        ``data`` says whether the subjects are nodes of the data (else only their
        labels and codes are wanted, e.g. for units linked from the data).
        """
        by_class, pref, alt, lits = self.by_class, self.pref, self.alt, self.lits
        by_pred, present, literals = self.by_pred, self.present, LITERALS
        for q in quads:
            s, pv, o = q.subject, q.predicate.value, q.object
            sv = s.value if type(s) is NamedNode else "_:" + s.value
            to = type(o)
            if data:
                present.add(sv)
            if pv == RDF_TYPE:
                by_class[o.value].append(sv)
            elif to is Literal:
                if pv == PREF:
                    pref[sv].setdefault(o.language or "", o.value)
                elif pv == ALT:
                    alt[sv].append(o.value)
                elif pv in literals:
                    lang = o.language
                    name = f"{literals[pv]}_{lang}" if lang else literals[pv]
                    lits[sv].setdefault(name, o.value)
            elif data and (to is NamedNode or to is BlankNode):
                ov = o.value if to is NamedNode else "_:" + o.value
                by_pred[(pv, graph, False)].append((sv, ov))

    def feed_predicate(
        self, pv: str, quads: Iterable, *, graph: str | None, inferred: bool
    ) -> None:
        """Take the quads of one predicate (the fast path of :func:`project`)."""
        if pv == RDF_TYPE:
            by_class, present = self.by_class, self.present
            for q in quads:
                s = q.subject
                sv = s.value if type(s) is NamedNode else "_:" + s.value
                by_class[q.object.value].append(sv)
                present.add(sv)
            return
        if pv in (PREF, ALT):
            pref, alt = self.pref, self.alt
            for q in quads:
                s, o = q.subject, q.object
                if type(o) is not Literal:
                    continue
                sv = s.value if type(s) is NamedNode else "_:" + s.value
                if pv == PREF:
                    pref[sv].setdefault(o.language or "", o.value)
                else:
                    alt[sv].append(o.value)
            return
        name = LITERALS.get(pv)
        lits = self.lits
        pairs = self.by_pred[(pv, graph, inferred)]
        for q in quads:
            s, o = q.subject, q.object
            sv = s.value if type(s) is NamedNode else "_:" + s.value
            to = type(o)
            if to is NamedNode:
                pairs.append((sv, o.value))
            elif to is Literal:
                if name is not None:
                    lang = o.language
                    lits[sv].setdefault(f"{name}_{lang}" if lang else name, o.value)
            elif to is BlankNode:
                pairs.append((sv, "_:" + o.value))
        if not pairs:
            del self.by_pred[(pv, graph, inferred)]


def _graph_roles(store: Store) -> tuple[list, list[NamedNode], list[NamedNode]]:
    """Graphs split into data (with the default graph), ontology and inferred ones."""
    data: list = [DefaultGraph()]
    onto, inferred = [], []
    for g in store.named_graphs():
        if isinstance(g, NamedNode) and g.value.endswith("graph/ontology"):
            onto.append(g)
        elif isinstance(g, NamedNode) and g.value.endswith("graph/inferred"):
            inferred.append(g)
        else:
            data.append(g)
    return data, onto, inferred


def _predicates(store: Store, graph) -> list[NamedNode]:
    """The predicates used in ``graph`` (one scan, in the store's own engine)."""
    if isinstance(graph, DefaultGraph):
        query = "SELECT DISTINCT ?p WHERE { ?s ?p ?o }"
    else:
        query = f"SELECT DISTINCT ?p WHERE {{ GRAPH {graph} {{ ?s ?p ?o }} }}"
    return [solution[0] for solution in store.query(query)]


#: Predicates the semantic view never reads: restated elsewhere or folded away.
_SEMANTIC_SKIP = frozenset({PRIMARY, _P["qb"] + "dataSet"})
#: Predicates that only serve the ``cited`` records of the semantic view.
_CITATION_DETAIL = frozenset(
    {HAS_SOURCE, IN_SECTION, HAS_SELECTOR, _P["oa"] + "start", _P["oa"] + "end"}
)
#: Literal-valued predicates no attribute needs.
_UNUSED = frozenset(
    _P[p] + n
    for p, n in [
        ("skos", "definition"),
        ("skos", "scopeNote"),
        ("yz", "sha256"),
        ("dct", "language"),
        ("dct", "description"),
    ]
)


def project(
    store: Store, *, semantic: bool = True, inferred: bool = False, cited: bool = False
) -> nx.MultiDiGraph:
    """Project ``store`` onto a :class:`networkx.MultiDiGraph`.

    Parameters
    ----------
    store : pyoxigraph.Store or kg.remote.RemoteStore
        A built store (see :func:`kg.store.open_store`); an in-memory copy
        (:func:`kg.store.in_memory_copy`) reads faster. A remote store is copied
        into memory first (:func:`kg.snapshot.snapshot`, which refuses stores
        over its size limit); to project one several times, copy it once and
        pass the copy.
    semantic : bool, default True
        Fold achievements, observations, provenance and helper nodes into
        attributes of the entities they describe (see the module docstring).
    inferred : bool, default False
        Also take the materialised entailments as edges (super-properties and
        inverses). Types never need them: the class hierarchy gives the groups.
    cited : bool, default False
        In the semantic view, also describe each citation (document, section,
        character span) in the ``cited`` attribute of the nodes. Without it, nodes
        keep the citation IRIs only (``source``, ``sources``) and the projection
        reads about a third fewer quads.

    Returns
    -------
    networkx.MultiDiGraph
        Nodes keyed by IRI, edges keyed by predicate CURIE; ``graph.graph`` holds
        ``view`` (``"semantic"`` or ``"full"``).

    Raises
    ------
    kg.snapshot.SnapshotTooLarge
        ``store`` is a remote store too large to copy.

    Examples
    --------
    >>> from pyoxigraph import Store
    >>> project(Store()).number_of_nodes()
    0
    """
    store = as_local(store)  # the reads below are pattern scans, not SPARQL
    with _collector_paused():
        vocab = Vocabulary.from_store(store)
        col = _read_store(store, vocab, semantic=semantic, inferred=inferred, cited=cited)
        return _build(col, vocab, semantic=semantic)


@contextmanager
def _collector_paused():
    """Pause the cyclic garbage collector.

    A projection allocates millions of small containers and no garbage cycles;
    collecting while it runs costs about a quarter of the time.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _read_store(
    store: Store, vocab: Vocabulary, *, semantic: bool, inferred: bool, cited: bool
) -> _Collector:
    col = _Collector()
    data, onto, infer = _graph_roles(store)
    skip = set(_UNUSED)
    if semantic:
        skip |= _SEMANTIC_SKIP
        if not cited:
            skip |= _CITATION_DETAIL
    graphs = [(g, False) for g in data] + ([(g, True) for g in infer] if inferred else [])
    for g, is_inferred in graphs:
        name = None if isinstance(g, DefaultGraph) else g.value
        for p in _predicates(store, g):
            if p.value in skip or (is_inferred and p.value == RDF_TYPE):
                continue
            if p.value == RDF_TYPE:
                _read_types(store, g, col, vocab, semantic=semantic, cited=cited)
                continue
            quads = store.quads_for_pattern(None, p, None, g)
            col.feed_predicate(p.value, quads, graph=name, inferred=is_inferred)
    for g in onto:  # labels and codes of the vocabulary that data links to (units …)
        for pred in (PREF, NOTATION, RDF_TYPE):
            quads = store.quads_for_pattern(None, NamedNode(pred), None, g)
            col.feed(quads, graph=g.value, data=False)
    return col


#: Classes whose members the semantic view needs although they are not entities.
_FOLDED_CLASSES = frozenset({YZ + "Achievement", _P["qb"] + "Observation", YZ + "Indicator"})


def _read_types(
    store: Store, graph, col: _Collector, vocab, *, semantic: bool, cited: bool
) -> None:
    """Read ``rdf:type`` class by class: subjects only, and in the semantic view only
    the classes it uses (entities, achievements, observations, indicators, citations)."""
    query = "SELECT DISTINCT ?c WHERE { ?s a ?c }"
    if not isinstance(graph, DefaultGraph):
        query = f"SELECT DISTINCT ?c WHERE {{ GRAPH {graph} {{ ?s a ?c }} }}"
    wanted = _ENTITY_CLASSES | _FOLDED_CLASSES
    if cited:
        wanted |= {YZ + "Citation", YZ + "Section", YZ + "SourceDocument"}
    a = NamedNode(RDF_TYPE)
    for (cls,) in store.query(query):
        if not isinstance(cls, NamedNode):
            continue
        if semantic and not (vocab.ancestors(cls.value) & wanted):
            continue
        members = [
            s.value if type(s) is NamedNode else "_:" + s.value
            for s in (q.subject for q in store.quads_for_pattern(None, a, cls, graph))
        ]
        col.by_class[cls.value].extend(members)
        col.present.update(members)


def project_construct(
    result: Any,
    *,
    store: Store | None = None,
    semantic: bool = True,
) -> nx.MultiDiGraph:
    """Project the triples of a SPARQL ``CONSTRUCT`` onto a :class:`networkx.MultiDiGraph`.

    Parameters
    ----------
    result : kg.queries.Result or iterable of pyoxigraph Triple or Quad
        The answer of a ``CONSTRUCT`` query (``run_query(...)`` or ``store.query(...)``).
    store : pyoxigraph.Store or kg.remote.RemoteStore, optional
        Where to look up the types, labels, sectors and citations of nodes that the
        triples name without describing, and the ontology; without it the ontology
        files of the package give predicate labels and the class hierarchy. A
        remote store is copied into memory first, as by :func:`project`.
    semantic : bool, default True
        As for :func:`project`.

    Returns
    -------
    networkx.MultiDiGraph
        Same attributes as :func:`project`.

    Raises
    ------
    TypeError
        If ``result`` holds no triples (the answer of a SELECT or ASK query).

    Examples
    --------
    >>> from pyoxigraph import Triple, NamedNode
    >>> from kg.namespaces import YZ
    >>> t = Triple(NamedNode("https://ex.org/a"), NamedNode(YZ + "supports"), NamedNode("https://ex.org/b"))
    >>> g = project_construct([t], semantic=False)
    >>> g.edges["https://ex.org/a", "https://ex.org/b", "yz:supports"]["label_zh"]
    '支撑'
    """
    triples = getattr(result, "triples", result)
    if triples is None:
        raise TypeError("project_construct needs the triples of a CONSTRUCT query")
    store = as_local(store) if store is not None else None
    vocab = Vocabulary.from_store(store) if store is not None else Vocabulary.from_ontology()
    with _collector_paused():
        col = _Collector()
        col.feed(list(triples), graph=None, data=True)
        col.present |= {o for pairs in col.by_pred.values() for _, o in pairs}
        if store is not None:
            _describe_from_store(col, store)
        return _build(col, vocab, semantic=semantic)


_DESCRIBE = (RDF_TYPE, PREF, ALT, *LITERALS)
_LINKS = (SECTOR, INDUSTRY_SECTOR, DERIVED)


def _describe_from_store(col: _Collector, store: Store) -> None:
    """Add what ``store`` says of the nodes: types, labels, literals, sectors, citations.

    Nothing here becomes an edge: the graph keeps the links the query chose.
    """
    described: set[str] = set()
    for n in sorted(col.present):
        if n.startswith("_:"):
            continue
        node = NamedNode(n)
        for pred in _DESCRIBE:
            col.feed(
                store.quads_for_pattern(node, NamedNode(pred), None, None), graph=None, data=False
            )
        for pred in _LINKS:
            for q in store.quads_for_pattern(node, NamedNode(pred), None, None):
                target = q.object
                if isinstance(target, NamedNode):
                    col.extra[n].add((pred, target.value))
                    if target.value not in described and target.value not in col.present:
                        described.add(target.value)
                        for p in (RDF_TYPE, PREF, NOTATION):
                            quads = store.quads_for_pattern(target, NamedNode(p), None, None)
                            col.feed(quads, graph=None, data=False)


class _Typing:
    """Groups of nodes (from the class hierarchy) and, on demand, their kinds."""

    def __init__(self, vocab: Vocabulary, col: _Collector):
        self.vocab = vocab
        self.col = col
        last = len(_GROUP_RULES)
        rank: dict[str, int] = {}
        for cls, members in col.by_class.items():
            closure = vocab.ancestors(cls)
            r = next((i for i, (_, classes) in enumerate(_GROUP_RULES) if closure & classes), last)
            for n in members:
                if rank.get(n, last) > r:
                    rank[n] = r
        self.rank = rank
        self.citations = self.members(YZ + "Citation")
        self.indicators = self.members(YZ + "Indicator")
        self.achievements = self.members(YZ + "Achievement")
        self.types: dict[str, set[str]] = {}
        self.memo: dict[frozenset[str], tuple[str, list[str]]] = {}

    def members(self, cls: str) -> set[str]:
        """The nodes of ``cls`` or of a class below it."""
        found: set[str] = set()
        for c, members in self.col.by_class.items():
            if cls in self.vocab.ancestors(c):
                found.update(members)
        return found

    def group(self, node: str) -> str:
        return _GROUP_NAMES[self.rank.get(node, len(_GROUP_RULES))]

    def prepare(self, nodes: set[str]) -> None:
        """Gather the types of ``nodes`` before asking for their kinds."""
        self.types.update(self.col.types_of(nodes))

    def kind(self, node: str) -> tuple[str, list[str]]:
        """The most specific class's local name, and all most specific ones."""
        key = frozenset(self.types.get(node, ()))
        hit = self.memo.get(key)
        if hit is None:
            vocab = self.vocab
            specific = [t for t in key if not any(t != u and t in vocab.ancestors(u) for u in key)]
            owl = _P["owl"]
            specific = [t for t in specific if not t.startswith(owl)] or specific
            specific.sort(key=lambda t: (not t.startswith(YZ), -len(vocab.ancestors(t)), t))
            kinds = [local_name(t) for t in specific]
            hit = self.memo[key] = ((kinds[0] if kinds else "Resource"), kinds)
        return hit


def _add_links(g: nx.MultiDiGraph, vocab: Vocabulary, p, graph, inferred, pairs, attrs) -> None:
    """Add the links of one predicate, keyed by its CURIE, with their attributes.

    This is :meth:`networkx.MultiDiGraph.add_edges_from` for the one case the
    projection needs (both ends already nodes, one link per key), writing the
    adjacency dicts the way ``add_edge`` does, at a fifth of its cost.
    """
    key = curie(p)
    shared = {
        "predicate": p,
        "key": key,
        "label_zh": vocab.label(p, "zh"),
        "label_en": vocab.label(p, "en"),
        "inferred": inferred,
        "graph": graph,
    }
    if type(g) is not nx.MultiDiGraph:  # pragma: no cover - a subclass may hook add_edge
        g.add_edges_from(
            ((s, o, key, {"source": attrs[s].get("source")}) for s, o in pairs), **shared
        )
        return
    succ, pred = g._succ, g._pred
    for s, o in pairs:
        data = dict(shared)
        data["source"] = attrs[s].get("source")
        out = succ[s]
        keydict = out.get(o)
        if keydict is None:
            out[o] = pred[o][s] = {key: data}
        elif key in keydict:
            keydict[key].update(data)
        else:
            keydict[key] = data
    nx._clear_cache(g)


def _build(col: _Collector, vocab: Vocabulary, *, semantic: bool) -> nx.MultiDiGraph:
    typing = _Typing(vocab, col)
    g = _semantic(col, vocab, typing) if semantic else _full(col, vocab, typing)
    g.graph["classes"] = _classes(typing)
    return g


def _classes(typing: _Typing) -> dict[str, dict[str, Any]]:
    """Labels and superclasses of the classes the nodes and records are of, by local name."""
    vocab = typing.vocab
    found: dict[str, dict[str, Any]] = {}
    for cls in sorted({c for types in typing.types.values() for c in types}):
        name = local_name(cls)
        if name in found and not cls.startswith(YZ):
            continue
        found[name] = {
            "iri": cls,
            "label_zh": vocab.labels.get(cls, {}).get("zh", ""),
            "label_en": vocab.labels.get(cls, {}).get("en", ""),
            "ancestors": sorted({local_name(a) for a in vocab.ancestors(cls)}),
        }
    return found


def is_a(g: nx.MultiDiGraph, node: str, cls: str) -> bool:
    """Whether ``node`` of ``g`` is an instance of the class of local name ``cls``.

    Uses the class hierarchy that :func:`project` records in ``g.graph["classes"]``.

    Examples
    --------
    >>> import networkx as nx
    >>> g = nx.MultiDiGraph(classes={"Company": {"ancestors": ["Company", "Enterprise"]}})
    >>> g.add_node("x", kinds=["Company"])
    >>> is_a(g, "x", "Enterprise"), is_a(g, "x", "Zone")
    (True, False)
    """
    classes = g.graph.get("classes", {})
    return any(
        cls in classes.get(k, {}).get("ancestors", (k,)) for k in g.nodes[node].get("kinds", ())
    )


def _full(col: _Collector, vocab: Vocabulary, typing: _Typing) -> nx.MultiDiGraph:
    """The full view: every resource of the data a node."""
    nodes = set(col.present)
    for pairs in col.by_pred.values():
        for s, o in pairs:
            nodes.add(s)
            nodes.add(o)
    typing.prepare(nodes)
    attrs = {n: _node_attrs(n, typing, col, vocab) for n in nodes}
    _add_sectors_and_sources(attrs, col.by_pred, col, typing)
    g = nx.MultiDiGraph(view="full")
    _add_nodes(g, attrs.items())
    for (p, graph, inferred), pairs in col.by_pred.items():
        _add_links(g, vocab, p, graph, inferred, pairs, attrs)
    return g


def _add_sectors_and_sources(attrs, by_pred, col: _Collector, typing: _Typing) -> None:
    """Fill ``sectors`` (notations) and ``source``/``sources`` (citation IRIs) of the nodes."""
    lits = col.lits
    citations: dict[str, set[str]] = defaultdict(set)
    links = [(p, pairs) for (p, _, _), pairs in by_pred.items() if p in _SECTOR_OR_CITATION]
    links += [(p, [(s, o)]) for s, found in col.extra.items() for p, o in found]
    for p, pairs in links:
        if p == DERIVED:
            for s, o in pairs:
                if o in typing.citations and s in attrs:
                    citations[s].add(o)
            continue
        for s, o in pairs:
            code = lits.get(o, {}).get("notation")
            if code is not None and s in attrs:
                sectors = attrs[s]["sectors"]
                if code not in sectors:
                    sectors.append(code)
    for n, cits in citations.items():
        a = attrs[n]
        a["sources"] = sorted(cits)
        a["source"] = a["sources"][0]


_SECTOR_OR_CITATION = frozenset({SECTOR, INDUSTRY_SECTOR, DERIVED})
#: Marks the sector and provenance links looked up for a CONSTRUCT result: not edges.
_EXTRA = "extra"


def _node_attrs(n: str, typing: _Typing, col: _Collector, vocab: Vocabulary) -> dict[str, Any]:
    kind, kinds = typing.kind(n)
    group = typing.group(n)
    pref = col.pref.get(n)
    if pref is None:
        pref = vocab.labels.get(n, {})
    zh = pref.get("zh", "")
    en = pref.get("en", "") or pref.get("", "")
    a: dict[str, Any] = {
        "iri": n,
        "kind": kind,
        "kinds": kinds,
        "group": group,
        "label_zh": zh,
        "label_en": en,
        "label": zh or en or local_name(n),
        "aliases": sorted(set(col.alt[n])) if n in col.alt else [],
        "sectors": [],
    }
    lits = col.lits.get(n)
    if lits:
        for name, value in lits.items():
            a[name] = _number(name, value)
        if group == "Sector" and "notation" in lits:
            a["sectors"].append(lits["notation"])
    return a


def _number(name: str, value: str):
    if name in ("value", "start", "end"):
        try:
            f = float(value)
        except ValueError:
            return value
        return int(f) if f.is_integer() and name != "value" else f
    return value


def _semantic(col: _Collector, vocab: Vocabulary, typing: _Typing) -> nx.MultiDiGraph:
    """The semantic view: entities only, the rest folded into their attributes."""
    rank = typing.rank
    entity_ranks = {i for i, (name, _) in enumerate(_GROUP_RULES) if name in ENTITY_GROUPS}
    keep = {n for n in col.present if rank.get(n) in entity_ranks}
    typing.prepare(keep | typing.achievements)
    attrs = {n: _node_attrs(n, typing, col, vocab) for n in keep}
    codes = {n: lits["notation"] for n, lits in col.lits.items() if "notation" in lits}
    entity: list[tuple[str, str | None, bool, list[tuple[str, str]]]] = []
    values: list[tuple[str, str, str]] = []
    sources: dict[str, set[str]] = defaultdict(set)
    out: dict[str, list[tuple[str, str]]] = defaultdict(list)
    links = [((p, g, inf), pairs) for (p, g, inf), pairs in col.by_pred.items()]
    links += [((p, _EXTRA, False), [(s, o)]) for s, found in col.extra.items() for p, o in found]
    for (p, graph, inferred), pairs in links:
        if p in REDUNDANT or p == PRIMARY:
            continue
        between = []
        sector = p in (SECTOR, INDUSTRY_SECTOR)
        for s, o in pairs:
            if s not in keep:
                out[s].append((p, o))
                continue
            if sector and o in codes:
                found = attrs[s]["sectors"]
                if codes[o] not in found:
                    found.append(codes[o])
            if o in keep:
                between.append((s, o))
            elif p == DERIVED:
                sources[s].add(o)  # what the fact is derived from: its citation
            else:
                values.append((s, p, o))
        if between and graph is not _EXTRA:
            entity.append((p, graph, inferred, between))
    for n, found in sources.items():
        a = attrs[n]
        a["sources"] = sorted(found)
        a["source"] = a["sources"][0]
    other = _Values(col, vocab, typing)
    group = typing.group
    for s, p, o in values:
        if group(o) == "Other":
            found = attrs[s].setdefault(local_name(p), [])
            label = other.label(o)
            if label not in found:
                found.append(label)
    cited = _citation_records(out, other)
    if cited:
        for a in attrs.values():
            if "sources" in a:
                a["cited"] = [cited[c] for c in a["sources"] if c in cited]
    derived = []
    for s, pairs in out.items():
        grp = group(s)
        if grp == "Achievement":
            derived += _fold_achievement(s, pairs, col, attrs, keep, other, out, vocab)
        elif grp == "Observation":
            _fold_observation(s, pairs, col, attrs, keep, other)
        elif s in typing.indicators:
            for p, o in pairs:
                if p == SECTOR and o in keep:
                    inds = attrs[o].setdefault("indicators", [])
                    label = other.label(s)
                    if label not in inds:
                        inds.append(label)
    g = nx.MultiDiGraph(view="semantic")
    if cited:
        g.graph["citations"] = cited
    _add_nodes(g, ((n, attrs[n]) for n in sorted(keep)))
    for p, graph, inferred, pairs in entity:
        _add_links(g, vocab, p, graph, inferred, pairs, attrs)
    for u, v, key, data in derived:
        if g.has_edge(u, v, key):
            known = g.edges[u, v, key]
            known["via"] = sorted(set(known["via"]) | set(data["via"]))
        else:
            g.add_edges_from([(u, v, key, data)])
    return g


def _add_nodes(g: nx.MultiDiGraph, nodes: Iterable[tuple[str, dict[str, Any]]]) -> None:
    """Add new nodes with their attribute dicts, as ``add_nodes_from`` does, faster."""
    if type(g) is not nx.MultiDiGraph:  # pragma: no cover - a subclass may hook add_node
        g.add_nodes_from(nodes)
        return
    node, succ, pred = g._node, g._succ, g._pred
    for n, a in nodes:
        if n not in succ:
            succ[n] = {}
            pred[n] = {}
        node[n] = a
    nx._clear_cache(g)


class _Values:
    """Labels and codes of folded nodes, looked up without building their attributes."""

    def __init__(self, col: _Collector, vocab: Vocabulary, typing: _Typing):
        self.col, self.vocab, self.typing = col, vocab, typing
        # Indicators, periods, areas and units recur in thousands of records.
        self._labels: dict[str, tuple[str, str]] = {}
        self._codes: dict[str, str] = {}

    def labels(self, n: str) -> tuple[str, str]:
        found = self._labels.get(n)
        if found is None:
            pref = self.col.pref.get(n) or self.vocab.labels.get(n, {})
            found = self._labels[n] = (pref.get("zh", ""), pref.get("en", "") or pref.get("", ""))
        return found

    def label(self, n: str) -> str:
        zh, en = self.labels(n)
        return zh or en or local_name(n)

    def code(self, n: str) -> str:
        found = self._codes.get(n)
        if found is None:
            found = self._codes[n] = self.col.lits.get(n, {}).get("notation") or local_name(n)
        return found

    def lit(self, n: str, name: str):
        value = self.col.lits.get(n, {}).get(name)
        return None if value is None else _number(name, value)


def _citation_records(out, values: _Values) -> dict[str, dict[str, Any]]:
    records = {}
    for c in values.typing.citations:
        pairs = out.get(c)
        if not pairs:
            continue
        rec: dict[str, Any] = {"citation": c}
        for p, o in pairs:
            if p == HAS_SOURCE:
                rec["document"] = o
                rec["document_zh"] = values.lit(o, "title_zh") or ""
            elif p == IN_SECTION:
                rec["section"] = o
                rec["section_zh"] = values.lit(o, "heading_zh") or ""
                rec["section_en"] = values.lit(o, "heading_en") or ""
            elif p == HAS_SELECTOR:
                for name in ("start", "end"):
                    value = values.lit(o, name)
                    if value is not None:
                        rec[name] = value
        records[c] = rec
    return records


def _record(s: str, col: _Collector, values: _Values, names: tuple[str, ...]) -> dict[str, Any]:
    rec: dict[str, Any] = {"iri": s}
    pref = col.pref.get(s)
    if pref:
        rec["label_zh"], rec["label_en"] = pref.get("zh", ""), pref.get("en", "")
    lits = col.lits.get(s)
    if lits:
        for name in names:
            value = lits.get(name)
            if value is not None:
                rec[name] = _number(name, value)
    return rec


def _fold_achievement(s, pairs, col, attrs, keep, values, out, vocab) -> list[tuple]:
    rec = _record(s, col, values, ("value", "date", "list_zh", "list_en", "note"))
    rec["kind"] = values.typing.kind(s)[0]
    anchors, links, sectors = [], [], []
    for p, o in pairs:
        if p == ACHIEVED_BY:
            anchors.append(o)
        elif p == YZ + "comparator":
            rec["comparator"] = local_name(o)
        elif p == _P["qudt"] + "unit":
            rec["unit"] = values.code(o)
        elif p == YZ + "per":
            rec["per_value"] = values.lit(o, "value")
            rec["per_unit"] = next(
                (values.code(x) for q, x in out.get(o, ()) if q == _P["qudt"] + "unit"), None
            )
        elif p in (SECTOR, INDUSTRY_SECTOR):
            code = col.lits.get(o, {}).get("notation")
            if code:
                sectors.append(code)
        elif p == DERIVED and o not in keep:
            rec["source"] = o
        elif o in keep and p not in REDUNDANT:
            links.append((p, o))
            rec.setdefault(local_name(p), []).append(o)
    rec["sectors"] = sorted(set(sectors))
    rec["achieved_by"] = sorted(anchors)
    edges = []
    for org in anchors:
        if org not in keep:
            continue
        attrs[org].setdefault("achievements", []).append(rec)
        for p, o in links:
            key = f"yz:hasAchievement/{curie(p)}"
            label_zh = vocab.label(HAS_ACHIEVEMENT, "zh") + "·" + vocab.label(p, "zh")
            label_en = vocab.label(HAS_ACHIEVEMENT, "en") + " · " + vocab.label(p, "en")
            data = {
                "predicate": p,
                "key": key,
                "label_zh": label_zh,
                "label_en": label_en,
                "source": rec.get("source"),
                "graph": None,
                "inferred": False,
                "via": [s],
            }
            edges.append((org, o, key, data))
    return edges


_OBS_FIELDS = {
    YZ + "indicator": "indicator",
    REF_AREA: "area",
    _P["sdmx-dimension"] + "refPeriod": "period",
    YZ + "populationArea": "population_area",
    YZ + "measureType": "measure",
    YZ + "comparator": "comparator",
    _P["sdmx-attribute"] + "unitMeasure": "unit",
}


def _fold_observation(s, pairs, col, attrs, keep, values) -> None:
    rec = _record(s, col, values, ("value", "population_zh", "population_en", "note"))
    targets, sectors = [], []
    for p, o in pairs:
        name = _OBS_FIELDS.get(p)
        if name in ("indicator", "area", "period", "population_area"):
            rec[name] = o
            rec[f"{name}_zh"], rec[f"{name}_en"] = values.labels(o)
            if name == "area":
                targets.append(o)
        elif name in ("measure", "comparator"):
            rec[name] = local_name(o)
        elif name == "unit":
            rec["unit"] = values.code(o)
        elif p == ABOUT:
            rec.setdefault("about", []).append(o)
            targets.append(o)
        elif p in (SECTOR, INDUSTRY_SECTOR):
            code = col.lits.get(o, {}).get("notation")
            if code:
                sectors.append(code)
            targets.append(o)
        elif p == DERIVED and o not in keep:
            rec["source"] = o
    rec["sectors"] = sorted(set(sectors))
    for t in dict.fromkeys(targets):
        if t in keep:
            attrs[t].setdefault("observations", []).append(rec)
