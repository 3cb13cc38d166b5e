"""Fixtures of the view tests: the seed projection, and a real browser that cannot go online.

``browser`` (in ``tests/conftest.py``) is one headless Chromium for the whole
session. ``offline_page`` is a fresh page in which every request that is not ``file:``,
``data:`` or ``about:`` is aborted and recorded; the fixture fails the test if any
was attempted, if a script error was thrown or if a dialog opened.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from kg.network.project import project

#: Where the browser tests leave screenshots (ignored by git).
OUT = Path(__file__).resolve().parents[1] / "out"
BASE = "https://w3id.org/yuzhong-kg/"


@pytest.fixture(scope="session")
def seed_graph(store):
    """The semantic projection of the seed graph, with citation records."""
    return project(store, cited=True)


@pytest.fixture(scope="session")
def iri():
    """The IRI of a seed entity from its kind and id (``org``, ``visionvera``)."""
    return lambda kind, local: f"{BASE}{kind}/{local}"


@dataclass
class OfflinePage:
    """A page with the network cut off, and what it tried or threw."""

    page: object
    requests: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    console: list[str] = field(default_factory=list)

    def open(self, path: Path) -> None:
        """Load a page file and wait until the graph has been drawn."""
        self.page.goto(path.resolve().as_uri())
        self.page.wait_for_function("window.kgView && window.kgView.ready === true")


@pytest.fixture
def offline_page(browser) -> Iterator[OfflinePage]:
    """A 1600×1000 page that may load only ``file:``, ``data:`` and ``about:`` URLs."""
    context = browser.new_context(viewport={"width": 1600, "height": 1000})
    page = context.new_page()
    seen = OfflinePage(page)

    def local_only(route) -> None:
        url = route.request.url
        if url.startswith(("file:", "data:", "about:")):
            route.continue_()
        else:
            seen.requests.append(url)
            route.abort()

    def on_dialog(dialog) -> None:
        seen.dialogs.append(dialog.message)
        dialog.dismiss()

    page.route("**/*", local_only)
    page.on("pageerror", lambda e: seen.errors.append(str(e)))
    page.on("dialog", on_dialog)
    page.on("console", lambda m: seen.console.append(f"{m.type}: {m.text}"))
    page.set_default_timeout(20_000)
    try:
        yield seen
    finally:
        context.close()
    assert seen.requests == [], f"the page tried the network: {seen.requests}"
    assert seen.errors == [], f"script errors: {seen.errors}"
    assert seen.dialogs == [], f"dialogs opened: {seen.dialogs}"
