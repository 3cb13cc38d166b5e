"""The SHACL contract refuses bad data and names the source cell; both engines agree."""

import dataclasses

import pytest
from pyoxigraph import RdfFormat, Store

from kg.config import Settings
from kg.errors import ValidationError
from kg.graph.build import assemble, build
from kg.graph.inference import materialise
from kg.validate.compile import compile_shapes
from kg.validate.run import validate_store, validate_with_pyshacl
from tests.conftest import append_row, edit_cell, row_of


def violations_of(data_dir, engine=validate_store):
    settings = dataclasses.replace(Settings(), data_dir=data_dir)
    assembled = assemble(settings)
    store = Store()
    store.bulk_extend(assembled.quads)
    materialise(store, settings)
    return engine(store, mapped=assembled.mapped)


def cells(violations):
    return {(v.file, v.row, v.field) for v in violations}


def test_seed_data_conforms(data_copy):
    assert violations_of(data_copy) == []


def test_negative_count_names_the_cell(data_copy, tmp_path):
    row = edit_cell(
        data_copy, "observations.csv", "new-software-it-enterprises-2024", "value", "-785"
    )
    settings = dataclasses.replace(Settings(store=tmp_path / "s"), data_dir=data_copy)
    with pytest.raises(
        ValidationError, match=rf"observations.csv, row {row}, field 'value': .*negative"
    ):
        build(settings)


@pytest.mark.parametrize(
    ("file", "row_id", "unit"),
    [
        ("achievements.csv", "visionvera-patent-applications", "PERCENT"),
        ("achievements.csv", "visionvera-channel-latency", "KiloM"),
        ("observations.csv", "gdp-growth-2024", "YI_YUAN"),
        ("observations.csv", "licensed-financial-institutions-2025-04", "PERCENT"),
    ],
)
def test_unit_the_shape_does_not_allow(data_copy, file, row_id, unit):
    row = edit_cell(data_copy, file, row_id, "unit", unit)
    assert (file, row, "unit") in cells(violations_of(data_copy))


def test_share_above_one(data_copy):
    row = edit_cell(
        data_copy, "observations.csv", "licensed-financial-institutions-share-futures", "value", "4"
    )
    assert ("observations.csv", row, "value") in cells(violations_of(data_copy))


def test_same_figure_twice_is_a_duplicate(data_copy):
    cells_ = row_of(data_copy, "observations.csv", "gdp-growth-2024") | {"id": "gdp-growth-again"}
    row = append_row(data_copy, "observations.csv", cells_)
    found = cells(violations_of(data_copy))
    assert ("observations.csv", row, "indicator") in found


def test_same_enterprise_twice_is_a_duplicate(data_copy):
    cells_ = row_of(data_copy, "organizations.csv", "visionvera") | {"id": "visionvera-again"}
    row = append_row(data_copy, "organizations.csv", cells_)
    assert ("organizations.csv", row, "name_zh") in cells(violations_of(data_copy))


def test_sector_group_is_not_a_sector(data_copy):
    row = edit_cell(data_copy, "organizations.csv", "visionvera", "sectors", "G4")
    assert ("organizations.csv", row, "sectors") in cells(violations_of(data_copy))


def test_span_outside_its_section(data_copy):
    row = edit_cell(data_copy, "organizations.csv", "visionvera", "section", "yz2504-life")
    assert ("organizations.csv", row, "start") in cells(violations_of(data_copy))


def test_section_of_another_source(data_copy):
    row = edit_cell(data_copy, "places.csv", "jiefangbei-street", "section", "yz2504-intro")
    found = violations_of(data_copy)
    if row_of(data_copy, "places.csv", "jiefangbei-street")["source"] == "nbs2023":
        assert ("places.csv", row, "section") in cells(found)
    else:
        pytest.fail("expected the streets to cite the statistical codes")


def test_branch_needs_its_parent(data_copy):
    row = edit_cell(data_copy, "organizations.csv", "aia-life-chongqing", "parent", "")
    assert ("organizations.csv", row, "parent") in cells(violations_of(data_copy))


def test_recognition_needs_body_or_list(data_copy):
    edit_cell(data_copy, "achievements.csv", "buer-light-industry-urgent-tech", "list_zh", "")
    row = edit_cell(data_copy, "achievements.csv", "buer-light-industry-urgent-tech", "list_en", "")
    assert ("achievements.csv", row, "conferred_by") in cells(violations_of(data_copy))


def test_missing_english_label(data_copy):
    row = edit_cell(data_copy, "projects.csv", "yutidai", "name_en", "")
    # the mapping already requires it: a source error before any shape runs
    from kg.errors import SourceError

    with pytest.raises(SourceError, match=rf"projects.csv, row {row}, field 'name_en'"):
        violations_of(data_copy)


@pytest.mark.parametrize(
    ("file", "prefix", "row_id", "column", "value"),
    [
        ("observations.csv", "obs", "new-software-it-enterprises-2024", "value", "-785"),
        ("achievements.csv", "achievement", "visionvera-patent-applications", "unit", "PERCENT"),
        ("organizations.csv", "org", "aia-life-chongqing", "parent", ""),
        ("organizations.csv", "org", "visionvera", "sectors", "G4"),
        ("organizations.csv", "org", "visionvera", "section", "yz2504-life"),
        ("observations.csv", "obs", "gdp-growth-2024", "unit", "NUM"),
    ],
)
def test_pyshacl_agrees_with_the_sparql_engine(data_copy, file, prefix, row_id, column, value):
    # pySHACL is the reference implementation; it is slow, so it looks at the
    # broken row's node and its citation only, and must find what the compiled
    # checks find there.
    pytest.importorskip("pyshacl")
    row = edit_cell(data_copy, file, row_id, column, value)
    settings = Settings()
    focus = [settings.iri(prefix, row_id), settings.iri("citation", f"{prefix}-{row_id}")]
    fast = {(v.focus, v.field) for v in violations_of(data_copy) if v.focus in focus}
    reference = {
        (v.focus, v.field)
        for v in violations_of(
            data_copy, lambda s, **kw: validate_with_pyshacl(s, focus=focus, **kw)
        )
    }
    assert (settings.iri(prefix, row_id), column if column != "section" else "start") in fast or (
        (settings.iri("citation", f"{prefix}-{row_id}"), "start") in fast
    )
    assert {f for f, _ in fast} == {f for f, _ in reference}
    assert row > 1


def test_pyshacl_passes_a_sample_of_the_seed_data(data_copy):
    pytest.importorskip("pyshacl")
    settings = Settings()
    focus = [
        settings.iri("org", "visionvera"),
        settings.iri("achievement", "visionvera-channel-latency"),
        settings.iri("obs", "licensed-financial-institutions-share-futures"),
        settings.iri("event", "around-cqmu-health-park-signing"),
        settings.iri("citation", "org-visionvera"),
        settings.iri("sector", "computing-power"),
    ]
    found = violations_of(data_copy, lambda s, **kw: validate_with_pyshacl(s, focus=focus, **kw))
    assert found == []


def test_compiler_refuses_unsupported_features():
    shapes = Store()
    shapes.load(
        b"""@prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <https://ex.org/> .
        ex:S a sh:NodeShape ; sh:targetClass ex:C ;
          sh:property [ sh:path ex:p ; sh:qualifiedMinCount 1 ] .""",
        format=RdfFormat.TURTLE,
    )
    with pytest.raises(ValueError, match=r"unsupported SHACL feature.*qualifiedMinCount"):
        compile_shapes(shapes)
