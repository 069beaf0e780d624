"""A results table → validated rows (issue 11, item 2; ADR 1001).

Two layouts are read:

- **ours** (the template offered for download): ``external_id``, ``given_names``,
  ``family_name``, ``email``, then optionally ``full_name``, ``grade``, ``passed``,
  ``assessed_on`` (ISO 8601 date), ``supervision_applied`` (Annex I O2 codes);
- **Moodle's grade export** (Grades › Export, plain text or Excel): ``First name``, ``Last name``
  (``Surname`` in older releases), ``ID number``, ``Institution``, ``Department``,
  ``Email address``, one ``<type>: <activity> (Real)`` column per grade item, ``Course total
  (Real)`` and ``Last downloaded from this course``. The ``ID number`` is the external id, the
  course total the grade (``-`` = not graded yet); the identity check and the assessment date,
  which Moodle does not export, come from the :class:`Defaults` of the upload.

Every problem names the row, the column and a code with parameters (:class:`Problem`); the web
layer words them in the user's language. A row with no grade enrols the learner without a
result. Names are kept exactly as given, in Unicode NFC (UAX #15); a name mixing scripts inside
one word (a Cyrillic ``е`` in a Latin name) or holding invisible format characters is refused.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Protocol

from microcred.pilot.grading import GradeError, GradingScheme
from microcred.pilot.table import MAX_CELL_CHARS, Table
from microcred.recognition.values import SUPERVISION_ORDER

COLUMNS: tuple[str, ...] = (
    "external_id",
    "given_names",
    "family_name",
    "email",
    "full_name",
    "grade",
    "passed",
    "assessed_on",
    "supervision_applied",
)
REQUIRED: tuple[str, ...] = ("external_id", "given_names", "email")

MOODLE_FIRST = "First name"
MOODLE_LAST = ("Last name", "Surname")
MOODLE_ID = "ID number"
MOODLE_EMAIL = "Email address"
MOODLE_TOTAL = "Course total (Real)"
MOODLE_COLUMNS: tuple[str, ...] = (
    MOODLE_FIRST,
    "Last name",
    MOODLE_ID,
    "Institution",
    "Department",
    MOODLE_EMAIL,
    MOODLE_TOTAL,
    "Last downloaded from this course",
)

MAX_EXTERNAL_ID = 64
MAX_NAME = 100
MAX_EMAIL = 254
MAX_GRADE = 100

_EXTERNAL_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._:/@+-]*$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_TRUE = frozenset({"yes", "true", "1", "pass", "passed", "y"})
_FALSE = frozenset({"no", "false", "0", "fail", "failed", "n"})
_NOT_GRADED = frozenset({"", "-"})


@dataclass(frozen=True)
class Problem:
    """One problem: ``row`` as a spreadsheet numbers it (1 = the header; 0 = the whole file),
    ``column`` as the file names it (empty for the whole row or file), ``code`` and ``params``."""

    row: int
    column: str
    code: str
    params: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Defaults:
    """What the upload says for every row: the offering's grading scheme (by its name, and as
    read by :func:`~microcred.pilot.grading.scheme_named`), the identity check applied and the
    assessment date where the file has none, and today (no assessment in the future)."""

    scheme_name: str | None
    scheme: GradingScheme | None
    today: date
    supervision_applied: str | None = None
    assessed_on: date | None = None
    # the order of a full name made from its parts when the file gives none: family name first
    # in Vietnam ("Nguyễn Văn An"), given names first elsewhere (Laos: "ສົມພອນ ແກ້ວມະນີ")
    family_name_first: bool = False


@dataclass(frozen=True)
class ResultRow:
    """A learner of the offering and, when graded, the result (Annex I M1 the learner; O3 the
    grade in ``grading_scheme``; O2 the identity check actually applied)."""

    row: int
    external_id: str
    given_names: str
    family_name: str
    full_name: str
    email: str
    grade: str | None
    passed: bool | None
    assessed_on: date | None
    supervision_applied: str | None


@dataclass(frozen=True)
class ParseOutcome:
    layout: str  # "microcred" or "moodle"
    rows: tuple[ResultRow, ...]
    problems: tuple[Problem, ...]

    @property
    def ok(self) -> bool:
        return not self.problems


def parse_rows(table: Table, defaults: Defaults) -> ParseOutcome:
    """Every row validated; problems collected for all of them (none stops the others)."""
    header = [unicodedata.normalize("NFC", h) for h in table.header]
    problems: list[Problem] = []
    seen: dict[str, int] = {}
    for h in header:
        if h and header.count(h) > 1 and h not in seen:
            problems.append(Problem(1, h, "header.duplicate_column", {"column": h}))
            seen[h] = 1
    layout, mapping, missing = _layout(header)
    for column in missing:
        problems.append(Problem(1, column, "header.missing_column", {"column": column}))
    if problems:
        return ParseOutcome(layout, (), tuple(problems))
    rows: list[ResultRow] = []
    first_row_of: dict[str, int] = {}
    for number, cells in table.rows:
        cell = {key: unicodedata.normalize("NFC", cells[i]).strip() for key, i in mapping.items()}
        names = {key: header[i] for key, i in mapping.items()}
        row, row_problems = _row(number, cell, names, defaults)
        key = cell.get("external_id", "").casefold()
        if key and key in first_row_of:
            row_problems.append(
                Problem(
                    number,
                    names["external_id"],
                    "row.duplicate_external_id",
                    {"external_id": cell["external_id"], "first_row": str(first_row_of[key])},
                )
            )
        elif key:
            first_row_of[key] = number
        problems.extend(row_problems)
        if row is not None and not row_problems:
            rows.append(row)
    if not table.rows:
        problems.append(Problem(0, "", "file.no_rows"))
    return ParseOutcome(layout, tuple(rows), tuple(problems))


def _layout(header: list[str]) -> tuple[str, dict[str, int], list[str]]:
    """The layout, a map from our field names to column positions, and the missing columns."""
    folded = {h.casefold(): i for i, h in reversed(list(enumerate(header)))}
    if MOODLE_ID.casefold() in folded and MOODLE_EMAIL.casefold() in folded:
        wanted = {
            "external_id": (MOODLE_ID,),
            "given_names": (MOODLE_FIRST,),
            "family_name": MOODLE_LAST,
            "email": (MOODLE_EMAIL,),
            "grade": (MOODLE_TOTAL,),
        }
        mapping: dict[str, int] = {}
        missing: list[str] = []
        for key, choices in wanted.items():
            found = next((folded[c.casefold()] for c in choices if c.casefold() in folded), None)
            if found is None:
                missing.append(choices[0])
            else:
                mapping[key] = found
        return "moodle", mapping, missing
    mapping = {c: folded[c] for c in COLUMNS if c in folded}
    return "microcred", mapping, [c for c in REQUIRED if c not in mapping]


class _Reporter(Protocol):
    def __call__(self, key: str, code: str, /, **params: str) -> None: ...


def _row(
    number: int, cell: dict[str, str], names: dict[str, str], defaults: Defaults
) -> tuple[ResultRow | None, list[Problem]]:
    problems: list[Problem] = []

    def problem(key: str, code: str, /, **params: str) -> None:
        problems.append(Problem(number, names.get(key, key), code, params))

    for key, value in cell.items():
        if len(value) > MAX_CELL_CHARS:
            problem(key, "value.too_long", limit=str(MAX_CELL_CHARS))
    if problems:  # a cell far too long is not read further
        return None, problems
    external_id = cell.get("external_id", "")
    if not external_id:
        problem("external_id", "value.required")
    elif len(external_id) > MAX_EXTERNAL_ID:
        problem("external_id", "value.too_long", limit=str(MAX_EXTERNAL_ID))
    elif not _EXTERNAL_ID.match(external_id):
        problem("external_id", "external_id.invalid", value=external_id)
    for key in ("given_names", "family_name", "full_name"):
        value = cell.get(key, "")
        if key == "given_names" and not value:
            problem(key, "value.required")
        elif len(value) > MAX_NAME:
            problem(key, "value.too_long", limit=str(MAX_NAME))
        elif value:
            for code, params in _name_problems(value):
                problem(key, code, **params)
    email = cell.get("email", "")
    if not email:
        problem("email", "value.required")
    elif len(email) > MAX_EMAIL or not _EMAIL.match(email):
        problem("email", "email.invalid", value=email[:MAX_EMAIL])
    grade, passed = _result(cell, defaults, problem)
    assessed_on = _date(cell.get("assessed_on", ""), defaults, problem)
    supervision = cell.get("supervision_applied", "") or defaults.supervision_applied or ""
    if supervision and supervision not in SUPERVISION_ORDER:
        problem(
            "supervision_applied",
            "supervision.invalid",
            value=supervision,
            allowed=", ".join(SUPERVISION_ORDER),
        )
    if problems:
        return None, problems
    given, family = cell.get("given_names", ""), cell.get("family_name", "")
    parts = (family, given) if defaults.family_name_first else (given, family)
    return ResultRow(
        row=number,
        external_id=external_id,
        given_names=given,
        family_name=family,
        full_name=cell.get("full_name", "") or " ".join(p for p in parts if p),
        email=email,
        grade=grade,
        passed=passed,
        assessed_on=assessed_on if grade is not None or passed is not None else None,
        supervision_applied=supervision or None,
    ), []


def _result(cell: dict[str, str], defaults: Defaults, problem: _Reporter) -> tuple[str | None, bool | None]:
    raw_grade = cell.get("grade", "")
    raw_passed = cell.get("passed", "").casefold()
    given_passed: bool | None = None
    if raw_passed:
        if raw_passed in _TRUE:
            given_passed = True
        elif raw_passed in _FALSE:
            given_passed = False
        else:
            problem("passed", "passed.invalid", value=cell.get("passed", ""))
            return None, None
    if raw_grade in _NOT_GRADED:
        if given_passed is not None and defaults.scheme is not None:
            problem("grade", "grade.required", scheme=defaults.scheme.name)
        return None, given_passed
    if len(raw_grade) > MAX_GRADE:
        problem("grade", "value.too_long", limit=str(MAX_GRADE))
        return None, None
    if defaults.scheme is None:
        if given_passed is None:
            problem("passed", "passed.required_for_scheme", scheme=defaults.scheme_name or "")
            return None, None
        return raw_grade, given_passed
    try:
        reading = defaults.scheme.read(raw_grade)
    except GradeError as exc:
        problem("grade", exc.code, **exc.params)
        return None, None
    if given_passed is not None and given_passed != reading.passed:
        problem("passed", "passed.contradicts_grade", grade=reading.grade, scheme=defaults.scheme.name)
        return None, None
    return reading.grade, reading.passed


def _date(raw: str, defaults: Defaults, problem: _Reporter) -> date | None:
    if not raw:
        return defaults.assessed_on
    if raw.endswith("T00:00:00"):
        raw = raw[:10]
    try:
        if not _ISO_DATE.match(raw):
            raise ValueError(raw)
        value = date.fromisoformat(raw)
    except ValueError:
        problem("assessed_on", "date.invalid", value=raw[:40])
        return None
    if value > defaults.today:
        problem("assessed_on", "date.in_future", value=raw)
        return None
    return value


def _script(char: str) -> str | None:
    """The script of a letter, from its Unicode name (LATIN, CYRILLIC, LAO, THAI, GREEK…);
    ``None`` for what belongs to every script (marks, spaces, punctuation, digits)."""
    if unicodedata.category(char)[0] != "L":
        return None
    name = unicodedata.name(char, "")
    return name.split(" ", 1)[0] if name else None


def _name_problems(value: str) -> list[tuple[str, dict[str, str]]]:
    found: list[tuple[str, dict[str, str]]] = []
    for char in value:
        category = unicodedata.category(char)
        if category in ("Cc", "Cf", "Co", "Cs", "Cn", "Zl", "Zp"):
            found.append(("name.invalid_character", {"character": f"U+{ord(char):04X}"}))
            return found
    for word in value.split():
        scripts = sorted({s for c in word if (s := _script(c)) is not None})
        if len(scripts) > 1:
            found.append(("name.mixed_scripts", {"word": word, "scripts": ", ".join(scripts)}))
            break
    return found
