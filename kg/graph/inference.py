"""Entailments materialised at build time, into a named graph of their own.

Why materialise: the questions users ask ("enterprises of the emerging cluster,
counting its sub-sectors", "all organisations", "everything classified under a
GB/T section") then need no property paths or reasoner at query time, and any
SPARQL client of the endpoint sees the same answers. The entailments go to
``<base>graph/inferred`` so that ``DROP GRAPH`` removes them all.

What is inferred (RDFS and a little OWL and SKOS, nothing more):

* ``rdf:type`` along ``rdfs:subClassOf`` (transitively);
* ``?s ?super ?o`` along ``rdfs:subPropertyOf`` (transitively);
* ``owl:inverseOf`` in both directions;
* ``skos:broaderTransitive`` / ``skos:narrowerTransitive`` from ``skos:broader``.
"""

from __future__ import annotations

from pyoxigraph import NamedNode, Quad, Store

from kg.config import Settings
from kg.namespaces import sparql_prefixes

__all__ = ["RULES", "materialise"]

RULES: dict[str, str] = {
    "subproperty": """
        CONSTRUCT { ?s ?super ?o } WHERE {
          ?p rdfs:subPropertyOf+ ?super . FILTER(isIRI(?super) && ?p != ?super)
          ?s ?p ?o .
        }""",
    "inverse": """
        CONSTRUCT { ?o ?q ?s } WHERE {
          { ?p owl:inverseOf ?q } UNION { ?q owl:inverseOf ?p }
          ?s ?p ?o . FILTER(isIRI(?o))
        }""",
    "broader-transitive": """
        CONSTRUCT { ?c skos:broaderTransitive ?b . ?b skos:narrowerTransitive ?c }
        WHERE { ?c skos:broader+ ?b }""",
    "subclass": """
        CONSTRUCT { ?x a ?super } WHERE {
          ?c rdfs:subClassOf+ ?super . FILTER(isIRI(?super) && ?c != ?super)
          ?x a ?c .
        }""",
}


def materialise(store: Store, settings: Settings) -> int:
    """Add the entailments of :data:`RULES` to the store; return how many triples.

    Examples
    --------
    >>> from pyoxigraph import Store, Quad, NamedNode
    >>> from kg.config import Settings
    >>> ex = "https://ex.org/"
    >>> s = Store()
    >>> sub = NamedNode("http://www.w3.org/2000/01/rdf-schema#subClassOf")
    >>> a = NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    >>> s.add(Quad(NamedNode(ex + "Cat"), sub, NamedNode(ex + "Animal")))
    >>> s.add(Quad(NamedNode(ex + "tom"), a, NamedNode(ex + "Cat")))
    >>> materialise(s, Settings(base=ex))
    1
    """
    graph = NamedNode(settings.graph("inferred"))
    prefixes = sparql_prefixes()
    added = 0
    for rule in RULES.values():
        triples = store.query(prefixes + rule, use_default_graph_as_union=True)
        new = [
            Quad(t.subject, t.predicate, t.object, graph)
            for t in triples
            if not _asserted(store, t)
        ]
        store.extend(new)
        added += len(new)
    return added


def _asserted(store: Store, t) -> bool:
    return next(store.quads_for_pattern(t.subject, t.predicate, t.object), None) is not None
