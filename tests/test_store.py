"""A build is swapped in only when it is good; a failed or killed one loses nothing."""

import dataclasses
import os

import pytest
from pyoxigraph import NamedNode, Quad

from kg.config import Settings
from kg.errors import SourceError, ValidationError
from kg.graph.build import build
from kg.queries import find_query, run_query
from kg.store import StoreMissing, build_store, current_build, open_store
from tests.conftest import edit_cell


def test_open_without_build(tmp_path):
    with pytest.raises(StoreMissing, match="run `kg build` first"):
        open_store(tmp_path / "nothing")


def test_rebuild_swaps_and_removes_the_old_build(tmp_path):
    settings = Settings(store=tmp_path / "store")
    build(settings)
    first = current_build(settings.store)
    build(settings)
    second = current_build(settings.store)
    assert first != second
    assert not first.exists()
    assert [p.name for p in (settings.store / "builds").iterdir()] == [second.name]


def answers(settings):
    return run_query(open_store(settings.store), find_query("cq03").text).values()


def test_validation_failure_leaves_the_good_store(tmp_path, data_copy):
    settings = dataclasses.replace(Settings(store=tmp_path / "store"), data_dir=data_copy)
    build(settings)
    good = current_build(settings.store)
    before = answers(settings)
    edit_cell(
        data_copy, "observations.csv", "licensed-financial-institutions-2025-04", "value", "-440"
    )
    with pytest.raises(ValidationError):
        build(settings)
    assert current_build(settings.store) == good
    assert answers(settings) == before
    assert [p.name for p in (settings.store / "builds").iterdir()] == [good.name]


def test_source_error_leaves_the_good_store(tmp_path, data_copy):
    settings = dataclasses.replace(Settings(store=tmp_path / "store"), data_dir=data_copy)
    build(settings)
    good = current_build(settings.store)
    edit_cell(data_copy, "events.csv", "panda-bus-launch", "date", "2025-04-31")
    with pytest.raises(SourceError):
        build(settings)
    assert current_build(settings.store) == good
    assert answers(settings)


def test_killed_build_is_invisible_and_cleaned_up(tmp_path):
    root = tmp_path / "store"
    build(Settings(store=root))
    good = current_build(root)
    # A build that died midway leaves only its folder, never the link.
    stale = root / "builds" / "20000101T000000-1-1"
    stale.mkdir()
    (stale / "partial").write_text("x")
    os.utime(stale, (0, 0))
    assert current_build(root) == good
    assert open_store(root) is not None
    build(Settings(store=root))
    assert not stale.exists()


def test_exception_in_check_discards_the_new_build(tmp_path):
    root = tmp_path / "store"
    q = Quad(
        NamedNode("https://ex.org/a"), NamedNode("https://ex.org/p"), NamedNode("https://ex.org/b")
    )
    build_store(root, [q], check=lambda s: None)
    good = current_build(root)

    def refuse(store):
        assert len(store) == 1
        raise RuntimeError("refused")

    with pytest.raises(RuntimeError, match="refused"):
        build_store(root, [q], check=refuse)
    assert current_build(root) == good
    assert len(list((root / "builds").iterdir())) == 1


def test_rdflib_view_answers_like_oxigraph(store):
    from kg.namespaces import PREFIXES
    from kg.store import as_rdflib

    text = find_query("cq09").text
    ours = sorted(r["name"] for r in run_query(store, text).values())
    rdf = as_rdflib(store)
    theirs = sorted(str(r.name) for r in rdf.query(text, initNs=PREFIXES))
    assert ours == theirs and len(ours) == 3
