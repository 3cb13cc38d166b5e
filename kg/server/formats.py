"""Media types of the SPARQL endpoint: content negotiation and result serialisers.

SELECT and ASK answers are written as SPARQL 1.1 Query Results JSON, XML, CSV or
TSV; CONSTRUCT and DESCRIBE answers as Turtle, N-Triples or JSON-LD. The
serialisers here write a result that may have been cut at the result-size limit:
JSON then carries ``"truncated": true``, XML, Turtle and N-Triples a comment
(CSV, TSV and JSON-LD have no place for one: the HTTP header
:data:`TRUNCATED_HEADER` is the signal every format gets).

Examples
--------
>>> negotiate("text/csv;q=0.5, application/sparql-results+xml", SOLUTION_TYPES)
'application/sparql-results+xml'
>>> negotiate("text/*", GRAPH_TYPES)
'text/turtle'
>>> negotiate("image/png", GRAPH_TYPES) is None
True
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from xml.sax.saxutils import escape, quoteattr

from pyoxigraph import BlankNode, Literal, NamedNode, RdfFormat, Triple, serialize

from kg.namespaces import PREFIXES

__all__ = [
    "FORMAT_NAMES",
    "GRAPH_TYPES",
    "LIMIT_HEADER",
    "SOLUTION_TYPES",
    "TRUNCATED_HEADER",
    "accept_list",
    "boolean_bytes",
    "negotiate",
    "solutions_bytes",
    "triples_bytes",
]

JSON = "application/sparql-results+json"
XML = "application/sparql-results+xml"
CSV = "text/csv"
TSV = "text/tab-separated-values"
TURTLE = "text/turtle"
NTRIPLES = "application/n-triples"
JSONLD = "application/ld+json"

#: Types for SELECT and ASK answers, the first being the default.
SOLUTION_TYPES = (JSON, XML, CSV, TSV)
#: Types for CONSTRUCT and DESCRIBE answers, the first being the default.
GRAPH_TYPES = (TURTLE, NTRIPLES, JSONLD)

#: Other names clients use for the same types.
_ALIASES = {
    "application/json": JSON,
    "application/xml": XML,
    "text/xml": XML,
    "text/plain": NTRIPLES,
    "application/x-turtle": TURTLE,
    "application/json+ld": JSONLD,
}

#: Short names for the ``format`` request parameter (``?format=csv``).
FORMAT_NAMES = {
    "json": JSON,
    "xml": XML,
    "csv": CSV,
    "tsv": TSV,
    "turtle": TURTLE,
    "ttl": TURTLE,
    "ntriples": NTRIPLES,
    "nt": NTRIPLES,
    "jsonld": JSONLD,
    "json-ld": JSONLD,
}

#: HTTP header set on every answer cut at the result-size limit.
TRUNCATED_HEADER = "X-Result-Truncated"
#: HTTP header giving the result-size limit of the answer.
LIMIT_HEADER = "X-Result-Limit"

_RDF_FORMATS = {TURTLE: RdfFormat.TURTLE, NTRIPLES: RdfFormat.N_TRIPLES, JSONLD: RdfFormat.JSON_LD}
_TURTLE_PREFIXES = {
    **{p: ns for p, ns in PREFIXES.items() if p != "sh"},
    "sd": "http://www.w3.org/ns/sparql-service-description#",
    "void": "http://rdfs.org/ns/void#",
    "formats": "http://www.w3.org/ns/formats/",
}


def accept_list(header: str | None) -> list[str]:
    """Media ranges of an ``Accept`` header, most preferred first (q=0 dropped).

    Examples
    --------
    >>> accept_list("text/csv;q=0.2, application/json, */*;q=0.1")
    ['application/json', 'text/csv', '*/*']
    """
    if not header:
        return ["*/*"]
    ranked = []
    for position, part in enumerate(header.split(",")):
        fields = [f.strip() for f in part.split(";")]
        media = fields[0].lower()
        if not media:
            continue
        q = 1.0
        for f in fields[1:]:
            name, _, value = f.partition("=")
            if name.strip().lower() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        if q > 0:
            specificity = 0 if media == "*/*" else 1 if media.endswith("/*") else 2
            ranked.append((-q, -specificity, position, media))
    return [m for *_, m in sorted(ranked)]


def negotiate(accept: str | list[str] | None, offered: Sequence[str]) -> str | None:
    """The offered type the client prefers, or ``None`` if it accepts none of them."""
    ranges = accept if isinstance(accept, list) else accept_list(accept)
    for media in ranges:
        if media not in offered:
            media = _ALIASES.get(media, media)
        if media in offered:
            return media
        if media == "*/*":
            return offered[0]
        if media.endswith("/*"):
            major = media[:-1]
            for o in offered:
                if o.startswith(major):
                    return o
    return None


def solutions_bytes(
    variables: Sequence[str], rows: Sequence[Sequence], media: str, *, truncated: bool = False
) -> bytes:
    """Serialise rows of terms (``None`` for unbound) as SPARQL results of ``media``."""
    if media == JSON:
        return _json_solutions(variables, rows, truncated)
    if media == XML:
        out = ['<?xml version="1.0" encoding="utf-8"?>\n']
        if truncated:
            out.append(f"<!-- truncated: only the first {len(rows)} results -->\n")
        out.append('<sparql xmlns="http://www.w3.org/2005/sparql-results#"><head>')
        out += [f"<variable name={quoteattr(v)}/>" for v in variables]
        out.append("</head><results>")
        names = [f"<binding name={quoteattr(v)}>" for v in variables]
        cache: dict = {}
        for row in rows:
            out.append("<result>")
            for name, t in zip(names, row, strict=True):
                if t is not None:
                    text = cache.get(t)
                    if text is None:
                        text = cache[t] = _xml_term(t)
                    out.append(f"{name}{text}</binding>")
            out.append("</result>")
        out.append("</results></sparql>\n")
        return "".join(out).encode()
    if media == CSV:
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow(variables)
        writer.writerows([_csv_term(t) for t in row] for row in rows)
        return buffer.getvalue().encode()
    if media == TSV:
        lines = ["\t".join(f"?{v}" for v in variables)]
        lines += ["\t".join(_tsv_term(t) for t in row) for row in rows]
        return ("\n".join(lines) + "\n").encode()
    raise ValueError(f"not a SPARQL results type: {media}")


def _json_solutions(variables: Sequence[str], rows: Sequence[Sequence], truncated: bool) -> bytes:
    # Written by hand from cached fragments: terms repeat across rows, and this is
    # the endpoint's hot path.
    keys = [json.dumps(v, ensure_ascii=False) + ":" for v in variables]
    cache: dict = {}
    bindings = []
    for row in rows:
        parts = []
        for key, t in zip(keys, row, strict=True):
            if t is not None:
                text = cache.get(t)
                if text is None:
                    text = cache[t] = json.dumps(_json_term(t), ensure_ascii=False)
                parts.append(key + text)
        bindings.append("{" + ",".join(parts) + "}")
    head = json.dumps({"vars": list(variables)}, ensure_ascii=False)
    tail = ',"truncated":true' if truncated else ""
    body = f'{{"head":{head},"results":{{"bindings":[{",".join(bindings)}]}}{tail}}}'
    return body.encode()


def boolean_bytes(value: bool, media: str) -> bytes:
    """Serialise an ASK answer as ``media``."""
    if media == JSON:
        return json.dumps({"head": {}, "boolean": value}).encode()
    if media == XML:
        return (
            '<?xml version="1.0" encoding="utf-8"?>\n'
            '<sparql xmlns="http://www.w3.org/2005/sparql-results#"><head/>'
            f"<boolean>{'true' if value else 'false'}</boolean></sparql>\n"
        ).encode()
    if media in (CSV, TSV):
        return f"{'true' if value else 'false'}\n".encode()
    raise ValueError(f"not a SPARQL results type: {media}")


def triples_bytes(triples: Sequence[Triple], media: str, *, truncated: bool = False) -> bytes:
    """Serialise triples as Turtle, N-Triples or JSON-LD."""
    fmt = _RDF_FORMATS[media]
    prefixes = _used_prefixes(triples) if fmt is RdfFormat.TURTLE else None
    body = serialize(triples, format=fmt, prefixes=prefixes) or b""
    if truncated and fmt is not RdfFormat.JSON_LD:
        return f"# truncated: only the first {len(triples)} triples\n".encode() + body
    return body


def _used_prefixes(triples: Sequence[Triple]) -> dict[str, str]:
    """The Turtle prefixes whose namespace some IRI of ``triples`` is in."""
    iris = set()
    for t in triples:
        for term in (t.subject, t.predicate, t.object):
            if isinstance(term, NamedNode):
                iris.add(term.value)
            elif isinstance(term, Literal):
                iris.add(term.datatype.value)
    return {p: ns for p, ns in _TURTLE_PREFIXES.items() if any(i.startswith(ns) for i in iris)}


def _json_term(term) -> dict:
    if isinstance(term, NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, Literal):
        item = {"type": "literal", "value": term.value}
        if term.language:
            item["xml:lang"] = term.language
        elif term.datatype.value != PREFIXES["xsd"] + "string":
            item["datatype"] = term.datatype.value
        return item
    return {
        "type": "triple",
        "value": {
            "subject": _json_term(term.subject),
            "predicate": _json_term(term.predicate),
            "object": _json_term(term.object),
        },
    }


def _xml_text(text: str) -> str:
    # XML 1.0 cannot carry most control characters, not even escaped.
    clean = "".join(c if c >= " " or c in "\t\n\r" else "\ufffd" for c in text)
    return escape(clean)


def _xml_term(term) -> str:
    if isinstance(term, NamedNode):
        return f"<uri>{_xml_text(term.value)}</uri>"
    if isinstance(term, BlankNode):
        return f"<bnode>{_xml_text(term.value)}</bnode>"
    if isinstance(term, Literal):
        if term.language:
            return f"<literal xml:lang={quoteattr(term.language)}>{_xml_text(term.value)}</literal>"
        if term.datatype.value != PREFIXES["xsd"] + "string":
            dt = quoteattr(term.datatype.value)
            return f"<literal datatype={dt}>{_xml_text(term.value)}</literal>"
        return f"<literal>{_xml_text(term.value)}</literal>"
    return (
        f"<triple><subject>{_xml_term(term.subject)}</subject>"
        f"<predicate>{_xml_term(term.predicate)}</predicate>"
        f"<object>{_xml_term(term.object)}</object></triple>"
    )


def _csv_term(term) -> str:
    if term is None:
        return ""
    if isinstance(term, BlankNode):
        return f"_:{term.value}"
    if isinstance(term, NamedNode | Literal):
        return term.value
    return str(term)


def _tsv_term(term) -> str:
    if term is None:
        return ""
    return str(term).replace("\t", "\\t")
