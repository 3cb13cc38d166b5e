"""A bounded cache of serialised query answers, dropped whenever the data change.

The graph a server reads changes only when a build is swapped in or an update
is applied; both bump the worker pool's generation, and the cache forgets
everything from an older generation. Answers that could differ between two runs
of the same query are never stored: queries calling ``NOW``, ``RAND``, ``UUID``,
``STRUUID`` or ``BNODE``, and federated ones (``SERVICE``). The cache holds at
most ``max_bytes`` of answer bodies, evicting the least recently used first; an
answer larger than a tenth of that is not kept.

Examples
--------
>>> cache = AnswerCache(max_bytes=1000)
>>> cache.cacheable("SELECT (NOW() AS ?t) {}"), cache.cacheable("SELECT * { ?s a yz:Service }")
(False, True)
>>> cache.cacheable("SELECT * { SERVICE <http://example.org/sparql> { ?s ?p ?o } }")
False
>>> cache.put(("q",), b"answer", generation=0, size=6)
>>> cache.get(("q",), generation=0), cache.get(("q",), generation=1)
(b'answer', None)
"""

from __future__ import annotations

import re
from collections import OrderedDict
from collections.abc import Hashable
from typing import Any

__all__ = ["AnswerCache"]

_WORDS = ("NOW", "RAND", "UUID", "BNODE", "SERVICE")
_VOLATILE = re.compile(
    r"(?<![\w:?$])(NOW|RAND|UUID|STRUUID|BNODE)\s*\("
    r"|(?<![\w:?$])SERVICE\s+(SILENT\s+)?(<|\?|\$|[A-Za-z_][\w.-]*:)",
    re.IGNORECASE,
)


class AnswerCache:
    """Least-recently-used answers of one data generation, up to ``max_bytes``."""

    def __init__(self, *, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self.generation: int | None = None
        self._items: OrderedDict[Hashable, tuple[Any, int]] = OrderedDict()
        self._bytes = 0
        self.hits = self.misses = 0

    def cacheable(self, query: str) -> bool:
        """Whether the answer to ``query`` may be reused (it calls no volatile function)."""
        if self.max_bytes <= 0:
            return False
        upper = query.upper()
        if not any(word in upper for word in _WORDS):
            return True  # the common case, without the slower expression
        return not _VOLATILE.search(query)

    def get(self, key: Hashable, *, generation: int) -> Any:
        """The answer stored under ``key`` for ``generation``, or ``None``."""
        self._sync(generation)
        item = self._items.get(key)
        if item is None:
            self.misses += 1
            return None
        self._items.move_to_end(key)
        self.hits += 1
        return item[0]

    def put(self, key: Hashable, value: Any, *, generation: int, size: int) -> None:
        """Store ``value`` (whose body is ``size`` bytes) unless it is too large."""
        self._sync(generation)
        if self.max_bytes <= 0 or size > self.max_bytes // 10:
            return
        old = self._items.pop(key, None)
        if old is not None:
            self._bytes -= old[1]
        self._items[key] = (value, size)
        self._bytes += size
        while self._bytes > self.max_bytes:
            _, (_, dropped) = self._items.popitem(last=False)
            self._bytes -= dropped

    def _sync(self, generation: int) -> None:
        if generation != self.generation:
            self._items.clear()
            self._bytes = 0
            self.generation = generation
