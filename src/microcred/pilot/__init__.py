"""The pilot's framework-free rules (ADR 1001): grading schemes and pass/fail, who may receive a
credential, and reading a results file (CSV, XLSX, Moodle's grade export) into validated rows
whose every problem is a code with parameters, never English.

- :mod:`~microcred.pilot.grading`: the grading schemes of the consortium and the pass mark of each;
- :mod:`~microcred.pilot.eligibility`: passed AND the identity check satisfies the
  specification's supervision element (Annex I O2);
- :mod:`~microcred.pilot.table`: bytes → a header and cell texts, within limits;
- :mod:`~microcred.pilot.rows`: a table → :class:`~microcred.pilot.rows.ResultRow` or problems;
- :mod:`~microcred.pilot.csv_safe`: cells of any CSV we write, safe for spreadsheets.
"""

from __future__ import annotations

from microcred.pilot.eligibility import Eligibility, eligibility, supervision_satisfies
from microcred.pilot.grading import GradeError, GradeReading, GradingScheme, read_grade, scheme_named
from microcred.pilot.rows import (
    COLUMNS,
    MOODLE_COLUMNS,
    Defaults,
    ParseOutcome,
    Problem,
    ResultRow,
    parse_rows,
)
from microcred.pilot.table import MAX_FILE_BYTES, MAX_ROWS, Table, read_table

__all__ = [
    "COLUMNS",
    "MAX_FILE_BYTES",
    "MAX_ROWS",
    "MOODLE_COLUMNS",
    "Defaults",
    "Eligibility",
    "GradeError",
    "GradeReading",
    "GradingScheme",
    "ParseOutcome",
    "Problem",
    "ResultRow",
    "Table",
    "eligibility",
    "parse_rows",
    "read_grade",
    "read_table",
    "scheme_named",
    "supervision_satisfies",
]
