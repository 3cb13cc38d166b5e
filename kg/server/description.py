"""The SPARQL 1.1 Service Description of the endpoint.

``GET /sparql`` without a query answers with a description of the service
(Turtle, N-Triples or JSON-LD by content negotiation): the endpoint, the
languages it accepts (SPARQL 1.1 Query, and Update only when writes are
enabled), its result formats, the ``sd:UnionDefaultGraph`` feature, and the
dataset — each named graph with its triple count.
"""

from __future__ import annotations

from pyoxigraph import BlankNode, Literal, NamedNode, Triple

from kg.namespaces import PREFIXES
from kg.queries import run_query

__all__ = ["dataset", "service_description"]

SD = "http://www.w3.org/ns/sparql-service-description#"
VOID = "http://rdfs.org/ns/void#"
FORMATS = "http://www.w3.org/ns/formats/"
_RESULT_FORMATS = (
    "SPARQL_Results_JSON",
    "SPARQL_Results_XML",
    "SPARQL_Results_CSV",
    "SPARQL_Results_TSV",
    "Turtle",
    "N-Triples",
    "JSON-LD",
)


def dataset(store, *, base: str, count: bool = True) -> list[tuple[str, int | None]]:
    """The named graphs under ``<base>graph/`` and their triple counts (worker side).

    With ``count=False`` (for large remote stores) the counts are ``None``.
    """
    prefix = base + "graph/"
    if count:
        query = f"""SELECT ?g (COUNT(*) AS ?n) WHERE {{ GRAPH ?g {{ ?s ?p ?o }}
          FILTER(STRSTARTS(STR(?g), "{prefix}")) }} GROUP BY ?g ORDER BY ?g"""
        return [(r["g"].value, int(r["n"].value)) for r in run_query(store, query).rows]
    query = f"""SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ ?s ?p ?o }}
      FILTER(STRSTARTS(STR(?g), "{prefix}")) }} ORDER BY ?g"""
    return [(r["g"].value, None) for r in run_query(store, query).rows]


def service_description(
    endpoint: str,
    graphs: list[tuple[str, int | None]],
    *,
    writable: bool,
    time_limit: float,
    result_limit: int,
) -> list[Triple]:
    """The triples describing the service at ``endpoint``.

    Examples
    --------
    >>> triples = service_description("http://127.0.0.1:8000/sparql", [], writable=False,
    ...                               time_limit=10, result_limit=10000)
    >>> any(t.object.value == SD + "SPARQL11Update" for t in triples)
    False
    """
    rdf_type = NamedNode(PREFIXES["rdf"] + "type")
    service = NamedNode(endpoint)
    t = [
        Triple(service, rdf_type, NamedNode(SD + "Service")),
        Triple(service, NamedNode(SD + "endpoint"), service),
        Triple(service, NamedNode(SD + "supportedLanguage"), NamedNode(SD + "SPARQL11Query")),
        Triple(service, NamedNode(SD + "feature"), NamedNode(SD + "UnionDefaultGraph")),
        Triple(
            service,
            NamedNode(PREFIXES["rdfs"] + "comment"),
            Literal(
                f"Queries run over the union of the named graphs, with the common prefixes "
                f"predeclared. Each query may run {time_limit:g} s and return "
                f"{result_limit} results; a longer answer is cut and marked.",
                language="en",
            ),
        ),
    ]
    if writable:
        t.append(
            Triple(service, NamedNode(SD + "supportedLanguage"), NamedNode(SD + "SPARQL11Update"))
        )
    t += [
        Triple(service, NamedNode(SD + "resultFormat"), NamedNode(FORMATS + f))
        for f in _RESULT_FORMATS
    ]
    data = BlankNode()
    t += [
        Triple(service, NamedNode(SD + "defaultDataset"), data),
        Triple(data, rdf_type, NamedNode(SD + "Dataset")),
    ]
    default = BlankNode()
    t += [
        Triple(data, NamedNode(SD + "defaultGraph"), default),
        Triple(default, rdf_type, NamedNode(SD + "Graph")),
    ]
    for name, n in graphs:
        named, graph = BlankNode(), BlankNode()
        t += [
            Triple(data, NamedNode(SD + "namedGraph"), named),
            Triple(named, rdf_type, NamedNode(SD + "NamedGraph")),
            Triple(named, NamedNode(SD + "name"), NamedNode(name)),
            Triple(named, NamedNode(SD + "graph"), graph),
            Triple(graph, rdf_type, NamedNode(SD + "Graph")),
        ]
        if n is not None:
            count = Literal(str(n), datatype=NamedNode(PREFIXES["xsd"] + "integer"))
            t.append(Triple(graph, NamedNode(VOID + "triples"), count))
    return t
