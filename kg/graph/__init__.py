"""Sources to RDF: the mapping, the ontology files, periods and entailments."""

from kg.graph.build import Assembled, BuildReport, assemble, build

__all__ = ["Assembled", "BuildReport", "assemble", "build"]
