"""Errors that name what went wrong and where, for users who edit the sources."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["KgError", "QueryError", "SourceError", "ValidationError", "Violation"]

_SHAPES = "https://w3id.org/yuzhong-kg/shapes#"


class KgError(Exception):
    """Base class of every error the package raises on purpose."""


class SourceError(KgError):
    """A source table cell that cannot become RDF.

    The message names the file, the line (the header is line 1) and the field,
    so that an analyst can open the spreadsheet at the right cell.

    Examples
    --------
    >>> str(SourceError("events.csv", 4, "date", "malformed date '2025-13-01'"))
    "events.csv, row 4, field 'date': malformed date '2025-13-01'"
    """

    def __init__(self, file: str, row: int | None, field: str | None, message: str):
        self.file, self.row, self.field, self.message = file, row, field, message
        where = file
        if row is not None:
            where += f", row {row}"
        if field is not None:
            where += f", field {field!r}"
        super().__init__(f"{where}: {message}")


@dataclass(frozen=True)
class Violation:
    """One failed data-contract check, traced back to its source cell when known."""

    rule: str
    focus: str
    path: str | None
    value: str | None
    message: str
    file: str | None = None
    row: int | None = None
    field: str | None = None

    def __str__(self) -> str:
        where = self.file or self.focus
        if self.row is not None:
            where += f", row {self.row}"
        if self.field is not None:
            where += f", field {self.field!r}"
        elif self.path is not None:
            where += f", property <{self.path}>"
        value = f" (value: {self.value})" if self.value is not None else ""
        rule = self.rule.replace(_SHAPES, "yzsh:")
        return f"{where}: {self.message}{value} [{rule}]"


class ValidationError(KgError):
    """The built graph breaks the SHACL data contract; nothing was swapped in."""

    def __init__(self, violations: list[Violation]):
        self.violations = violations
        lines = [f"{len(violations)} violation(s) of the data contract:"]
        lines += [f"  - {v}" for v in violations[:50]]
        if len(violations) > 50:
            lines.append(f"  … and {len(violations) - 50} more")
        super().__init__("\n".join(lines))


class QueryError(KgError):
    """A query that cannot run: unknown name, bad syntax (with position), or a limit hit."""
