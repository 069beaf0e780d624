"""Reads of the recognition desk: case lists, the chain check, the precedents register."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet

from microcred.errors import MicrocredError
from microcred.recognition.audit import verify_chain
from microcred_web.institutions.models import Institution
from microcred_web.recognition import adapters
from microcred_web.recognition.models import DECIDED_STATUSES, CaseEvent, RecognitionCase
from microcred_web.recognition.permissions import officer_institutions


def cases_for_officer(
    user: Any, *, status: str = "", purpose: str = "", sending: str = "", host: str = ""
) -> QuerySet[RecognitionCase]:
    """Cases of the institutions where ``user`` is a recognition officer, filtered."""
    hosts = officer_institutions(user)
    qs = RecognitionCase.objects.filter(host__in=hosts).select_related("host")
    if status:
        qs = qs.filter(status=status)
    if purpose:
        qs = qs.filter(purpose=purpose)
    if sending:
        qs = qs.filter(_word("source_institutions", sending))
    if host:
        qs = qs.filter(host__slug=host)
    return qs.order_by("-updated_at", "-pk")


def _word(field: str, value: str) -> Q:
    """``value`` is one of the space-separated words of ``field``."""
    return (
        Q(**{field: value})
        | Q(**{f"{field}__startswith": f"{value} "})
        | Q(**{f"{field}__endswith": f" {value}"})
        | Q(**{f"{field}__contains": f" {value} "})
    )


def cases_of_learner(user: Any) -> QuerySet[RecognitionCase]:
    if not getattr(user, "is_authenticated", False):
        return RecognitionCase.objects.none()
    return (
        RecognitionCase.objects.filter(applicant=user).select_related("host").order_by("-created_at", "-pk")
    )


def case_by_uuid(value: Any) -> RecognitionCase | None:
    try:
        return RecognitionCase.objects.select_related("host", "applicant").filter(uuid=value).first()
    except (ValueError, MicrocredError):
        return None


def events_of(case: RecognitionCase, *, learner: bool = False) -> QuerySet[CaseEvent]:
    qs = case.events.order_by("seq")
    return qs.filter(visible_to_learner=True) if learner else qs


@dataclass(frozen=True)
class ChainCheck:
    ok: bool
    message: str
    events: int
    head: str


def chain_check(case: RecognitionCase) -> ChainCheck:
    """Verify the case's hash chain against the head hash kept on the case (recognition.md §6.1)
    and against the heads signed into its decision credentials (ADR 0520)."""
    rows = list(case.events.order_by("seq"))
    try:
        events = adapters.audit_events(rows)
        verify_chain(events, expected_head=case.head_hash or None)
        adapters.check_anchors(case, events)
    except MicrocredError as exc:
        return ChainCheck(False, str(exc), len(rows), case.head_hash)
    return ChainCheck(True, "", len(rows), case.head_hash)


def source_outcome_texts(case: RecognitionCase) -> dict[str, str]:
    try:
        return {
            f"{lo.credential_id}#{lo.id}": lo.text
            for lo in adapters.source_outcomes(case.credential_evidence)
        }
    except MicrocredError:
        return {}


# ------------------------------------------------------------------------------ precedents


@dataclass(frozen=True)
class PrecedentFilters:
    source: str = ""
    host: str = ""
    code: str = ""
    outcome: str = ""
    purpose: str = ""
    q: str = ""


def precedents(filters: PrecedentFilters) -> QuerySet[RecognitionCase]:
    """Decided cases, newest first: the precedents register (no learner data is read from them)."""
    qs = (
        RecognitionCase.objects.filter(status__in=DECIDED_STATUSES)
        .exclude(final_outcome="")
        .select_related("host")
    )
    if filters.source:
        qs = qs.filter(_word("source_institutions", filters.source))
    if filters.host:
        qs = qs.filter(host__slug=filters.host)
    if filters.code:
        qs = qs.filter(_word("credential_codes", filters.code))
    if filters.outcome:
        qs = qs.filter(final_outcome=filters.outcome)
    if filters.purpose:
        qs = qs.filter(purpose=filters.purpose)
    if filters.q:
        qs = qs.filter(
            Q(credential_titles__icontains=filters.q)
            | Q(credential_codes__icontains=filters.q)
            | Q(target__title__icontains=filters.q)
        )
    return qs.order_by("-decided_at", "-pk")


def precedent_row(case: RecognitionCase) -> dict[str, Any]:
    """One anonymised precedent: what was recognised, where, how, under which agreement.

    Only these keys leave the desk; no applicant, learner id, note, evidence or event."""
    target = case.target_component
    return {
        "reference": str(case.uuid),
        "source_institutions": case.source_institutions.split(),
        "micro_credential_codes": case.credential_codes.split(),
        "micro_credential_titles": [t for t in case.credential_titles.split(" · ") if t],
        "host_institution": case.host.slug,
        "purpose": case.purpose,
        "outcome": case.final_outcome,
        "credits": None if case.final_credits is None else format(case.final_credits.normalize(), "f"),
        "credit_system": case.final_credit_system,
        "target_component": {
            "id": target.id,
            "title": target.title,
            "credits": target.credits_as_stored,
            "credit_system": target.credit_system,
            "level": target.level_as_stored,
        }
        if target is not None
        else {"id": "", "title": "", "credits": None, "credit_system": "", "level": None},
        "decision_date": case.decision_date.isoformat() if case.decision_date else None,
        "agreement": case.agreement_ref,
        "appealed": case.status in ("appealed", "appeal_decided"),
    }


def institutions() -> QuerySet[Institution]:
    return Institution.objects.order_by("short_name")
