"""Entity pages: every IRI under the base dereferences, as HTML, Turtle, N-Triples or JSON-LD.

``GET /org/visionvera`` answers for ``<base>org/visionvera``. A browser gets an
HTML page with the entity's labels, types, every fact with its source (the
cited document's title, section heading and character span), the facts that
point at it, and links to its neighbours; ``Accept: text/turtle`` (or
``application/ld+json``, ``application/n-triples``, or ``?format=ttl``) gets its
description as RDF. Hash IRIs (``<base>def#Company``, ``…/citation/x#sel``) are
described on the page of the IRI before the ``#``, each under its own anchor.
An IRI the graph does not mention gets 404.

:func:`gather` and :func:`describe` run in a worker (they only read the store);
:func:`entity_page` is the HTTP side.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from pyoxigraph import NamedNode
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response

from kg.namespaces import PREFIXES
from kg.queries import run_query
from kg.server.formats import FORMAT_NAMES, GRAPH_TYPES, negotiate, triples_bytes
from kg.server.html import Linker, TermView, plain_term, render

__all__ = ["EGO_VIEW_HOOK", "describe", "entity_page", "gather"]

HTML = "text/html"
_RDF_TYPE = PREFIXES["rdf"] + "type"
_LABEL_PROPS = (
    PREFIXES["skos"] + "prefLabel",
    PREFIXES["rdfs"] + "label",
    PREFIXES["dct"] + "title",
)
_FIRST = (PREFIXES["skos"] + "prefLabel", PREFIXES["skos"] + "altLabel", _RDF_TYPE)

#: Name of the function in :mod:`kg.views` that draws a small ego view as an HTML
#: fragment, ``ego_fragment(store, iri, *, base) -> str``; the entity page shows it
#: when the views package provides it (see :func:`kg.server.explorer.ego_fragment`).
EGO_VIEW_HOOK = "ego_fragment"


def gather(store, *, iri: str, incoming_limit: int = 500) -> dict | None:
    """Everything an entity page shows, as plain data; ``None`` if the graph lacks the IRI.

    Parameters
    ----------
    store : pyoxigraph.Store or kg.remote.RemoteStore
    iri : str
        The entity (an IRI without fragment).
    incoming_limit : int
        Most facts pointing at the entity to read.

    Returns
    -------
    dict or None
        ``facts`` (``s``, ``p``, ``o`` term dicts and graph ``g``) about the
        entity, its hash IRIs and its blank nodes; ``incoming`` facts pointing at
        it (``incoming_truncated`` when cut); ``labels`` (IRI to ``{"zh", "en",
        "any"}``); ``citations`` (subject IRI to its citations).

    Examples
    --------
    >>> data = gather(store, iri="https://w3id.org/yuzhong-kg/org/visionvera")  # doctest: +SKIP
    >>> data["labels"][data["iri"]]["zh"]  # doctest: +SKIP
    '视联动力信息技术股份有限公司'
    """
    node = str(NamedNode(iri))
    facts = [
        {
            "s": plain_term(NamedNode(iri)),
            "p": plain_term(r["p"]),
            "o": plain_term(r["o"]),
            "g": r["g"].value,
        }
        for r in _rows(store, f"SELECT ?p ?o ?g WHERE {{ GRAPH ?g {{ {node} ?p ?o }} }}")
    ]
    incoming_result = run_query(
        store,
        f"SELECT ?s ?p ?g WHERE {{ GRAPH ?g {{ ?s ?p {node} }} }}",
        limit=incoming_limit,
    )
    incoming = [
        {
            "s": plain_term(r["s"]),
            "p": plain_term(r["p"]),
            "o": plain_term(NamedNode(iri)),
            "g": r["g"].value,
        }
        for r in incoming_result.rows
    ]
    hashes = sorted(
        {f["o"]["value"] for f in facts if _is_hash(f["o"], iri)}
        | {f["s"]["value"] for f in incoming if _is_hash(f["s"], iri)}
    )
    if hashes:
        values = " ".join(str(NamedNode(h)) for h in hashes)
        facts += [
            {
                "s": plain_term(r["s"]),
                "p": plain_term(r["p"]),
                "o": plain_term(r["o"]),
                "g": r["g"].value,
            }
            for r in _rows(
                store,
                f"SELECT ?s ?p ?o ?g WHERE {{ VALUES ?s {{ {values} }} GRAPH ?g {{ ?s ?p ?o }} }}",
            )
        ]
    # Blank nodes hanging off the entity (n-ary values such as yz:per), read in one
    # query so that their identity holds on remote stores too.
    facts += [
        {
            "s": plain_term(r["b"]),
            "p": plain_term(r["p"]),
            "o": plain_term(r["o"]),
            "g": r["g"].value,
        }
        for r in _rows(
            store,
            f"SELECT ?b ?p ?o ?g WHERE {{ {node} ?x ?b . FILTER(isBlank(?b)) "
            f"GRAPH ?g {{ ?b ?p ?o }} }}",
        )
    ]
    if not facts and not incoming:
        return None
    subjects = {iri, *hashes} | {f["s"]["value"] for f in incoming if f["s"]["kind"] == "iri"}
    citations = _citations(store, subjects)
    named = {iri}
    for f in facts + incoming:
        for key in ("s", "p", "o"):
            if f[key]["kind"] == "iri":
                named.add(f[key]["value"])
    named |= {c["doc"] for cs in citations.values() for c in cs}
    return {
        "iri": iri,
        "facts": facts,
        "incoming": incoming,
        "incoming_truncated": incoming_result.truncated,
        "labels": labels_of(store, named),
        "citations": citations,
    }


def describe(store, *, iri: str, media: str) -> bytes | None:
    """The entity's description as RDF (``media`` from :data:`GRAPH_TYPES`), or ``None``.

    The description holds the triples about the entity, its hash IRIs and blank
    nodes, and the triples that point at it.
    """
    node = str(NamedNode(iri))
    hash_prefix = _literal(iri + "#")
    query = f"""
    CONSTRUCT {{ ?s ?p ?o }} WHERE {{
      {{ BIND({node} AS ?s) ?s ?p ?o }}
      UNION {{ ?s ?p ?o . FILTER(?o = {node}) }}
      UNION {{ {node} ?x ?s . FILTER(isBlank(?s) || STRSTARTS(STR(?s), {hash_prefix})) ?s ?p ?o }}
      UNION {{ ?s ?x {node} . FILTER(isIRI(?s) && STRSTARTS(STR(?s), {hash_prefix})) ?s ?p ?o }}
    }}"""
    answer = store.query(query, use_default_graph_as_union=True)
    triples = sorted(set(answer), key=str)
    if not triples:
        return None
    return triples_bytes(triples, media)


def labels_of(store, iris) -> dict[str, dict[str, str]]:
    """Display labels (``zh``, ``en``, ``any``) of IRIs: skos:prefLabel, rdfs:label, dct:title."""
    iris = sorted(iris)
    found: dict[str, dict[str, tuple[int, str]]] = defaultdict(dict)
    for start in range(0, len(iris), 500):
        values = " ".join(str(NamedNode(i)) for i in iris[start : start + 500])
        props = " ".join(f"<{p}>" for p in _LABEL_PROPS)
        rows = _rows(
            store,
            f"SELECT ?x ?p ?l WHERE {{ VALUES ?x {{ {values} }} "
            f"VALUES ?p {{ {props} }} ?x ?p ?l }}",
        )
        for r in rows:
            rank = _LABEL_PROPS.index(r["p"].value)
            lang = (r["l"].language or "any").split("-")[0]
            lang = lang if lang in ("zh", "en") else "any"
            best = found[r["x"].value].get(lang)
            if best is None or (rank, r["l"].value) < best:
                found[r["x"].value][lang] = (rank, r["l"].value)
    return {iri: {lang: text for lang, (_, text) in names.items()} for iri, names in found.items()}


def _citations(store, subjects: set[str]) -> dict[str, list[dict]]:
    out: dict[str, dict[str, dict]] = defaultdict(dict)
    subjects_sorted = sorted(subjects)
    for start in range(0, len(subjects_sorted), 500):
        values = " ".join(str(NamedNode(s)) for s in subjects_sorted[start : start + 500])
        rows = _rows(
            store,
            f"""SELECT ?s ?c ?doc ?heading ?start ?end WHERE {{
              VALUES ?s {{ {values} }}
              ?s prov:wasDerivedFrom ?c . ?c a yz:Citation ; oa:hasSource ?doc .
              OPTIONAL {{ ?c yz:inSection/yz:heading ?heading }}
              OPTIONAL {{ ?c oa:hasSelector ?sel . ?sel oa:start ?start ; oa:end ?end }}
            }}""",
        )
        for r in rows:
            c = out[r["s"].value].setdefault(
                r["c"].value,
                {
                    "citation": r["c"].value,
                    "doc": r["doc"].value,
                    "heading": {},
                    "start": _int(r["start"]),
                    "end": _int(r["end"]),
                },
            )
            if r["heading"] is not None:
                c["heading"][r["heading"].language or "any"] = r["heading"].value
    return {s: sorted(cs.values(), key=lambda c: c["citation"]) for s, cs in out.items()}


# -- the page -------------------------------------------------------------------------------------


@dataclass
class SourceView:
    """Where a fact comes from, as a page shows it."""

    kind: str  # "citation", "document", "inferred" or "graph"
    text: str
    href: str | None = None
    title: str | None = None
    heading: str | None = None
    span: str | None = None
    doc_href: str | None = None


@dataclass
class FactView:
    predicate: TermView
    value: TermView
    sources: list[SourceView] = field(default_factory=list)
    nested: list[FactView] = field(default_factory=list)


@dataclass
class SubjectView:
    term: TermView
    anchor: str | None
    facts: list[FactView]


def page_model(data: dict, *, base: str) -> dict:
    """Turn :func:`gather`'s data into what ``entity.html`` shows."""
    iri = data["iri"]
    linker = Linker(base, data["labels"])
    graph_prefix = base + "graph/"
    source_prefix = base + "source/"
    inferred = graph_prefix + "inferred"

    def sources(subject: dict, graphs: list[str]) -> list[SourceView]:
        out = []
        for g in sorted(set(graphs)):
            if g == inferred:
                out.append(SourceView("inferred", "inferred at build time"))
                continue
            name = g[len(graph_prefix) :] if g.startswith(graph_prefix) else g
            doc = source_prefix + name
            cited = [c for c in data["citations"].get(subject["value"], []) if c["doc"] == doc]
            for c in cited:
                title = linker.iri_view(c["doc"])
                heading = (
                    c["heading"].get("zh") or c["heading"].get("en") or c["heading"].get("any")
                )
                span = (
                    f"characters {c['start']}–{c['end']}"
                    if c["start"] is not None and c["end"] is not None
                    else None
                )
                out.append(
                    SourceView(
                        "citation",
                        title.text,
                        href=linker.path(c["citation"]),
                        title=title.text,
                        heading=heading,
                        span=span,
                        doc_href=linker.path(c["doc"]),
                    )
                )
            if not cited:
                if doc in data["labels"]:
                    view = linker.iri_view(doc)
                    out.append(SourceView("document", view.text, href=view.href, title=view.text))
                else:
                    out.append(SourceView("graph", name, href=linker.path(g)))
        return out

    grouped: dict[str, dict[tuple, list[str]]] = defaultdict(lambda: defaultdict(list))
    subject_terms: dict[str, dict] = {}
    for f in data["facts"]:
        key = f["s"]["value"]
        subject_terms[key] = f["s"]
        grouped[key][(_key(f["p"]), _key(f["o"]))].append(f["g"])
    terms = {_key(f[k]): f[k] for f in data["facts"] + data["incoming"] for k in ("s", "p", "o")}

    def fact_views(subject: dict) -> list[FactView]:
        rows = []
        for (p, o), graphs in grouped.get(subject["value"], {}).items():
            value = terms[o]
            fact = FactView(linker.view(terms[p]), linker.view(value), sources(subject, graphs))
            if value["kind"] == "bnode" and value["value"] != subject["value"]:
                fact.nested = fact_views(value)
            rows.append(fact)
        rows.sort(key=lambda f: (_order(f.predicate.iri), f.predicate.text, f.value.text))
        return rows

    hashes = sorted(s for s, t in subject_terms.items() if t["kind"] == "iri" and s != iri)
    subjects = [
        SubjectView(linker.iri_view(iri), None, fact_views(subject_terms.get(iri) or _iri(iri)))
    ]
    subjects += [
        SubjectView(linker.iri_view(h), h.split("#", 1)[1], fact_views(subject_terms[h]))
        for h in hashes
    ]
    incoming: dict[tuple, list[str]] = defaultdict(list)
    for f in data["incoming"]:
        incoming[(_key(f["s"]), _key(f["p"]))].append(f["g"])
    incoming_rows = [
        FactView(linker.view(terms[p]), linker.view(terms[s]), sources(terms[s], graphs))
        for (s, p), graphs in incoming.items()
    ]
    incoming_rows.sort(key=lambda f: (f.predicate.text, f.value.text))
    names = data["labels"].get(iri, {})
    types = [
        f.value for f in subjects[0].facts if f.predicate.iri == _RDF_TYPE and f.value.kind == "iri"
    ]
    asserted_types = [
        f.value
        for f in subjects[0].facts
        if f.predicate.iri == _RDF_TYPE and any(s.kind != "inferred" for s in f.sources)
    ]
    return {
        "iri": iri,
        "title": names.get("zh") or names.get("en") or names.get("any") or linker.curie(iri) or iri,
        "subtitle": names.get("en") if names.get("zh") else None,
        "types": asserted_types or types,
        "subjects": subjects,
        "incoming": incoming_rows,
        "incoming_truncated": data["incoming_truncated"],
    }


async def entity_page(request: Request) -> Response:
    """``GET /<path>``: the entity ``<base><path>`` as HTML or RDF, by content negotiation."""
    state = request.app.state
    base: str = state.settings.base
    iri = base + request.scope["path"].lstrip("/")
    try:
        NamedNode(iri)
    except ValueError:
        return _not_found(request, iri)
    fmt = request.query_params.get("format")
    offered = (HTML, *GRAPH_TYPES)
    media = FORMAT_NAMES.get(fmt, fmt) if fmt else negotiate(request.headers.get("accept"), offered)
    if media not in offered:
        return Response(
            "acceptable types: " + ", ".join(offered), status_code=406, media_type="text/plain"
        )
    vary = {"Vary": "Accept"}
    if media != HTML:
        body = await state.pool.run("describe", iri=iri, media=media)
        if body is None:
            return Response(
                f"no such entity: <{iri}>\n", 404, media_type="text/plain", headers=vary
            )
        return Response(body, media_type=media, headers=vary)
    data = await state.pool.run("entity", iri=iri)
    if data is None:
        return _not_found(request, iri)
    model = page_model(data, base=base)
    from kg.server.explorer import ego_fragment, views_for

    classes = {f.value.iri for f in model["subjects"][0].facts if f.predicate.iri == _RDF_TYPE}
    model["views"] = views_for(classes, state.views)

    fragment = await ego_fragment(request, iri)
    html = render(
        "entity.html",
        page=model,
        ego=fragment,
        request_path=request.url.path,
        views_available=state.views,
    )
    return HTMLResponse(html, headers=vary)


def _not_found(request: Request, iri: str) -> Response:
    if negotiate(request.headers.get("accept"), (HTML, "text/plain")) == HTML:
        html = render(
            "error.html",
            status=404,
            title="Not found",
            message=f"The graph says nothing about <{iri}>.",
        )
        return HTMLResponse(html, status_code=404)
    return Response(f"no such entity: <{iri}>\n", 404, media_type="text/plain")


def _rows(store, text: str) -> list[dict]:
    return run_query(store, text, limit=10**6).rows


def _is_hash(term: dict, iri: str) -> bool:
    return term["kind"] == "iri" and term["value"].startswith(iri + "#")


def _key(term: dict) -> tuple:
    return (term["kind"], term["value"], term.get("lang"), term.get("datatype"))


def _iri(iri: str) -> dict:
    return {"kind": "iri", "value": iri, "lang": None, "datatype": None}


def _order(predicate: str | None) -> int:
    return _FIRST.index(predicate) if predicate in _FIRST else len(_FIRST)


def _int(term) -> int | None:
    try:
        return int(term.value) if term is not None else None
    except ValueError:
        return None


def _literal(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"'
