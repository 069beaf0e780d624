"""The template results file offered for download (CSV UTF-8 with BOM, and XLSX), and the
cohort as CSV. Every cell we write goes through :func:`microcred.pilot.csv_safe.safe_cell`."""

from __future__ import annotations

import csv
import io

from openpyxl import Workbook

from microcred.pilot.csv_safe import safe_cell
from microcred.pilot.rows import COLUMNS

EXAMPLE_ROWS: tuple[tuple[str, ...], ...] = (
    (
        "S2027001",
        "Văn An",
        "Nguyễn",
        "an.nguyen@example.edu.vn",
        "",
        "8.5",
        "",
        "2026-11-20",
        "supervised_with_id",
    ),
    ("S2027002", "ສົມພອນ", "ແກ້ວມະນີ", "somphone@example.edu.la", "", "", "", "", ""),
)


def template_csv() -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for row in EXAMPLE_ROWS:
        writer.writerow([safe_cell(c) for c in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def template_xlsx() -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "results"
    sheet.append(list(COLUMNS))
    for row in EXAMPLE_ROWS:
        # data_type "s": every cell is a string, never a formula, whatever it starts with
        sheet.append(list(row))
    for cells in sheet.iter_rows():
        for cell in cells:
            cell.data_type = "s"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def cohort_csv(rows: list[list[str]], header: list[str]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([safe_cell(h) for h in header])
    for row in rows:
        writer.writerow([safe_cell(c) for c in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")
