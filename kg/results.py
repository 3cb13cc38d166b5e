"""Render query results as a terminal table, CSV or JSON.

The table pads by display width (a Chinese character takes two columns), so
mixed zh/en answers line up in a terminal. JSON follows the SPARQL 1.1 Query
Results JSON Format, so other tools can read it.
"""

from __future__ import annotations

import csv
import io
import json
import unicodedata

from pyoxigraph import BlankNode, Literal, NamedNode

from kg.namespaces import PREFIXES
from kg.queries import Result

__all__ = ["FORMATS", "render"]

FORMATS = ("table", "csv", "json")


def render(result: Result, fmt: str = "table", *, base: str | None = None) -> str:
    """Render ``result`` in ``fmt`` (``table``, ``csv`` or ``json``).

    Raises
    ------
    ValueError
        For an unknown format.
    """
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    if result.boolean is not None:
        return (
            json.dumps({"head": {}, "boolean": result.boolean})
            if fmt == "json"
            else str(result.boolean).lower()
        )
    if result.triples is not None:
        return "".join(f"{t.subject} {t.predicate} {t.object} .\n" for t in result.triples)
    if fmt == "json":
        return _json(result)
    if fmt == "csv":
        out = io.StringIO()
        w = csv.writer(out, lineterminator="\n")
        w.writerow(result.variables)
        for row in result.values():
            w.writerow(["" if row[v] is None else row[v] for v in result.variables])
        return out.getvalue()
    return _table(result, base)


def _json(result: Result) -> str:
    bindings = []
    for row in result.rows:
        b = {}
        for var, term in row.items():
            if term is None:
                continue
            if isinstance(term, NamedNode):
                b[var] = {"type": "uri", "value": term.value}
            elif isinstance(term, BlankNode):
                b[var] = {"type": "bnode", "value": term.value}
            else:
                assert isinstance(term, Literal)
                item = {"type": "literal", "value": term.value}
                if term.language:
                    item["xml:lang"] = term.language
                elif term.datatype.value != PREFIXES["xsd"] + "string":
                    item["datatype"] = term.datatype.value
                b[var] = item
        bindings.append(b)
    doc = {"head": {"vars": result.variables}, "results": {"bindings": bindings}}
    if result.truncated:
        doc["truncated"] = True
    return json.dumps(doc, ensure_ascii=False, indent=1)


def _table(result: Result, base: str | None) -> str:
    cells = [[_short(row[v], base) for v in result.variables] for row in result.rows]
    header = result.variables
    widths = [max([_width(h)] + [_width(r[i]) for r in cells]) for i, h in enumerate(header)]
    lines = [
        "  ".join(_pad(h, w) for h, w in zip(header, widths, strict=True)).rstrip(),
        "  ".join("-" * w for w in widths),
    ]
    lines += ["  ".join(_pad(c, w) for c, w in zip(r, widths, strict=True)).rstrip() for r in cells]
    footer = f"({len(cells)} row{'s' if len(cells) != 1 else ''}"
    footer += ", truncated)" if result.truncated else ")"
    return "\n".join([*lines, footer]) + "\n"


def _short(term, base: str | None) -> str:
    if term is None:
        return ""
    if isinstance(term, NamedNode):
        v = term.value
        # the longest matching namespace wins: yz: lies under the default base
        matches = [(ns, f"{p}:") for p, ns in PREFIXES.items() if v.startswith(ns)]
        if base and v.startswith(base):
            matches.append((base, ""))
        if not matches:
            return f"<{v}>"
        ns, short = max(matches, key=lambda m: len(m[0]))
        return short + v[len(ns) :]
    return term.value


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))
