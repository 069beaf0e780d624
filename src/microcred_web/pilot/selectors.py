"""Reads of the pilot: offerings a person may see, an offering's cohort with each learner's
state, and :func:`eligible_for_credential`, where bulk issuing (``microcred_web.bulk``) starts."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any

from django.db.models import QuerySet

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


def _figures(learners: list[CohortLearner]) -> dict[str, int]:
    counts = cohort_counts(learners)
    return {
        "enrolled": counts["enrolled"],
        "completed": counts["completed"],
        "credentialed": counts["issued"],
    }


def _add(into: dict[str, int], figures: dict[str, int]) -> None:
    for key, value in figures.items():
        into[key] = into.get(key, 0) + value


def pilot_summary() -> dict[str, Any]:
    """The pilot's figures (``GET /api/pilot/summary``, the dashboard): enrolled, completed
    (assessed, passed or not) and credentialed (a credential issued, claimed or not) learners per
    offering, institution, country and in total, against the target. Counts only: no learner is
    named, so the figures are public."""
    from django.conf import settings

    offerings: list[dict[str, Any]] = []
    institutions: dict[str, dict[str, Any]] = {}
    countries: dict[str, dict[str, Any]] = {}
    total: dict[str, int] = {"enrolled": 0, "completed": 0, "credentialed": 0}
    query = Offering.objects.select_related("version__micro_credential__institution").order_by(
        "version__micro_credential__institution__country",
        "version__micro_credential__institution__short_name",
        "starts_on",
        "pk",
    )
    for offering in query:
        institution = offering.version.micro_credential.institution
        figures = _figures(cohort(offering))
        offerings.append(
            {
                "id": offering.pk,
                "institution": institution.slug,
                "country": institution.country,
                "micro_credential": offering.version.micro_credential.code,
                "title": offering.version.title_en,
                "term": offering.term,
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
    }
