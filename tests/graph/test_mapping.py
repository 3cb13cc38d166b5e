"""Bad cells in the curated tables are refused with file, row and field."""

import dataclasses

import pytest

from kg.config import Settings
from kg.errors import SourceError
from kg.graph.build import assemble
from tests.conftest import append_row, edit_cell, row_of


def assemble_from(data_dir):
    return assemble(dataclasses.replace(Settings(), data_dir=data_dir))


def test_seed_tables_map(data_copy):
    assembled = assemble_from(data_copy)
    assert len(assembled.quads) > 3000


def test_unknown_sector(data_copy):
    row = edit_cell(data_copy, "organizations.csv", "visionvera", "sectors", "EMG-CMP|QUANTUM")
    with pytest.raises(
        SourceError,
        match=rf"organizations.csv, row {row}, field 'sectors': unknown sector 'QUANTUM'; "
        r"known: .*EMG-CMP",
    ):
        assemble_from(data_copy)


def test_missing_source(data_copy):
    row = edit_cell(data_copy, "achievements.csv", "visionvera-patent-applications", "source", "")
    with pytest.raises(
        SourceError, match=rf"achievements.csv, row {row}, field 'source': required"
    ):
        assemble_from(data_copy)


def test_unknown_source(data_copy):
    row = edit_cell(
        data_copy, "events.csv", row_of_first(data_copy, "events.csv"), "source", "blog"
    )
    with pytest.raises(
        SourceError, match=rf"events.csv, row {row}, field 'source': no sources row"
    ):
        assemble_from(data_copy)


def test_duplicate_id(data_copy):
    cells = row_of(data_copy, "organizations.csv", "visionvera")
    row = append_row(data_copy, "organizations.csv", cells)
    with pytest.raises(
        SourceError, match=rf"organizations.csv, row {row}, field 'id': duplicate id 'visionvera'"
    ):
        assemble_from(data_copy)


@pytest.mark.parametrize("bad", ["2025-02-30", "2025-13", "18/02/2025", "2025-2-18"])
def test_malformed_date(data_copy, bad):
    event = row_of_first(data_copy, "events.csv")
    row = edit_cell(data_copy, "events.csv", event, "date", bad)
    with pytest.raises(SourceError, match=rf"events.csv, row {row}, field 'date': malformed date"):
        assemble_from(data_copy)


def test_unknown_unit(data_copy):
    row = edit_cell(
        data_copy, "achievements.csv", "visionvera-patent-applications", "unit", "PIECES"
    )
    with pytest.raises(SourceError, match=rf"row {row}, field 'unit': unknown unit 'PIECES'"):
        assemble_from(data_copy)


def test_dangling_reference(data_copy):
    row = edit_cell(data_copy, "organizations.csv", "visionvera", "located_in", "atlantis")
    with pytest.raises(
        SourceError, match=rf"row {row}, field 'located_in': no places row has id 'atlantis'"
    ):
        assemble_from(data_copy)


def test_not_a_number(data_copy):
    row = edit_cell(
        data_copy, "achievements.csv", "visionvera-patent-applications", "value", "超2900"
    )
    with pytest.raises(SourceError, match=rf"row {row}, field 'value': not a number"):
        assemble_from(data_copy)


def test_span_end_before_start(data_copy):
    cells = row_of(data_copy, "organizations.csv", "visionvera")
    row = edit_cell(data_copy, "organizations.csv", "visionvera", "end", cells["start"])
    with pytest.raises(SourceError, match=rf"row {row}, field 'end': span end"):
        assemble_from(data_copy)


def test_unknown_kind(data_copy):
    row = edit_cell(data_copy, "places.csv", "yuzhong", "kind", "Galaxy")
    with pytest.raises(SourceError, match=rf"places.csv, row {row}, field 'kind': unknown kind"):
        assemble_from(data_copy)


def test_bad_slug(data_copy):
    cells = row_of(data_copy, "organizations.csv", "visionvera") | {"id": "Vision Vera"}
    row = append_row(data_copy, "organizations.csv", cells)
    with pytest.raises(SourceError, match=rf"row {row}, field 'id': 'Vision Vera' is not a slug"):
        assemble_from(data_copy)


def test_every_subject_iri_uses_the_configured_base(data_copy):
    settings = dataclasses.replace(Settings(base="https://example.org/kg/"), data_dir=data_copy)
    assembled = assemble(settings)
    ours = {q.subject.value for q in assembled.quads if "yuzhong-kg" in q.subject.value}
    # Only the fixed vocabulary namespaces may stay under the default host.
    assert all("/def" in iri or "/unit/" in iri for iri in ours), sorted(ours)[:5]
    assert any(q.subject.value.startswith("https://example.org/kg/org/") for q in assembled.quads)


def row_of_first(data_dir, file):
    import csv

    with (data_dir / file).open(encoding="utf-8") as fh:
        return next(csv.DictReader(fh))["id"]
