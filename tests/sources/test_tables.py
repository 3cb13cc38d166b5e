import pytest

from kg.errors import SourceError
from kg.sources.tables import read_table


def write(tmp_path, text):
    p = tmp_path / "things.csv"
    p.write_text(text, encoding="utf-8")
    return p


def test_reads_rows_with_their_spreadsheet_row_numbers(tmp_path):
    p = write(tmp_path, "id,name\na,Alpha\n\nb,Beta\n")
    records = read_table(p, columns=["id", "name"])
    assert [(r.row, r.cells["name"]) for r in records] == [(2, "Alpha"), (4, "Beta")]


def test_quoted_cells_keep_commas_and_newlines(tmp_path):
    p = write(tmp_path, 'id,name\na,"Alpha, Inc."\nb,"two\nlines"\n')
    assert [r.cells["name"] for r in read_table(p, columns=["id", "name"])] == [
        "Alpha, Inc.",
        "two\nlines",
    ]


def test_unknown_column_is_named(tmp_path):
    p = write(tmp_path, "id,nmae\na,Alpha\n")
    with pytest.raises(SourceError, match=r"things.csv, row 1, field 'nmae': unknown column"):
        read_table(p, columns=["id", "name"])


def test_missing_column_is_named(tmp_path):
    p = write(tmp_path, "id\na\n")
    with pytest.raises(SourceError, match=r"field 'name': column missing"):
        read_table(p, columns=["id", "name"])


def test_duplicate_id_names_both_rows(tmp_path):
    p = write(tmp_path, "id,name\na,Alpha\nb,Beta\na,Again\n")
    with pytest.raises(
        SourceError, match=r"row 4, field 'id': duplicate id 'a' \(first on row 2\)"
    ):
        read_table(p, columns=["id", "name"])


def test_required_cell(tmp_path):
    p = write(tmp_path, "id,name\na,\n")
    with pytest.raises(SourceError, match=r"row 2, field 'name': required value is empty"):
        read_table(p, columns=["id", "name"], required=["name"])


def test_ragged_row(tmp_path):
    p = write(tmp_path, "id,name\na,Alpha,extra\n")
    with pytest.raises(SourceError, match=r"row 2: 3 cells for 2 columns"):
        read_table(p, columns=["id", "name"])


def test_not_utf8(tmp_path):
    p = tmp_path / "things.csv"
    p.write_bytes("id,name\na,渝中\n".encode("gb18030"))
    with pytest.raises(SourceError, match="not UTF-8"):
        read_table(p, columns=["id", "name"])
