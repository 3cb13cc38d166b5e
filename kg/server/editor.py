"""``/editor``: the SPARQL query editor (YASGUI), with the named queries as examples.

The editor's files are served from the package (see :mod:`kg.server.assets`);
the page hands the named queries to ``static/editor.js`` in a JSON data block.
Each query gets ``PREFIX`` lines for the prefixes it uses, so that a query
copied from the editor runs on any SPARQL endpoint. ``/editor?query=cq05``
opens with that query. Without the vendored files the page offers a plain form
that posts to ``/sparql``.
"""

from __future__ import annotations

import re

from starlette.requests import Request
from starlette.responses import HTMLResponse, Response

from kg.namespaces import PREFIXES
from kg.queries import list_queries
from kg.server.assets import missing
from kg.server.html import render

__all__ = ["editor_page", "examples", "with_prefixes"]

_USED = re.compile(r"(?<![\w<:/#?.-])([A-Za-z][\w.-]*):")
_DECLARED = re.compile(r"(?i)\bPREFIX\s+([\w.-]*):")


def with_prefixes(text: str) -> str:
    """Declare the known prefixes a query uses but does not declare.

    Examples
    --------
    >>> with_prefixes("SELECT * { ?s skos:prefLabel ?l }")
    'PREFIX skos: <http://www.w3.org/2004/02/skos/core#>\\n\\nSELECT * { ?s skos:prefLabel ?l }'
    """
    body = "\n".join(line for line in text.splitlines() if not line.startswith("#"))
    declared = set(_DECLARED.findall(text))
    used = [p for p in dict.fromkeys(_USED.findall(body)) if p in PREFIXES and p not in declared]
    if not used:
        return text
    head = "".join(f"PREFIX {p}: <{PREFIXES[p]}>\n" for p in sorted(used))
    return f"{head}\n{text}"


def examples() -> list[dict[str, str]]:
    """The named queries as editor examples: name, questions and text."""
    return [
        {
            "name": q.name,
            "question": q.header.get("question@en", ""),
            "question_zh": q.header.get("question@zh", ""),
            "text": with_prefixes(q.text),
        }
        for q in list_queries()
    ]


async def editor_page(request: Request) -> Response:
    """``GET /editor``: YASGUI on ``/sparql``, or a plain form if it is not installed."""
    queries = examples()
    wanted = request.query_params.get("query", "")
    initial = (
        next(
            (q for q in queries if q["name"] == wanted or q["name"].startswith(wanted + "-")),
            queries[0] if queries else None,
        )
        if wanted
        else (queries[0] if queries else None)
    )
    data = {
        "endpoint": "/sparql",
        "queries": queries,
        "initial": initial["name"] if initial else None,
        "resultLimit": request.app.state.config.result_limit,
    }
    return HTMLResponse(
        render(
            "editor.html",
            data=data,
            queries=queries,
            initial=initial,
            ready=not missing(),
            views_available=request.app.state.views,
        )
    )
