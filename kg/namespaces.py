"""Namespaces of the vocabularies the graph uses, and the project's own.

The ontology namespace (``YZ``) and the unit namespace (``YZU``) are fixed:
they name terms, not data. Entity IRIs live under a configurable base
(see :mod:`kg.config`).

Examples
--------
>>> from kg.namespaces import YZ, PREFIXES
>>> YZ + "Enterprise"
'https://w3id.org/yuzhong-kg/def#Enterprise'
>>> PREFIXES["skos"]
'http://www.w3.org/2004/02/skos/core#'
"""

from __future__ import annotations

__all__ = ["DEFAULT_BASE", "PREFIXES", "YZ", "YZU", "expand", "sparql_prefixes"]

DEFAULT_BASE = "https://w3id.org/yuzhong-kg/"
YZ = "https://w3id.org/yuzhong-kg/def#"
YZU = "https://w3id.org/yuzhong-kg/unit/"

PREFIXES: dict[str, str] = {
    "yz": YZ,
    "yzu": YZU,
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "xkos": "http://rdf-vocabulary.ddialliance.org/xkos#",
    "dct": "http://purl.org/dc/terms/",
    "org": "http://www.w3.org/ns/org#",
    "legal": "http://www.w3.org/ns/legal#",
    "schema": "https://schema.org/",
    "prov": "http://www.w3.org/ns/prov#",
    "oa": "http://www.w3.org/ns/oa#",
    "qb": "http://purl.org/linked-data/cube#",
    "sdmx-dimension": "http://purl.org/linked-data/sdmx/2009/dimension#",
    "sdmx-measure": "http://purl.org/linked-data/sdmx/2009/measure#",
    "sdmx-attribute": "http://purl.org/linked-data/sdmx/2009/attribute#",
    "time": "http://www.w3.org/2006/time#",
    "qudt": "http://qudt.org/schema/qudt/",
    "unit": "http://qudt.org/vocab/unit/",
    "sh": "http://www.w3.org/ns/shacl#",
    "vann": "http://purl.org/vocab/vann/",
}


def expand(curie: str) -> str:
    """Return the full IRI of a compact IRI such as ``"skos:prefLabel"``.

    Raises
    ------
    ValueError
        If the prefix is not one of :data:`PREFIXES`.

    Examples
    --------
    >>> expand("org:subOrganizationOf")
    'http://www.w3.org/ns/org#subOrganizationOf'
    """
    prefix, sep, local = curie.partition(":")
    if not sep or prefix not in PREFIXES:
        raise ValueError(f"unknown prefix in {curie!r}; known: {', '.join(sorted(PREFIXES))}")
    return PREFIXES[prefix] + local


def sparql_prefixes() -> str:
    """The ``PREFIX`` lines for every namespace, for queries written by hand."""
    return "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items())
