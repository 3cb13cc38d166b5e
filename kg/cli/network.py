"""``kg path``, ``neighbours``, ``rank``, ``communities``, ``profile``, ``gaps``, ``similar``,
``network-export``: network analysis of the graph from the command line."""

from __future__ import annotations

import json
from pathlib import Path

import click
import networkx as nx
import pandas as pd

from kg.cli.common import kg_errors, settings_options
from kg.errors import KgError
from kg.frames import FORMATS, render_frame
from kg.network import exports
from kg.network.centrality import MEASURES, centrality
from kg.network.communities import communities
from kg.network.gaps import gaps
from kg.network.neighbours import ego, neighbours_frame
from kg.network.paths import k_shortest_paths, paths_frame, steps_frame
from kg.network.profiles import KINDS, profile
from kg.network.project import GROUPS, display, project
from kg.network.similarity import similar
from kg.resolve import AmbiguousName, resolve
from kg.snapshot import open_local

__all__ = [
    "COMMANDS",
    "communities_cmd",
    "gaps_cmd",
    "neighbours_cmd",
    "network_export_cmd",
    "path_cmd",
    "profile_cmd",
    "rank_cmd",
    "similar_cmd",
]

_HIDDEN_IN_TABLES = ("iri", "source_iri", "target_iri", "citation")


class NotInGraph(KgError):
    """The entity exists but is not a node of the view (folded into another node)."""


def _format_option(fn):
    return click.option(
        "-f",
        "--format",
        "fmt",
        type=click.Choice(FORMATS),
        default="table",
        show_default=True,
        help="Output: aligned table, CSV or JSON.",
    )(fn)


def _load(settings, *, semantic: bool = True, cited: bool = False):
    # The projection reads the store pattern by pattern: a remote one is copied first, once.
    store = open_local(settings)
    return store, project(store, semantic=semantic, cited=cited)


def _node(store, g: nx.MultiDiGraph, name: str) -> str:
    """The node called ``name``; of several entities so called, the one in the network."""
    try:
        iri = resolve(store, name)
    except AmbiguousName as exc:
        in_graph = [candidate for candidate, _ in exc.candidates if candidate in g]
        if len(in_graph) != 1:
            raise
        iri = in_graph[0]
    if iri not in g:
        raise NotInGraph(
            f"{name!r} (<{iri}>) is not a node of the network: achievements, statistics "
            "and sources are folded into the entities they describe (see `kg profile`)"
        )
    return iri


def _emit(frame: pd.DataFrame, fmt: str) -> None:
    if fmt == "table":
        frame = frame.drop(columns=[c for c in _HIDDEN_IN_TABLES if c in frame.columns])
    click.echo(render_frame(frame, fmt), nl=False)


@click.command("path")
@click.argument("source")
@click.argument("target")
@click.option(
    "-k", "k", type=click.IntRange(min=1), default=3, show_default=True, help="How many paths."
)
@click.option("--hops", is_flag=True, help="Rank by number of links only (no hub penalty).")
@click.option("--through-sectors", is_flag=True, help="Let paths pass through sector concepts.")
@click.option(
    "--max-hops", type=click.IntRange(min=1), default=None, help="Leave out longer paths."
)
@click.option("--steps", is_flag=True, help="One row a step, with the citation of each fact.")
@_format_option
@settings_options
@kg_errors
def path_cmd(settings, source, target, k, hops, through_sectors, max_hops, steps, fmt) -> None:
    """The k shortest paths between two entities, each step told in words.

    Example: kg path 视联动力 重庆算力枢纽 -k 3
    """
    store, g = _load(settings, cited=steps)
    a, b = _node(store, g, source), _node(store, g, target)
    found = k_shortest_paths(
        g,
        a,
        b,
        k=k,
        weight=None if hops else "hub",
        through_sectors=through_sectors,
        max_hops=max_hops,
    )
    if steps:
        _emit(steps_frame(found), fmt)
        return
    if fmt != "table":
        _emit(paths_frame(found), fmt)
        return
    for i, p in enumerate(found, start=1):
        click.echo(f"{i}. {p.text('zh')}")
        click.echo(f"   {p.text('en')}")
        click.echo(f"   ({p.hops} link{'s' if p.hops != 1 else ''}, cost {p.cost:g})")


@click.command("neighbours")
@click.argument("name")
@click.option(
    "-r", "--radius", type=click.IntRange(min=1), default=1, show_default=True, help="Links away."
)
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    default=None,
    help="Also write the ego network as a graph (.graphml or .gexf) for the views.",
)
@_format_option
@settings_options
@kg_errors
def neighbours_cmd(settings, name, radius, output, fmt) -> None:
    """The entities within --radius links of NAME, nearest first.

    Example: kg neighbours 视联动力 --radius 2
    """
    store, g = _load(settings)
    center = _node(store, g, name)
    _emit(neighbours_frame(g, center, radius=radius), fmt)
    if output is not None:
        fmt_out = {".graphml": "graphml", ".gexf": "gexf"}.get(output.suffix.lower())
        if fmt_out is None:
            raise click.UsageError("--output must end in .graphml or .gexf")
        exports.write(ego(g, center, radius=radius), fmt_out, output)
        click.echo(f"wrote {output}", err=True)


@click.command("rank")
@click.option("--by", type=click.Choice(MEASURES), default="pagerank", show_default=True)
@click.option("--top", type=click.IntRange(min=1), default=20, show_default=True)
@click.option(
    "--group", "groups", multiple=True, type=click.Choice(GROUPS), help="List only these groups."
)
@click.option(
    "--engine",
    type=click.Choice(["auto", "networkx", "rustworkx"]),
    default="auto",
    show_default=True,
)
@click.option(
    "--sample",
    type=click.IntRange(min=1),
    default=None,
    help="Betweenness from this many sampled sources.",
)
@click.option(
    "--measure",
    "measures",
    multiple=True,
    type=click.Choice(MEASURES),
    help="Compute only these (repeatable; default all). Betweenness is slow on large graphs.",
)
@click.option(
    "--full", is_flag=True, help="Rank in the full view (achievements, citations … as nodes)."
)
@_format_option
@settings_options
@kg_errors
def rank_cmd(settings, by, top, groups, engine, sample, measures, full, fmt) -> None:
    """Hubs: degree, betweenness and PageRank of the entities.

    Example: kg rank --group Organization --top 10
    """
    measures = measures or MEASURES
    if by not in measures:
        raise click.UsageError(f"--by {by} needs --measure {by}")
    _, g = _load(settings, semantic=not full)
    frame = centrality(
        g, engine=engine, k=sample, by=by, groups=groups or None, top=top, measures=measures
    )
    _emit(frame, fmt)
    if fmt == "table":
        engines = ", ".join(f"{m}: {e}" for m, e in frame.attrs["engines"].items())
        click.echo(f"engines: {engines}")


@click.command("communities")
@click.option(
    "--resolution", type=float, default=1.0, show_default=True, help="Above 1: smaller communities."
)
@click.option("--seed", type=int, default=0, show_default=True)
@click.option("--with-sectors", is_flag=True, help="Partition with the sector concepts as nodes.")
@_format_option
@settings_options
@kg_errors
def communities_cmd(settings, resolution, seed, with_sectors, fmt) -> None:
    """Louvain communities, each with its dominant sectors and zones.

    Example: kg communities --resolution 1.2
    """
    _, g = _load(settings)
    frame = communities(g, resolution=resolution, seed=seed, with_sectors=with_sectors)
    _emit(frame, fmt)
    if fmt == "table":
        click.echo(f"modularity: {frame.attrs['modularity']}")


@click.command("profile")
@click.argument("kind", type=click.Choice(list(KINDS)))
@click.argument("name")
@_format_option
@settings_options
@kg_errors
def profile_cmd(settings, kind, name, fmt) -> None:
    """Everything the graph knows of a sector, zone or enterprise, with sources.

    Example: kg profile enterprise 视联动力
    """
    store, g = _load(settings, cited=True)
    p = profile(g, kind, _node(store, g, name))
    if fmt == "json":
        click.echo(json.dumps(p.to_dict(), ensure_ascii=False, indent=1, default=str))
        return
    if fmt == "csv":
        click.echo(f"# {p.label_zh} / {p.label_en}")
        click.echo(render_frame(p.facts, "csv"), nl=False)
        for section, frame in p.sections.items():
            click.echo(f"# {section}")
            click.echo(render_frame(frame, "csv"), nl=False)
        return
    click.echo(f"{p.label_zh} / {p.label_en}  <{p.iri}>\n")
    _emit(p.facts, "table")
    for section, frame in p.sections.items():
        if frame.empty:
            continue
        click.echo(f"\n## {section}")
        _emit(frame, "table")


@click.command("gaps")
@click.option("--flagged", is_flag=True, help="Only the sectors with a gap.")
@_format_option
@settings_options
@kg_errors
def gaps_cmd(settings, flagged, fmt) -> None:
    """For every 4311 sector: enterprises, zones, projects, events, figures, and gaps.

    Example: kg gaps --flagged
    """
    _, g = _load(settings)
    frame = gaps(g)
    if flagged:
        frame = frame[frame["no_enterprise"] | frame["no_statistic"]].reset_index(drop=True)
    _emit(frame, fmt)


@click.command("similar")
@click.argument("name")
@click.option("--top", type=click.IntRange(min=1), default=10, show_default=True)
@click.option(
    "--among",
    type=click.Choice(["Enterprise", "Organization"]),
    default="Enterprise",
    show_default=True,
    help="Compare with enterprises only, or with every organisation.",
)
@_format_option
@settings_options
@kg_errors
def similar_cmd(settings, name, top, among, fmt) -> None:
    """Enterprises most like NAME, by shared sectors, zones, achievements and partners.

    Example: kg similar 视联动力 --top 5
    """
    store, g = _load(settings)
    iri = _node(store, g, name)
    frame = similar(g, iri, top=top, candidates=among)
    if fmt == "table":
        click.echo(f"like {display(g.nodes[iri])} / {display(g.nodes[iri], 'en')}:")
    _emit(frame, fmt)


@click.command("network-export")
@click.option(
    "-f",
    "--format",
    "fmt",
    type=click.Choice(exports.FORMATS),
    default="graphml",
    show_default=True,
)
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    required=True,
    help="File to write (csv: PATH-nodes.csv and PATH-edges.csv).",
)
@click.option("--full", is_flag=True, help="The full view instead of the semantic one.")
@settings_options
@kg_errors
def network_export_cmd(settings, fmt, output, full) -> None:
    """Write the network for Gephi and other tools (GraphML, GEXF, node/edge CSV).

    Example: kg network-export --format gexf -o yuzhong.gexf
    """
    _, g = _load(settings, semantic=not full, cited=True)
    for path in exports.write(g, fmt, output):
        click.echo(f"wrote {path} ({g.number_of_nodes()} nodes, {g.number_of_edges()} edges)")


#: The commands of this module, in the order ``kg --help`` lists them.
COMMANDS = (
    path_cmd,
    neighbours_cmd,
    rank_cmd,
    communities_cmd,
    profile_cmd,
    gaps_cmd,
    similar_cmd,
    network_export_cmd,
)
