"""Where things live: the IRI base, the store, the ontology and the curated sources.

Settings come from arguments first, then the environment (``KG_BASE``,
``KG_STORE``), then defaults, so that a deployment can move the namespace or the
store without touching code.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from kg.namespaces import DEFAULT_BASE

__all__ = ["DATA_DIR", "ONTOLOGY_DIR", "Settings"]

_PACKAGE_DIR = Path(__file__).resolve().parent


def _ontology_dir() -> Path:
    # A wheel carries the ontology inside the package; a source checkout keeps it at the top.
    bundled = _PACKAGE_DIR / "_ontology"
    return bundled if bundled.is_dir() else _PACKAGE_DIR.parent / "ontology"


ONTOLOGY_DIR = _ontology_dir()
DATA_DIR = _PACKAGE_DIR / "data" / "yuzhong_2025_04"


def _default_store() -> Path:
    return Path(os.environ.get("KG_STORE", ".kg/store"))


def _default_base() -> str:
    return os.environ.get("KG_BASE", DEFAULT_BASE)


@dataclass(frozen=True)
class Settings:
    """The knobs of a build.

    Examples
    --------
    >>> s = Settings(base="https://example.org/yz/")
    >>> s.iri("org", "acme")
    'https://example.org/yz/org/acme'
    """

    base: str = field(default_factory=_default_base)
    store: Path = field(default_factory=_default_store)
    data_dir: Path = DATA_DIR
    ontology_dir: Path = ONTOLOGY_DIR

    def __post_init__(self) -> None:
        if not self.base.endswith(("/", "#")):
            raise ValueError(f"the IRI base must end with '/' or '#': {self.base!r}")

    def iri(self, kind: str, local: str) -> str:
        """The IRI of an entity of a kind (``org``, ``place`` …) under the base."""
        return f"{self.base}{kind}/{local}"

    def graph(self, name: str) -> str:
        """The IRI of a named graph (one per source, plus ontology and inferences)."""
        return self.iri("graph", name)
