"""``kg viz``: write an interactive view of the graph as one self-contained HTML page."""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path

import click

from kg.cli.common import kg_errors, settings_options
from kg.errors import QueryError
from kg.network.project import project
from kg.queries import find_query
from kg.resolve import labels, resolve
from kg.snapshot import open_local
from kg.views import NODE_BUDGET, View, views

__all__ = ["viz_cmd"]


@click.group("viz", context_settings={"help_option_names": ["-h", "--help"]})
def viz_cmd() -> None:
    """Draw the graph as an interactive page that works offline.

    A remote store (--store URL) is first copied into memory, up to
    KG_SNAPSHOT_LIMIT triples (default 2000000).

    Example: kg viz ego 视联动力 --radius 2 -o visionvera.html
    """


def _page_options(fn: Callable) -> Callable:
    """``-o``, ``--lang`` and ``--budget``, then the store options and error handling."""

    @click.option(
        "-o",
        "--output",
        type=click.Path(dir_okay=False, path_type=Path),
        default=None,
        help="HTML file to write [default: view-<kind>.html].",
    )
    @click.option(
        "--lang",
        type=click.Choice(["zh", "en"]),
        default="zh",
        show_default=True,
        help="Language the page opens in (a button switches).",
    )
    @click.option(
        "--budget",
        type=click.IntRange(min=1),
        default=NODE_BUDGET,
        show_default=True,
        help="Most nodes to draw; above it entities are folded into summary nodes.",
    )
    @settings_options
    @kg_errors
    @functools.wraps(fn)
    def wrapper(*args, settings, output, lang, budget, **kwargs):
        # The views read the store pattern by pattern: a remote one is copied first, once.
        store = open_local(settings)
        view = fn(*args, store=store, budget=budget, **kwargs)
        path = view.write(output or Path(f"view-{view.kind}.html"), lang=lang)
        note = view.note_zh if lang == "zh" else view.note_en
        if note and view.kind != "path":
            click.echo(note, err=True)
        size = path.stat().st_size
        click.echo(
            f"wrote {path}: {view.graph.number_of_nodes()} nodes, "
            f"{view.graph.number_of_edges()} links, {size / 1024:.0f} KiB"
        )

    return wrapper


class _Names:
    """Names to IRIs with one label index, and the check that the IRI is a node."""

    def __init__(self, store, g):
        self.store, self.g = store, g
        self.index = labels(store)

    def __call__(self, name: str) -> str:
        iri = resolve(self.store, name, index=self.index)
        if iri not in self.g:
            raise views.NotInView(
                f"{name!r} (<{iri}>) is not an entity of the graph: achievements, statistics "
                "and sources are folded into the entities they describe"
            )
        return iri


@viz_cmd.command("whole")
@_page_options
def whole_cmd(*, store, budget) -> View:
    """The whole graph (folded into summary nodes above the budget).

    Example: kg viz whole -o graph.html
    """
    return views.whole(project(store, cited=True), budget=budget)


@viz_cmd.command("ego")
@click.argument("name")
@click.option(
    "-r", "--radius", type=click.IntRange(min=0), default=1, show_default=True, help="Links out."
)
@_page_options
def ego_cmd(name, radius, *, store, budget) -> View:
    """NAME and the entities within --radius links of it, in rings.

    Example: kg viz ego 视联动力 --radius 2 -o ego.html
    """
    g = project(store, cited=True)
    return views.ego(g, _Names(store, g)(name), radius=radius, budget=budget)


@viz_cmd.command("sector")
@click.argument("name", required=False)
@_page_options
def sector_cmd(name, *, store, budget) -> View:
    """The 4311 sector scheme as a tree with its entities (one sector's branch if NAME).

    NAME is a sector's label or its notation (FIN, EMG-CMP …).

    Example: kg viz sector 现代金融 -o finance.html
    """
    g = project(store, cited=True)
    concept = None
    if name is not None:
        codes = {
            d["notation"].casefold(): n
            for n, d in g.nodes(data=True)
            if d.get("group") == "Sector" and d.get("notation")
        }
        concept = codes.get(name.strip().casefold()) or _Names(store, g)(name)
    return views.sector(g, concept, budget=budget)


@viz_cmd.command("zone")
@click.argument("name", required=False)
@_page_options
def zone_cmd(name, *, store, budget) -> View:
    """Zones and streets inside the district, with what is located there (around NAME if given).

    Example: kg viz zone -o zones.html
    """
    g = project(store, cited=True)
    place = _Names(store, g)(name) if name is not None else None
    return views.zone(g, place, budget=budget)


@viz_cmd.command("path")
@click.argument("source")
@click.argument("target")
@click.option(
    "-k", "k", type=click.IntRange(min=1), default=3, show_default=True, help="How many paths."
)
@click.option(
    "--context",
    type=click.IntRange(min=0),
    default=40,
    show_default=True,
    help="Most neighbours drawn around the paths.",
)
@_page_options
def path_cmd(source, target, k, context, *, store, budget) -> View:
    """The k shortest paths between SOURCE and TARGET, highlighted among their neighbours.

    Example: kg viz path 视联动力 重庆算力枢纽 -o path.html
    """
    g = project(store, cited=True)
    names = _Names(store, g)
    return views.path(g, names(source), names(target), k=k, context=min(context, budget))


@viz_cmd.command("query")
@click.argument("query")
@click.option(
    "--bind",
    multiple=True,
    metavar="VAR=NAME",
    help="Bind ?VAR to the entity called NAME (label, alias or IRI).",
)
@_page_options
def query_cmd(query, bind, *, store, budget) -> View:
    """A SPARQL CONSTRUCT or SELECT (named query, .rq file or text) drawn as a graph.

    Example: kg viz query cq13 -o cq13.html
    """
    text, title = _query(query)
    index = labels(store)
    bindings = {}
    for item in bind:
        var, sep, name = item.partition("=")
        if not sep:
            raise QueryError(f"--bind takes VAR=NAME, got {item!r}")
        bindings[var.lstrip("?")] = resolve(store, name, index=index)
    return views.query(store, text, bindings=bindings, title=title, budget=budget)


def _query(query: str) -> tuple[str, str | None]:
    path = Path(query)
    if path.suffix in (".rq", ".sparql") and path.is_file():
        return path.read_text(encoding="utf-8"), path.stem
    if any(kw in query.upper() for kw in ("SELECT", "CONSTRUCT", "ASK", "DESCRIBE")):
        return query, None
    named = find_query(query)
    return named.text, named.header.get("question@zh") or named.name
