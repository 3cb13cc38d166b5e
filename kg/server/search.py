"""Search entities by label or alias, in Chinese or English, ranked.

``GET /search?q=视联动力`` finds every entity under the base with a
``skos:prefLabel``, ``skos:altLabel``, ``rdfs:label`` or ``skos:notation``
containing the text (case-insensitive). Hits are ranked: an exact label first,
then a label starting with the text, then one containing it; among equals a
preferred label before an alias, and a shorter label before a longer one. The
page is HTML, or JSON with ``?format=json`` or ``Accept: application/json``.

:func:`find` runs in a worker; :func:`search_page` is the HTTP side.
"""

from __future__ import annotations

from collections import defaultdict

from pyoxigraph import NamedNode
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response

from kg.namespaces import PREFIXES
from kg.queries import run_query
from kg.server.entity import labels_of
from kg.server.formats import negotiate
from kg.server.html import Linker, render

__all__ = ["MATCHES", "find", "rank", "search_page"]

#: Match kinds, best first.
MATCHES = ("exact", "prefix", "substring")
_PROPS = {
    PREFIXES["skos"] + "prefLabel": ("prefLabel", 0),
    PREFIXES["rdfs"] + "label": ("label", 0),
    PREFIXES["skos"] + "altLabel": ("altLabel", 1),
    PREFIXES["skos"] + "notation": ("notation", 2),
}
_CANDIDATES = 5000


def rank(text: str, label: str, prop_rank: int = 0) -> tuple | None:
    """The sort key of ``label`` as a hit for ``text``, or ``None`` if it does not match.

    Examples
    --------
    >>> sorted(["视联动力信息技术股份有限公司", "视联动力"], key=lambda l: rank("视联动力", l))
    ['视联动力', '视联动力信息技术股份有限公司']
    >>> rank("vera", "Visionvera")[0], rank("visionvera", "Visionvera")[0]
    (2, 0)
    """
    needle, hay = text.strip().casefold(), label.casefold()
    if not needle or needle not in hay:
        return None
    tier = 0 if hay == needle else 1 if hay.startswith(needle) else 2
    return (tier, prop_rank, len(label), label)


def find(store, *, text: str, base: str, limit: int = 50) -> list[dict]:
    """Entities under ``base`` whose label or alias contains ``text``, best first.

    Returns
    -------
    list of dict
        ``iri``, ``match`` (one of :data:`MATCHES`), ``matched`` (the label that
        matched), ``via`` (its property), ``labels`` (``zh``, ``en``, ``any``) and
        ``types`` (asserted classes, each ``iri`` and ``label``) and ``classes``
        (every class, entailed ones too).
    """
    needle = text.strip()
    if not needle:
        return []
    props = " ".join(f"<{p}>" for p in _PROPS)
    query = f"""SELECT ?s ?p ?l WHERE {{
      VALUES ?p {{ {props} }}
      ?s ?p ?l .
      FILTER(isIRI(?s) && STRSTARTS(STR(?s), {_literal(base)})
             && CONTAINS(LCASE(STR(?l)), {_literal(needle.lower())}))
    }}"""
    best: dict[str, tuple] = {}
    for row in run_query(store, query, limit=_CANDIDATES).rows:
        via, prop_rank = _PROPS[row["p"].value]
        key = rank(needle, row["l"].value, prop_rank)
        if key is None:
            continue
        iri = row["s"].value
        if iri not in best or key < best[iri][0]:
            best[iri] = (key, row["l"].value, via)
    ordered = sorted(best.items(), key=lambda item: (item[1][0], item[0]))[:limit]
    iris = [iri for iri, _ in ordered]
    types, every_type = _types(store, iris, base + "graph/inferred")
    labels = labels_of(store, set(iris) | {t for ts in types.values() for t in ts})
    return [
        {
            "iri": iri,
            "match": MATCHES[key[0]],
            "matched": matched,
            "via": via,
            "labels": labels.get(iri, {}),
            "types": [
                {"iri": t, "label": labels.get(t, {}).get("en") or t.rsplit("#", 1)[-1]}
                for t in sorted(types.get(iri, ()))
            ],
            "classes": sorted(every_type.get(iri, ())),
        }
        for iri, (key, matched, via) in ordered
    ]


def _types(store, iris: list[str], inferred: str) -> tuple[dict[str, set[str]], dict]:
    """Asserted classes of each IRI, and every class (entailed ones too)."""
    if not iris:
        return {}, {}
    values = " ".join(str(NamedNode(i)) for i in iris)
    query = f"SELECT ?s ?t ?g WHERE {{ VALUES ?s {{ {values} }} GRAPH ?g {{ ?s a ?t }} }}"
    asserted: dict[str, set[str]] = defaultdict(set)
    every: dict[str, set[str]] = defaultdict(set)
    for row in run_query(store, query, limit=10**5).rows:
        every[row["s"].value].add(row["t"].value)
        if row["g"].value != inferred:
            asserted[row["s"].value].add(row["t"].value)
    return asserted, every


async def search_page(request: Request) -> Response:
    """``GET /search?q=TEXT``: ranked hits as HTML, or JSON (``?format=json``)."""
    state = request.app.state
    base: str = state.settings.base
    text = request.query_params.get("q", "").strip()[:200]
    fmt = request.query_params.get("format")
    wants_json = fmt == "json" or (
        fmt is None
        and negotiate(request.headers.get("accept"), ("text/html", "application/json"))
        == "application/json"
    )
    hits = await state.pool.run("search", text=text, base=base) if text else []
    linker = Linker(base)
    for hit in hits:
        hit["path"] = linker.path(hit["iri"])
    if wants_json:
        return JSONResponse({"query": text, "results": hits}, headers={"Vary": "Accept"})
    views = [_hit_view(hit, state.views) for hit in hits]
    return HTMLResponse(
        render("search.html", query=text, hits=views),
        headers={"Vary": "Accept"},
    )


def _hit_view(hit: dict, available: dict[str, bool]) -> dict:
    from kg.server.explorer import views_for

    labels = hit["labels"]
    return {
        **hit,
        "views": views_for(hit["classes"], available),
        "title": labels.get("zh") or labels.get("en") or labels.get("any") or hit["iri"],
        "subtitle": labels.get("en") if labels.get("zh") else None,
    }


def _literal(text: str) -> str:
    escaped = (
        text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
    )
    return f'"{escaped}"'
