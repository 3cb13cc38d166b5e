"""Assemble the whole graph from the sources, and build it into a validated store.

The data flow, one step a module::

    ontology/*.ttl ──► ontology.py ─┐
    kg/data/*.csv ──► mapping.py ───┼─► quads ─► store.py (new build) ─► inference.py
                      periods.py ───┘                               └─► validate/ ─► swap
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from pyoxigraph import NamedNode, Quad, Store

from kg.config import Settings
from kg.errors import ValidationError
from kg.graph.inference import materialise
from kg.graph.mapping import Mapped, map_tables
from kg.graph.ontology import ontology_quads, vocabulary
from kg.graph.periods import period_quads
from kg.namespaces import PREFIXES
from kg.store import build_store
from kg.validate.run import validate_store

__all__ = ["Assembled", "BuildReport", "assemble", "build"]

_REF_PERIOD = PREFIXES["sdmx-dimension"] + "refPeriod"


@dataclass
class Assembled:
    """Every quad of the graph before it is stored, and the mapping's row index."""

    quads: list[Quad]
    mapped: Mapped


@dataclass
class BuildReport:
    """What a build did, for the CLI and the benchmark."""

    store: str
    quads: int
    inferred: int
    seconds: dict[str, float] = field(default_factory=dict)


def assemble(settings: Settings) -> Assembled:
    """Read the ontology files and map the curated tables to quads.

    Raises
    ------
    SourceError
        For the first cell or file that cannot be mapped.
    """
    extra = {p: p.stem for p in sorted(settings.data_dir.glob("*.ttl"))}
    onto = ontology_quads(settings, extra)
    mapped = map_tables(settings.data_dir, vocabulary(onto, settings), settings)
    periods = sorted({q.object.value for q in mapped.quads if q.predicate.value == _REF_PERIOD})
    graph = NamedNode(settings.graph("codelists"))
    extra_quads = [
        quad for iri in periods for quad in period_quads(iri.rsplit("/", 1)[1], settings, graph)
    ]
    return Assembled(onto + mapped.quads + extra_quads, mapped)


def build(settings: Settings | None = None, *, validate: bool = True) -> BuildReport:
    """Build the graph into a new store, infer, validate, and swap it in.

    A build that fails at any step leaves the store in service untouched.

    Raises
    ------
    SourceError
        A source cell cannot be mapped (nothing was written).
    ValidationError
        The graph breaks the SHACL contract (the new build was discarded).
    """
    settings = settings or Settings()
    t0 = time.perf_counter()
    assembled = assemble(settings)
    t1 = time.perf_counter()
    report = BuildReport(store=str(settings.store), quads=len(assembled.quads), inferred=0)

    def check(store: Store) -> None:
        t = time.perf_counter()
        report.inferred = materialise(store, settings)
        report.seconds["infer"] = time.perf_counter() - t
        if validate:
            t = time.perf_counter()
            violations = validate_store(store, mapped=assembled.mapped)
            report.seconds["validate"] = time.perf_counter() - t
            if violations:
                raise ValidationError(violations)

    build_store(settings.store, assembled.quads, check=check)
    report.seconds["map"] = t1 - t0
    report.seconds["total"] = time.perf_counter() - t0
    return report
