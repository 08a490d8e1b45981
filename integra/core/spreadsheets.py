"""CSV and XLSX files of plain rows, safe to open in a spreadsheet, and read back
row by row for imports (pure: no Django).

A cell that begins with = + - @ (or a tab or carriage return) is read as a formula
by spreadsheet programs: "formula injection". Every such text cell is written with
a leading apostrophe, so it shows as the text it is.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from datetime import date, datetime

from openpyxl import Workbook, load_workbook
from openpyxl.utils.exceptions import InvalidFileException

Cell = str | int | float | date | datetime | None
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_text(value: str) -> str:
    return "'" + value if value.startswith(_FORMULA_START) else value


def _cell(value: Cell) -> Cell:
    if isinstance(value, str):
        return safe_text(value)
    return value


def to_csv(header: Sequence[str], rows: Iterable[Sequence[Cell]]) -> bytes:
    """UTF-8 with a byte-order mark, so spreadsheet programs read every script."""
    return b"".join(stream_csv(header, rows))


def stream_csv(header: Sequence[str], rows: Iterable[Sequence[Cell]]) -> Iterator[bytes]:
    """The same file as `to_csv`, in pieces as the rows come: for downloads too
    large to hold in memory (a StreamingHttpResponse or a file written in parts)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    buffer.write("\ufeff")
    writer.writerow([safe_text(name) for name in header])
    for number, row in enumerate(rows, start=1):
        writer.writerow(["" if value is None else _cell(value) for value in row])
        if number % 1000 == 0:
            yield buffer.getvalue().encode("utf-8")
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue().encode("utf-8")


def to_xlsx(header: Sequence[str], rows: Iterable[Sequence[Cell]], *, title: str) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31] or "Sheet")
    sheet.append([safe_text(name) for name in header])
    for row in rows:
        sheet.append([_cell(value) for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


class UnreadableFile(Exception):
    """The file is not a spreadsheet Integra can read; ``code`` says why:
    ``not_xlsx``, ``not_utf8``, ``empty`` or ``unknown_type``."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


def kind_of(file_name: str) -> str:
    """``csv`` or ``xlsx`` from the file name; UnreadableFile otherwise."""
    lowered = file_name.lower()
    for kind in ("csv", "xlsx"):
        if lowered.endswith("." + kind):
            return kind
    raise UnreadableFile("unknown_type")


def _text(value: object) -> str:
    """A cell as the text a person typed: dates as ISO dates, whole numbers without
    a decimal point (spreadsheets store 3 as 3.0)."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else str(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def read_rows(path: str, kind: str) -> Iterator[list[str]]:
    """Every row of the first sheet as text cells, the header first, streamed so a
    million rows never sit in memory. Formulas come back as their text ("=…"),
    never evaluated, so the caller can refuse them."""
    if kind == "csv":
        yield from _read_csv(path)
    elif kind == "xlsx":
        yield from _read_xlsx(path)
    else:
        raise UnreadableFile("unknown_type")


def count_rows(path: str, kind: str) -> int | None:
    """How many rows the file has, header included, for a progress bar; None when
    an XLSX file does not record its size."""
    if kind == "xlsx":
        try:
            workbook = load_workbook(path, read_only=True)
        except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError):
            return None
        try:
            return workbook.worksheets[0].max_row if workbook.worksheets else None
        finally:
            workbook.close()
    try:
        with open(path, encoding="utf-8-sig", newline="") as handle:
            return sum(1 for _row in csv.reader(handle))
    except (UnicodeDecodeError, csv.Error):
        return None


def _read_csv(path: str) -> Iterator[list[str]]:
    with open(path, encoding="utf-8-sig", newline="") as handle:
        try:
            sample = handle.read(64 * 1024)
        except UnicodeDecodeError:
            raise UnreadableFile("not_utf8") from None
        if not sample.strip():
            raise UnreadableFile("empty")
        try:
            dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(
                sample.splitlines()[0], delimiters=",;\t"
            )
        except csv.Error:
            dialect = csv.excel
        handle.seek(0)
        try:
            for row in csv.reader(handle, dialect):
                yield [cell.strip() for cell in row]
        except UnicodeDecodeError:
            raise UnreadableFile("not_utf8") from None


def _read_xlsx(path: str) -> Iterator[list[str]]:
    try:
        workbook = load_workbook(path, read_only=True, data_only=False)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError):
        raise UnreadableFile("not_xlsx") from None
    try:
        sheet = workbook.worksheets[0] if workbook.worksheets else None
        if sheet is None:
            raise UnreadableFile("empty")
        for row in sheet.iter_rows(values_only=True):
            yield [_text(value) for value in row]
    finally:
        workbook.close()
