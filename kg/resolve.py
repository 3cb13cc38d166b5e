"""Find an entity by IRI, label or alias, in Chinese or English.

Users type 视联动力, "VisionVera" or a full registered name; commands need the IRI.
An unknown or ambiguous name is an error that lists the closest labels, so the
user can retype rather than guess.
"""

from __future__ import annotations

import difflib

from pyoxigraph import Store

from kg.errors import KgError

__all__ = ["AmbiguousName", "UnknownName", "labels", "resolve"]

_LABELS = """
SELECT ?s ?label WHERE {
  ?s skos:prefLabel|skos:altLabel|rdfs:label ?label .
  FILTER(isIRI(?s))
}"""


class UnknownName(KgError):
    """No entity has that label; ``candidates`` holds the closest labels."""

    def __init__(self, name: str, candidates: list[str]):
        self.candidates = candidates
        hint = f"; closest: {', '.join(candidates)}" if candidates else ""
        super().__init__(f"no entity is called {name!r}{hint}")


class AmbiguousName(KgError):
    """Several entities share that label; ``candidates`` holds (IRI, label) pairs."""

    def __init__(self, name: str, candidates: list[tuple[str, str]]):
        self.candidates = candidates
        listed = "; ".join(f"{label} <{iri}>" for iri, label in candidates)
        super().__init__(f"{name!r} names {len(candidates)} entities: {listed}")


def labels(store: Store) -> dict[str, set[str]]:
    """Every label (lower-cased for matching) and the IRIs that carry it."""
    from kg.queries import run_query

    index: dict[str, set[str]] = {}
    for row in run_query(store, _LABELS, limit=10**7).values():
        index.setdefault(row["label"].casefold(), set()).add(row["s"])
    return index


def resolve(store: Store, name: str, *, index: dict[str, set[str]] | None = None) -> str:
    """The IRI of the one entity called ``name``.

    Parameters
    ----------
    name : str
        An IRI (returned as is when the store knows it), or a label or alias in
        any language; case and surrounding space are ignored.

    Raises
    ------
    UnknownName
        If nothing is called ``name``.
    AmbiguousName
        If several entities are.
    """
    name = name.strip()
    index = index if index is not None else labels(store)
    if name.startswith(("http://", "https://")):
        known = any(name in iris for iris in index.values())
        if known:
            return name
        raise UnknownName(name, [])
    iris = index.get(name.casefold(), set())
    if len(iris) == 1:
        return next(iter(iris))
    if len(iris) > 1:
        raise AmbiguousName(name, sorted((iri, _display(store, iri)) for iri in iris))
    close = difflib.get_close_matches(name.casefold(), list(index), n=5, cutoff=0.4)
    close += [lab for lab in index if name.casefold() in lab and lab not in close][:5]
    raise UnknownName(name, close[:8])


def _display(store: Store, iri: str) -> str:
    """The entity's preferred label as written (Chinese first), with its class."""
    from kg.queries import run_query

    rows = run_query(
        store,
        f"""SELECT ?label ?class WHERE {{
              <{iri}> skos:prefLabel ?label .
              OPTIONAL {{ <{iri}> a ?c . ?c rdfs:isDefinedBy ?o ; rdfs:label ?class .
                         FILTER(lang(?class) = "en") }}
            }} ORDER BY DESC(lang(?label) = "zh") ?class LIMIT 1""",
    ).values()
    if not rows:
        return iri
    kind = f" ({rows[0]['class']})" if rows[0]["class"] else ""
    return rows[0]["label"] + kind
