"""Snapshots: a remote store's graphs copied into memory, for the projection and the views.

:func:`kg.network.project.project` reads a store the way a network needs it: a
scan per predicate and graph through ``quads_for_pattern``, with pyoxigraph
terms. Over HTTP that would be hundreds of requests per view, against a protocol
that has no pattern interface. So the views of a remote store are drawn from a
copy of its data in an in-memory :class:`pyoxigraph.Store`: the project's named
graphs (:meth:`kg.remote.RemoteStore.graph_sizes`: the same ones its union
default graph is made of), each quad kept in its graph, since the projection
tells data, ontology and inferred graphs apart by their IRIs.

Each graph is read with the Graph Store Protocol (one ``GET``) when the settings
give its URL, else with SPARQL ``CONSTRUCT``: the triples with a blank node in one
answer, so that a blank node keeps its identity, and the others in pages.
Blank-node labels are kept as the server writes them, which keeps a blank node
shared by two graphs one node on servers that write their own stable ids (as
Oxigraph does).

A copy is bounded: a store of more than ``limit`` triples (default
:data:`DEFAULT_LIMIT`, or the ``KG_SNAPSHOT_LIMIT`` environment variable) is
refused with :class:`SnapshotTooLarge` before anything is copied, since a view of
a registry-sized store cannot be drawn from a copy of all of it.

Examples
--------
>>> from pyoxigraph import Store
>>> store = Store()
>>> as_local(store) is store
True
>>> snapshot(RemoteStore("http://127.0.0.1:7878/query"))  # doctest: +SKIP
<pyoxigraph.Store object at 0x…>
"""

from __future__ import annotations

import os
import time

from pyoxigraph import NamedNode, Quad, Store, Triple

from kg.config import Settings
from kg.errors import KgError
from kg.remote import RemoteError, RemoteStore, connect

__all__ = [
    "DEFAULT_LIMIT",
    "DEFAULT_PAGE",
    "DEFAULT_TTL",
    "SnapshotCache",
    "SnapshotTooLarge",
    "as_local",
    "default_limit",
    "open_local",
    "snapshot",
]

#: Most triples copied from a remote store unless told otherwise: about 1 GB of
#: memory (some 550 bytes a triple in an in-memory pyoxigraph store).
DEFAULT_LIMIT = 2_000_000
#: Triples per SPARQL request when the server has no Graph Store Protocol URL.
DEFAULT_PAGE = 100_000
#: Seconds a server worker keeps a snapshot before taking a new one.
DEFAULT_TTL = 60.0


class SnapshotTooLarge(RemoteError):
    """The remote store holds more triples than a snapshot may copy."""


def default_limit() -> int:
    """The snapshot limit: ``KG_SNAPSHOT_LIMIT`` if set, else :data:`DEFAULT_LIMIT`.

    Raises
    ------
    kg.errors.KgError
        If ``KG_SNAPSHOT_LIMIT`` is not a positive integer.
    """
    text = os.environ.get("KG_SNAPSHOT_LIMIT", "").replace("_", "").strip()
    if not text:
        return DEFAULT_LIMIT
    if not text.isdigit() or int(text) < 1:
        raise KgError(f"KG_SNAPSHOT_LIMIT must be a positive integer, not {text!r}")
    return int(text)


def snapshot(remote: RemoteStore, *, limit: int | None = None, page: int = DEFAULT_PAGE) -> Store:
    """Copy the project's graphs of ``remote`` into a new in-memory store.

    Parameters
    ----------
    remote : RemoteStore
    limit : int, optional
        Most triples to copy (default :func:`default_limit`).
    page : int
        Triples per SPARQL request, when the server has no Graph Store Protocol URL.

    Returns
    -------
    pyoxigraph.Store
        The quads, each in its named graph; the default graph is empty.

    Raises
    ------
    SnapshotTooLarge
        The store holds more than ``limit`` triples (counted before copying, and
        again while copying, in case the data grew meanwhile).
    RemoteError
        The server could not be reached or failed.
    """
    limit = default_limit() if limit is None else limit
    sizes = remote.graph_sizes()
    total = sum(sizes.values())
    if total > limit:
        raise _too_large(remote, total, limit)
    store = Store()
    for graph, size in sizes.items():
        before = len(store)
        if remote.gsp_url:
            data, fmt = remote.fetch_graph(graph)
            store.load(data, format=fmt, to_graph=NamedNode(graph))
        else:
            _copy_pages(remote, graph, size, page, store)
        if len(store) > limit:  # the data grew since they were counted
            raise _too_large(remote, len(store), limit)
        if not remote.gsp_url and len(store) - before != size:
            raise RemoteError(
                f"{remote.query_url} gave {len(store) - before:,} distinct triples of the graph "
                f"<{graph}>, which holds {size:,}: the data changed during the copy, or the "
                "server cuts its answers short or pages them in no stable order (give its "
                "Graph Store Protocol URL)"
            )
    return store


def as_local(store, *, limit: int | None = None) -> Store:
    """``store`` itself when it is embedded; a :func:`snapshot` of it when it is remote.

    For the readers that need a :class:`pyoxigraph.Store` (the projection, the
    views): they accept either kind of store through this function.
    """
    if isinstance(store, RemoteStore):
        return snapshot(store, limit=limit)
    return store


def open_local(settings: Settings, *, limit: int | None = None) -> Store:
    """The store ``settings`` name, as a :class:`pyoxigraph.Store`: the embedded one, or
    a :func:`snapshot` of a remote one (for commands that project, draw or export it).
    """
    return as_local(connect(settings), limit=limit)


class SnapshotCache:
    """The snapshot of one remote store, kept for ``ttl`` seconds, then taken again.

    A server worker draws every view from it. The server cannot know when the
    data of a remote store changes behind its back (another client's update or
    build), so a snapshot is only trusted for ``ttl`` seconds: a view drawn within
    that time of the data changing may show the old data. Updates through the
    server itself make the worker open the store afresh, and with it a new cache.

    Examples
    --------
    >>> cache = SnapshotCache(RemoteStore("http://127.0.0.1:7878/query"), ttl=30)
    >>> cache.get()  # doctest: +SKIP
    <pyoxigraph.Store object at 0x…>
    """

    def __init__(
        self, remote: RemoteStore, *, ttl: float = DEFAULT_TTL, limit: int | None = None
    ) -> None:
        self.remote = remote
        self.ttl = ttl
        self.limit = limit
        self._store: Store | None = None
        self._taken = 0.0

    def get(self) -> Store:
        """The snapshot; a new one if none was taken yet or the last is older than ``ttl``."""
        now = time.monotonic()
        if self._store is None or now - self._taken >= self.ttl:
            self._store = None  # let the old copy go before the new one is made
            self._store = snapshot(self.remote, limit=self.limit)
            self._taken = now  # the copy is as old as its start
        return self._store


def _too_large(remote: RemoteStore, size: int, limit: int) -> SnapshotTooLarge:
    return SnapshotTooLarge(
        f"the remote store {remote.query_url} holds {size:,} triples in the project's graphs, "
        f"more than the {limit:,} that views may copy into memory; query it with SPARQL "
        "instead, or raise the limit (kg serve --snapshot-limit, or KG_SNAPSHOT_LIMIT)"
    )


def _copy_pages(remote: RemoteStore, graph: str, size: int, page: int, store: Store) -> None:
    """Copy one graph with SPARQL ``CONSTRUCT``: triples with a blank node in one answer
    (one identity each), the others in pages of ``page``.

    The pages are not ordered: sorting the whole graph for every page costs far
    more than the copy (minutes instead of seconds for 500,000 triples). The
    caller checks that the pages added up to the graph's size instead.
    """
    name = NamedNode(graph)

    def add(query: str) -> int:
        triples = _triples(remote, query)
        store.bulk_extend(Quad(t.subject, t.predicate, t.object, name) for t in triples)
        return len(triples)

    blank = "isBlank(?s) || isBlank(?o)"
    add(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH {name} {{ ?s ?p ?o FILTER({blank}) }} }}")
    ground = f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH {name} {{ ?s ?p ?o FILTER(!({blank})) }} }}"
    if size <= page:
        add(ground)
        return
    offset = 0
    while add(f"{ground} LIMIT {page} OFFSET {offset}") == page:
        offset += page


def _triples(remote: RemoteStore, query: str) -> list[Triple]:
    answer = remote.query(query)
    if not isinstance(answer, list):
        raise RemoteError(f"{remote.query_url} answered a CONSTRUCT query without triples")
    return answer
