"""``kg query``, ``kg queries`` and ``kg resolve``."""

from __future__ import annotations

from pathlib import Path

import click

from kg.bounded import call_with_timeout
from kg.cli.common import kg_errors, open_settings_store, settings_options
from kg.errors import QueryError
from kg.queries import DEFAULT_LIMIT, find_query, list_queries, run_query
from kg.resolve import resolve
from kg.results import FORMATS, render

__all__ = ["queries_cmd", "query_cmd", "resolve_cmd"]


@click.command("query")
@click.argument("query")
@click.option(
    "-f", "--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True
)
@click.option(
    "--bind",
    multiple=True,
    metavar="VAR=NAME",
    help="Bind ?VAR to the entity called NAME (label, alias or IRI).",
)
@click.option(
    "--limit", type=int, default=DEFAULT_LIMIT, show_default=True, help="Most rows to return."
)
@click.option(
    "--timeout",
    type=float,
    default=60.0,
    show_default=True,
    help="Seconds before the query is stopped (0: no limit).",
)
@settings_options
@kg_errors
def query_cmd(
    settings, query: str, fmt: str, bind: tuple[str, ...], limit: int, timeout: float
) -> None:
    """Run a named query (e.g. cq05), a .rq file, or inline SPARQL.

    Example: kg query cq03 --format csv
    """
    text = _query_text(query)
    pairs = []
    for item in bind:
        var, sep, name = item.partition("=")
        if not sep:
            raise QueryError(f"--bind takes VAR=NAME, got {item!r}")
        pairs.append((var.lstrip("?"), name))
    output = call_with_timeout(_answer, settings, text, pairs, limit, fmt, timeout=timeout or None)
    click.echo(output, nl=False)


def _answer(settings, text: str, pairs: list[tuple[str, str]], limit: int, fmt: str) -> str:
    """Open the store, resolve the names, run and render (in the bounded child process)."""
    store = open_settings_store(settings)
    bindings = {var: resolve(store, name) for var, name in pairs}
    result = run_query(store, text, bindings=bindings, limit=limit)
    return render(result, fmt, base=settings.base)


@click.command("queries")
def queries_cmd() -> None:
    """List the named queries with their questions.

    Example: kg queries
    """
    for q in list_queries():
        click.echo(f"{q.name:40} {q.question}")


@click.command("resolve")
@click.argument("name")
@settings_options
@kg_errors
def resolve_cmd(settings, name: str) -> None:
    """Print the IRI of the entity called NAME (zh or en label or alias).

    Example: kg resolve 视联动力
    """
    click.echo(resolve(open_settings_store(settings), name))


def _query_text(query: str) -> str:
    if query.endswith((".rq", ".sparql")) and Path(query).is_file():
        return Path(query).read_text(encoding="utf-8")
    if any(kw in query.upper() for kw in ("SELECT", "CONSTRUCT", "ASK", "DESCRIBE")):
        return query
    return find_query(query).text
