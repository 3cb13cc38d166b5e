"""Projections of the seed graph, shared by the network tests."""

from __future__ import annotations

import pytest

from kg.network.project import project

BASE = "https://w3id.org/yuzhong-kg/"


@pytest.fixture(scope="session")
def graph(store):
    """The semantic view of the seed graph, with citation records."""
    return project(store, cited=True)


@pytest.fixture(scope="session")
def iri():
    """The IRI of an entity of the seed graph from its kind and id (``org``, ``visionvera``)."""
    return lambda kind, local: f"{BASE}{kind}/{local}"
