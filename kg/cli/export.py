"""``kg export``."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from kg.cli.common import kg_errors, settings_options
from kg.export import ExportFormat, export
from kg.snapshot import open_local

__all__ = ["export_cmd"]


@click.command("export")
@click.option(
    "-f",
    "--format",
    "fmt",
    type=click.Choice([f.value for f in ExportFormat]),
    default="turtle",
    show_default=True,
)
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    default=None,
    help="File to write (default: standard output).",
)
@click.option("--asserted-only", is_flag=True, help="Leave out the materialised entailments.")
@settings_options
@kg_errors
def export_cmd(settings, fmt: str, output: Path | None, asserted_only: bool) -> None:
    """Export the graph (TriG and N-Quads keep one named graph per source).

    A remote store is read into memory first (its project graphs, up to
    ``KG_SNAPSHOT_LIMIT`` triples).

    Example: kg export --format trig -o yuzhong.trig
    """
    store = open_local(settings)
    inferred = settings.graph("inferred") if asserted_only else None
    target = output if output is not None else sys.stdout.buffer
    export(store, ExportFormat(fmt), target, inferred_graph=inferred)
