"""The explorer: a start page, and the interactive views (ego, sector, zone, path).

The views are drawn by :mod:`kg.views`; this module only finds them and frames
them. Each view is a function of that package named in :data:`VIEW_HOOKS`,
called in a worker as ``hook(store, *iris, base=base)`` and returning an HTML
document or fragment. A view is shown in a sandboxed ``<iframe>`` (scripts run,
but in an opaque origin that cannot reach the explorer's pages), so the view's
own scripts need no exception to the explorer's Content-Security-Policy. A view
the installed package lacks is reported as unavailable; the pages that link to
views ask :func:`available_views` first.

Routes: ``/`` (start page: search, the 4311 sectors, the zones, named queries),
``/explore/{view}?iri=…`` (``&to=…`` for ``path``), and
``/explore/{view}/frame?…`` (the view itself).
"""

from __future__ import annotations

import importlib
import urllib.parse

from pyoxigraph import NamedNode
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response

from kg.namespaces import PREFIXES, YZ
from kg.queries import list_queries, run_query
from kg.server.entity import labels_of
from kg.server.html import Linker, render
from kg.server.pool import JobFailed

__all__ = [
    "VIEW_HOOKS",
    "available_views",
    "ego_fragment",
    "home_page",
    "overview",
    "render_view",
    "view_frame",
    "view_page",
    "views_for",
]

#: View name to the function of :mod:`kg.views` that draws it.
VIEW_HOOKS = {
    "ego": "ego_fragment",
    "sector": "sector_fragment",
    "zone": "zone_fragment",
    "path": "path_fragment",
}

_FRAME_CSP = (
    "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; connect-src 'none'; frame-ancestors 'self'"
)


def _views_module():
    try:
        return importlib.import_module("kg.views")
    except ImportError:
        return None


def available_views() -> dict[str, bool]:
    """Which views the installed :mod:`kg.views` provides."""
    module = _views_module()
    return {
        v: module is not None and callable(getattr(module, h, None)) for v, h in VIEW_HOOKS.items()
    }


_SECTOR_TYPES = {YZ + "Sector", YZ + "SectorGroup", YZ + "SubSector"}
_PLACE_TYPES = {PREFIXES["schema"] + "Place", YZ + "Place"}


def views_for(types: set[str] | list[str], available: dict[str, bool]) -> list[str]:
    """The views that can be drawn around an entity of these classes.

    Examples
    --------
    >>> views_for({YZ + "SubSector"}, {"ego": True, "sector": True, "zone": True, "path": True})
    ['ego', 'sector']
    """
    wanted = ["ego"]
    if _SECTOR_TYPES & set(types):
        wanted.append("sector")
    if _PLACE_TYPES & set(types):
        wanted.append("zone")
    return [v for v in wanted if available.get(v)]


def render_view(store, *, view: str, iris: list[str], base: str) -> str | None:
    """Draw ``view`` for ``iris`` (worker side); ``None`` if the view is unavailable."""
    module = _views_module()
    hook = getattr(module, VIEW_HOOKS[view], None) if module is not None else None
    if hook is None:
        return None
    return hook(store, *iris, base=base)


def overview(store, *, base: str) -> dict:
    """The start page's lists: the 4311 sector scheme and the zones (worker side)."""
    scheme = str(NamedNode(base + "sector/4311"))
    sectors = run_query(
        store,
        f"""SELECT ?s ?notation ?group WHERE {{
          ?s skos:inScheme {scheme} ; skos:notation ?notation .
          OPTIONAL {{ ?s skos:broader ?group . ?group skos:inScheme {scheme} }}
        }} ORDER BY ?notation""",
    ).rows
    zones = run_query(
        store,
        f"""SELECT DISTINCT ?z WHERE {{ ?z a yz:Zone . FILTER(STRSTARTS(STR(?z), "{base}")) }}
        ORDER BY ?z""",
    ).rows
    iris = {r["s"].value for r in sectors} | {r["z"].value for r in zones}
    return {
        "sectors": [
            {
                "iri": r["s"].value,
                "notation": r["notation"].value,
                "group": r["group"].value if r["group"] is not None else None,
            }
            for r in sectors
        ],
        "zones": [r["z"].value for r in zones],
        "labels": labels_of(store, iris),
    }


async def home_page(request: Request) -> Response:
    """``GET /``: search box, the sectors and zones, the named queries."""
    state = request.app.state
    base = state.settings.base
    data = await state.pool.run("overview", base=base)
    linker = Linker(base, data["labels"])
    sectors = [
        {"view": linker.iri_view(s["iri"]), "notation": s["notation"], "depth": depth}
        for s, depth in _tree(data["sectors"])
    ]
    zones = [linker.iri_view(z) for z in data["zones"]]
    queries = [{"name": q.name, "question": q.question} for q in list_queries()]
    return HTMLResponse(
        render(
            "home.html",
            sectors=sectors,
            zones=zones,
            queries=queries,
            views_available=state.views,
        )
    )


async def ego_fragment(request: Request, iri: str) -> str | None:
    """The frame address of the ego view of ``iri`` for its entity page, if views exist."""
    if not request.app.state.views.get("ego"):
        return None
    return "/explore/ego/frame?" + urllib.parse.urlencode({"iri": iri})


async def view_page(request: Request) -> Response:
    """``GET /explore/{view}?iri=…``: a view framed in the explorer's page."""
    view = request.path_params["view"]
    if view not in VIEW_HOOKS:
        return _error(404, "No such view", f"The explorer has no view {view!r}.")
    iris = _iris(request, view)
    if iris is None:
        return _error(400, "Missing entity", "Give the entity as ?iri=… (and ?to=… for a path).")
    linker = Linker(request.app.state.settings.base)
    available = request.app.state.views.get(view, False)
    frame = f"/explore/{view}/frame?" + urllib.parse.urlencode(_params(iris, view))
    return HTMLResponse(
        render(
            "explore.html",
            view=view,
            entities=[linker.iri_view(i) for i in iris],
            frame=frame if available else None,
            views_available=request.app.state.views,
        )
    )


async def view_frame(request: Request) -> Response:
    """``GET /explore/{view}/frame?…``: the view's own HTML, for a sandboxed frame."""
    view = request.path_params["view"]
    iris = _iris(request, view) if view in VIEW_HOOKS else None
    if iris is None:
        return Response("no such view or entity\n", 404, media_type="text/plain")
    state, config = request.app.state, request.app.state.config
    # A view of a remote store may first have to copy the store (see kg.snapshot).
    limit = max(config.time_limit, config.snapshot_time_limit) if state.settings.remote else None
    try:
        html = await state.pool.run(
            "view", time_limit=limit, view=view, iris=iris, base=state.settings.base
        )
    except JobFailed as exc:
        return Response(f"the {view} view cannot be drawn: {exc}\n", 404, media_type="text/plain")
    if html is None:
        return Response(f"the view {view!r} is not available\n", 404, media_type="text/plain")
    return HTMLResponse(html, headers={"Content-Security-Policy": _FRAME_CSP})


def _tree(concepts: list[dict]) -> list[tuple[dict, int]]:
    """Concepts in scheme order: each broader one followed by its narrower ones, with depth."""
    children: dict[str | None, list[dict]] = {}
    known = {c["iri"] for c in concepts}
    for c in concepts:
        parent = c["group"] if c["group"] in known else None
        children.setdefault(parent, []).append(c)
    out: list[tuple[dict, int]] = []

    def walk(parent: str | None, depth: int) -> None:
        for c in sorted(children.get(parent, []), key=lambda c: c["notation"]):
            out.append((c, depth))
            walk(c["iri"], depth + 1)

    walk(None, 0)
    return out


def _iris(request: Request, view: str) -> list[str] | None:
    iris = [request.query_params.get("iri", "")]
    if view == "path":
        iris.append(request.query_params.get("to", ""))
    try:
        return [NamedNode(i).value for i in iris]
    except ValueError:
        return None


def _params(iris: list[str], view: str) -> dict[str, str]:
    return {"iri": iris[0], "to": iris[1]} if view == "path" else {"iri": iris[0]}


def _error(status: int, title: str, message: str) -> Response:
    return HTMLResponse(
        render("error.html", status=status, title=title, message=message), status_code=status
    )
