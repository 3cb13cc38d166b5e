"""Run the data contract on a store and report violations by source cell."""

from __future__ import annotations

from pathlib import Path

from pyoxigraph import RdfFormat, Store

from kg.config import ONTOLOGY_DIR
from kg.errors import KgError, Violation
from kg.graph.mapping import Mapped
from kg.validate.compile import PREFIX_BLOCK, Check, compile_shapes

__all__ = ["SHAPES_FILE", "load_shapes", "validate_store", "validate_with_pyshacl"]

SHAPES_FILE = ONTOLOGY_DIR / "shapes" / "kg.shacl.ttl"
_FEW = 2_000  # focus nodes below which a check starts from them


def load_shapes(path: Path = SHAPES_FILE) -> Store:
    """The shapes graph, in a store of its own."""
    shapes = Store()
    with path.open("rb") as fh:
        shapes.load(fh, format=RdfFormat.TURTLE)
    return shapes


def validate_store(
    store: Store,
    *,
    shapes_path: Path = SHAPES_FILE,
    mapped: Mapped | None = None,
) -> list[Violation]:
    """Check ``store`` against the shapes with SPARQL; return the violations found.

    Parameters
    ----------
    store : Store
        The built store, entailments included (class targets match ``rdf:type``).
    shapes_path : Path
        The SHACL file.
    mapped : Mapped, optional
        The mapping result, used to name the source file, row and field of each
        violation.
    """
    checks = compile_shapes(load_shapes(shapes_path))

    def run(check: Check) -> list[Violation]:
        query = check.query
        if check.query_few:
            count = store.query(check.count_query(), use_default_graph_as_union=True)
            if int(next(iter(count))["n"].value) < _FEW:
                query = check.query_few
        solutions = store.query(PREFIX_BLOCK + query, use_default_graph_as_union=True)
        names = {v.value for v in solutions.variables}
        found = []
        for row in solutions:
            rule = check.rule(int(row["rule"].value) if "rule" in names else None)
            value = row["value"] if "value" in names else None
            path = rule.path
            if path is None and "path" in names and row["path"] is not None:
                path = row["path"].value
            found.append(
                _locate(rule.name, row["this"].value, path, _show(value), rule.message, mapped)
            )
        return found

    # One check after another: pyoxigraph 0.5 holds the GIL while it evaluates, and
    # running checks in threads gained nothing when measured.
    violations = [v for check in checks for v in run(check)]
    return sorted(violations, key=lambda v: (v.file or "", v.row or 0, v.rule))


def validate_with_pyshacl(
    store: Store,
    *,
    shapes_path: Path = SHAPES_FILE,
    mapped: Mapped | None = None,
    focus: list[str] | None = None,
) -> list[Violation]:
    """The same contract checked by pySHACL, the reference implementation.

    pySHACL evaluates each SPARQL constraint once per focus node in rdflib, so it
    takes minutes where the compiled checks take milliseconds; ``focus`` limits it
    to some nodes. Requires the optional dependency ``pyshacl``
    (``pip install yuzhong-kg[shacl]``).
    """
    import pyshacl
    from rdflib import Graph
    from rdflib.namespace import RDF, SH

    data = Graph()
    data.parse(data=_union_ntriples(store), format="nt")
    shapes = Graph().parse(shapes_path, format="turtle")
    _conforms, report, _text = pyshacl.validate(
        data,
        shacl_graph=shapes,
        inference="none",
        advanced=True,
        allow_warnings=False,
        focus_nodes=focus,
    )
    if not isinstance(report, Graph):  # pySHACL could not run the shapes
        raise KgError(f"pySHACL refused the shapes: {report}")
    violations = []
    for result in report.subjects(RDF.type, SH.ValidationResult):
        focus = report.value(result, SH.focusNode)
        path = report.value(result, SH.resultPath)
        value = report.value(result, SH.value)
        message = report.value(result, SH.resultMessage)
        source = report.value(result, SH.sourceShape)
        violations.append(
            _locate(
                str(report.value(result, SH.sourceConstraintComponent)).rsplit("#", 1)[-1],
                str(focus),
                str(path) if path is not None else None,
                str(value) if value is not None else None,
                str(message) if message is not None else str(source),
                mapped,
            )
        )
    return sorted(violations, key=lambda v: (v.file or "", v.row or 0, v.rule))


def _union_ntriples(store: Store) -> str:
    lines = {
        f"{q.subject} {q.predicate} {q.object} .\n"
        for q in store.quads_for_pattern(None, None, None, None)
    }
    return "".join(lines)


def _locate(rule, focus, path, value, message, mapped: Mapped | None) -> Violation:
    file = row = field = None
    if mapped is not None and (origin := mapped.origin(focus)) is not None:
        table, record = origin
        file, row = record.file, record.row
        node = focus.split("#", 1)[1] if "#" in focus else None
        if path is not None:
            field = table.column_for(path, node)
    return Violation(rule, focus, path, value, message, file, row, field)


def _show(term) -> str | None:
    if term is None:
        return None
    return term.value
