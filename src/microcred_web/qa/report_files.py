"""The QA report's files (ADR 1541): the same tables (``reports.report_tables``) as CSV (one
section after another: a title row, a header row, the rows, an empty row), as XLSX (one sheet
per table) and as PDF (the platform's fpdf2 engine, ``core.pdf``: Noto fonts, Lao shaping)."""

from __future__ import annotations

import csv
import io
from typing import Any

from django.utils.translation import gettext as _

from microcred_web.core.pdf import new_document, set_font
from microcred_web.qa.reports import Table

_MUTED = (87, 96, 106)
_RULE = (200, 200, 200)


def _safe(cell: str) -> str:
    """A cell a spreadsheet will not run as a formula (CSV injection: = + - @ at the start)."""
    return (
        "'" + cell
        if cell[:1] in ("=", "+", "@", "\t", "\r") or (cell[:1] == "-" and cell != "—" and not _number(cell))
        else cell
    )


def _number(cell: str) -> bool:
    try:
        float(cell)
    except ValueError:
        return False
    return True


def report_csv(tables: list[Table]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    for t in tables:
        writer.writerow([t.key, _safe(t.title)])
        writer.writerow([_safe(h) for h in t.header])
        for row in t.rows:
            writer.writerow([_safe(c) for c in row])
        writer.writerow([])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def report_xlsx(tables: list[Table], title: str) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    book.remove(book.active)  # type: ignore[arg-type]
    book.properties.title = title
    book.properties.creator = "microcred"
    for n, t in enumerate(tables, start=1):
        sheet = book.create_sheet(title=f"{n:02d} {t.key.split(':', 1)[0]}"[:31])
        sheet.append([t.title])
        sheet["A1"].font = Font(bold=True)
        sheet.append(t.header)
        for cell in sheet[2]:
            cell.font = Font(bold=True)
        for row in t.rows:
            sheet.append([_cell(c) for c in row])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _cell(value: str) -> Any:
    """Figures as numbers (so a spreadsheet sums them), text as text."""
    if _number(value) and value.strip() == value and value not in ("nan", "inf", "-inf"):
        return int(value) if value.lstrip("-").isdigit() else float(value)
    return _safe(value)


def report_pdf(tables: list[Table], *, title: str, subtitle: str, language: str) -> bytes:
    pdf = new_document(title=title, author="microcred", language=language, subject=subtitle)
    pdf.set_margins(15, 15, 15)
    pdf.set_auto_page_break(True, margin=18)
    pdf.add_page()
    set_font(pdf, 16, bold=True)
    pdf.multi_cell(0, 8, title, new_x="LMARGIN", new_y="NEXT")
    set_font(pdf, 10, colour=_MUTED)
    pdf.multi_cell(0, 5, subtitle, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    for t in tables:
        if pdf.will_page_break(30):
            pdf.add_page()
        set_font(pdf, 12, bold=True)
        pdf.multi_cell(0, 7, t.title, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(1)
        if not t.rows:
            set_font(pdf, 9, colour=_MUTED)
            pdf.multi_cell(0, 5, _("no data yet"), new_x="LMARGIN", new_y="NEXT")
            pdf.ln(3)
            continue
        set_font(pdf, 8)
        weights = [2.2 if n < t.text_columns else 1.0 for n in range(len(t.header))]
        unit = (pdf.w - pdf.l_margin - pdf.r_margin) / sum(weights)
        widths = [w * unit for w in weights]
        with pdf.table(
            col_widths=tuple(widths),
            text_align="LEFT",
            line_height=4.2,
            borders_layout="HORIZONTAL_LINES",
            first_row_as_headings=True,
            headings_style=_heading_style(),
        ) as table:
            for row in [t.header, *t.rows]:
                cells = table.row()
                for c in row:
                    cells.cell(c)
        pdf.ln(4)
    total = pdf.page_no()
    for page in range(1, total + 1):
        pdf.page = page
        pdf.set_auto_page_break(False)
        set_font(pdf, 7, colour=_MUTED)
        pdf.set_xy(pdf.l_margin, pdf.h - 11)
        pdf.cell(0, 4, f"{subtitle} · {page}/{total}", align="R")
    return bytes(pdf.output())


def _heading_style() -> Any:
    from fpdf.fonts import FontFace

    return FontFace(emphasis="BOLD", fill_color=(235, 238, 241))
