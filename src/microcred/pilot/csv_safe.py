"""Cells of any CSV the platform writes, made safe for spreadsheets (CSV injection, OWASP
"CSV Injection"): a cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return
would be read by Excel, LibreOffice or Google Sheets as a formula (``=HYPERLINK(…)`` opening a
link, ``=cmd|…`` running a program), so it is prefixed with an apostrophe and stays text."""

from __future__ import annotations

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> str:
    """``value`` as a CSV cell that no spreadsheet evaluates."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_STARTS) else text
