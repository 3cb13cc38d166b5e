"""Load benchmark of ``kg serve`` beside the Oxigraph server, on the same data, in one run.

Builds the graph from the curated sources, then runs each server in turn on
127.0.0.1 and drives it with 32 concurrent keep-alive HTTP clients for a fixed
time (30 s by default), each client cycling through the competency queries
(cq01–cq15, sent as ``POST`` forms with their ``PREFIX`` lines, JSON results).
Before the load, every query is run once on every server and the answers are
compared. The servers run side by side and take turns (``--rounds``), so that
a change in the machine's background load hits them alike. Prints markdown
tables: throughput, p50 and p99 latency and errors per server, the ratios to
Oxigraph, and the median latency of each query.

Servers (``--servers``, default all):

- ``kg``: ``kg serve`` as it starts by default (in-memory workers, answer cache);
- ``kg-nocache``: the same with ``--cache-mb 0``, so every request runs its query;
- ``kg-disk``: ``kg serve --on-disk --cache-mb 0`` (workers read the RocksDB build);
- ``oxigraph``: ``oxigraph serve`` in memory, the build loaded as N-Quads;
- ``oxigraph-disk``: ``oxigraph serve-read-only`` on the very same RocksDB build.

Usage::

    python benchmarks/bench_server.py                 # 30 s per server
    python benchmarks/bench_server.py --seconds 5 --servers kg,oxigraph

Loopback only; every server is stopped at the end, also on errors.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from pyoxigraph import RdfFormat, serialize

from kg.config import Settings
from kg.graph.build import build
from kg.queries import list_queries
from kg.server.editor import with_prefixes
from kg.store import current_build, open_store

HOST = "127.0.0.1"
BIN = Path(sys.executable).parent


@dataclass
class Server:
    name: str
    port: int
    path: str


@dataclass
class Run:
    server: str
    seconds: float
    latencies: list[float] = field(default_factory=list)
    by_query: dict[str, list[float]] = field(default_factory=dict)
    errors: int = 0
    first_error: str = ""

    @property
    def requests(self) -> int:
        return len(self.latencies)

    def percentile(self, p: float) -> float:
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))] * 1000


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def wait_ready(port: int, path: str, process: subprocess.Popen) -> None:
    url = f"http://{HOST}:{port}{path}?query=" + urllib.parse.quote("ASK {}")
    for _ in range(300):
        if process.poll() is not None:
            raise RuntimeError(f"server exited early ({process.args})")
        try:
            urllib.request.urlopen(url, timeout=1).read()
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"server did not start ({process.args})")


@contextmanager
def running(command: list[str], port: int, path: str) -> Iterator[subprocess.Popen]:
    process = subprocess.Popen(
        command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True
    )
    try:
        wait_ready(port, path, process)
        yield process
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
        process.stderr.close()


@contextmanager
def start(name: str, store: Path, nquads: Path, workers: int | None) -> Iterator[Server]:
    port = free_port()
    if name in ("kg", "kg-nocache", "kg-disk"):
        command = [str(BIN / "kg"), "serve", "--store", str(store), "--host", HOST]
        command += ["--port", str(port), "--time-limit", "60", "--result-limit", "100000"]
        if workers:
            command += ["--workers", str(workers)]
        if name != "kg":
            command += ["--cache-mb", "0"]
        if name == "kg-disk":
            command.append("--on-disk")
        with running(command, port, "/sparql"):
            yield Server(name, port, "/sparql")
    elif name == "oxigraph":
        command = [oxigraph(), "serve", "--bind", f"{HOST}:{port}", "--union-default-graph"]
        with running(command, port, "/query"):
            load = urllib.request.Request(
                f"http://{HOST}:{port}/store",
                data=nquads.read_bytes(),
                headers={"Content-Type": "application/n-quads"},
                method="POST",
            )
            urllib.request.urlopen(load, timeout=60).read()
            yield Server(name, port, "/query")
    elif name == "oxigraph-disk":
        location = str(current_build(store))
        command = [oxigraph(), "serve-read-only", "--location", location]
        command += ["--bind", f"{HOST}:{port}", "--union-default-graph"]
        with running(command, port, "/query"):
            yield Server(name, port, "/query")
    else:
        raise SystemExit(f"unknown server {name!r}")


def oxigraph() -> str:
    found = shutil.which("oxigraph") or str(BIN / "oxigraph")
    if not Path(found).exists():
        raise SystemExit("the `oxigraph` server is missing: pip install -e '.[dev]'")
    return found


def request_bytes(server: Server, text: str) -> bytes:
    body = urllib.parse.urlencode({"query": text}).encode()
    head = (
        f"POST {server.path} HTTP/1.1\r\nHost: {HOST}:{server.port}\r\n"
        "Content-Type: application/x-www-form-urlencoded\r\n"
        "Accept: application/sparql-results+json\r\n"
        f"Content-Length: {len(body)}\r\n\r\n"
    )
    return head.encode() + body


async def read_response(reader: asyncio.StreamReader) -> tuple[int, bytes, bool]:
    status_line = await reader.readline()
    if not status_line:
        raise ConnectionError("connection closed")
    status = int(status_line.split()[1])
    length, chunked, close = None, False, False
    while True:
        line = await reader.readline()
        if line in (b"\r\n", b"\n", b""):
            break
        name, _, value = line.decode("latin-1").partition(":")
        name, value = name.strip().lower(), value.strip().lower()
        if name == "content-length":
            length = int(value)
        elif name == "transfer-encoding" and "chunked" in value:
            chunked = True
        elif name == "connection" and value == "close":
            close = True
    if chunked:
        parts = []
        while True:
            size = int((await reader.readline()).split(b";")[0], 16)
            if size == 0:
                await reader.readline()
                break
            parts.append(await reader.readexactly(size))
            await reader.readline()
        return status, b"".join(parts), close
    if length is not None:
        return status, await reader.readexactly(length), close
    return status, await reader.read(), True


async def client(
    server: Server, queries: list[tuple[str, bytes]], offset: int, deadline: float, run: Run
) -> None:
    reader = writer = None
    i = offset
    while time.perf_counter() < deadline:
        name, payload = queries[i % len(queries)]
        i += 1
        started = time.perf_counter()
        try:
            if writer is None:
                reader, writer = await asyncio.open_connection(HOST, server.port)
            writer.write(payload)
            await writer.drain()
            status, body, close = await read_response(reader)
            if close:
                writer.close()
                reader = writer = None
        except (OSError, ConnectionError, asyncio.IncompleteReadError, ValueError) as exc:
            run.errors += 1
            run.first_error = run.first_error or f"{type(exc).__name__}: {exc}"
            if writer is not None:
                writer.close()
            reader = writer = None
            continue
        elapsed = time.perf_counter() - started
        if status != 200:
            run.errors += 1
            run.first_error = run.first_error or f"HTTP {status}: {body[:200]!r}"
            continue
        run.latencies.append(elapsed)
        run.by_query.setdefault(name, []).append(elapsed)
    if writer is not None:
        writer.close()


async def load(server: Server, texts: dict[str, str], clients: int, seconds: float) -> Run:
    queries = [(name, request_bytes(server, text)) for name, text in texts.items()]
    run = Run(server.name, seconds)
    deadline = time.perf_counter() + seconds
    await asyncio.gather(*(client(server, queries, k, deadline, run) for k in range(clients)))
    return run


def answers(server: Server, texts: dict[str, str]) -> dict[str, list]:
    """Each query's rows (sorted), for comparing servers before the load."""
    out = {}
    for name, text in texts.items():
        request = urllib.request.Request(
            f"http://{HOST}:{server.port}{server.path}",
            data=urllib.parse.urlencode({"query": text}).encode(),
            headers={"Accept": "application/sparql-results+json"},
        )
        doc = json.loads(urllib.request.urlopen(request, timeout=60).read())
        rows = [
            sorted((k, v.get("value"), v.get("xml:lang"), v.get("datatype")) for k, v in b.items())
            for b in doc["results"]["bindings"]
        ]
        out[name] = sorted(rows)
    return out


def table(runs: list[Run], clients: int) -> str:
    lines = [
        "| server | clients | requests | throughput (req/s) | p50 (ms) | p99 (ms) | errors |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for r in runs:
        lines.append(
            f"| {r.server} | {clients} | {r.requests} | {r.requests / r.seconds:.0f} | "
            f"{r.percentile(50):.1f} | {r.percentile(99):.1f} | {r.errors} |"
        )
    by_name = {r.server: r for r in runs}
    pairs = [
        ("kg", "oxigraph"),
        ("kg-nocache", "oxigraph"),
        ("kg-disk", "oxigraph-disk"),
        ("kg-nocache", "oxigraph-disk"),
    ]
    ratios = [
        f"| {a} vs {b} | {by_name[b].requests / max(by_name[a].requests, 1):.2f}× | "
        f"{by_name[a].percentile(50) / by_name[b].percentile(50):.2f}× | "
        f"{by_name[a].percentile(99) / by_name[b].percentile(99):.2f}× |"
        for a, b in pairs
        if a in by_name and b in by_name
    ]
    if ratios:
        lines += [
            "",
            "| comparison | throughput ratio (Oxigraph / kg) | p50 ratio (kg / Oxigraph) "
            "| p99 ratio (kg / Oxigraph) |",
            "|---|---:|---:|---:|",
            *ratios,
        ]
    names = sorted({q for r in runs for q in r.by_query})
    lines += [
        "",
        "| query | " + " | ".join(f"{r.server} p50 (ms)" for r in runs) + " |",
        "|---|" + "---:|" * len(runs),
    ]
    for q in names:
        cells = [
            f"{statistics.median(r.by_query[q]) * 1000:.1f}" if q in r.by_query else "–"
            for r in runs
        ]
        lines.append(f"| {q} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=30.0, help="load per server (default 30)")
    parser.add_argument("--rounds", type=int, default=3, help="turns per server (default 3)")
    parser.add_argument("--clients", type=int, default=32, help="concurrent clients (default 32)")
    parser.add_argument("--servers", default="kg,kg-nocache,kg-disk,oxigraph,oxigraph-disk")
    parser.add_argument("--workers", type=int, default=None, help="kg serve --workers")
    args = parser.parse_args(argv)
    if not 0 < args.seconds <= 300 or args.rounds < 1:
        parser.error("--seconds must be in (0, 300] and --rounds at least 1")
    texts = {q.name: with_prefixes(q.text) for q in list_queries() if q.name.startswith("cq")}
    names = [n.strip() for n in args.servers.split(",") if n.strip()]
    with tempfile.TemporaryDirectory(prefix="kg-bench-server-") as tmp, ExitStack() as stack:
        store = Path(tmp) / "store"
        build(Settings(store=store))
        nquads = Path(tmp) / "graph.nq"
        quads = open_store(store).quads_for_pattern(None, None, None, None)
        serialize(quads, str(nquads), format=RdfFormat.N_QUADS)
        servers = [stack.enter_context(start(n, store, nquads, args.workers)) for n in names]
        reference = answers(servers[0], texts)
        for server in servers[1:]:
            got = answers(server, texts)
            differ = [q for q in texts if got[q] != reference[q]]
            if differ:
                raise SystemExit(f"{server.name} answers differently: {', '.join(differ)}")
        runs = {n: Run(n, 0.0) for n in names}
        turn = args.seconds / args.rounds
        for _ in range(args.rounds):
            for server in servers:
                part = asyncio.run(load(server, texts, args.clients, turn))
                total = runs[server.name]
                total.seconds += turn
                total.latencies += part.latencies
                total.errors += part.errors
                total.first_error = total.first_error or part.first_error
                for q, times in part.by_query.items():
                    total.by_query.setdefault(q, []).extend(times)
    for run in runs.values():
        print(f"{run.server}: {run.requests} requests, {run.errors} errors", file=sys.stderr)
        if run.first_error:
            print(f"  first error: {run.first_error}", file=sys.stderr)
    print(
        f"{args.clients} clients, {args.seconds:g} s per server in {args.rounds} turns, "
        f"{len(texts)} competency queries in turn, loopback, {os.cpu_count()} CPUs "
        "(clients and servers share them)\n"
    )
    print(table(list(runs.values()), args.clients))
    return 1 if any(r.errors for r in runs.values()) else 0


if __name__ == "__main__":
    sys.exit(main())
