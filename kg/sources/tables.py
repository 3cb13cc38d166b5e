"""Read one curated CSV table into records that remember their file and row.

The tables are what analysts edit in a spreadsheet and review in a diff, so the
reader is strict: an unknown or missing column, a ragged row or a duplicate id is
an error that names the file and row, never a silent skip.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from kg.errors import SourceError

__all__ = ["Record", "read_table"]


@dataclass(frozen=True)
class Record:
    """One data row: its cells (stripped, empty cells dropped) and its origin.

    ``row`` is the line number a spreadsheet shows (the header is row 1).
    """

    file: str
    row: int
    cells: dict[str, str]

    def get(self, column: str) -> str | None:
        return self.cells.get(column)

    def error(self, field: str | None, message: str) -> SourceError:
        """A :class:`~kg.errors.SourceError` pointing at this row and ``field``."""
        return SourceError(self.file, self.row, field, message)


def read_table(
    path: Path, *, columns: Iterable[str], required: Iterable[str] = (), key: str | None = "id"
) -> list[Record]:
    """Read ``path`` as UTF-8 CSV and check it against the declared columns.

    Parameters
    ----------
    path : Path
        The CSV file; its first line is the header.
    columns : iterable of str
        Every column the table may have. A header column not listed is an error
        (a typo would otherwise drop a whole column of facts).
    required : iterable of str
        Columns that every row must fill.
    key : str or None
        The identifier column, whose values must be unique within the table.

    Raises
    ------
    SourceError
        On an undeclared or missing header column, a row with too many cells, an
        empty required cell or a duplicate key.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "t.csv"
    >>> _ = p.write_text("id,name\\na,Alpha\\nb,\\n", encoding="utf-8")
    >>> [r.cells for r in read_table(p, columns=["id", "name"])]
    [{'id': 'a', 'name': 'Alpha'}, {'id': 'b'}]
    """
    declared = list(columns)
    name = path.name
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise SourceError(name, None, None, f"not UTF-8 text ({exc.reason})") from exc
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [h.strip() for h in next(reader)]
    except StopIteration:
        raise SourceError(name, None, None, "empty file: no header row") from None
    unknown = [h for h in header if h not in declared]
    if unknown:
        raise SourceError(name, 1, unknown[0], f"unknown column; expected one of {declared}")
    missing = [c for c in declared if c not in header]
    if missing:
        raise SourceError(name, 1, missing[0], "column missing from the header")
    if len(set(header)) != len(header):
        dup = next(h for h in header if header.count(h) > 1)
        raise SourceError(name, 1, dup, "column appears twice in the header")

    records: list[Record] = []
    seen: dict[str, int] = {}
    for lineno, cells in enumerate(reader, start=2):
        if not any(c.strip() for c in cells):
            continue
        if len(cells) > len(header):
            raise SourceError(name, lineno, None, f"{len(cells)} cells for {len(header)} columns")
        values = {h: c.strip() for h, c in zip(header, cells, strict=False) if c.strip()}
        record = Record(name, lineno, values)
        for col in required:
            if col not in values:
                raise record.error(col, "required value is empty")
        if key is not None and key in values:
            ident = values[key]
            if ident in seen:
                raise record.error(key, f"duplicate id {ident!r} (first on row {seen[ident]})")
            seen[ident] = lineno
        records.append(record)
    return records
