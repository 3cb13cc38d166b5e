"""Assemble the whole graph from the sources, and build it into a validated store.

The data flow, one step a module::

    ontology/*.ttl ──► ontology.py ─┐
    kg/data/*.csv ──► mapping.py ───┼─► quads ─► store.py (new build) ─► inference.py
                      periods.py ───┘                               └─► validate/ ─► swap
"""

from __future__ import annotations

import shutil
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from pyoxigraph import NamedNode, Quad, RdfFormat, Store, serialize

from kg.config import Settings
from kg.errors import ValidationError
from kg.graph.inference import materialise
from kg.graph.mapping import Mapped, map_tables
from kg.graph.ontology import ontology_quads, vocabulary
from kg.graph.periods import period_quads
from kg.namespaces import PREFIXES
from kg.remote import build_remote
from kg.store import build_store
from kg.validate.run import validate_store

__all__ = ["Assembled", "BuildReport", "assemble", "build", "load_dump"]

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

    if settings.remote:
        build_remote(settings, assembled.quads, check=check)
    else:
        build_store(settings.store, assembled.quads, check=check)
    report.seconds["map"] = t1 - t0
    report.seconds["total"] = time.perf_counter() - t0
    return report


def load_dump(settings: Settings, nquads: Path, *, validate: bool = True) -> BuildReport:
    """Load an N-Quads dump with the ontology into a new store: infer, validate, swap.

    The path for large graphs (a registry export, or the synthetic benchmark graph).
    Writing the on-disk store is the slow part, so the contract is checked at the
    same time on a second copy in memory, where queries run several times faster:
    one thread bulk-loads the dump into the new on-disk build while another loads it
    into memory, materialises the entailments and runs the SHACL checks. The
    entailments are then copied to the disk build, and only a clean graph is
    swapped in. Violations name the focus node and property (there is no source
    table to point at).

    Raises
    ------
    ValidationError
        The dump breaks the contract (the new build was discarded).
    """
    t0 = time.perf_counter()
    onto = ontology_quads(settings)
    inferred = NamedNode(settings.graph("inferred"))
    report = BuildReport(store=str(settings.store), quads=0, inferred=0)
    memory = Store()
    outcome: dict[str, object] = {}
    entailed = threading.Event()
    inferred_file = Path(tempfile.mkdtemp(prefix="kg-inferred-")) / "inferred.nq"

    def check_in_memory() -> None:
        try:
            memory.bulk_extend(onto)
            memory.bulk_load(path=str(nquads), format=RdfFormat.N_QUADS)
            t = time.perf_counter()
            report.inferred = materialise(memory, settings)
            serialize(
                memory.quads_for_pattern(None, None, None, inferred),
                str(inferred_file),
                RdfFormat.N_QUADS,
            )
            report.seconds["infer"] = time.perf_counter() - t
            entailed.set()
            if validate:
                t = time.perf_counter()
                outcome["violations"] = validate_store(memory)
                report.seconds["validate"] = time.perf_counter() - t
        except BaseException as exc:  # re-raised in the main thread
            outcome["error"] = exc
        finally:
            entailed.set()

    worker = threading.Thread(target=check_in_memory, name="kg-validate")
    worker.start()

    def check(store: Store) -> None:
        entailed.wait()
        if "error" not in outcome:
            store.bulk_load(path=str(inferred_file), format=RdfFormat.N_QUADS)
        worker.join()
        if "error" in outcome:
            raise outcome["error"]  # type: ignore[misc]
        if outcome.get("violations"):
            raise ValidationError(outcome["violations"])  # type: ignore[arg-type]
        report.quads = len(memory) - report.inferred

    try:
        build_store(settings.store, onto, check=check, files=[nquads])
    finally:
        worker.join()
        shutil.rmtree(inferred_file.parent, ignore_errors=True)
    report.seconds["total"] = time.perf_counter() - t0
    return report
