"""Render pandas DataFrames as terminal tables, CSV or JSON, for the commands.

The table pads by display width (a Chinese character takes two columns), so that
mixed Chinese and English columns line up, and cuts long cells to a width with
an ellipsis. CSV and JSON keep every cell whole (UTF-8, not escaped).
"""

from __future__ import annotations

import json
import unicodedata

import pandas as pd

__all__ = ["FORMATS", "display_width", "render_frame", "truncate"]

FORMATS = ("table", "csv", "json")


def display_width(text: str) -> int:
    """Terminal columns ``text`` takes: two for wide (CJK) characters, one otherwise.

    >>> display_width("视联动力 ab")
    11
    """
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def truncate(text: str, width: int) -> str:
    """Cut ``text`` to at most ``width`` columns, ending with ``…`` when cut.

    >>> truncate("重庆—新疆算力传输通道", 10)
    '重庆—新疆…'
    """
    if display_width(text) <= width:
        return text
    out, used = [], 0
    for ch in text:
        w = display_width(ch)
        if used + w > width - 1:
            break
        out.append(ch)
        used += w
    return "".join(out) + "…"


def _cell(value) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    if isinstance(value, float):
        return f"{value:.6g}"
    if isinstance(value, list | tuple | set):
        return "|".join(str(v) for v in value)
    return str(value).replace("\n", " ")


def render_frame(
    frame: pd.DataFrame,
    fmt: str = "table",
    *,
    max_width: int | None = 48,
    footer: bool = True,
) -> str:
    """Render ``frame`` in ``fmt`` (``table``, ``csv`` or ``json``).

    Parameters
    ----------
    max_width : int or None, default 48
        Widest cell of a table, in terminal columns (``None``: no limit).
    footer : bool, default True
        End a table with its row count.

    Raises
    ------
    ValueError
        For an unknown format.

    Examples
    --------
    >>> f = pd.DataFrame({"名称": ["视联动力", "途作林杰科技"], "score": [1.0, 0.25]})
    >>> print(render_frame(f), end="")
    名称          score
    ------------  -----
    视联动力      1
    途作林杰科技  0.25
    (2 rows)
    """
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    if fmt == "csv":
        return frame.to_csv(index=False, lineterminator="\n")
    if fmt == "json":
        records = json.loads(frame.to_json(orient="records", force_ascii=False))
        return json.dumps(records, ensure_ascii=False, indent=1) + "\n"
    header = [str(c) for c in frame.columns]
    cells = [[_cell(v) for v in row] for row in frame.itertuples(index=False, name=None)]
    if max_width is not None:
        cells = [[truncate(c, max_width) for c in row] for row in cells]
    widths = [
        max([display_width(h)] + [display_width(r[i]) for r in cells]) for i, h in enumerate(header)
    ]

    def line(values: list[str]) -> str:
        padded = (v + " " * (w - display_width(v)) for v, w in zip(values, widths, strict=True))
        return "  ".join(padded).rstrip()

    lines = [line(header), "  ".join("-" * w for w in widths)] + [line(r) for r in cells]
    if footer:
        lines.append(f"({len(cells)} row{'s' if len(cells) != 1 else ''})")
    return "\n".join(lines) + "\n"
