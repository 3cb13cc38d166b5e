"""Options and error handling shared by the commands."""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path

import click

from kg.config import Settings
from kg.errors import KgError

__all__ = ["kg_errors", "settings_options"]


def settings_options(fn: Callable) -> Callable:
    """Add ``--store`` and ``--base`` and pass a ``settings`` argument instead."""

    @click.option(
        "--store",
        type=click.Path(path_type=Path),
        default=None,
        help="Store folder [env KG_STORE; default .kg/store].",
    )
    @click.option("--base", default=None, help="IRI base of entities [env KG_BASE].")
    @functools.wraps(fn)
    def wrapper(*args, store: Path | None, base: str | None, **kwargs):
        overrides = {k: v for k, v in (("store", store), ("base", base)) if v is not None}
        try:
            settings = Settings(**overrides)
        except ValueError as exc:
            raise click.UsageError(str(exc)) from None
        return fn(*args, settings=settings, **kwargs)

    return wrapper


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
