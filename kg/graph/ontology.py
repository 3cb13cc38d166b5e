"""Read the ontology, unit, sector and classification files, and the codes they define.

The files live in ``ontology/``. Those that hold base-relative data (the 4311 scheme
and GB/T 4754) are written with relative IRIs and resolved here against the
configured base, so the namespace can move without editing them.
"""

from __future__ import annotations

from pathlib import Path

from pyoxigraph import NamedNode, Quad, RdfFormat, parse

from kg.config import Settings
from kg.errors import SourceError
from kg.namespaces import PREFIXES

__all__ = ["ONTOLOGY_FILES", "ontology_quads", "vocabulary"]

# file -> named graph
ONTOLOGY_FILES = {
    "imports/org_import.ttl": "ontology",
    "imports/schema_import.ttl": "ontology",
    "imports/prov_import.ttl": "ontology",
    "imports/skos_import.ttl": "ontology",
    "kg.ttl": "ontology",
    "units.ttl": "ontology",
    "sectors.ttl": "sectors",
    "gbt4754.ttl": "gbt4754",
}


def ontology_quads(settings: Settings, extra: dict[Path, str] | None = None) -> list[Quad]:
    """Parse every ontology file into quads of its named graph.

    ``extra`` adds further Turtle files (path -> graph name), such as a source's
    dataset description.
    """
    files = {settings.ontology_dir / f: g for f, g in ONTOLOGY_FILES.items()}
    files.update(extra or {})
    quads: list[Quad] = []
    for path, graph_name in files.items():
        graph = NamedNode(settings.graph(graph_name))
        try:
            with path.open("rb") as fh:
                triples = list(parse(fh, format=RdfFormat.TURTLE, base_iri=settings.base))
        except (SyntaxError, ValueError) as exc:
            raise SourceError(path.name, None, None, f"invalid Turtle: {exc}") from None
        quads += [Quad(t.subject, t.predicate, t.object, graph) for t in triples]
    return quads


def vocabulary(quads: list[Quad], settings: Settings) -> dict[str, dict[str, str]]:
    """Codes (``skos:notation``) of the controlled vocabularies, by kind.

    Returns a dict with keys ``sector``, ``unit``, ``comparator`` and ``measure``,
    each mapping a code to the IRI it stands for, and ``subject``: every IRI the
    files describe.
    """
    rdf_type = PREFIXES["rdf"] + "type"
    notation = PREFIXES["skos"] + "notation"
    in_scheme = PREFIXES["skos"] + "inScheme"
    types: dict[str, set[str]] = {}
    schemes: dict[str, set[str]] = {}
    codes: dict[str, str] = {}
    for q in quads:
        p = q.predicate.value
        if p == rdf_type:
            types.setdefault(q.subject.value, set()).add(q.object.value)
        elif p == in_scheme:
            schemes.setdefault(q.subject.value, set()).add(q.object.value)
        elif p == notation:
            codes[q.subject.value] = q.object.value
    yz = PREFIXES["yz"]
    sector_scheme = settings.iri("sector", "4311")
    kinds = {
        "sector": lambda s: sector_scheme in schemes.get(s, ()),
        "unit": lambda s: PREFIXES["qudt"] + "Unit" in types.get(s, ()),
        "comparator": lambda s: yz + "Comparator" in types.get(s, ()),
        "measure": lambda s: yz + "MeasureType" in types.get(s, ()),
    }
    found = {
        kind: {code: s for s, code in codes.items() if test(s)} for kind, test in kinds.items()
    }
    found["subject"] = {q.subject.value: q.subject.value for q in quads}
    return found
