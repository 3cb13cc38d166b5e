"""The query worker: a child process that owns a store and runs jobs for the server.

pyoxigraph cannot cancel a running query, so the server never evaluates one in
its own process: each worker opens the store, reads jobs from its standard input
and writes answers to its standard output, and the server kills a worker whose
job outlives the time limit (and starts a new one) while the other workers go on
answering.

Frames in both directions are a 4-byte big-endian length and a pickle. A job is
``(generation, source, name, kwargs)``: when ``generation`` differs from the
worker's, it reopens ``source`` first (a new build was swapped in, or an update
made a new snapshot). An answer is ``("ok", value)`` or ``(kind, message)`` with
``kind`` one of ``"syntax"`` (a malformed query) or ``"error"``.

A worker on a remote store answers views from an in-memory copy of it, kept
for ``Source.snapshot_ttl`` seconds (see :mod:`kg.snapshot`); every other job
queries the server.

Run as ``python -m kg.server.worker``; the first frame is ``(generation, source)``
with the :class:`Source` to open, and the worker answers ``("ok", pid)`` once
it is ready.
"""

from __future__ import annotations

import os
import pickle
import struct
import sys
import threading
import time
from dataclasses import dataclass
from typing import IO, Any

__all__ = ["JOBS", "Source", "open_source", "read_frame", "write_frame"]

_HEADER = struct.Struct(">I")


@dataclass(frozen=True)
class Source:
    """Where a worker gets its store.

    Parameters
    ----------
    kind : str
        ``"embedded"`` (read a build or snapshot folder), ``"writer"`` (open the
        build in service read-write, for updates) or ``"remote"`` (a SPARQL server).
    location : str
        The folder, or the query URL of the remote server.
    in_memory : bool
        Copy an embedded store into memory (several times faster to query).
    update_url, gsp_url, graph_prefix : str, optional
        Remote settings (see :class:`kg.remote.RemoteStore`).
    timeout : float
        Seconds a remote request may wait for the server.
    snapshot_ttl : float
        Seconds a worker draws the views of a remote store from one in-memory
        copy before it takes a new one (see :class:`kg.snapshot.SnapshotCache`).
    snapshot_limit : int, optional
        Most triples that copy may hold (default :func:`kg.snapshot.default_limit`).
    """

    kind: str
    location: str
    in_memory: bool = True
    update_url: str | None = None
    gsp_url: str | None = None
    graph_prefix: str | None = None
    timeout: float = 60.0
    snapshot_ttl: float = 60.0
    snapshot_limit: int | None = None


#: The in-memory copy that views of the remote store this worker serves are drawn
#: from: the projection reads a store pattern by pattern, which a SPARQL server
#: cannot answer at that rate. Made with the store by :func:`open_source`.
_view_copy = None


def open_source(source: Source):
    """Open the store a :class:`Source` names."""
    global _view_copy
    _view_copy = None  # a new store (or a new generation of it): the old copy is stale
    if source.kind == "remote":
        from kg.remote import RemoteStore
        from kg.snapshot import SnapshotCache

        remote = RemoteStore(
            source.location,
            update_url=source.update_url,
            gsp_url=source.gsp_url,
            graph_prefix=source.graph_prefix,
            timeout=source.timeout,
        )
        _view_copy = SnapshotCache(remote, ttl=source.snapshot_ttl, limit=source.snapshot_limit)
        return remote
    from pyoxigraph import Store

    if source.kind == "writer":
        return Store(source.location)
    store = Store.read_only(source.location)
    if source.in_memory:
        from kg.store import in_memory_copy

        copy = in_memory_copy(store)
        del store
        return copy
    return store


def read_frame(stream: IO[bytes]) -> Any:
    """Read one frame; ``EOFError`` when the other side closed the pipe."""
    header = stream.read(_HEADER.size)
    if len(header) < _HEADER.size:
        raise EOFError
    (size,) = _HEADER.unpack(header)
    data = stream.read(size)
    if len(data) < size:
        raise EOFError
    return pickle.loads(data)


def write_frame(stream: IO[bytes], value: Any) -> None:
    """Write one frame and flush it."""
    data = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    stream.write(_HEADER.pack(len(data)) + data)
    stream.flush()


def _update(store, *, text: str, snapshot: str | None = None) -> str | None:
    from kg.namespaces import PREFIXES

    store.update(text, prefixes=PREFIXES)
    if snapshot is None:
        return None
    store.flush()
    store.backup(snapshot)
    return snapshot


def _snapshot(store, *, snapshot: str) -> str:
    store.flush()
    store.backup(snapshot)
    return snapshot


def _sparql(store, **kwargs):
    from kg.server.execute import evaluate

    return evaluate(store, **kwargs)


def _entity(store, **kwargs):
    from kg.server.entity import gather

    return gather(store, **kwargs)


def _describe(store, **kwargs):
    from kg.server.entity import describe

    return describe(store, **kwargs)


def _search(store, **kwargs):
    from kg.server.search import find

    return find(store, **kwargs)


def _dataset(store, **kwargs):
    from kg.server.description import dataset

    return dataset(store, **kwargs)


def _overview(store, **kwargs):
    from kg.server.explorer import overview

    return overview(store, **kwargs)


def _view(store, **kwargs):
    from kg.server.explorer import render_view

    if _view_copy is not None and _view_copy.remote is store:
        store = _view_copy.get()
    return render_view(store, **kwargs)


JOBS = {
    "sparql": _sparql,
    "update": _update,
    "snapshot": _snapshot,
    "entity": _entity,
    "describe": _describe,
    "search": _search,
    "dataset": _dataset,
    "view": _view,
    "overview": _overview,
}


def _watch_parent(parent: int) -> None:
    # A server killed outright cannot stop its workers: they stop themselves.
    while True:
        time.sleep(1.0)
        if os.getppid() != parent:
            os._exit(0)


def main() -> None:
    """Serve jobs on standard input and output until the server closes the pipe."""
    out = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)  # stray prints must not corrupt the frames
    inp = sys.stdin.buffer
    threading.Thread(target=_watch_parent, args=(os.getppid(),), daemon=True).start()
    generation, source = read_frame(inp)
    try:
        store = open_source(source)
    except Exception as exc:
        write_frame(out, ("error", f"cannot open the store at {source.location}: {exc}"))
        return
    write_frame(out, ("ok", os.getpid()))
    while True:
        try:
            job_generation, job_source, name, kwargs = read_frame(inp)
        except EOFError:
            return
        try:
            if job_generation != generation:
                store = None
                store = open_source(job_source)
                generation = job_generation
            answer = ("ok", JOBS[name](store, **kwargs))
        except SyntaxError as exc:
            answer = ("syntax", str(exc))
        except Exception as exc:
            answer = ("error", f"{type(exc).__name__}: {exc}" if not str(exc) else str(exc))
        write_frame(out, answer)


if __name__ == "__main__":
    main()
