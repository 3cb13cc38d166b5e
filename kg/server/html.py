"""HTML for the explorer pages: one Jinja environment that escapes everything.

Every text that comes from the graph (labels, literals, IRIs) reaches a page
through a Jinja template with autoescaping on, and data handed to scripts goes
through ``tojson`` inside a ``<script type="application/json">`` block, so a
label such as ``</script><script>alert(1)</script>`` is shown as text. Pages are
also sent with a Content-Security-Policy that allows scripts from the server
only (see :mod:`kg.server.app`).

Terms travel from the workers as plain dicts (``kind``, ``value``, ``lang``,
``datatype``); :class:`Linker` turns them into :class:`TermView` objects with a
display text and a link (a local path for IRIs under the base).
"""

from __future__ import annotations

import urllib.parse
from dataclasses import dataclass
from typing import Any

import jinja2
from pyoxigraph import BlankNode, Literal, NamedNode

from kg.namespaces import PREFIXES

__all__ = ["Linker", "TermView", "plain_term", "render"]

_ENV = jinja2.Environment(
    loader=jinja2.PackageLoader("kg.server", "templates"),
    autoescape=True,
    undefined=jinja2.StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)

_SAFE = "/#:@!$&'()*+,;=-._~%"
_XSD_STRING = PREFIXES["xsd"] + "string"


def render(template: str, **context: Any) -> str:
    """Render ``template`` from ``kg/server/templates`` with autoescaping."""
    return _ENV.get_template(template).render(**context)


def plain_term(term) -> dict | None:
    """A pyoxigraph term as a plain, picklable dict (``None`` stays ``None``).

    Examples
    --------
    >>> plain_term(Literal("渝中", language="zh"))
    {'kind': 'literal', 'value': '渝中', 'lang': 'zh', 'datatype': None}
    """
    if term is None:
        return None
    if isinstance(term, NamedNode):
        return {"kind": "iri", "value": term.value, "lang": None, "datatype": None}
    if isinstance(term, BlankNode):
        return {"kind": "bnode", "value": term.value, "lang": None, "datatype": None}
    if isinstance(term, Literal):
        datatype = None if term.language else term.datatype.value
        if datatype == _XSD_STRING:
            datatype = None
        return {"kind": "literal", "value": term.value, "lang": term.language, "datatype": datatype}
    return {"kind": "literal", "value": str(term), "lang": None, "datatype": None}


@dataclass(frozen=True)
class TermView:
    """What a page shows for a term: text, and where it links."""

    text: str
    kind: str
    iri: str | None = None
    href: str | None = None
    curie: str | None = None
    lang: str | None = None
    datatype: str | None = None
    local: bool = False
    label_en: str | None = None


class Linker:
    """Display texts and links for terms, given the labels a page collected.

    Parameters
    ----------
    base : str
        The entity IRI base; IRIs under it link to the explorer's own pages.
    labels : dict, optional
        IRI to ``{"zh": ..., "en": ...}``.

    Examples
    --------
    >>> linker = Linker("https://w3id.org/yuzhong-kg/", {})
    >>> linker.path("https://w3id.org/yuzhong-kg/org/visionvera")
    '/org/visionvera'
    >>> linker.iri_view("http://www.w3.org/2004/02/skos/core#prefLabel").text
    'skos:prefLabel'
    """

    def __init__(self, base: str, labels: dict[str, dict[str, str]] | None = None) -> None:
        self.base = base
        self.labels = labels or {}

    def path(self, iri: str) -> str | None:
        """The server path of an IRI under the base, or ``None``."""
        if not iri.startswith(self.base):
            return None
        return "/" + urllib.parse.quote(iri[len(self.base) :], safe=_SAFE)

    def curie(self, iri: str) -> str | None:
        for prefix, ns in PREFIXES.items():
            if iri.startswith(ns) and len(iri) > len(ns):
                return f"{prefix}:{iri[len(ns) :]}"
        if iri.startswith(self.base):
            return iri[len(self.base) :]
        return None

    def iri_view(self, iri: str) -> TermView:
        names = self.labels.get(iri, {})
        curie = self.curie(iri)
        text = names.get("zh") or names.get("en") or curie or iri
        local = self.path(iri)
        external = iri if iri.startswith(("http://", "https://")) else None
        return TermView(
            text=text,
            kind="iri",
            iri=iri,
            href=local or external,
            curie=curie,
            local=local is not None,
            label_en=names.get("en") if names.get("zh") else None,
        )

    def view(self, term: dict | None) -> TermView | None:
        """A :class:`TermView` for a term dict from :func:`plain_term`."""
        if term is None:
            return None
        if term["kind"] == "iri":
            return self.iri_view(term["value"])
        if term["kind"] == "bnode":
            return TermView(text=f"_:{term['value']}", kind="bnode")
        datatype = term.get("datatype")
        return TermView(
            text=term["value"],
            kind="literal",
            lang=term.get("lang"),
            datatype=(self.curie(datatype) or datatype) if datatype else None,
        )
