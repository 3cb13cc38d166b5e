"""Evaluate a SPARQL protocol request in a worker: run, cut at the limit, serialise.

This is the worker's side of ``/sparql`` (:mod:`kg.server.sparql` is the HTTP
side). The answer format is chosen once the query form is known: solutions and
booleans from :data:`~kg.server.formats.SOLUTION_TYPES`, triples from
:data:`~kg.server.formats.GRAPH_TYPES`.
"""

from __future__ import annotations

from dataclasses import dataclass

from pyoxigraph import NamedNode, QueryBoolean, QuerySolutions

from kg.namespaces import PREFIXES
from kg.server.formats import (
    GRAPH_TYPES,
    SOLUTION_TYPES,
    boolean_bytes,
    negotiate,
    solutions_bytes,
    triples_bytes,
)

__all__ = ["Answer", "evaluate"]


@dataclass(frozen=True)
class Answer:
    """A serialised query answer.

    ``status`` is 200, or 406 when the client accepts none of the types the
    query form can be written in (``body`` then lists them).
    """

    status: int
    media: str
    body: bytes
    truncated: bool = False
    count: int = 0


def evaluate(
    store,
    *,
    query: str,
    accept: list[str],
    limit: int,
    default_graphs: list[str] | None = None,
    named_graphs: list[str] | None = None,
) -> Answer:
    """Run ``query`` on ``store`` and serialise at most ``limit`` results.

    Parameters
    ----------
    store : pyoxigraph.Store or kg.remote.RemoteStore
    accept : list of str
        Media ranges the client accepts, most preferred first.
    limit : int
        Most solutions (or triples) to return; the answer says if it was cut.
    default_graphs, named_graphs : list of str, optional
        The protocol's dataset (``default-graph-uri``, ``named-graph-uri``);
        without them the default graph is the union of the named graphs.

    Raises
    ------
    SyntaxError
        If the query does not parse (the message has the line and column).

    Examples
    --------
    >>> from pyoxigraph import Store
    >>> evaluate(Store(), query="ASK {}", accept=["text/csv"], limit=10).body
    b'true\\n'
    """
    dataset = {}
    if default_graphs or named_graphs:
        dataset["default_graph"] = [NamedNode(g) for g in default_graphs or []]
        if named_graphs:
            dataset["named_graphs"] = [NamedNode(g) for g in named_graphs]
    answer = store.query(
        query, prefixes=PREFIXES, use_default_graph_as_union=not dataset, **dataset
    )
    if isinstance(answer, QueryBoolean):
        media = negotiate(accept, SOLUTION_TYPES)
        if media is None:
            return _not_acceptable(SOLUTION_TYPES)
        return Answer(200, media, boolean_bytes(bool(answer), media), count=1)
    if isinstance(answer, QuerySolutions):
        media = negotiate(accept, SOLUTION_TYPES)
        if media is None:
            return _not_acceptable(SOLUTION_TYPES)
        variables = [v.value for v in answer.variables]
        rows, truncated = [], False
        for solution in answer:
            if len(rows) >= limit:
                truncated = True
                break
            rows.append(list(solution))  # terms (or None) in the order of the variables
        body = solutions_bytes(variables, rows, media, truncated=truncated)
        return Answer(200, media, body, truncated, len(rows))
    media = negotiate(accept, GRAPH_TYPES)
    if media is None:
        return _not_acceptable(GRAPH_TYPES)
    triples, truncated = [], False
    for triple in answer:
        if len(triples) >= limit:
            truncated = True
            break
        triples.append(triple)
    return Answer(
        200, media, triples_bytes(triples, media, truncated=truncated), truncated, len(triples)
    )


def _not_acceptable(offered) -> Answer:
    text = "none of the accepted media types can carry this answer; offered: " + ", ".join(offered)
    return Answer(406, "text/plain; charset=utf-8", text.encode())
