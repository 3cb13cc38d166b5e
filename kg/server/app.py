"""The web application: routes, limits, security headers, and the worker pool's life cycle.

Built on Starlette (a small ASGI toolkit) and served by Uvicorn. Every page
group has its own module:

=====================  ==========================================================
``/sparql``            :mod:`kg.server.sparql` (protocol), :mod:`kg.server.description`
``/editor``            :mod:`kg.server.editor` (YASGUI, vendored by :mod:`kg.server.assets`)
``/search``            :mod:`kg.server.search`
``/``, ``/explore/…``  :mod:`kg.server.explorer`
``/static/…``          the package's ``static`` folder
anything else          :mod:`kg.server.entity` (``/org/x`` is ``<base>org/x``)
=====================  ==========================================================

Queries never run in the server process: they go to a :class:`kg.server.pool.Pool`
of worker processes that can be killed at the time limit.
"""

from __future__ import annotations

import contextlib
import os
from dataclasses import dataclass
from pathlib import Path

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from kg.config import Settings
from kg.server.cache import AnswerCache
from kg.server.editor import editor_page
from kg.server.entity import entity_page
from kg.server.explorer import available_views, home_page, view_frame, view_page
from kg.server.html import render
from kg.server.pool import JobFailed, MalformedQuery, Pool, QueryTimeout, ServerBusy
from kg.server.search import search_page
from kg.server.sparql import sparql_endpoint

__all__ = ["CSP", "ServerConfig", "create_app"]

STATIC_DIR = Path(__file__).resolve().parent / "static"

#: Content-Security-Policy of every page: scripts, styles and data from this server only.
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self' data:; connect-src 'self'; frame-src 'self'; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'self'"
)
_HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"same-origin"),
]


@dataclass(frozen=True)
class ServerConfig:
    """How the server runs queries.

    Parameters
    ----------
    workers : int
        Query worker processes (default: the number of CPUs, at least 2, so
        that one runaway query leaves a worker for the others).
    time_limit : float
        Seconds a query (or a page's queries) may run before it is stopped.
    result_limit : int
        Most solutions or triples a query returns; longer answers are cut.
    in_memory : bool
        Copy the embedded store into each worker's memory.
    write_token : str, optional
        Accept SPARQL Update from requests with ``Authorization: Bearer`` this token.
    cache_mb : float, optional
        Memory for cached answers (see :mod:`kg.server.cache`); 0 turns the cache
        off. By default 64 for the embedded store and 0 for a remote one, whose
        data may change behind the server's back.
    snapshot_ttl : float
        Seconds the views of a remote store are drawn from one in-memory copy of
        it before a new copy is taken (see :mod:`kg.snapshot`): changes made to
        the server by others show in views after at most this long.
    snapshot_limit : int, optional
        Most triples that copy may hold; views of a larger remote store are
        refused (default :func:`kg.snapshot.default_limit`). Each worker holds
        its own copy, about 550 bytes a triple.
    snapshot_time_limit : float
        Seconds a view of a remote store may take, the copy included (about
        10 s for 500,000 triples with the Graph Store Protocol on two CPUs),
        when longer than ``time_limit``: a view stopped while copying would
        lose the copy and never be drawn.
    """

    workers: int = max(2, os.cpu_count() or 2)
    time_limit: float = 10.0
    result_limit: int = 10_000
    in_memory: bool = True
    write_token: str | None = None
    cache_mb: float | None = None
    snapshot_ttl: float = 60.0
    snapshot_limit: int | None = None
    snapshot_time_limit: float = 120.0


def create_app(settings: Settings | None = None, config: ServerConfig | None = None) -> Starlette:
    """The ASGI application serving ``settings``' store.

    The worker pool starts with the application (its lifespan) and is stopped
    with it; a store that cannot be opened fails the start-up.

    Examples
    --------
    >>> app = create_app(Settings(), ServerConfig(workers=2, time_limit=5))
    >>> import uvicorn; uvicorn.run(app, host="127.0.0.1", port=8000)  # doctest: +SKIP
    """
    settings = settings or Settings()
    config = config or ServerConfig()

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette):
        pool = Pool(
            settings,
            size=config.workers,
            time_limit=config.time_limit,
            in_memory=config.in_memory,
            writable=bool(config.write_token),
            snapshot_ttl=config.snapshot_ttl,
            snapshot_limit=config.snapshot_limit,
        )
        try:
            await pool.start()
        except BaseException:
            await pool.close()
            raise
        app.state.pool = pool
        try:
            yield
        finally:
            await pool.close()

    routes = [
        Route("/", home_page, methods=["GET", "HEAD"]),
        Route("/sparql", sparql_endpoint, methods=["GET", "POST", "HEAD"]),
        Route("/editor", editor_page, methods=["GET", "HEAD"]),
        Route("/search", search_page, methods=["GET", "HEAD"]),
        Route("/explore/{view}", view_page, methods=["GET", "HEAD"]),
        Route("/explore/{view}/frame", view_frame, methods=["GET", "HEAD"]),
        Mount("/static", StaticFiles(directory=STATIC_DIR), name="static"),
        Route("/{path:path}", entity_page, methods=["GET", "HEAD"]),
    ]
    handlers = {
        MalformedQuery: _error(400),
        QueryTimeout: _error(503),
        ServerBusy: _error(503, {"Retry-After": "1"}),
        JobFailed: _error(500),
    }
    app = Starlette(routes=routes, exception_handlers=handlers, lifespan=lifespan)
    app.state.settings = settings
    app.state.config = config
    cache_mb = config.cache_mb if config.cache_mb is not None else (0 if settings.remote else 64)
    app.state.cache = AnswerCache(max_bytes=int(cache_mb * 2**20))
    app.state.views = available_views()
    return _SecurityHeaders(app)


def _error(status: int, headers: dict[str, str] | None = None):
    async def handler(request: Request, exc: Exception) -> Response:
        message = str(exc)
        wants_html = request.url.path != "/sparql" and "text/html" in request.headers.get(
            "accept", ""
        )
        if wants_html:
            html = render("error.html", status=status, title=_TITLES[status], message=message)
            return HTMLResponse(html, status_code=status, headers=headers)
        return Response(
            message + "\n", status, media_type="text/plain; charset=utf-8", headers=headers
        )

    return handler


_TITLES = {400: "Malformed query", 500: "Server error", 503: "Query stopped"}


class _SecurityHeaders:
    """ASGI middleware adding CSP and related headers unless a response sets its own."""

    def __init__(self, app: Starlette) -> None:
        self.app = app
        self.state = app.state

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message) -> None:
            if message["type"] == "http.response.start":
                present = {name.lower() for name, _ in message.get("headers", [])}
                extra = [(n, v) for n, v in _HEADERS if n not in present]
                message["headers"] = list(message.get("headers", [])) + extra
            await send(message)

        await self.app(scope, receive, send_with_headers)
