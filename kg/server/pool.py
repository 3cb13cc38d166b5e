"""A pool of query workers that the server can kill: time limits on a store that cannot cancel.

Every query the server runs goes to an idle worker process
(:mod:`kg.server.worker`). A job that outlives the time limit gets its worker
killed — the only way to stop a pyoxigraph query — and a new worker is started
in the background; the other workers keep answering meanwhile.

Where workers read from:

- the embedded store, read-only: the build in service (``<store>/current``).
  The pool looks at that link at most once a second and, when ``kg build`` has
  swapped a new build in, workers reopen it before their next job.
- the embedded store with writes enabled: a writer process opens the build in
  service read-write and, after each update, makes a RocksDB checkpoint under
  ``<store>/snapshots/``; readers copy the newest checkpoint into memory (a
  read-only open beside a writer is undefined behaviour in RocksDB).
- a remote SPARQL server: each worker holds a :class:`kg.remote.RemoteStore`;
  killing it drops its HTTP request. Views are drawn from an in-memory copy of
  the store that each worker takes when it first draws one and retakes once it
  is ``snapshot_ttl`` seconds old (:class:`kg.snapshot.SnapshotCache`).
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import os
import pickle
import shutil
import struct
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from kg.config import Settings
from kg.errors import KgError, QueryError
from kg.server.worker import Source
from kg.store import current_build

__all__ = ["JobFailed", "MalformedQuery", "Pool", "QueryTimeout", "ServerBusy"]

_HEADER = struct.Struct(">I")


class QueryTimeout(QueryError):
    """A job ran past the time limit and was stopped."""


class ServerBusy(QueryError):
    """No worker became free within the time limit."""


class MalformedQuery(QueryError):
    """The query or update does not parse; the message has the parser's position."""


class JobFailed(KgError):
    """A job failed in its worker (the store could not be read, the remote server failed …)."""


class _Worker:
    """One worker process and its pipes.

    The answer pipe is read with the event loop's reader callbacks on the raw
    file descriptor, and the time limit is a timer on the answer's future: a
    round trip costs the server a few system calls and no extra task.
    """

    def __init__(self, proc: subprocess.Popen) -> None:
        assert proc.stdin is not None and proc.stdout is not None
        self.proc = proc
        self._out = proc.stdin.fileno()
        self._in = proc.stdout.fileno()
        os.set_blocking(self._in, False)

    @classmethod
    async def spawn(cls, generation: int, source: Source, *, timeout: float = 120.0) -> _Worker:
        proc = subprocess.Popen(
            [sys.executable, "-m", "kg.server.worker"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            close_fds=True,
        )
        worker = cls(proc)
        try:
            kind, value = await worker.call((generation, source), timeout)
        except BaseException:
            await worker.stop()
            raise
        if kind != "ok":
            await worker.stop()
            raise JobFailed(value)
        return worker

    async def call(self, message: Any, timeout: float) -> tuple[str, Any]:
        """Send ``message`` and wait for the answer.

        Raises
        ------
        TimeoutError
            No answer within ``timeout`` seconds (the worker is left running).
        JobFailed
            The worker died.
        """
        data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
        try:
            os.write(self._out, _HEADER.pack(len(data)) + data)
        except OSError:
            raise JobFailed("the query worker stopped unexpectedly") from None
        loop = asyncio.get_running_loop()
        answer: asyncio.Future[bytes] = loop.create_future()
        buffer = bytearray()

        def readable() -> None:
            try:
                chunk = os.read(self._in, 1 << 20)
            except BlockingIOError:
                return
            except OSError:
                chunk = b""
            if not chunk:
                if not answer.done():
                    answer.set_exception(JobFailed("the query worker stopped unexpectedly"))
                return
            buffer.extend(chunk)
            if len(buffer) >= _HEADER.size:
                (size,) = _HEADER.unpack_from(buffer)
                if len(buffer) >= _HEADER.size + size and not answer.done():
                    answer.set_result(bytes(buffer[_HEADER.size : _HEADER.size + size]))

        def expire() -> None:
            if not answer.done():
                answer.set_exception(TimeoutError())

        loop.add_reader(self._in, readable)
        timer = loop.call_later(timeout, expire)
        try:
            return pickle.loads(await answer)
        finally:
            timer.cancel()
            loop.remove_reader(self._in)

    def kill(self) -> None:
        if self.proc.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                self.proc.kill()

    async def stop(self) -> None:
        """Kill the process and reap it without blocking the event loop."""
        self.kill()
        await asyncio.to_thread(self.proc.wait)
        for pipe in (self.proc.stdin, self.proc.stdout):
            with contextlib.suppress(OSError):
                pipe.close()


class Pool:
    """Worker processes that run the server's jobs under a time limit.

    Parameters
    ----------
    settings : Settings
        Where the store is (a folder, or a remote server's URLs).
    size : int
        Number of reader workers (at least 1).
    time_limit : float
        Seconds a job may wait for a worker, and then run, before it is stopped.
    in_memory : bool
        Workers copy an embedded store into memory.
    writable : bool
        Start a writer for SPARQL updates.
    snapshot_ttl : float
        Seconds the workers on a remote store draw views from one copy of it.
    snapshot_limit : int, optional
        Most triples that copy may hold (default :func:`kg.snapshot.default_limit`).

    Examples
    --------
    >>> async def main():                                       # doctest: +SKIP
    ...     async with Pool(Settings(), size=2, time_limit=10) as pool:
    ...         return await pool.run("search", text="视联动力", base=Settings().base)
    """

    def __init__(
        self,
        settings: Settings,
        *,
        size: int = 2,
        time_limit: float = 10.0,
        in_memory: bool = True,
        writable: bool = False,
        snapshot_ttl: float = 60.0,
        snapshot_limit: int | None = None,
    ) -> None:
        self.settings = settings
        self.snapshot_ttl = snapshot_ttl
        self.snapshot_limit = snapshot_limit
        self.size = max(1, size)
        self.time_limit = time_limit
        self.in_memory = in_memory
        self.writable = writable
        self.generation = 0
        self._source: Source | None = None
        self._idle: asyncio.Queue[_Worker] = asyncio.Queue()
        self._all: set[_Worker] = set()
        self._writer: _Worker | None = None
        self._write_lock = asyncio.Lock()
        self._tasks: set[asyncio.Task] = set()
        self._checked = 0.0
        self._closed = False
        self._snapshots: list[Path] = []
        self._snapshot_ids = itertools.count(1)

    async def __aenter__(self) -> Pool:
        await self.start()
        return self

    async def __aexit__(self, *exc) -> None:
        await self.close()

    # -- life cycle ------------------------------------------------------------------------------

    async def start(self) -> None:
        """Start the workers and wait until each has opened the store.

        Raises
        ------
        JobFailed
            If a worker cannot open the store (no build, unreachable path …).
        """
        s = self.settings
        if s.remote:
            self._source = Source(
                "remote",
                str(s.store),
                update_url=s.update_url,
                gsp_url=s.gsp_url,
                graph_prefix=s.graph(""),
                timeout=self.time_limit,
                snapshot_ttl=self.snapshot_ttl,
                snapshot_limit=self.snapshot_limit,
            )
            if self.writable:
                self._writer = await self._spawn(self._source)
        elif self.writable:
            build = str(current_build(Path(s.store)))
            self._writer = await self._spawn(Source("writer", build))
            snapshot = await self._write_job("snapshot", snapshot=str(self._new_snapshot_path()))
            self._source = Source("embedded", snapshot, in_memory=True)
        else:
            self._source = Source("embedded", str(current_build(Path(s.store))), self.in_memory)
        try:
            await self._start_readers()
        except JobFailed:
            if s.remote or self.writable:
                raise
            # A build swapped in meanwhile may have removed the one we were opening.
            self._source = Source("embedded", str(current_build(Path(s.store))), self.in_memory)
            await self._start_readers()

    async def _start_readers(self) -> None:
        assert self._source is not None
        workers = await asyncio.gather(
            *(self._spawn(self._source) for _ in range(self.size)), return_exceptions=True
        )
        failed = [w for w in workers if isinstance(w, BaseException)]
        for w in workers:
            if isinstance(w, _Worker):
                if failed:
                    w.kill()
                    self._all.discard(w)
                else:
                    self._idle.put_nowait(w)
        if failed:
            raise failed[0]

    async def close(self) -> None:
        """Stop every worker and remove the snapshots this pool made."""
        self._closed = True
        for task in list(self._tasks):
            task.cancel()
        for worker in [*self._all, *([self._writer] if self._writer else [])]:
            with contextlib.suppress(Exception):
                await worker.stop()
        self._all.clear()
        for path in self._snapshots:
            shutil.rmtree(path, ignore_errors=True)
        if self._snapshots:
            with contextlib.suppress(OSError):
                self._snapshots[0].parent.rmdir()  # only if no other server left one there
        self._snapshots.clear()

    # -- jobs ----------------------------------------------------------------------------------

    async def run(self, name: str, /, *, time_limit: float | None = None, **kwargs: Any) -> Any:
        """Run job ``name`` (see :data:`kg.server.worker.JOBS`) on an idle worker.

        Raises
        ------
        MalformedQuery
            The query does not parse.
        QueryTimeout
            The job ran past the time limit; its worker was killed.
        ServerBusy
            No worker became free within the time limit.
        JobFailed
            The job failed in the worker.
        """
        limit = self.time_limit if time_limit is None else time_limit
        self.refresh()
        try:
            worker = self._idle.get_nowait()
        except asyncio.QueueEmpty:
            try:
                worker = await asyncio.wait_for(self._idle.get(), limit)
            except TimeoutError:
                raise ServerBusy(f"every query worker stayed busy for {limit:g} s") from None
        try:
            answer = await worker.call((self.generation, self._source, name, kwargs), limit)
        except TimeoutError:
            self._replace(worker)
            raise QueryTimeout(
                f"the query was stopped after the time limit of {limit:g} s"
            ) from None
        except BaseException:
            self._replace(worker)
            raise
        self._idle.put_nowait(worker)
        return _unwrap(answer)

    async def update(self, text: str) -> None:
        """Run a SPARQL update on the writer, then make readers see it.

        Raises
        ------
        JobFailed
            If the pool was not started writable, or the update failed.
        """
        if self._writer is None:
            raise JobFailed("this server does not accept updates")
        if self.settings.remote:
            await self._write_job("update", text=text)
        else:
            path = str(self._new_snapshot_path())
            snapshot = await self._write_job("update", text=text, snapshot=path)
            self._source = Source("embedded", snapshot, in_memory=True)
            self._forget_old_snapshots()
        self.generation += 1

    async def _write_job(self, name: str, **kwargs: Any) -> Any:
        async with self._write_lock:
            assert self._writer is not None
            try:
                answer = await self._writer.call((0, None, name, kwargs), self.time_limit)
            except TimeoutError:
                self._writer = await self._restart_writer(self._writer)
                raise QueryTimeout(
                    f"the update was stopped after the time limit of {self.time_limit:g} s"
                ) from None
            except BaseException:
                self._writer = await self._restart_writer(self._writer)
                raise
            return _unwrap(answer)

    async def _restart_writer(self, writer: _Worker) -> _Worker:
        await writer.stop()
        if self.settings.remote:
            assert self._source is not None
            return await _Worker.spawn(0, self._source)
        return await _Worker.spawn(
            0, Source("writer", str(current_build(Path(self.settings.store))))
        )

    # -- workers ---------------------------------------------------------------------------------

    async def _spawn(self, source: Source) -> _Worker:
        worker = await _Worker.spawn(self.generation, source)
        self._all.add(worker)
        return worker

    def _replace(self, worker: _Worker) -> None:
        worker.kill()
        self._all.discard(worker)
        task = asyncio.get_running_loop().create_task(self._respawn(worker))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _respawn(self, dead: _Worker) -> None:
        with contextlib.suppress(Exception):
            await dead.stop()
        delay = 0.2
        while not self._closed:
            try:
                assert self._source is not None
                self._idle.put_nowait(await self._spawn(self._source))
                return
            except Exception as exc:
                print(f"kg serve: cannot start a query worker: {exc}", file=sys.stderr)
                await asyncio.sleep(delay)
                delay = min(delay * 2, 5.0)

    def refresh(self) -> None:
        """Pick up a new build swapped in by ``kg build`` (read-only embedded pools).

        Looks at ``<store>/current`` at most once a second; a new build bumps
        :attr:`generation`, and workers reopen the store before their next job.
        """
        if self.settings.remote or self.writable:
            return
        now = time.monotonic()
        if now - self._checked < 1.0:
            return
        self._checked = now
        try:
            build = str(current_build(Path(self.settings.store)))
        except KgError:
            return
        if self._source is not None and build != self._source.location:
            self._source = Source("embedded", build, self.in_memory)
            self.generation += 1

    def _new_snapshot_path(self) -> Path:
        root = Path(self.settings.store) / "snapshots"
        root.mkdir(parents=True, exist_ok=True)
        path = root / f"{os.getpid()}-{next(self._snapshot_ids)}"
        self._snapshots.append(path)
        return path

    def _forget_old_snapshots(self) -> None:
        # Keep the newest two: a reader may still be copying the one before.
        while len(self._snapshots) > 2:
            shutil.rmtree(self._snapshots.pop(0), ignore_errors=True)


def _unwrap(answer: tuple[str, Any]) -> Any:
    kind, value = answer
    if kind == "ok":
        return value
    if kind == "syntax":
        raise MalformedQuery(value)
    raise JobFailed(value)
