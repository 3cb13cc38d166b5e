"""Shared fixtures: one seed build per session, and copies of the sources to break."""

from __future__ import annotations

import csv
import io
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from kg.config import DATA_DIR, Settings
from kg.graph.build import build
from kg.store import open_store

ARTICLE = Path(__file__).resolve().parents[2] / "shared" / "seeds" / "yuzhong-2025-04-article.txt"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def browser() -> Iterator:
    """Headless Debian Chromium for the session; skipped (not failed) outside CI without it."""
    in_ci = bool(os.environ.get("CI"))
    if not CHROMIUM.exists() and not in_ci:
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium fonts-noto-cjk)")
    if in_ci:
        import playwright.sync_api as sync_api
    else:
        sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield b
        finally:
            b.close()


@pytest.fixture(scope="session")
def seed_settings(tmp_path_factory) -> Settings:
    """Settings of a store built once from the seed sources."""
    settings = Settings(store=tmp_path_factory.mktemp("seed") / "store")
    build(settings)
    return settings


@pytest.fixture(scope="session")
def store(seed_settings):
    return open_store(seed_settings.store)


@pytest.fixture
def data_copy(tmp_path) -> Path:
    """A private copy of the curated tables, safe to break."""
    target = tmp_path / "data"
    shutil.copytree(DATA_DIR, target)
    return target


def edit_cell(data_dir: Path, file: str, row_id: str, column: str, value: str) -> int:
    """Set one cell of a table copy; return the row number a spreadsheet shows."""
    path = data_dir / file
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))
    fields = list(rows[0].keys())
    for index, row in enumerate(rows):
        if row["id"] == row_id:
            row[column] = value
            number = index + 2
            break
    else:
        raise KeyError(row_id)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=fields, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")
    return number


def append_row(data_dir: Path, file: str, cells: dict[str, str]) -> int:
    """Append a row to a table copy; return its row number."""
    path = data_dir / file
    text = path.read_text(encoding="utf-8")
    fields = next(csv.reader(io.StringIO(text)))
    out = io.StringIO()
    csv.DictWriter(out, fieldnames=fields, lineterminator="\n").writerow(cells)
    if not text.endswith("\n"):
        text += "\n"
    path.write_text(text + out.getvalue(), encoding="utf-8")
    return len(list(csv.reader(io.StringIO(text)))) + 1


def row_of(data_dir: Path, file: str, row_id: str) -> dict[str, str]:
    path = data_dir / file
    for row in csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))):
        if row["id"] == row_id:
            return row
    raise KeyError(row_id)
