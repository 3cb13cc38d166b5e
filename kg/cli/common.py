"""Options and error handling shared by the commands."""

from __future__ import annotations

import functools
from collections.abc import Callable

import click
from pyoxigraph import Store

from kg.config import Settings
from kg.errors import KgError
from kg.remote import RemoteStore, connect

__all__ = ["kg_errors", "open_settings_store", "settings_options"]


def settings_options(fn: Callable) -> Callable:
    """Add ``--store``, ``--base`` and the remote URLs; pass a ``settings`` argument instead."""

    @click.option(
        "--store",
        default=None,
        help="Store folder, or a SPARQL endpoint URL [env KG_STORE; default .kg/store].",
    )
    @click.option("--base", default=None, help="IRI base of entities [env KG_BASE].")
    @click.option(
        "--update-url",
        default=None,
        help="SPARQL update URL of a remote store [env KG_UPDATE_URL; default the --store URL].",
    )
    @click.option(
        "--gsp-url",
        default=None,
        help="Graph Store Protocol URL of a remote store, for faster loads [env KG_GSP_URL].",
    )
    @functools.wraps(fn)
    def wrapper(
        *args,
        store: str | None,
        base: str | None,
        update_url: str | None,
        gsp_url: str | None,
        **kwargs,
    ):
        given = (("store", store), ("base", base), ("update_url", update_url), ("gsp_url", gsp_url))
        overrides = {k: v for k, v in given if v is not None}
        try:
            settings = Settings(**overrides)
        except ValueError as exc:
            raise click.UsageError(str(exc)) from None
        return fn(*args, settings=settings, **kwargs)

    return wrapper


def open_settings_store(settings: Settings) -> Store | RemoteStore:
    """The store the settings name: the embedded one (read-only), or a remote SPARQL server."""
    return connect(settings)


def kg_errors(fn: Callable) -> Callable:
    """Turn the package's errors into a one-paragraph message and exit status 1."""

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except KgError as exc:
            click.echo(f"error: {exc}", err=True)
            raise SystemExit(1) from None

    return wrapper
