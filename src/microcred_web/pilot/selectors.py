"""Reads of the pilot: offerings a person may see, an offering's cohort with each learner's
state, and :func:`eligible_for_credential`, where bulk issuing (``microcred_web.bulk``) starts."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import Any

from django.db.models import (
    Case,
    Count,
    DateTimeField,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    When,
)
from django.db.models.functions import Coalesce, Lower, TruncWeek
from django.utils import timezone

from microcred.pilot import Eligibility, eligibility
from microcred_web.accounts.permissions import Action, institutions_where
from microcred_web.credentials.models import IssuedCredential
from microcred_web.pilot.models import Enrolment, Offering


class LearnerState(StrEnum):
    """Where a learner of a cohort stands, furthest step reached (issue 11, item 1)."""

    ENROLLED = "enrolled"  # in the cohort, no result yet
    COMPLETED = "completed"  # assessed, did not pass
    PASSED = "passed"  # passed; a credential may be issued (if eligible)
    ISSUED = "issued"  # a credential has been issued
    CLAIMED = "claimed"  # the learner has taken the credential into their account


def offerings_for(user: Any) -> QuerySet[Offering]:
    """Offerings at the institutions where ``user`` manages offerings or imports results."""
    ids = {
        i.pk for a in (Action.MANAGE_OFFERINGS, Action.IMPORT_RESULTS) for i in institutions_where(user, a)
    }
    return (
        Offering.objects.filter(version__micro_credential__institution_id__in=ids)
        .select_related("version__micro_credential__institution")
        .order_by("-starts_on", "pk")
    )


def required_supervision(offering: Offering) -> str | None:
    """The specification's supervision element (Annex I O2), or ``None`` when it promises none."""
    spec = offering.version.spec
    value = spec.get("supervision") if isinstance(spec, dict) else None
    return value if isinstance(value, str) and value else None


def _credentials_by_email(offering: Offering) -> dict[str, IssuedCredential]:
    """Credentials of the offering's version by the learner's e-mail (lower case), for cohorts
    whose credentials were issued before bulk issuing linked them (``Enrolment.credential``).
    Revoked credentials do not count."""
    found: dict[str, IssuedCredential] = {}
    for credential in IssuedCredential.objects.filter(
        version=offering.version, revoked_at__isnull=True
    ).exclude(learner_email=""):
        found.setdefault(credential.learner_email.lower(), credential)
    return found


def credential_of(enrolment: Enrolment, by_email: dict[str, IssuedCredential]) -> IssuedCredential | None:
    """The learner's credential: the one linked to the enrolment, else one of the same version
    issued to the same e-mail address (what bulk issuing, which keys its items on the version
    and the external id, produces: it stores the learner's e-mail on the credential)."""
    if enrolment.credential is not None and enrolment.credential.revoked_at is None:
        return enrolment.credential
    return by_email.get(enrolment.email.lower())


def is_claimed(credential: IssuedCredential) -> bool:
    """Claimed = the credential sits in a learner's account (``IssuedCredential.learner``).
    The claim link of issue 11, item 4 sets that account; this is the one place that reads it."""
    return credential.learner_id is not None


@dataclass(frozen=True)
class CohortLearner:
    enrolment: Enrolment
    state: LearnerState
    eligibility: Eligibility
    credential: IssuedCredential | None


def cohort(offering: Offering) -> list[CohortLearner]:
    """Every learner of the offering with their state and whether they may receive the
    credential."""
    required = required_supervision(offering)
    by_email = _credentials_by_email(offering)
    out: list[CohortLearner] = []
    for enrolment in offering.enrolments.select_related("credential"):
        credential = credential_of(enrolment, by_email)
        if credential is not None:
            state = LearnerState.CLAIMED if is_claimed(credential) else LearnerState.ISSUED
        elif enrolment.passed:
            state = LearnerState.PASSED
        elif enrolment.passed is False:
            state = LearnerState.COMPLETED
        else:
            state = LearnerState.ENROLLED
        verdict = eligibility(
            passed=enrolment.passed, applied=enrolment.supervision_applied or None, required=required
        )
        out.append(CohortLearner(enrolment, state, verdict, credential))
    return out


def cohort_counts(learners: list[CohortLearner]) -> dict[str, int]:
    """How many learners reached each state or went beyond it (a claimed learner also passed,
    completed and is enrolled; a learner who did not pass completed)."""
    counts = Counter(c.state for c in learners)
    at_least = {
        LearnerState.ENROLLED: set(LearnerState),
        LearnerState.COMPLETED: set(LearnerState) - {LearnerState.ENROLLED},
        LearnerState.PASSED: {LearnerState.PASSED, LearnerState.ISSUED, LearnerState.CLAIMED},
        LearnerState.ISSUED: {LearnerState.ISSUED, LearnerState.CLAIMED},
        LearnerState.CLAIMED: {LearnerState.CLAIMED},
    }
    return {state.value: sum(counts[s] for s in states) for state, states in at_least.items()}


@dataclass(frozen=True)
class EligibleLearner:
    """One learner ready to be issued the offering's credential: what a bulk-issuing item
    carries (the learner, Annex I M1; the result: grade O3 in its scheme, the assessment date,
    the identity check O2 actually applied)."""

    enrolment_id: int
    external_id: str
    full_name: str
    given_names: str
    family_name: str
    email: str
    grade: str
    grading_scheme: str
    passed: bool
    assessed_on: date | None
    supervision_applied: str

    def as_item(self) -> dict[str, Any]:
        """The fields of ``microcred_web.bulk.services.BulkLearner`` (issue 11, item 3):
        ``start_batch(version=…, items=[BulkLearner(**e.as_item()) for e in eligible], by=…,
        offering=offering)``."""
        return {
            "external_id": self.external_id,
            "name": self.full_name,
            "email": self.email,
            "grade": self.grade or None,
            "grading_scheme": self.grading_scheme or None,
            "passed": self.passed,
            "assessed_on": self.assessed_on,
            "supervision_applied": self.supervision_applied or None,
        }


def eligible_for_credential(offering: Offering) -> list[EligibleLearner]:
    """Learners of ``offering`` who passed, whose identity check satisfies the specification's
    supervision element (Annex I O2; :func:`microcred.pilot.eligibility`), and who have no
    credential of it yet — ready to issue, in cohort order."""
    return [
        EligibleLearner(
            enrolment_id=c.enrolment.pk,
            external_id=c.enrolment.external_id,
            full_name=c.enrolment.full_name,
            given_names=c.enrolment.given_names,
            family_name=c.enrolment.family_name,
            email=c.enrolment.email,
            grade=c.enrolment.grade,
            grading_scheme=c.enrolment.grading_scheme,
            passed=True,
            assessed_on=c.enrolment.assessed_on,
            supervision_applied=c.enrolment.supervision_applied,
        )
        for c in cohort(offering)
        if c.eligibility.eligible and c.credential is None
    ]


# The consortium's stated pilot: at least 500 learners (work package 3; the MICRO4ASIA
# announcement, issue 11). A setting, so another programme sets its own.
PILOT_TARGET_DEFAULT = 500

FIGURES = ("enrolled", "completed", "credentialed")


def _credentialed_at() -> Coalesce:
    """When the enrolment's learner got the offering's credential, as one SQL expression (NULL
    when they have none): the credential linked to the enrolment, unless revoked, else the first
    unrevoked credential of the offering's version issued to the same e-mail, compared without
    case — the rule of :func:`credential_of`, evaluated by the database."""
    by_email = (
        IssuedCredential.objects.filter(version_id=OuterRef("offering__version_id"), revoked_at__isnull=True)
        .exclude(learner_email="")
        .annotate(email_lower=Lower("learner_email"))
        .filter(email_lower=Lower(OuterRef("email")))
        .order_by("issued_at", "pk")
        .values("issued_at")[:1]
    )
    linked = Case(
        When(credential__isnull=False, credential__revoked_at__isnull=True, then=F("credential__issued_at")),
        default=None,
        output_field=DateTimeField(),
    )
    return Coalesce(linked, Subquery(by_email, output_field=DateTimeField()))


def _with_credential_time() -> QuerySet[Enrolment]:
    return Enrolment.objects.annotate(credentialed_at=_credentialed_at())


def _counted() -> dict[str, Count]:
    """enrolled, completed (assessed, passed or not, or holding the credential: the states of
    :func:`cohort_counts` from ``completed`` on) and credentialed (issued, claimed or not)."""
    has_credential = Q(credentialed_at__isnull=False)
    return {
        "enrolled": Count("pk"),
        "completed": Count("pk", filter=Q(passed__isnull=False) | has_credential),
        "credentialed": Count("pk", filter=has_credential),
    }


def _figures_by_offering() -> dict[int, dict[str, int]]:
    """One grouped query: the three figures of every offering that has learners."""
    rows = _with_credential_time().values("offering_id").annotate(**_counted()).order_by("offering_id")
    return {row["offering_id"]: {k: int(row[k]) for k in FIGURES} for row in rows}


def _week_of(moment: datetime | date) -> date:
    """The Monday of ``moment``'s week, in the platform's time zone."""
    day = timezone.localtime(moment).date() if isinstance(moment, datetime) else moment
    return day - timedelta(days=day.weekday())


def _weeks() -> list[dict[str, Any]]:
    """Learners enrolled and learners credentialed per week (ISO weeks from Monday, in the
    platform's time zone), every week from the first to the last, empty weeks included. Two
    grouped queries, whatever the number of learners."""
    enrolled = dict(
        Enrolment.objects.annotate(week=TruncWeek("enrolled_at"))
        .values("week")
        .annotate(n=Count("pk"))
        .values_list("week", "n")
    )
    credentialed = dict(
        _with_credential_time()
        .filter(credentialed_at__isnull=False)
        .annotate(week=TruncWeek("credentialed_at"))
        .values("week")
        .annotate(n=Count("pk"))
        .values_list("week", "n")
    )
    counts: dict[date, dict[str, int]] = {}
    for key, source in (("enrolled", enrolled), ("credentialed", credentialed)):
        for week, n in source.items():
            if week is not None:
                counts.setdefault(_week_of(week), {"enrolled": 0, "credentialed": 0})[key] += int(n)
    if not counts:
        return []
    out: list[dict[str, Any]] = []
    week, last = min(counts), max(counts)
    while week <= last:
        iso = week.isocalendar()
        out.append(
            {
                "week": f"{iso.year}-W{iso.week:02d}",
                "starts_on": week.isoformat(),
                **counts.get(week, {"enrolled": 0, "credentialed": 0}),
            }
        )
        week += timedelta(days=7)
    return out


def _add(into: dict[str, Any], figures: dict[str, int]) -> None:
    for key in FIGURES:
        into[key] = into.get(key, 0) + figures[key]


def pilot_summary() -> dict[str, Any]:
    """The pilot's figures — the one source of ``GET /api/pilot/summary`` and the dashboard:
    enrolled, completed (assessed, passed or not) and credentialed (a credential issued, claimed
    or not) learners per offering, institution, country and in total, against the target, and
    per week. Counts only: no learner is named, so the figures are public.

    Counted by the database (grouped queries): four queries whatever the number of learners or
    offerings."""
    from django.conf import settings

    zero = dict.fromkeys(FIGURES, 0)
    by_offering = _figures_by_offering()
    offerings: list[dict[str, Any]] = []
    institutions: dict[str, dict[str, Any]] = {}
    countries: dict[str, dict[str, Any]] = {}
    total: dict[str, int] = dict(zero)
    query = Offering.objects.select_related("version__micro_credential__institution").order_by(
        "version__micro_credential__institution__country",
        "version__micro_credential__institution__short_name",
        "starts_on",
        "pk",
    )
    for offering in query:
        institution = offering.version.micro_credential.institution
        figures = by_offering.get(offering.pk, zero)
        offerings.append(
            {
                "id": offering.pk,
                "institution": institution.slug,
                "country": institution.country,
                "micro_credential": offering.version.micro_credential.code,
                "title": offering.version.title_en,
                "term": offering.term,
                "mode": offering.mode,
                "language": offering.language,
                **figures,
            }
        )
        row = institutions.setdefault(
            institution.slug,
            {"institution": institution.slug, "name": institution.short_name, "country": institution.country},
        )
        _add(row, figures)
        _add(countries.setdefault(institution.country, {"country": institution.country}), figures)
        _add(total, figures)
    target = int(getattr(settings, "MICROCRED_PILOT_TARGET", PILOT_TARGET_DEFAULT))
    return {
        "target": target,
        "total": total,
        "countries": list(countries.values()),
        "institutions": list(institutions.values()),
        "offerings": offerings,
        "weeks": _weeks(),
    }


def enrolments_with_credential_time() -> QuerySet[Enrolment]:
    """Enrolments annotated with ``credentialed_at`` (the pilot's one rule of when a learner got
    the offering's credential; the QA plan's time from result to credential reads it)."""
    return _with_credential_time()
