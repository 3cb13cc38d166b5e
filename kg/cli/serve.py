"""``kg serve``: the SPARQL endpoint, query editor, entity pages and search."""

from __future__ import annotations

import contextlib
import ipaddress
import socket
from pathlib import Path

import click

from kg.cli.common import kg_errors, settings_options
from kg.store import current_build

__all__ = ["serve_cmd"]


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option(
    "--port", type=int, default=8000, show_default=True, help="Port to listen on (0: any free one)."
)
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    default=None,
    help="Query worker processes [default: CPUs, at least 2].",
)
@click.option(
    "--time-limit",
    type=click.FloatRange(min=0.1),
    default=10.0,
    show_default=True,
    help="Seconds a query may run before it is stopped.",
)
@click.option(
    "--result-limit",
    type=click.IntRange(min=1),
    default=10_000,
    show_default=True,
    help="Most solutions or triples a query returns (longer answers are cut and marked).",
)
@click.option(
    "--on-disk", is_flag=True, help="Query the store on disk instead of an in-memory copy."
)
@click.option(
    "--cache-mb",
    type=click.FloatRange(min=0),
    default=None,
    help="Memory for cached query answers, dropped when the data change; 0: off "
    "[default: 64, or 0 for a remote store].",
)
@click.option(
    "--write-token",
    envvar="KG_WRITE_TOKEN",
    default=None,
    help="Accept SPARQL Update from requests carrying 'Authorization: Bearer TOKEN' "
    "[env KG_WRITE_TOKEN; default: read-only].",
)
@click.option(
    "--snapshot-ttl",
    type=click.FloatRange(min=0),
    default=60.0,
    show_default=True,
    help="Remote store: seconds views are drawn from one in-memory copy of it before "
    "a new copy is taken.",
)
@click.option(
    "--snapshot-limit",
    type=click.IntRange(min=1),
    default=None,
    help="Remote store: most triples it may hold for views to be drawn "
    "[env KG_SNAPSHOT_LIMIT; default 2000000].",
)
@settings_options
@kg_errors
def serve_cmd(
    settings,
    host: str,
    port: int,
    workers: int | None,
    time_limit: float,
    result_limit: int,
    on_disk: bool,
    cache_mb: float | None,
    write_token: str | None,
    snapshot_ttl: float,
    snapshot_limit: int | None,
) -> None:
    """Serve the graph: SPARQL 1.1 endpoint, query editor, entity pages and search.

    Listens on loopback unless --host says otherwise. Prints the address once
    the query workers are ready.

    Example: kg serve --port 8000 --time-limit 5
    """
    import uvicorn

    from kg.server.app import ServerConfig, create_app

    if not settings.remote:
        current_build(Path(settings.store))  # a clear error before anything starts
    elif snapshot_limit is None:
        from kg.snapshot import default_limit

        snapshot_limit = default_limit()  # a bad KG_SNAPSHOT_LIMIT fails now, not in a view
    if not _loopback(host):
        click.echo(f"warning: listening on {host}, beyond this machine", err=True)
    defaults = ServerConfig()
    config = ServerConfig(
        workers=workers or defaults.workers,
        time_limit=time_limit,
        result_limit=result_limit,
        in_memory=not on_disk,
        write_token=write_token or None,
        cache_mb=cache_mb,
        snapshot_ttl=snapshot_ttl,
        snapshot_limit=snapshot_limit,
    )
    sock = _bind(host, port)
    bound = sock.getsockname()[1]
    display = f"[{host}]" if ":" in host else host
    server = uvicorn.Server(
        uvicorn.Config(
            create_app(settings, config), log_level="warning", access_log=False, lifespan="on"
        )
    )
    startup = server.startup

    async def announce(sockets=None) -> None:
        await startup(sockets=sockets)
        if server.started:
            mode = "read-write" if config.write_token else "read-only"
            click.echo(
                f"kg serve: http://{display}:{bound}/ ({settings.store}, {mode}, "
                f"{config.workers} workers, {time_limit:g} s / {result_limit} results per query)"
            )

    server.startup = announce  # type: ignore[method-assign]
    with contextlib.suppress(KeyboardInterrupt):
        server.run(sockets=[sock])
    if not server.started:
        raise SystemExit(1)


def _bind(host: str, port: int) -> socket.socket:
    family, kind, proto, _, address = socket.getaddrinfo(
        host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE
    )[0]
    sock = socket.socket(family, kind, proto)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind(address)
    except OSError as exc:
        sock.close()
        raise click.ClickException(f"cannot listen on {host}:{port}: {exc.strerror}") from None
    sock.set_inheritable(True)
    return sock


def _loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
