"""The persistent embedded store: build a new one beside the old, then swap.

Layout of a store folder::

    <store>/builds/<stamp>/   one RocksDB folder per build (pyoxigraph)
    <store>/current           symlink to the build in service

A build writes into a fresh folder, validates it, and only then replaces the
``current`` link with :func:`os.replace`, which is atomic. A failed or killed
build leaves ``current`` pointing at the last good store; its half-written folder
is removed by the next build.
"""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Callable, Iterable
from pathlib import Path

from pyoxigraph import Quad, RdfFormat, Store

from kg.errors import KgError

__all__ = [
    "StoreMissing",
    "as_rdflib",
    "build_store",
    "current_build",
    "in_memory_copy",
    "open_store",
]


class StoreMissing(KgError):
    """No build has been swapped in at that path yet."""


def current_build(root: Path) -> Path:
    """The build folder ``root/current`` points at.

    Raises
    ------
    StoreMissing
        If there is no good build at ``root``.
    """
    link = Path(root) / "current"
    if not link.exists():
        raise StoreMissing(f"no built store at {root} (run `kg build` first)")
    return link.resolve()


def open_store(root: Path, *, read_only: bool = True) -> Store:
    """Open the store in service at ``root``; read-only unless asked otherwise."""
    path = str(current_build(root))
    return Store.read_only(path) if read_only else Store(path)


def in_memory_copy(store: Store) -> Store:
    """Copy a store into memory, where queries run several times faster than on disk."""
    mem = Store()
    mem.bulk_extend(store.quads_for_pattern(None, None, None, None))
    return mem


def as_rdflib(store: Store):
    """The store behind rdflib's API (an ``rdflib.Dataset`` over the union of graphs).

    For the places where rdflib is the better tool (its serialisers and parsers, code
    written against ``rdflib.Graph``); oxrdflib answers the calls from the Oxigraph
    store, so nothing is copied.

    Examples
    --------
    >>> from pyoxigraph import Store, Quad, NamedNode
    >>> s = Store()
    >>> s.add(Quad(NamedNode("https://ex.org/a"), NamedNode("https://ex.org/p"),
    ...            NamedNode("https://ex.org/b"), NamedNode("https://ex.org/g")))
    >>> len(list(as_rdflib(s).triples((None, None, None))))
    1
    """
    from oxrdflib import OxigraphStore
    from rdflib import Dataset

    return Dataset(store=OxigraphStore(store=store), default_union=True)


def build_store(
    root: Path,
    quads: Iterable[Quad],
    *,
    check: Callable[[Store], None],
    files: Iterable[Path] = (),
) -> Path:
    """Write ``quads`` into a new build under ``root``, run ``check``, then swap it in.

    Parameters
    ----------
    root : Path
        The store folder (created if missing).
    quads : iterable of Quad
        Everything the store must hold.
    check : callable
        Called with the new store before the swap; it may add inferences and must
        raise to refuse the build (the new folder is then removed and the old
        store stays in service).
    files : iterable of Path
        N-Quads files bulk-loaded as they are (the fast path for large dumps).

    Returns
    -------
    Path
        The folder of the new build.
    """
    root = Path(root)
    builds = root / "builds"
    builds.mkdir(parents=True, exist_ok=True)
    _remove_stale(root)
    new = builds / f"{time.strftime('%Y%m%dT%H%M%S')}-{os.getpid()}-{time.monotonic_ns() % 10**6}"
    try:
        store = Store(str(new))
        store.bulk_extend(quads)
        for f in files:
            store.bulk_load(path=str(f), format=RdfFormat.N_QUADS)
        check(store)
        store.flush()
        del store
        _swap(root, new)
    except BaseException:
        shutil.rmtree(new, ignore_errors=True)
        raise
    _remove_stale(root)
    return new


def _swap(root: Path, new: Path) -> None:
    tmp = root / f".current-{os.getpid()}"
    if tmp.is_symlink():
        tmp.unlink()
    tmp.symlink_to(new.relative_to(root))
    os.replace(tmp, root / "current")


def _remove_stale(root: Path) -> None:
    """Delete builds that are not in service (failed, killed or replaced ones)."""
    keep = (root / "current").resolve() if (root / "current").exists() else None
    for d in (root / "builds").iterdir():
        if d.resolve() != keep and not _recent_foreign(d):
            shutil.rmtree(d, ignore_errors=True)


def _recent_foreign(d: Path) -> bool:
    # A build another process started in the last minute may still be running.
    parts = d.name.split("-")
    if len(parts) < 2 or parts[1] == str(os.getpid()):
        return False
    return time.time() - d.stat().st_mtime < 60
