"""The ``kg`` command: one entry point over build, query, stats and export.

Each command group lives in its own module and calls the library; this module only
wires them together.
"""

from __future__ import annotations

import click

from kg.cli.build import build_cmd, validate_cmd
from kg.cli.export import export_cmd
from kg.cli.network import COMMANDS as network_cmds
from kg.cli.query import queries_cmd, query_cmd, resolve_cmd
from kg.cli.serve import serve_cmd
from kg.cli.stats import stats_cmd
from kg.cli.viz import viz_cmd

__all__ = ["main"]


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="yuzhong-kg")
def main() -> None:
    """Knowledge graph of Chongqing Yuzhong's enterprises, zones and 4311 sectors.

    Example: kg build && kg query cq01
    """


for command in (
    build_cmd,
    validate_cmd,
    query_cmd,
    queries_cmd,
    resolve_cmd,
    stats_cmd,
    export_cmd,
    *network_cmds,
    serve_cmd,
    viz_cmd,
):
    main.add_command(command)
