"""The web server: SPARQL 1.1 endpoint, query editor, entity pages, search and explorer.

Start it with ``kg serve``, or build the ASGI application yourself::

    >>> from kg.server import ServerConfig, create_app
    >>> app = create_app(config=ServerConfig(time_limit=5))  # doctest: +SKIP

The package is imported by the query workers too, so this module loads nothing
until :func:`create_app` or :class:`ServerConfig` is asked for.
"""

from __future__ import annotations

from typing import Any

__all__ = ["ServerConfig", "create_app"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from kg.server import app

        return getattr(app, name)
    raise AttributeError(f"module 'kg.server' has no attribute {name!r}")
