"""Named SPARQL queries: find them by name, read their headers, run them.

Each file ``ontology/queries/<name>.rq`` starts with ``#`` header lines::

    # question@zh: 哪些企业……
    # question@en: Which enterprises …
    # columns: enterprise, sector
    # empty: what an empty answer means

Competency questions are named ``cqNN-<topic>.rq`` and can be called by ``cqNN``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from pyoxigraph import Literal, NamedNode, QueryBoolean, QuerySolutions, Store

from kg.config import ONTOLOGY_DIR
from kg.errors import QueryError
from kg.namespaces import sparql_prefixes

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "QUERY_DIR",
    "NamedQuery",
    "Result",
    "bind_values",
    "find_query",
    "list_queries",
    "run_query",
]

QUERY_DIR = ONTOLOGY_DIR / "queries"
DEFAULT_LIMIT = 10_000


@dataclass(frozen=True)
class NamedQuery:
    """A query file and what its header says."""

    name: str
    path: Path
    text: str
    header: dict[str, str]

    @property
    def question(self) -> str:
        return self.header.get("question@en", "")


@dataclass
class Result:
    """A query's answer: variables and rows of RDF terms (or a boolean, or triples)."""

    variables: list[str] = field(default_factory=list)
    rows: list[dict] = field(default_factory=list)
    boolean: bool | None = None
    triples: list | None = None
    truncated: bool = False

    def values(self) -> list[dict[str, str | None]]:
        """Rows with plain strings (IRI or lexical form) instead of terms."""
        return [{v: (t.value if t is not None else None) for v, t in r.items()} for r in self.rows]

    def column(self, name: str) -> list[str | None]:
        return [r[name] for r in self.values()]

    def to_frame(self) -> pd.DataFrame:
        """The rows as a DataFrame, one column a variable, numbers as numbers.

        IRIs and other literals become their string value (dates keep their
        lexical form); an unbound variable is missing (``None``, or ``<NA>`` in
        a column of integers).

        Examples
        --------
        >>> from pyoxigraph import Store
        >>> result = run_query(Store(), 'SELECT * WHERE { VALUES (?n ?s) { (2 "视联动力") } }')
        >>> result.to_frame().to_dict("records")
        [{'n': 2, 's': '视联动力'}]
        """
        import pandas as pd  # only here: the query engine itself does not need pandas

        rows = [{v: _python(r.get(v)) for v in self.variables} for r in self.rows]
        frame = pd.DataFrame(rows, columns=self.variables)
        for v in self.variables:  # whole numbers stay whole where some rows are unbound
            cells = [r[v] for r in rows if r[v] is not None]
            if cells and all(type(c) is int for c in cells):
                frame[v] = frame[v].astype("Int64")
        return frame


def list_queries(directory: Path = QUERY_DIR) -> list[NamedQuery]:
    """Every named query, sorted by name."""
    return [_read(p) for p in sorted(directory.glob("*.rq"))]


def find_query(name: str, directory: Path = QUERY_DIR) -> NamedQuery:
    """The named query ``name`` (a file stem, or a competency id such as ``cq05``).

    Raises
    ------
    QueryError
        If no query or more than one has that name; the message lists the names.
    """
    queries = list_queries(directory)
    exact = [q for q in queries if q.name == name]
    matches = exact or [q for q in queries if q.name.startswith(name + "-")]
    if len(matches) == 1:
        return matches[0]
    names = ", ".join(q.name for q in queries)
    if not matches:
        raise QueryError(f"no named query {name!r}; known: {names}")
    raise QueryError(f"{name!r} is ambiguous: {', '.join(q.name for q in matches)}")


def run_query(
    store: Store,
    text: str,
    *,
    bindings: dict[str, str] | None = None,
    limit: int = DEFAULT_LIMIT,
) -> Result:
    """Run SPARQL ``text`` on ``store`` over the union of its graphs.

    The common prefixes (``yz:``, ``skos:``, ``org:`` …) are predeclared. At most
    ``limit`` rows are read; ``Result.truncated`` says whether more were there.

    Parameters
    ----------
    bindings : dict, optional
        Variable name to IRI, bound by a ``VALUES`` block at the head of the
        query's outer ``WHERE`` (so a query can bind a default when it is absent).

    Raises
    ------
    QueryError
        On a syntax error; the message keeps the parser's line:column position.
    """
    if bindings:
        text = bind_values(text, bindings)
    try:
        answer = store.query(text, prefixes=_PREFIXES, use_default_graph_as_union=True)
    except SyntaxError as exc:
        raise QueryError(f"invalid SPARQL: {exc}") from None
    if isinstance(answer, QueryBoolean):
        return Result(boolean=bool(answer))
    if isinstance(answer, QuerySolutions):
        variables = [v.value for v in answer.variables]
        rows, truncated = [], False
        for i, solution in enumerate(answer):
            if i >= limit:
                truncated = True
                break
            # A solution iterates its values in the order of the variables (None when
            # unbound); looking each one up by name costs twice the query itself.
            rows.append(dict(zip(variables, solution, strict=True)))
        return Result(variables=variables, rows=rows, truncated=truncated)
    triples = []
    for i, t in enumerate(answer):
        if i >= limit:
            return Result(triples=triples, truncated=True)
        triples.append(t)
    return Result(triples=triples)


def bind_values(text: str, bindings: dict[str, str]) -> str:
    """Bind variables to IRIs with a ``VALUES`` block at the head of the outer ``WHERE``.

    Raises
    ------
    QueryError
        If the query has no ``WHERE`` clause or a value is not an absolute IRI.

    Examples
    --------
    >>> bind_values("SELECT ?s WHERE { ?s ?p ?o }", {"s": "https://ex.org/a"})
    'SELECT ?s WHERE { VALUES ?s { <https://ex.org/a> } ?s ?p ?o }'
    """
    m = re.search(r"\bWHERE\s*\{", text, flags=re.IGNORECASE)
    if m is None:
        raise QueryError("cannot bind variables: the query has no WHERE clause")
    block = ""
    for var, iri in bindings.items():
        if not re.fullmatch(r"[A-Za-z_]\w*", var.lstrip("?$")):
            raise QueryError(f"not a variable name: {var!r}")
        try:
            term = NamedNode(iri)
        except ValueError:
            raise QueryError(f"not an IRI: {iri!r}") from None
        block += f"VALUES ?{var.lstrip('?$')} {{ {term} }} "
    return f"{text[: m.end()]} {block}{text[m.end() :].lstrip()}"


_XSD = "http://www.w3.org/2001/XMLSchema#"
_INTEGERS = {_XSD + t for t in ("integer", "int", "long", "short", "nonNegativeInteger")}
_FLOATS = {_XSD + t for t in ("decimal", "double", "float")}


def _python(term):
    """A term's value in Python: int or float for numeric literals, else its string."""
    if term is None:
        return None
    if isinstance(term, Literal):
        datatype = term.datatype.value
        try:
            if datatype in _INTEGERS:
                return int(term.value)
            if datatype in _FLOATS:
                return float(term.value)
        except ValueError:
            return term.value
        if datatype == _XSD + "boolean":
            return term.value in ("true", "1")
    return term.value


_PREFIXES = {line.split()[1][:-1]: line.split()[2][1:-1] for line in sparql_prefixes().splitlines()}


def _read(path: Path) -> NamedQuery:
    text = path.read_text(encoding="utf-8")
    header = {}
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        m = re.match(r"#\s*([\w@-]+)\s*:\s*(.*)", line)
        if m:
            header[m[1]] = m[2].strip()
    return NamedQuery(path.stem, path, text, header)
