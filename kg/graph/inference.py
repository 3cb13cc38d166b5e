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

Left out on purpose (:data:`NOT_MATERIALISED`): the most general classes and
properties (``schema:Thing``, ``foaf:Agent``, ``prov:Entity``,
``oa:SpecificResource``, ``prov:wasDerivedFrom`` from ``prov:hadPrimarySource``).
They answer no question a user asks, yet each would add one triple per fact and
nearly double the store; a query that needs them can use a property path.

The rules run as SPARQL Update inside the store, so no triple crosses into Python.
Schema axioms (subclass, subproperty, inverse chains) must each sit within one
named graph, which holds for the ontology files as loaded.
"""

from __future__ import annotations

from pyoxigraph import NamedNode, Store

from kg.config import Settings
from kg.namespaces import sparql_prefixes

__all__ = ["RULES", "materialise"]

NOT_MATERIALISED = (
    "https://schema.org/Thing",
    "http://xmlns.com/foaf/0.1/Agent",
    "http://www.w3.org/ns/prov#Entity",
    "http://www.w3.org/ns/oa#SpecificResource",
    "http://www.w3.org/ns/prov#wasDerivedFrom",
)
_SKIP = ", ".join(f"<{iri}>" for iri in NOT_MATERIALISED)

# Each rule inserts into GRAPH <{inferred}>; patterns range over every named graph.
RULES: dict[str, str] = {
    "subproperty": """
        INSERT { GRAPH <{inferred}> { ?s ?super ?o } } WHERE {
          GRAPH ?gs { ?p rdfs:subPropertyOf+ ?super }
          FILTER(isIRI(?super) && ?p != ?super && ?super NOT IN ({skip}))
          GRAPH ?g { ?s ?p ?o }
          FILTER NOT EXISTS { GRAPH ?h { ?s ?super ?o } }
        }""",
    "inverse": """
        INSERT { GRAPH <{inferred}> { ?o ?q ?s } } WHERE {
          GRAPH ?gs { { ?p owl:inverseOf ?q } UNION { ?q owl:inverseOf ?p } }
          GRAPH ?g { ?s ?p ?o } FILTER(isIRI(?o))
          FILTER NOT EXISTS { GRAPH ?h { ?o ?q ?s } }
        }""",
    "broader-transitive": """
        INSERT { GRAPH <{inferred}> {
          ?c skos:broaderTransitive ?b . ?b skos:narrowerTransitive ?c } }
        WHERE { GRAPH ?g { ?c skos:broader+ ?b } }""",
    "subclass": """
        INSERT { GRAPH <{inferred}> { ?x a ?super } } WHERE {
          GRAPH ?gs { ?c rdfs:subClassOf+ ?super }
          FILTER(isIRI(?super) && ?c != ?super && ?super NOT IN ({skip}))
          GRAPH ?g { ?x a ?c }
          FILTER NOT EXISTS { GRAPH ?h { ?x a ?super } }
        }""",
}


def materialise(store: Store, settings: Settings) -> int:
    """Add the entailments of :data:`RULES` to the store; return how many triples.

    Examples
    --------
    >>> from pyoxigraph import Store, Quad, NamedNode
    >>> from kg.config import Settings
    >>> ex, g = "https://ex.org/", NamedNode("https://ex.org/g")
    >>> s = Store()
    >>> sub = NamedNode("http://www.w3.org/2000/01/rdf-schema#subClassOf")
    >>> a = NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    >>> s.add(Quad(NamedNode(ex + "Cat"), sub, NamedNode(ex + "Animal"), g))
    >>> s.add(Quad(NamedNode(ex + "tom"), a, NamedNode(ex + "Cat"), g))
    >>> materialise(s, Settings(base=ex))
    1
    """
    graph = settings.graph("inferred")
    prefixes = sparql_prefixes()
    for rule in RULES.values():
        store.update(prefixes + rule.replace("{inferred}", graph).replace("{skip}", _SKIP))
    return sum(1 for _ in store.quads_for_pattern(None, None, None, NamedNode(graph)))
