"""Writes of the pilot (HackSoft style: ``<entity>_<action>``, keyword-only, one transaction).

The import runs in two steps for files: :func:`results_preview` reads and validates every row
and keeps the file's bytes in a :class:`ResultImport`; :func:`results_commit` reads the same bytes
again and writes every row in one transaction, or nothing when any row has a problem (ADR 1001).
The API (:func:`results_submit`) does both at once. Rows are keyed on (offering, external id):
importing again updates the learner, it never adds a second one.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models.functions import Lower
from django.utils import timezone

from microcred.pilot import (
    MAX_FILE_BYTES,
    Defaults,
    ParseOutcome,
    Problem,
    ResultRow,
    Table,
    parse_rows,
    read_table,
    scheme_named,
)
from microcred.pilot.grading import TABLE_VERSION
from microcred.pilot.rows import COLUMNS
from microcred.pilot.table import TableError
from microcred_web.accounts.permissions import Action, require
from microcred_web.catalogue.models import MicroCredentialVersion, Status
from microcred_web.core.security_log import SecurityEvent, security_event
from microcred_web.credentials.models import ApiToken
from microcred_web.pilot.errors import PilotError
from microcred_web.pilot.models import Enrolment, Offering, ResultImport
from microcred_web.privacy.services import consents_pending_create


@transaction.atomic
def offering_create(
    *,
    version: MicroCredentialVersion,
    by: Any,
    term: str,
    starts_on: date,
    ends_on: date,
    mode: str,
    language: str,
    capacity: int,
    place: str = "",
) -> Offering:
    """A new offering of a *published* version (a draft is not offered to learners)."""
    require(by, Action.MANAGE_OFFERINGS, version)
    if version.status != Status.PUBLISHED:
        raise PilotError("offering.version_not_published")
    if ends_on < starts_on:
        raise PilotError("offering.dates_reversed")
    return Offering.objects.create(
        version=version,
        term=term.strip(),
        starts_on=starts_on,
        ends_on=ends_on,
        mode=mode,
        language=language,
        capacity=capacity,
        place=place.strip(),
        created_by=by if getattr(by, "is_authenticated", False) else None,
    )


def defaults_for(
    offering: Offering, *, supervision_applied: str | None = None, assessed_on: date | None = None
) -> Defaults:
    """What every row of an import of ``offering`` is read with: the specification's grading
    scheme (Annex I O3), the upload's identity check and date, and the name order of the
    institution's country."""
    spec = offering.version.spec or {}
    grading = spec.get("grading") if isinstance(spec, dict) else None
    scheme_name = grading.get("scheme") if isinstance(grading, dict) else None
    scheme_name = scheme_name if isinstance(scheme_name, str) else None
    return Defaults(
        scheme_name=scheme_name,
        scheme=scheme_named(scheme_name),
        today=timezone.localdate(),
        supervision_applied=supervision_applied or None,
        assessed_on=assessed_on,
        family_name_first=offering.version.micro_credential.institution.country == "VN",
    )


@dataclass(frozen=True)
class Preview:
    """What an import would do: the rows (each marked new or an update) and every problem."""

    result_import: ResultImport
    outcome: ParseOutcome
    existing: frozenset[str]

    @property
    def ok(self) -> bool:
        return self.outcome.ok

    @property
    def problems(self) -> tuple[Problem, ...]:
        return self.outcome.problems

    def is_update(self, row: ResultRow) -> bool:
        return row.external_id in self.existing


def _parse(offering: Offering, table: Table, defaults: Defaults) -> ParseOutcome:
    outcome = parse_rows(table, defaults)
    if not outcome.ok:
        return outcome
    existing = set(offering.enrolments.values_list("external_id", flat=True))
    new = sum(1 for r in outcome.rows if r.external_id not in existing)
    if len(existing) + new > offering.capacity:
        problem = Problem(
            0,
            "",
            "offering.over_capacity",
            {"capacity": str(offering.capacity), "would_be": str(len(existing) + new)},
        )
        return ParseOutcome(outcome.layout, outcome.rows, (problem,))
    return outcome


def _read(result_import: ResultImport) -> ParseOutcome:
    offering = result_import.offering
    defaults = defaults_for(
        offering,
        supervision_applied=result_import.supervision_default or None,
        assessed_on=result_import.assessed_on_default,
    )
    try:
        table = read_table(bytes(result_import.content))
    except TableError as exc:
        return ParseOutcome("", (), (Problem(0, "", exc.code, exc.params),))
    return _parse(offering, table, defaults)


def results_preview(
    *,
    offering: Offering,
    by: Any,
    data: bytes,
    filename: str = "",
    supervision_applied: str | None = None,
    assessed_on: date | None = None,
) -> Preview:
    """Read and validate a results file; keep it for :func:`results_commit`. Writes no learner."""
    require(by, Action.IMPORT_RESULTS, offering)
    kind = ResultImport.Source.XLSX if data.startswith(b"PK") else ResultImport.Source.CSV
    result_import = ResultImport(
        offering=offering,
        source=kind,
        filename=filename[-200:],
        supervision_default=supervision_applied or "",
        assessed_on_default=assessed_on,
        by=by if getattr(by, "is_authenticated", False) else None,
        grading_table_version=TABLE_VERSION,
    )
    # an oversized upload is refused by read_table; keep nothing of it
    result_import.content = data if len(data) <= MAX_FILE_BYTES else b""
    if not result_import.content:
        outcome = ParseOutcome("", (), (Problem(0, "", "file.too_large", {"limit": str(MAX_FILE_BYTES)}),))
    else:
        outcome = _read(result_import)
    result_import.layout = outcome.layout
    result_import.rows = len(outcome.rows)
    if outcome.ok:
        # one pending preview per person and offering: an abandoned one keeps no personal data
        ResultImport.objects.filter(
            offering=offering, by=result_import.by, state=ResultImport.State.PREVIEWED
        ).delete()
        result_import.save()
    existing = frozenset(offering.enrolments.values_list("external_id", flat=True))
    return Preview(result_import=result_import, outcome=outcome, existing=existing)


@transaction.atomic
def results_commit(*, result_import: ResultImport, by: Any, request: Any = None) -> ResultImport:
    """Write the previewed file: every row, or nothing when any row has a problem now."""
    if result_import.pk is None:  # a preview with problems is never kept
        raise PilotError("import.refused")
    result_import = ResultImport.objects.select_for_update().get(pk=result_import.pk)
    require(by, Action.IMPORT_RESULTS, result_import.offering)
    if result_import.state != ResultImport.State.PREVIEWED:
        raise PilotError("import.already_committed")
    outcome = _read(result_import)
    if not outcome.ok:
        raise PilotError("import.refused", outcome.problems)
    created, updated = _apply(result_import.offering, outcome.rows, source=result_import.source)
    result_import.state = ResultImport.State.COMMITTED
    result_import.created, result_import.updated = created, updated
    result_import.committed_at = timezone.now()
    result_import.content = b""  # the learners are in the enrolments now; keep no second copy
    result_import.save()
    _log(result_import, request=request)
    return result_import


def _cell(value: Any) -> str | None:
    """One JSON value as the text a file cell would hold (``None`` when it cannot be one)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str | int | float):
        return str(value)
    if isinstance(value, Decimal):
        return format(value, "f")
    return None


@transaction.atomic
def results_submit(
    *,
    offering: Offering,
    token: ApiToken,
    items: Sequence[Any],
    supervision_applied: str | None = None,
    request: Any = None,
) -> ResultImport:
    """The results API: validate every item and write them all, or raise ``import.refused``
    with every problem (``row`` = the item's position in ``results``, from 1)."""
    if token.institution_id != offering.institution_id:
        raise PilotError("offering.not_found")
    problems: list[Problem] = []
    rows: list[tuple[int, tuple[str, ...]]] = []
    for n, item in enumerate(items, start=1):
        if not isinstance(item, dict):
            problems.append(Problem(n, "", "value.not_an_object"))
            continue
        unknown = sorted(set(item) - set(COLUMNS))
        if unknown:
            problems.append(Problem(n, unknown[0], "column.unknown", {"column": unknown[0]}))
        cells = []
        for column in COLUMNS:
            text = _cell(item.get(column))
            if text is None:
                problems.append(Problem(n, column, "value.not_text"))
                text = ""
            cells.append(text)
        rows.append((n, tuple(cells)))
    if not items:
        problems.append(Problem(0, "results", "file.no_rows"))
    if problems:
        raise PilotError("import.refused", problems)
    # the API's rows are numbered from 1; the table's header is row 0 here
    table = Table(kind="api", header=COLUMNS, rows=tuple(rows))
    outcome = _parse(offering, table, defaults_for(offering, supervision_applied=supervision_applied))
    if not outcome.ok:
        raise PilotError("import.refused", outcome.problems)
    created, updated = _apply(offering, outcome.rows, source=ResultImport.Source.API)
    result_import = ResultImport.objects.create(
        offering=offering,
        source=ResultImport.Source.API,
        layout=outcome.layout,
        state=ResultImport.State.COMMITTED,
        supervision_default=supervision_applied or "",
        rows=len(outcome.rows),
        created=created,
        updated=updated,
        grading_table_version=TABLE_VERSION,
        token=token,
        committed_at=timezone.now(),
    )
    _log(result_import, request=request)
    return result_import


@transaction.atomic
def enrolment_add(
    *,
    offering: Offering,
    by: Any,
    external_id: str,
    given_names: str,
    family_name: str,
    email: str,
    full_name: str = "",
) -> Enrolment:
    """Enrol one learner from the form, validated as an import row is (NFC names, scripts,
    e-mail, the capacity); an external id already in the cohort is refused, not updated."""
    require(by, Action.MANAGE_OFFERINGS, offering)
    cells = (external_id, given_names, family_name, email, full_name, "", "", "", "")
    table = Table(kind="form", header=COLUMNS, rows=((2, cells),))
    outcome = _parse(offering, table, defaults_for(offering))
    if not outcome.ok:
        raise PilotError("import.refused", outcome.problems)
    row = outcome.rows[0]
    if offering.enrolments.filter(external_id=row.external_id).exists():
        raise PilotError("enrolment.exists", external_id=row.external_id)
    _apply(offering, outcome.rows, source=ResultImport.Source.FORM)
    return offering.enrolments.get(external_id=row.external_id)


def _accounts(emails: Iterable[str]) -> dict[str, Any]:
    """Existing accounts by lower-cased e-mail (links an enrolment to its learner)."""
    wanted = {e.lower() for e in emails}
    found: dict[str, Any] = {}
    users = get_user_model().objects.annotate(email_lower=Lower("email")).filter(email_lower__in=wanted)
    for user in users:
        found.setdefault(user.email.lower(), user)
    return found


def _apply(offering: Offering, rows: Sequence[ResultRow], *, source: str) -> tuple[int, int]:
    """Create or update one enrolment per row, keyed on (offering, external id). Called inside
    the caller's transaction: any failure writes nothing. A row without a result keeps the
    learner's earlier result (an empty cell never erases a grade)."""
    now = timezone.now()
    scheme = defaults_for(offering).scheme_name or ""
    existing = {e.external_id: e for e in Enrolment.objects.select_for_update().filter(offering=offering)}
    accounts = _accounts(r.email for r in rows)
    new: list[Enrolment] = []
    changed: list[Enrolment] = []
    for row in rows:
        enrolment = existing.get(row.external_id) or Enrolment(offering=offering, external_id=row.external_id)
        enrolment.given_names = row.given_names
        enrolment.family_name = row.family_name
        enrolment.full_name = row.full_name
        enrolment.email = row.email
        if enrolment.learner_id is None:
            enrolment.learner = accounts.get(row.email.lower())
        if row.grade is not None or row.passed is not None:
            enrolment.grade = row.grade or ""
            enrolment.grading_scheme = scheme
            enrolment.passed = row.passed
            enrolment.assessed_on = row.assessed_on
            enrolment.supervision_applied = row.supervision_applied or ""
            enrolment.result_source = source
            enrolment.result_at = now
        (changed if enrolment.pk else new).append(enrolment)
    Enrolment.objects.bulk_create(new)
    Enrolment.objects.bulk_update(changed, _UPDATED_FIELDS)
    # the learners of a form, file or API never saw the privacy notice here: pending (ADR 1371)
    consents_pending_create(enrolments=[*new, *changed])
    return len(new), len(changed)


_UPDATED_FIELDS = [
    "given_names",
    "family_name",
    "full_name",
    "email",
    "learner",
    "grade",
    "grading_scheme",
    "passed",
    "assessed_on",
    "supervision_applied",
    "result_source",
    "result_at",
]


def _log(result_import: ResultImport, *, request: Any) -> None:
    security_event(
        SecurityEvent.RESULTS_IMPORTED,
        request=request,
        import_id=result_import.pk,
        offering_id=result_import.offering_id,
        source=result_import.source,
        token_id=result_import.token_id,
        rows=result_import.rows,
        created=result_import.created,
        updated=result_import.updated,
    )
