"""A results file as a table of texts: CSV (UTF-8, with or without BOM; comma, semicolon or tab)
or XLSX (Office Open XML, ISO/IEC 29500), read within limits before anything else (ADR 0608's
limits on untrusted input; ADR 1001).

A cell is always text. A spreadsheet formula (``=HYPERLINK(…)``) is read as its own text and never
evaluated: openpyxl is asked for formulas, not for the values a spreadsheet cached for them. An
XLSX is a ZIP: its members are inflated first by :func:`microcred.untrusted_input.read_zip`,
within its limits on members, sizes and compression ratio, so a ZIP bomb is refused before
openpyxl opens it; openpyxl parses XML through defusedxml (entity bombs refused).

Errors are :class:`TableError` with a ``code`` (``file.…``) and ``params``; rows are numbered as
a spreadsheet shows them (the header is row 1).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

from microcred.errors import InputError
from microcred.untrusted_input import UntrustedInputError, read_zip

MAX_FILE_BYTES = 2 * 1024 * 1024
"""A results file of 5,000 learners is about 0.5 MB as CSV, 0.3 MB as XLSX."""
MAX_ROWS = 5000
MAX_COLUMNS = 200
MAX_CELL_CHARS = 1000
MAX_XLSX_INFLATED = 64 * 1024 * 1024
"""What all members of an XLSX may inflate to together (a sheet of 5,000 rows is ~2 MB)."""
MAX_XLSX_MEMBERS = 1000

_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # the old binary .xls (and other OLE files)


class TableError(InputError):
    """The file cannot be read as a table. ``code``: ``file.empty``, ``file.too_large``
    (``limit``), ``file.not_utf8`` (``offset``), ``file.utf16`` , ``file.not_text``,
    ``file.malformed_csv`` (``line``), ``file.old_excel``, ``file.unreadable_xlsx``,
    ``file.archive_refused`` (``reason``: the untrusted-input code), ``file.too_many_rows``
    (``limit``), ``file.too_many_columns`` (``limit``), ``file.no_header``."""

    def __init__(self, code: str, message: str, **params: str) -> None:
        super().__init__(message)
        self.code = code
        self.params = params


@dataclass(frozen=True)
class Table:
    """The header (row 1) and the data rows as ``(row number, cells)``; blank rows left out."""

    kind: str  # "csv" or "xlsx"
    header: tuple[str, ...]
    rows: tuple[tuple[int, tuple[str, ...]], ...]


def read_table(data: bytes) -> Table:
    """The table in ``data``, CSV or XLSX by its content (not by its name)."""
    if len(data) > MAX_FILE_BYTES:
        raise TableError(
            "file.too_large", f"the file is larger than {MAX_FILE_BYTES} bytes", limit=str(MAX_FILE_BYTES)
        )
    if not data.strip():
        raise TableError("file.empty", "the file is empty")
    if data.startswith(_ZIP_MAGIC):
        return _table("xlsx", _xlsx_rows(data))
    if data.startswith(_OLE_MAGIC):
        raise TableError("file.old_excel", "an old binary Excel file (.xls): save it as .xlsx or CSV")
    return _table("csv", _csv_rows(data))


def _table(kind: str, rows: list[list[str]]) -> Table:
    numbered = [(n, tuple(r)) for n, r in enumerate(rows, start=1)]
    numbered = [(n, r) for n, r in numbered if any(c.strip() for c in r)]
    if not numbered or numbered[0][0] != 1:
        raise TableError("file.no_header", "the first row must name the columns")
    (_, header), body = numbered[0], numbered[1:]
    if len(body) > MAX_ROWS:
        raise TableError("file.too_many_rows", f"more than {MAX_ROWS} rows", limit=str(MAX_ROWS))
    width = len(header)
    # pad short rows, so every row has a cell for every named column
    rows_out = tuple((n, r + ("",) * (width - len(r))) for n, r in body)
    return Table(kind=kind, header=tuple(h.strip() for h in header), rows=rows_out)


# ------------------------------------------------------------------------------------- CSV


def _csv_rows(data: bytes) -> list[list[str]]:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise TableError("file.utf16", "the file is UTF-16: save it as CSV UTF-8")
    if b"\x00" in data:
        raise TableError("file.not_text", "the file is neither CSV text nor an XLSX workbook")
    try:
        text = data.decode("utf-8-sig")  # strict; a BOM is dropped
    except UnicodeDecodeError as exc:
        raise TableError("file.not_utf8", f"not UTF-8 at byte {exc.start}", offset=str(exc.start)) from None
    first_line = text.split("\n", 1)[0]
    delimiter = max((",", ";", "\t"), key=first_line.count)
    rows: list[list[str]] = []
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    try:
        for row in reader:
            if len(row) > MAX_COLUMNS:
                raise TableError(
                    "file.too_many_columns", f"more than {MAX_COLUMNS} columns", limit=str(MAX_COLUMNS)
                )
            rows.append(row)
            if len(rows) > MAX_ROWS + 1:
                raise TableError("file.too_many_rows", f"more than {MAX_ROWS} rows", limit=str(MAX_ROWS))
    except csv.Error as exc:
        raise TableError(
            "file.malformed_csv", f"line {reader.line_num}: {exc}", line=str(reader.line_num)
        ) from None
    return rows


# ------------------------------------------------------------------------------------ XLSX


def _xlsx_rows(data: bytes) -> list[list[str]]:
    try:
        for _name, _content in read_zip(
            data, max_members=MAX_XLSX_MEMBERS, max_total_bytes=MAX_XLSX_INFLATED, where="xlsx"
        ):
            pass  # every member inflated within the limits before openpyxl reads any
    except UntrustedInputError as exc:
        raise TableError(
            "file.archive_refused", f"the workbook is refused: {exc.message}", reason=exc.code
        ) from None
    from openpyxl import load_workbook

    rows: list[list[str]] = []
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=False, keep_links=False)
        try:
            sheet = book.worksheets[0]
            for values in sheet.iter_rows(max_row=MAX_ROWS + 2, max_col=MAX_COLUMNS + 1, values_only=True):
                cells = [_cell_text(v) for v in values]
                while cells and not cells[-1]:
                    cells.pop()
                if len(cells) > MAX_COLUMNS:
                    raise TableError(
                        "file.too_many_columns", f"more than {MAX_COLUMNS} columns", limit=str(MAX_COLUMNS)
                    )
                rows.append(cells)
        finally:
            book.close()
    except TableError:
        raise
    except Exception as exc:
        # openpyxl raises many types (KeyError for a missing part, defusedxml's for entities,
        # ValueError for a bad cell, BadZipFile): each means the same to the person uploading
        raise TableError(
            "file.unreadable_xlsx", f"not an XLSX workbook that can be read: {type(exc).__name__}"
        ) from None
    while rows and not any(c.strip() for c in rows[-1]):
        rows.pop()
    if len(rows) > MAX_ROWS + 1:
        raise TableError("file.too_many_rows", f"more than {MAX_ROWS} rows", limit=str(MAX_ROWS))
    return rows


def _cell_text(value: Any) -> str:
    """A cell as text: a formula as its text (``=…``, never evaluated), a number in plain decimal
    notation (7.5, not 7.499999), a date as ISO 8601."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return format(Decimal(repr(value)).normalize(), "f")
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time(0) else value.isoformat()
    if isinstance(value, (date, time)):
        return value.isoformat()
    return str(value)
