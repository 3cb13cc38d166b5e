"""Where things live: the IRI base, the store, the ontology and the curated sources.

Settings come from arguments first, then the environment (``KG_BASE``,
``KG_STORE``, ``KG_UPDATE_URL``, ``KG_GSP_URL``), then defaults, so that a
deployment can move the namespace or the store without touching code. The store
is a folder, or the URL of a SPARQL endpoint (see :mod:`kg.remote`).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from kg.namespaces import DEFAULT_BASE

__all__ = ["DATA_DIR", "ONTOLOGY_DIR", "Settings", "is_url"]

_PACKAGE_DIR = Path(__file__).resolve().parent


def _ontology_dir() -> Path:
    # A wheel carries the ontology inside the package; a source checkout keeps it at the top.
    bundled = _PACKAGE_DIR / "_ontology"
    return bundled if bundled.is_dir() else _PACKAGE_DIR.parent / "ontology"


ONTOLOGY_DIR = _ontology_dir()
DATA_DIR = _PACKAGE_DIR / "data" / "yuzhong_2025_04"


def is_url(location: object) -> bool:
    """Whether a store location is the URL of a SPARQL endpoint rather than a folder."""
    return isinstance(location, str) and location.startswith(("http://", "https://"))


def _default_store() -> Path | str:
    location = os.environ.get("KG_STORE", ".kg/store")
    return location if is_url(location) else Path(location)


def _env_url(name: str) -> str | None:
    return os.environ.get(name) or None


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
    >>> Settings(store="http://127.0.0.1:7878/query").remote
    True
    """

    base: str = field(default_factory=_default_base)
    store: Path | str = field(default_factory=_default_store)
    data_dir: Path = DATA_DIR
    ontology_dir: Path = ONTOLOGY_DIR
    update_url: str | None = field(default_factory=lambda: _env_url("KG_UPDATE_URL"))
    gsp_url: str | None = field(default_factory=lambda: _env_url("KG_GSP_URL"))

    def __post_init__(self) -> None:
        if not self.base.endswith(("/", "#")):
            raise ValueError(f"the IRI base must end with '/' or '#': {self.base!r}")
        if not is_url(self.store):
            object.__setattr__(self, "store", Path(self.store))

    @property
    def remote(self) -> bool:
        """Whether the store is a remote SPARQL server (``store`` is its query URL)."""
        return is_url(self.store)

    def iri(self, kind: str, local: str) -> str:
        """The IRI of an entity of a kind (``org``, ``place`` …) under the base."""
        return f"{self.base}{kind}/{local}"

    def graph(self, name: str) -> str:
        """The IRI of a named graph (one per source, plus ontology and inferences)."""
        return self.iri("graph", name)
