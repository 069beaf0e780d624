"""The pilot's codes in the user's language (the core and the services return codes with
parameters; only this module words them). A code not listed here is shown as itself, so a new
code is visible, never silently dropped."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from microcred.pilot import Problem
from microcred_web.core.wording import worded

MESSAGES: dict[str, Any] = {
    # the file as a whole
    "file.empty": _("The file is empty."),
    "file.too_large": _("The file is larger than the limit of %(limit)s bytes."),
    "file.not_utf8": _("The file is not UTF-8 text (at byte %(offset)s). Save it as “CSV UTF-8” or as XLSX."),
    "file.utf16": _("The file is UTF-16 text. Save it as “CSV UTF-8” or as XLSX."),
    "file.not_text": _("The file is neither CSV text nor an XLSX workbook."),
    "file.malformed_csv": _("The CSV cannot be read at line %(line)s (a quote is not closed?)."),
    "file.old_excel": _("This is an old Excel file (.xls). Save it as .xlsx or as CSV UTF-8."),
    "file.unreadable_xlsx": _("The file is not an XLSX workbook that can be read."),
    "file.archive_refused": _("The workbook is refused: it breaks a limit on compressed files (%(reason)s)."),
    "file.too_many_rows": _("The file has more than %(limit)s rows."),
    "file.too_many_columns": _("The file has more than %(limit)s columns."),
    "file.no_header": _("The first row must name the columns."),
    "file.no_rows": _("There are no learners in it."),
    "header.missing_column": _("The column “%(column)s” is missing."),
    "header.duplicate_column": _("The column “%(column)s” appears twice."),
    "column.unknown": _("“%(column)s” is not a field of a result."),
    # one value
    "value.required": _("A value is required."),
    "value.too_long": _("The value is longer than %(limit)s characters."),
    "value.not_text": _("The value must be text, a number or true/false."),
    "value.not_an_object": _("Each result must be a JSON object."),
    "external_id.invalid": _("“%(value)s” is not an id: letters, digits and . _ : / @ + - only."),
    "name.invalid_character": _("The name holds an invisible or control character (%(character)s)."),
    "name.mixed_scripts": _(
        "“%(word)s” mixes scripts (%(scripts)s) in one word; check for look-alike letters."
    ),
    "email.invalid": _("“%(value)s” is not an e-mail address."),
    "grade.not_in_scheme": _("“%(grade)s” is not a grade of the scheme “%(scheme)s”."),
    "grade.required": _("Give the grade (scheme “%(scheme)s”): pass or fail is read from it."),
    "passed.invalid": _("“%(value)s” is neither yes nor no."),
    "passed.required_for_scheme": _(
        "Say whether the learner passed: the grading scheme “%(scheme)s” is not one the platform can read."
    ),
    "passed.contradicts_grade": _("The grade %(grade)s in “%(scheme)s” says otherwise."),
    "date.invalid": _("“%(value)s” is not a date (YYYY-MM-DD)."),
    "date.in_future": _("%(value)s is in the future."),
    "supervision.invalid": _("“%(value)s” is not an identity check; use one of: %(allowed)s."),
    "row.duplicate_external_id": _("The id %(external_id)s is already on row %(first_row)s."),
    # the import and the offering
    "offering.over_capacity": _("The offering takes %(capacity)s learners; this would make %(would_be)s."),
    "offering.version_not_published": _("Only a published micro-credential has offerings."),
    "offering.dates_reversed": _("The offering must end after it starts."),
    "offering.not_found": _("No such offering at this institution."),
    "enrolment.exists": _("%(external_id)s is already in the cohort."),
    "import.already_committed": _("This import has already been committed."),
    "import.refused": _("Nothing was saved: some rows have problems."),
    # who may receive the credential
    "eligibility.no_result": _("no result yet"),
    "eligibility.not_passed": _("did not pass"),
    "eligibility.supervision_short": _("the identity check applied does not meet the specification's"),
}


def message(code: str, params: Mapping[str, str] | None = None) -> str:
    """``code`` with ``params`` in the active language."""
    return worded(MESSAGES, code, params)


def problem_message(problem: Problem) -> str:
    return message(problem.code, problem.params)


def where(problem: Problem) -> str:
    """ "row 4, column grade" (row 0 = the whole file)."""
    if problem.row and problem.column:
        return gettext("row %(row)s, column “%(column)s”") % {"row": problem.row, "column": problem.column}
    if problem.row:
        return gettext("row %(row)s") % {"row": problem.row}
    return gettext("the file")
