"""Compile SHACL shapes into SPARQL queries that return the violations.

Why: pySHACL walks the graph in Python and needs an rdflib copy of it; at a
million triples that takes minutes. The shapes we write use a small part of SHACL
Core, and each of those constraints is one SPARQL query that Oxigraph answers
from its indexes in milliseconds. pySHACL stays the reference: the test suite
runs both engines on the same broken files and expects the same verdicts.

Supported: ``sh:targetClass``; property shapes whose ``sh:path`` is an IRI, with
``sh:minCount``, ``sh:maxCount``, ``sh:datatype``, ``sh:or`` of datatypes,
``sh:class``, ``sh:in``, ``sh:hasValue``, ``sh:minInclusive``, ``sh:maxInclusive``,
``sh:pattern``, ``sh:nodeKind sh:IRI`` and ``sh:uniqueLang``; and SHACL-SPARQL
constraints (``sh:sparql`` with an ``sh:select`` that selects ``$this`` and,
optionally, ``?value`` and ``?path``). Anything else raises, so no shape is
silently ignored.

Class targets are matched by ``rdf:type`` alone, so run the checks after the
subclass entailments are materialised (see :mod:`kg.graph.inference`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pyoxigraph import BlankNode, Literal, NamedNode, Store

from kg.namespaces import PREFIXES, sparql_prefixes

__all__ = ["Check", "Rule", "compile_shapes"]

SH = PREFIXES["sh"]
_RDF = PREFIXES["rdf"]
_SUPPORTED = {
    "path", "minCount", "maxCount", "datatype", "or", "class", "in", "hasValue", "minInclusive",
    "maxInclusive", "pattern", "flags", "nodeKind", "uniqueLang", "message", "name",
    "description", "severity", "order", "group",
}  # fmt: skip


@dataclass(frozen=True)
class Rule:
    """One constraint of one shape: what a violation of it is called and says."""

    name: str
    path: str | None
    message: str


@dataclass(frozen=True)
class Check:
    """A SELECT whose rows (``?this ?value``, and ``?rule`` when it covers several) are violations.

    The property constraints of a shape are fused into one query, a ``UNION`` with one
    branch per constraint, so that the shape's focus nodes are enumerated once rather
    than once per constraint (2–3× faster on a million triples); ``?rule`` is the
    index in ``rules`` of the branch that matched.
    """

    rules: tuple[Rule, ...]
    query: str
    target: str = ""
    query_few: str = ""

    def rule(self, index: int | None = None) -> Rule:
        return self.rules[index or 0]

    def count_query(self) -> str:
        """How many focus nodes the check has (to pick :attr:`query_few` for a handful)."""
        return f"SELECT (COUNT(DISTINCT ?this) AS ?n) WHERE {{ {self.target} }}"


def compile_shapes(shapes: Store) -> list[Check]:
    """Compile every node shape with ``sh:targetClass`` in ``shapes`` into checks.

    Raises
    ------
    ValueError
        If a shape uses a SHACL feature this compiler does not support.

    Examples
    --------
    >>> from pyoxigraph import Store, RdfFormat
    >>> s = Store()
    >>> s.load(b'''@prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <https://ex.org/> .
    ... ex:S a sh:NodeShape ; sh:targetClass ex:C ;
    ...   sh:property [ sh:path ex:name ; sh:minCount 1 ] .''', format=RdfFormat.TURTLE)
    >>> [r.name for c in compile_shapes(s) for r in c.rules]
    ['https://ex.org/S/name/minCount']
    """
    checks: list[Check] = []
    for shape in _objects_sorted(
        shapes, None, NamedNode(_RDF + "type"), NamedNode(SH + "NodeShape")
    ):
        targets = [t.value for t in _objs(shapes, shape, "targetClass")]
        if not targets:
            continue
        classes = " ".join(f"<{t}>" for t in targets)
        target = f"VALUES ?target {{ {classes} }} ?this a ?target ."
        name = shape.value if isinstance(shape, NamedNode) else str(shape)
        branches = [
            b
            for prop in _objs(shapes, shape, "property")
            for b in _property_checks(shapes, name, target, prop)
        ]
        if branches:
            union = " UNION ".join(
                f"{{ {body} BIND({i} AS ?rule) }}" for i, (_, body) in enumerate(branches)
            )
            query = f"SELECT DISTINCT ?this ?value ?rule WHERE {{ {target} {{ {union} }} }}"
            # For a handful of focus nodes, starting every branch from them is cheaper
            # than matching the branch over the whole graph first.
            few = " UNION ".join(
                f"{{ {body if body.startswith(target) else f'{target} {body}'} "
                f"BIND({i} AS ?rule) }}"
                for i, (_, body) in enumerate(branches)
            )
            query_few = f"SELECT DISTINCT ?this ?value ?rule WHERE {{ {few} }}"
            checks.append(Check(tuple(r for r, _ in branches), query, target, query_few))
        for constraint in _objs(shapes, shape, "sparql"):
            checks.append(_sparql_check(shapes, name, target, constraint))
    return checks


def _property_checks(shapes: Store, shape: str, target: str, prop) -> list[tuple[Rule, str]]:
    """The constraints of one property shape as (rule, UNION branch) pairs.

    A branch is evaluated on its own and then joined with the focus nodes, so one
    that matches through ``?this``'s triples needs no target; one that tests for an
    absence (``FILTER NOT EXISTS``, a count) carries the target inside.
    """
    used = {
        q.predicate.value[len(SH) :]
        for q in shapes.quads_for_pattern(prop, None, None)
        if q.predicate.value.startswith(SH)
    }
    unknown = used - _SUPPORTED
    if unknown:
        raise ValueError(
            f"shape {shape}: unsupported SHACL feature(s) sh:{', sh:'.join(sorted(unknown))}"
        )
    path_node = _one(shapes, prop, "path")
    if not isinstance(path_node, NamedNode):
        raise ValueError(f"shape {shape}: only IRI paths are supported")
    path = path_node.value
    p = f"<{path}>"
    msg_node = _one(shapes, prop, "message")
    local = path.rsplit("#", 1)[-1].rsplit("/", 1)[-1]
    checks: list[tuple[Rule, str]] = []

    def add(kind: str, default_msg: str, body: str) -> None:
        message = msg_node.value if msg_node is not None else default_msg
        if body.startswith(("FILTER NOT EXISTS", "{ SELECT")):
            body = f"{target} {body}"
        checks.append((Rule(f"{shape}/{local}/{kind}", path, message), body))

    value = f"?this {p} ?value ."
    if (n := _one(shapes, prop, "minCount")) is not None:
        n = int(n.value)
        if n == 1:
            add("minCount", f"needs a value for {local}", f"FILTER NOT EXISTS {{ ?this {p} ?any }}")
        else:
            add(
                "minCount",
                f"needs at least {n} values for {local}",
                f"{{ SELECT ?this (COUNT(?v) AS ?c) WHERE {{ {target} "
                f"OPTIONAL {{ ?this {p} ?v }} }} GROUP BY ?this }} FILTER(?c < {n})",
            )
    if (n := _one(shapes, prop, "maxCount")) is not None:
        n = int(n.value)
        if n == 0:
            add("maxCount", f"must have no value for {local}", value)
        elif n == 1:
            # A self-join is cheaper than grouping every focus node.
            add(
                "maxCount",
                f"has more than one value for {local}",
                f"{value} ?this {p} ?other . FILTER(?other != ?value)",
            )
        else:
            add(
                "maxCount",
                f"has more than {n} values for {local}",
                f"{{ SELECT ?this (COUNT(DISTINCT ?v) AS ?value) WHERE {{ {target} ?this {p} ?v }} "
                f"GROUP BY ?this }} FILTER(?value > {n})",
            )
    if (d := _one(shapes, prop, "datatype")) is not None:
        add(
            "datatype",
            f"{local} must be of type {d.value}",
            f"{value} FILTER(!isLiteral(?value) || datatype(?value) != <{d.value}>)",
        )
    if (alts := _one(shapes, prop, "or")) is not None:
        types = [_one(shapes, alt, "datatype") for alt in _list(shapes, alts)]
        if any(t is None for t in types):
            raise ValueError(f"shape {shape}: sh:or is supported for datatype alternatives only")
        allowed = ", ".join(f"<{t.value}>" for t in types)
        add(
            "or",
            f"{local} must be one of the types {allowed}",
            f"{value} FILTER(!isLiteral(?value) || datatype(?value) NOT IN ({allowed}))",
        )
    if (c := _one(shapes, prop, "class")) is not None:
        add(
            "class",
            f"{local} must point at a {c.value}",
            f"{value} FILTER NOT EXISTS {{ ?value a <{c.value}> }}",
        )
    if (lst := _one(shapes, prop, "in")) is not None:
        allowed = ", ".join(_term(t) for t in _list(shapes, lst))
        add("in", f"{local} must be one of {allowed}", f"{value} FILTER(?value NOT IN ({allowed}))")
    if (v := _one(shapes, prop, "hasValue")) is not None:
        add(
            "hasValue", f"{local} must include {v}", f"FILTER NOT EXISTS {{ ?this {p} {_term(v)} }}"
        )
    for kind, op in (("minInclusive", "<"), ("maxInclusive", ">")):
        if (b := _one(shapes, prop, kind)) is not None:
            add(
                kind,
                f"{local} must not be {op} {b.value}",
                f"{value} FILTER(!isLiteral(?value) || ?value {op} {_term(b)})",
            )
    if (pat := _one(shapes, prop, "pattern")) is not None:
        flags = _one(shapes, prop, "flags")
        f = f', "{flags.value}"' if flags is not None else ""
        add(
            "pattern",
            f"{local} must match {pat.value}",
            f"{value} FILTER(!regex(str(?value), {_term(pat)}{f}))",
        )
    if (nk := _one(shapes, prop, "nodeKind")) is not None:
        if nk.value != SH + "IRI":
            raise ValueError(f"shape {shape}: only sh:nodeKind sh:IRI is supported")
        add("nodeKind", f"{local} must be an IRI", f"{value} FILTER(!isIRI(?value))")
    if (u := _one(shapes, prop, "uniqueLang")) is not None and u.value == "true":
        add(
            "uniqueLang",
            f"{local} has two values in one language",
            f"{value} ?this {p} ?other . FILTER(?other != ?value && lang(?value) != '' "
            f"&& lang(?value) = lang(?other))",
        )
    return checks


def _sparql_check(shapes: Store, shape: str, target: str, constraint) -> Check:
    select = _one(shapes, constraint, "select")
    if select is None:
        raise ValueError(f"shape {shape}: sh:sparql needs sh:select")
    msg = _one(shapes, constraint, "message")
    text = select.value.replace("$this", "?this")
    # Bind the focus nodes the way SHACL pre-binds $this: add the target to the outer WHERE.
    m = re.search(r"\bWHERE\s*\{", text, flags=re.IGNORECASE)
    if m is None:
        raise ValueError(f"shape {shape}: sh:select needs a WHERE clause")
    text = f"{text[: m.end()]} {target} {text[m.end() :]}"
    rule = constraint.value if isinstance(constraint, NamedNode) else f"{shape}/sparql"
    name = _one(shapes, constraint, "name")
    if name is not None:
        rule = f"{shape}/{name.value}"
    message = msg.value if msg is not None else "SPARQL constraint failed"
    return Check((Rule(rule, None, message),), text)


def _objs(store: Store, s, local: str) -> list:
    return [q.object for q in store.quads_for_pattern(s, NamedNode(SH + local), None)]


def _objects_sorted(store: Store, s, p, o) -> list:
    return sorted({q.subject for q in store.quads_for_pattern(s, p, o)}, key=str)


def _one(store: Store, s, local: str):
    objs = _objs(store, s, local)
    return objs[0] if objs else None


def _list(store: Store, head) -> list:
    items, node = [], head
    first, rest = NamedNode(_RDF + "first"), NamedNode(_RDF + "rest")
    while node != NamedNode(_RDF + "nil"):
        items.append(next(store.quads_for_pattern(node, first, None)).object)
        node = next(store.quads_for_pattern(node, rest, None)).object
    return items


def _term(t) -> str:
    if isinstance(t, NamedNode):
        return f"<{t.value}>"
    if isinstance(t, BlankNode):
        raise ValueError("blank nodes cannot be compared in a check")
    assert isinstance(t, Literal)
    return str(t)


PREFIX_BLOCK = sparql_prefixes()
