"""Reference periods as OWL-Time intervals, made from the codes the tables use.

A figure "for 2024" and one "since 2024" (2024年以来) must not be compared as
like for like, so each period code becomes its own ``yz:Period`` with the
beginning and end that the code implies, and a label that says which it is.
"""

from __future__ import annotations

import re

from pyoxigraph import Literal, NamedNode, Quad

from kg.config import Settings
from kg.namespaces import PREFIXES

__all__ = ["period_quads"]

_T, _X, _SKOS = PREFIXES["time"], PREFIXES["xsd"], PREFIXES["skos"]


def period_quads(code: str, settings: Settings, graph: NamedNode) -> list[Quad]:
    """Describe the period of ``code`` (``2024``, ``2025-04``, ``since-2024``, ``recent-years``).

    Examples
    --------
    >>> from kg.config import Settings
    >>> from pyoxigraph import NamedNode
    >>> qs = period_quads("since-2024", Settings(base="https://ex.org/"), NamedNode("https://ex.org/g"))
    >>> sorted({q.predicate.value.rsplit("#", 1)[-1] for q in qs})
    ['hasBeginning', 'inXSDDate', 'prefLabel', 'type']
    """
    node = NamedNode(settings.iri("period", code))
    quads = [
        Quad(node, NamedNode(PREFIXES["rdf"] + "type"), NamedNode(PREFIXES["yz"] + "Period"), graph)
    ]

    def label(zh: str, en: str) -> None:
        quads.append(Quad(node, NamedNode(_SKOS + "prefLabel"), Literal(zh, language="zh"), graph))
        quads.append(Quad(node, NamedNode(_SKOS + "prefLabel"), Literal(en, language="en"), graph))

    def instant(which: str, day: str) -> None:
        inst = NamedNode(f"{node.value}#{which}")
        prop = "hasBeginning" if which == "beginning" else "hasEnd"
        quads.append(Quad(node, NamedNode(_T + prop), inst, graph))
        quads.append(
            Quad(inst, NamedNode(PREFIXES["rdf"] + "type"), NamedNode(_T + "Instant"), graph)
        )
        quads.append(
            Quad(
                inst,
                NamedNode(_T + "inXSDDate"),
                Literal(day, datatype=NamedNode(_X + "date")),
                graph,
            )
        )

    if m := re.fullmatch(r"(\d{4})", code):
        y = m[1]
        label(f"{y}年", y)
        instant("beginning", f"{y}-01-01")
        instant("end", f"{y}-12-31")
    elif m := re.fullmatch(r"(\d{4})-(\d{2})", code):
        label(f"截至{m[1]}年{int(m[2])}月", f"as of {code}")
        instant("end", f"{code}-01")
    elif m := re.fullmatch(r"since-(\d{4})", code):
        label(f"{m[1]}年以来", f"since {m[1]}")
        instant("beginning", f"{m[1]}-01-01")
    elif code == "recent-years":
        label("近年来", "in recent years")
    else:
        raise ValueError(f"unknown period code {code!r}")
    return quads
