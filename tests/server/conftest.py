"""Servers for the server tests: `kg serve` subprocesses on 127.0.0.1, always stopped."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

KG = str(Path(sys.executable).parent / "kg")


@dataclass
class Reply:
    status: int
    headers: dict[str, str]
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8")

    def header(self, name: str) -> str | None:
        return self.headers.get(name.lower())


@dataclass
class Served:
    """A running `kg serve`: its base URL and a small HTTP client."""

    url: str
    process: subprocess.Popen

    def request(
        self,
        method: str,
        path: str,
        *,
        data: bytes | None = None,
        headers: dict[str, str] | None = None,
        timeout: float = 30,
    ) -> Reply:
        req = urllib.request.Request(
            self.url + path, data=data, headers=headers or {}, method=method
        )
        try:
            with urllib.request.urlopen(req, timeout=timeout) as r:
                return Reply(r.status, {k.lower(): v for k, v in r.headers.items()}, r.read())
        except urllib.error.HTTPError as e:
            return Reply(e.code, {k.lower(): v for k, v in e.headers.items()}, e.read())

    def get(self, path: str, **params_and_headers) -> Reply:
        headers = params_and_headers.pop("headers", None)
        if params_and_headers:
            path += ("&" if "?" in path else "?") + urllib.parse.urlencode(params_and_headers)
        return self.request("GET", path, headers=headers)

    def post_form(self, path: str, fields: dict | list, headers: dict | None = None) -> Reply:
        body = urllib.parse.urlencode(fields).encode()
        h = {"Content-Type": "application/x-www-form-urlencoded", **(headers or {})}
        return self.request("POST", path, data=body, headers=h)

    def query(self, text: str, accept: str = "application/sparql-results+json") -> Reply:
        return self.post_form("/sparql", {"query": text}, {"Accept": accept})


@contextmanager
def serve(*args: str, env: dict[str, str] | None = None) -> Iterator[Served]:
    """Run `kg serve --port 0 ARGS` until the block ends; yield once it is ready."""
    process = subprocess.Popen(
        [KG, "serve", "--host", "127.0.0.1", "--port", "0", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
        env={**os.environ, **(env or {})},
    )
    try:
        line = process.stdout.readline()
        if not line.startswith("kg serve: http://"):
            process.kill()
            raise RuntimeError(f"kg serve did not start: {line}{process.stderr.read()}")
        url = line.split()[2].rstrip("/")
        yield Served(url, process)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
        process.stdout.close()
        process.stderr.close()


@pytest.fixture(scope="session")
def editor_assets() -> None:
    """The vendored editor files (setup step `python -m kg.server.assets`), installed if missing."""
    from kg.server.assets import install, missing

    if missing():
        install()


@pytest.fixture(scope="session")
def served(seed_settings, editor_assets) -> Iterator[Served]:
    """One read-only server on the seed store: 2 workers, 3 s and 50 results a query."""
    with serve(
        "--store",
        str(seed_settings.store),
        "--workers",
        "2",
        "--time-limit",
        "3",
        "--result-limit",
        "50",
    ) as s:
        yield s


@pytest.fixture(scope="session")
def serve_server():
    """The `serve(*args)` context manager, for tests that need their own server."""
    return serve
