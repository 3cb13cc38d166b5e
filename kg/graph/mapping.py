"""Apply the declarative table mapping (``mapping.toml``) to the curated tables.

Why a mapping file and not code per table: the mapping is data an analyst can read
next to the spreadsheet, and one small interpreter checks every cell the same way
(datatype, reference, vocabulary code) and names file, row and field when it
cannot. RML engines do the same job, but the maintained one (morph-kgc) pins
versions of pyoxigraph and rdflib that conflict with the rest of the stack.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path

from pyoxigraph import Literal, NamedNode, Quad

from kg.config import Settings
from kg.errors import SourceError
from kg.namespaces import PREFIXES, expand
from kg.sources.tables import Record, read_table

__all__ = ["MAPPING_FILE", "Mapped", "TableMap", "load_mapping", "map_tables"]

MAPPING_FILE = Path(__file__).with_name("mapping.toml")
PROVENANCE_COLUMNS = ("source", "section", "start", "end")
_XSD = PREFIXES["xsd"]
_RDF_TYPE = NamedNode(PREFIXES["rdf"] + "type")
_DATE_FORMS = (
    (re.compile(r"^\d{4}$"), "gYear"),
    (re.compile(r"^\d{4}-\d{2}$"), "gYearMonth"),
    (re.compile(r"^\d{4}-\d{2}-\d{2}$"), "date"),
)
_SLUG = re.compile(r"^[A-Za-z0-9][A-Za-z0-9-]*$")
_PROVENANCE_FIELDS = {
    PREFIXES["prov"] + "wasDerivedFrom": "source",
    PREFIXES["prov"] + "hadPrimarySource": "source",
    PREFIXES["oa"] + "hasSource": "source",
    PREFIXES["yz"] + "inSection": "section",
    PREFIXES["oa"] + "hasSelector": "start",
    PREFIXES["oa"] + "start": "start",
    PREFIXES["oa"] + "end": "end",
}


@dataclass(frozen=True)
class ColumnMap:
    name: str
    predicate: str | None = None
    lang: str | None = None
    datatype: str | None = None
    ref: str | None = None
    many: bool = False
    required: bool = False
    node: str | None = None
    ignore: bool = False


@dataclass(frozen=True)
class TableMap:
    """How one table becomes RDF (one section of ``mapping.toml``)."""

    name: str
    file: str
    subject: str
    columns: dict[str, ColumnMap]
    classes: dict[str, list[str]] = field(default_factory=dict)
    static: list[tuple[str, str]] = field(default_factory=list)
    nodes: dict[str, dict] = field(default_factory=dict)
    provenance: bool = False
    graph: str | None = None
    existing: bool = False

    @property
    def prefix(self) -> str:
        return self.subject.split("/", 1)[0]

    def column_for(self, predicate: str, node: str | None) -> str | None:
        """The column that fills ``predicate`` (on the helper ``node``), for error messages."""
        for col in self.columns.values():
            if col.predicate and expand(col.predicate) == predicate and col.node == node:
                return col.name
        if self.provenance and predicate in _PROVENANCE_FIELDS:
            return _PROVENANCE_FIELDS[predicate]
        if predicate == _RDF_TYPE.value and "kind" in self.columns:
            return "kind"
        return None


def load_mapping(path: Path = MAPPING_FILE) -> dict[str, TableMap]:
    """Read ``mapping.toml`` into :class:`TableMap` objects, in file order."""
    spec = tomllib.loads(path.read_text(encoding="utf-8"))
    tables = {}
    for name, t in spec.items():
        columns = {c: ColumnMap(name=c, **opts) for c, opts in t.get("columns", {}).items()}
        if t.get("provenance"):
            for c in PROVENANCE_COLUMNS:
                columns[c] = ColumnMap(name=c, required=c in ("source", "section"))
        tables[name] = TableMap(
            name=name,
            file=t["file"],
            subject=t["subject"],
            columns=columns,
            classes=t.get("classes", {}),
            static=[tuple(s) for s in t.get("static", [])],
            nodes=t.get("nodes", {}),
            provenance=bool(t.get("provenance")),
            graph=t.get("graph"),
            existing=bool(t.get("existing")),
        )
    return tables


@dataclass
class Mapped:
    """The result of mapping: quads, and where each subject came from."""

    quads: list[Quad] = field(default_factory=list)
    origins: dict[str, tuple[TableMap, Record]] = field(default_factory=dict)
    records: dict[str, list[Record]] = field(default_factory=dict)

    def origin(self, iri: str) -> tuple[TableMap, Record] | None:
        """The table and row an IRI (or one of its ``#node`` helpers) came from."""
        return self.origins.get(iri.split("#", 1)[0])


Vocabulary = dict[str, dict[str, str]]  # kind -> code -> IRI


def map_tables(
    data_dir: Path,
    vocab: Vocabulary,
    settings: Settings,
    tables: dict[str, TableMap] | None = None,
) -> Mapped:
    """Read every table of ``data_dir`` and map it to quads.

    Parameters
    ----------
    data_dir : Path
        Folder holding the CSV files named in the mapping.
    vocab : dict
        Codes of the controlled vocabularies (``sector``, ``unit``, ``comparator``,
        ``measure``) to IRIs, read from the ontology files.
    settings : Settings
        Gives the IRI base.

    Raises
    ------
    SourceError
        For the first cell that cannot be mapped: unknown reference or code, bad
        date or number, negative offset, duplicate id, unknown kind.
    """
    tables = tables if tables is not None else load_mapping()
    out = Mapped()
    for t in tables.values():
        path = data_dir / t.file
        if not path.exists():
            raise SourceError(t.file, None, None, f"table missing from {data_dir}")
        required = [c.name for c in t.columns.values() if c.required]
        out.records[t.name] = read_table(path, columns=t.columns, required=required)
    ids = {name: {r.cells["id"] for r in recs} for name, recs in out.records.items()}
    resolver = _Resolver(settings, vocab, tables, ids)
    for t in tables.values():
        for rec in out.records[t.name]:
            _map_row(t, rec, resolver, settings, out)
    return out


class _Resolver:
    """Turns reference cells into IRIs, or fails naming the cell."""

    def __init__(self, settings: Settings, vocab: Vocabulary, tables, ids) -> None:
        self.settings, self.vocab, self.tables, self.ids = settings, vocab, tables, ids
        self.by_prefix = {t.prefix: t for t in tables.values()}

    def __call__(self, ref: str, value: str, rec: Record, column: str) -> str:
        if ref in self.tables:
            return self._row(self.tables[ref], value, rec, column)
        if ref == "any":
            prefix, sep, ident = value.partition(":")
            if not sep or prefix not in self.by_prefix:
                raise rec.error(
                    column, f"{value!r} must be a prefixed id, one of {sorted(self.by_prefix)}:ID"
                )
            return self._row(self.by_prefix[prefix], ident, rec, column)
        if ref == "source":
            return self._row(self.tables["sources"], value, rec, column)
        if ref == "section":
            return self._row(self.tables["sections"], value, rec, column)
        if ref == "period":
            if not _period_code(value):
                raise rec.error(
                    column,
                    f"unknown period {value!r}: use YYYY, YYYY-MM, since-YYYY or recent-years",
                )
            return self.settings.iri("period", value)
        codes = self.vocab.get(ref)
        if codes is None:
            raise rec.error(column, f"mapping names an unknown vocabulary {ref!r}")
        if value not in codes:
            raise rec.error(column, f"unknown {ref} {value!r}; known: {', '.join(sorted(codes))}")
        return codes[value]

    def _row(self, table: TableMap, ident: str, rec: Record, column: str) -> str:
        if ident not in self.ids[table.name]:
            raise rec.error(column, f"no {table.name} row has id {ident!r} (in {table.file})")
        return self.settings.base + table.subject.format(id=ident)


def _map_row(t: TableMap, rec: Record, resolve: Callable, settings: Settings, out: Mapped) -> None:
    if "id" in t.columns and not _SLUG.match(rec.cells["id"]):
        raise rec.error("id", f"{rec.cells['id']!r} is not a slug of letters, digits and '-'")
    subject_iri = settings.base + t.subject.format(**rec.cells)
    if t.existing and subject_iri not in resolve.vocab.get("subject", {}):
        raise rec.error("id", f"<{subject_iri}> is not defined by the ontology files")
    subject = NamedNode(subject_iri)
    graph_name = t.graph.format(**rec.cells) if t.graph else rec.cells.get("source", "codelists")
    graph = NamedNode(settings.graph(graph_name))
    out.origins[subject_iri] = (t, rec)
    quads: list[Quad] = []

    def add(s: NamedNode, p: str, o) -> None:
        quads.append(Quad(s, NamedNode(p), o, graph))

    for p, o in t.static:
        obj = NamedNode(settings.base + o[1:-1]) if o.startswith("<") else NamedNode(expand(o))
        add(subject, expand(p), obj)
    if "kind" in t.columns:
        for kind in _split(rec.cells["kind"]):
            if kind not in t.classes:
                raise rec.error("kind", f"unknown kind {kind!r}; known: {', '.join(t.classes)}")
            for cls in t.classes[kind]:
                add(subject, _RDF_TYPE.value, NamedNode(expand(cls)))
    node_used: set[str] = set()
    for col in t.columns.values():
        raw = rec.cells.get(col.name)
        if raw is None or col.ignore or col.predicate is None:
            continue
        values = _split(raw) if col.many else [raw]
        target = subject
        if col.node:
            target = NamedNode(f"{subject_iri}#{col.node}")
            node_used.add(col.node)
        for v in values:
            add(target, expand(col.predicate), _object(col, v, rec, resolve))
    for name in sorted(node_used):
        spec = t.nodes[name]
        node = NamedNode(f"{subject_iri}#{name}")
        add(subject, expand(spec["link"]), node)
        for cls in spec.get("classes", []):
            add(node, _RDF_TYPE.value, NamedNode(expand(cls)))
    if t.provenance:
        quads += _citation(t, rec, subject, graph, resolve, settings)
        out.origins[settings.iri("citation", f"{t.prefix}-{rec.cells['id']}")] = (t, rec)
    out.quads += quads


def _citation(t, rec: Record, subject, graph, resolve, settings: Settings) -> Iterable[Quad]:
    """Link a row's node to the span of its source that states it (PROV-O + Web Annotation)."""
    prov, oa, yz = PREFIXES["prov"], PREFIXES["oa"], PREFIXES["yz"]
    source = NamedNode(resolve("source", rec.cells["source"], rec, "source"))
    section = NamedNode(resolve("section", rec.cells["section"], rec, "section"))
    cite = NamedNode(settings.iri("citation", f"{t.prefix}-{rec.cells['id']}"))
    q = [
        Quad(subject, NamedNode(prov + "wasDerivedFrom"), cite, graph),
        Quad(subject, NamedNode(prov + "hadPrimarySource"), source, graph),
        Quad(cite, _RDF_TYPE, NamedNode(PREFIXES["yz"] + "Citation"), graph),
        Quad(cite, NamedNode(oa + "hasSource"), source, graph),
        Quad(cite, NamedNode(yz + "inSection"), section, graph),
    ]
    start, end = rec.cells.get("start"), rec.cells.get("end")
    if (start is None) != (end is None):
        missing = "end" if end is None else "start"
        raise rec.error(missing, "a span needs both start and end")
    if start is not None and end is not None:
        s = _integer(start, rec, "start")
        e = _integer(end, rec, "end")
        if s < 0:
            raise rec.error("start", f"negative offset {s}")
        if e <= s:
            raise rec.error("end", f"span end {e} is not after its start {s}")
        sel = NamedNode(cite.value + "#sel")
        q += [
            Quad(cite, NamedNode(oa + "hasSelector"), sel, graph),
            Quad(sel, _RDF_TYPE, NamedNode(oa + "TextPositionSelector"), graph),
            Quad(sel, NamedNode(oa + "start"), Literal(str(s), datatype=_xsd("integer")), graph),
            Quad(sel, NamedNode(oa + "end"), Literal(str(e), datatype=_xsd("integer")), graph),
        ]
    return q


def _object(col: ColumnMap, value: str, rec: Record, resolve: Callable):
    if col.ref:
        return NamedNode(resolve(col.ref, value, rec, col.name))
    if col.lang:
        return Literal(value, language=col.lang)
    if col.datatype == "date":
        return _date(value, rec, col.name)
    if col.datatype == "decimal":
        try:
            d = Decimal(value)
        except InvalidOperation:
            raise rec.error(col.name, f"not a number: {value!r}") from None
        if not d.is_finite():
            raise rec.error(col.name, f"not a finite number: {value!r}")
        return Literal(format(d.normalize(), "f"), datatype=_xsd("decimal"))
    if col.datatype == "integer":
        return Literal(str(_integer(value, rec, col.name)), datatype=_xsd("integer"))
    return Literal(value)


def _date(value: str, rec: Record, column: str) -> Literal:
    for pattern, xsd_type in _DATE_FORMS:
        if pattern.match(value):
            y, m, d = (int(x) for x in (value + "-01-01")[:10].split("-"))
            try:
                date(y, m, d)
            except ValueError:
                break
            return Literal(value, datatype=_xsd(xsd_type))
    raise rec.error(column, f"malformed date {value!r}: use YYYY, YYYY-MM or YYYY-MM-DD")


def _integer(value: str, rec: Record, column: str) -> int:
    try:
        return int(value)
    except ValueError:
        raise rec.error(column, f"not a whole number: {value!r}") from None


def _period_code(value: str) -> bool:
    return bool(
        re.fullmatch(r"\d{4}(-\d{2})?", value)
        or re.fullmatch(r"since-\d{4}", value)
        or value == "recent-years"
    )


def _split(cell: str) -> list[str]:
    return [v.strip() for v in cell.split("|") if v.strip()]


def _xsd(local: str) -> NamedNode:
    return NamedNode(_XSD + local)
