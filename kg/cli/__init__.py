"""The ``kg`` command: one entry point over build, query, network, views and server.

Each command group lives in its own module and calls the library; this module only
wires them together. Modules load when their command runs, so ``kg build`` does not
pay for importing pandas, networkx or the web server.
"""

from __future__ import annotations

import importlib

import click

__all__ = ["main"]

# command name -> "module:attribute"
COMMANDS = {
    "build": "kg.cli.build:build_cmd",
    "validate": "kg.cli.build:validate_cmd",
    "query": "kg.cli.query:query_cmd",
    "queries": "kg.cli.query:queries_cmd",
    "resolve": "kg.cli.query:resolve_cmd",
    "stats": "kg.cli.stats:stats_cmd",
    "export": "kg.cli.export:export_cmd",
    "path": "kg.cli.network:path_cmd",
    "neighbours": "kg.cli.network:neighbours_cmd",
    "rank": "kg.cli.network:rank_cmd",
    "communities": "kg.cli.network:communities_cmd",
    "profile": "kg.cli.network:profile_cmd",
    "gaps": "kg.cli.network:gaps_cmd",
    "similar": "kg.cli.network:similar_cmd",
    "network-export": "kg.cli.network:network_export_cmd",
    "viz": "kg.cli.viz:viz_cmd",
    "serve": "kg.cli.serve:serve_cmd",
}


class _LazyGroup(click.Group):
    """A group whose commands are imported when first asked for."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        target = COMMANDS.get(cmd_name)
        if target is None:
            return None
        module, _, attribute = target.partition(":")
        return getattr(importlib.import_module(module), attribute)


@click.group(cls=_LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="yuzhong-kg")
def main() -> None:
    """Knowledge graph of Chongqing Yuzhong's enterprises, zones and 4311 sectors.

    Example: kg build && kg query cq01
    """
