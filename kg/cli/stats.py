"""``kg stats``: counts per class and per sector."""

from __future__ import annotations

import click

from kg.cli.common import kg_errors, open_settings_store, settings_options
from kg.queries import find_query, run_query
from kg.results import FORMATS, render

__all__ = ["stats_cmd"]


@click.command("stats")
@click.option(
    "-f", "--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True
)
@settings_options
@kg_errors
def stats_cmd(settings, fmt: str) -> None:
    """Counts of entities per class and per 4311 sector.

    Example: kg stats
    """
    store = open_settings_store(settings)
    for name in ("stats-classes", "stats-sectors"):
        if fmt == "table":
            click.echo(f"\n{find_query(name).question}")
        click.echo(
            render(run_query(store, find_query(name).text), fmt, base=settings.base), nl=False
        )
