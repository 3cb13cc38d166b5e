"""Write the store out as Turtle, N-Triples, JSON-LD, TriG or N-Quads.

Triple formats get the union of the graphs (each triple once); dataset formats
keep one named graph per source, so a consumer can still drop a source whole.
"""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import IO

from pyoxigraph import NamedNode, RdfFormat, Store, serialize

from kg.namespaces import PREFIXES

__all__ = ["ExportFormat", "export"]


class ExportFormat(Enum):
    """The serialisations ``kg export`` writes."""

    TURTLE = "turtle"
    NTRIPLES = "ntriples"
    JSONLD = "jsonld"
    TRIG = "trig"
    NQUADS = "nquads"

    @property
    def rdf_format(self) -> RdfFormat:
        return {
            "turtle": RdfFormat.TURTLE,
            "ntriples": RdfFormat.N_TRIPLES,
            "jsonld": RdfFormat.JSON_LD,
            "trig": RdfFormat.TRIG,
            "nquads": RdfFormat.N_QUADS,
        }[self.value]


def export(
    store: Store,
    fmt: ExportFormat,
    output: IO[bytes] | Path | str,
    *,
    inferred_graph: str | None = None,
) -> None:
    """Serialise ``store`` to ``output`` in ``fmt``.

    Parameters
    ----------
    inferred_graph : str, optional
        IRI of the entailments' graph to leave out (export asserted facts only).
    """
    skip = NamedNode(inferred_graph) if inferred_graph else None
    quads = (q for q in store.quads_for_pattern(None, None, None, None) if q.graph_name != skip)
    prefixes = {p: ns for p, ns in PREFIXES.items() if p not in ("sh",)}
    rdf = fmt.rdf_format
    if rdf.supports_datasets:
        serialize(quads, output, rdf, prefixes=prefixes if rdf is RdfFormat.TRIG else None)
        return
    seen = {q.triple for q in quads}
    serialize(
        sorted(seen, key=str), output, rdf, prefixes=prefixes if rdf is RdfFormat.TURTLE else None
    )
