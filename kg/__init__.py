"""Yuzhong knowledge graph: enterprises, zones and 4311 sectors of Chongqing's Yuzhong district.

The data flow is sources → graph → store → queries / network / views::

    >>> import kg
    >>> settings = kg.Settings(store="/tmp/yz-doctest-store")
    >>> report = kg.build(settings)            # doctest: +SKIP
    >>> kg.run_query(kg.open_store(settings.store), "ASK { ?s ?p ?o }").boolean  # doctest: +SKIP
    True
"""

from kg.config import Settings
from kg.graph.build import assemble, build
from kg.queries import find_query, list_queries, run_query
from kg.resolve import resolve
from kg.store import open_store

__all__ = [
    "Settings",
    "assemble",
    "build",
    "find_query",
    "list_queries",
    "open_store",
    "resolve",
    "run_query",
]
