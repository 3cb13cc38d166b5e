"""``kg build`` and ``kg validate``."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import click
from pyoxigraph import Store

from kg.cli.common import kg_errors, settings_options
from kg.errors import ValidationError
from kg.graph.build import assemble, build
from kg.graph.inference import materialise
from kg.validate.run import validate_store, validate_with_pyshacl

__all__ = ["build_cmd", "validate_cmd"]


_DATA = click.option(
    "--data",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    default=None,
    help="Folder of curated tables to build from (default: the package's own).",
)


@click.command("build")
@click.option("--no-validate", is_flag=True, help="Skip the SHACL contract (not recommended).")
@_DATA
@settings_options
@kg_errors
def build_cmd(settings, no_validate: bool, data: Path | None) -> None:
    """Build the graph from the curated sources into a new store, validate, swap.

    A failed build leaves the store in service untouched.

    Example: kg build --store .kg/store --data my-edited-tables/
    """
    if data is not None:
        settings = dataclasses.replace(settings, data_dir=data)
    report = build(settings, validate=not no_validate)
    timing = ", ".join(f"{k} {v * 1000:.0f} ms" for k, v in report.seconds.items())
    counts = f"{report.quads} asserted + {report.inferred} inferred quads"
    click.echo(f"built {report.store}: {counts} ({timing})")


@click.command("validate")
@click.option(
    "--engine",
    type=click.Choice(["sparql", "pyshacl"]),
    default="sparql",
    show_default=True,
    help="SHACL engine: compiled SPARQL on the store, or pySHACL.",
)
@_DATA
@settings_options
@kg_errors
def validate_cmd(settings, engine: str, data: Path | None) -> None:
    """Check the curated sources against the SHACL shapes without swapping a store in.

    Example: kg validate --data my-edited-tables/
    """
    if data is not None:
        settings = dataclasses.replace(settings, data_dir=data)
    assembled = assemble(settings)
    store = Store()
    store.bulk_extend(assembled.quads)
    materialise(store, settings)
    run = validate_store if engine == "sparql" else validate_with_pyshacl
    violations = run(store, mapped=assembled.mapped)
    if violations:
        raise ValidationError(violations)
    click.echo(f"valid: {len(assembled.quads)} quads conform to the shapes ({engine})")
