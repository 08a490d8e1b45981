"""CSV and XLSX files of plain rows, safe to open in a spreadsheet (pure: no Django).

A cell that begins with = + - @ (or a tab or carriage return) is read as a formula
by spreadsheet programs: "formula injection". Every such text cell is written with
a leading apostrophe, so it shows as the text it is.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from datetime import date, datetime

from openpyxl import Workbook

Cell = str | int | float | date | datetime | None
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_text(value: str) -> str:
    return "'" + value if value.startswith(_FORMULA_START) else value


def _cell(value: Cell) -> Cell:
    if isinstance(value, str):
        return safe_text(value)
    return value


def to_csv(header: Sequence[str], rows: Iterable[Sequence[Cell]]) -> bytes:
    """UTF-8 with a byte-order mark, so spreadsheet programs read every script."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([safe_text(name) for name in header])
    for row in rows:
        writer.writerow(["" if value is None else _cell(value) for value in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def to_xlsx(header: Sequence[str], rows: Iterable[Sequence[Cell]], *, title: str) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31] or "Sheet")
    sheet.append([safe_text(name) for name in header])
    for row in rows:
        sheet.append([_cell(value) for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
