"""The views as the web explorer asks for them: a store and IRIs in, an HTML page out.

:mod:`kg.server.explorer` looks these functions up by name in :mod:`kg.views`
(``ego_fragment``, ``sector_fragment``, ``zone_fragment``, ``path_fragment``) and
serves their pages in a sandboxed frame. Each call projects the store (with the
citations, so tooltips name sources) and draws one view.
"""

from __future__ import annotations

from kg.network.project import project
from kg.views.views import ego, path, sector, zone

__all__ = ["ego_fragment", "path_fragment", "sector_fragment", "zone_fragment"]


def ego_fragment(store, iri: str, *, base: str | None = None, radius: int = 1) -> str:
    """The ego view of ``iri`` (radius 1) as an HTML page."""
    return ego(project(store, cited=True), iri, radius=radius).html()


def sector_fragment(store, iri: str | None = None, *, base: str | None = None) -> str:
    """The sector view of the concept ``iri`` (the whole scheme if ``None``) as an HTML page."""
    return sector(project(store, cited=True), iri).html()


def zone_fragment(store, iri: str | None = None, *, base: str | None = None) -> str:
    """The zone view around the place ``iri`` (the district if ``None``) as an HTML page."""
    return zone(project(store, cited=True), iri).html()


def path_fragment(store, source: str, target: str, *, base: str | None = None) -> str:
    """The paths between ``source`` and ``target`` as an HTML page."""
    return path(project(store, cited=True), source, target).html()
