"""Reads about a case's requests for information (recognition.md §4.4 ``PENDING_INFORMATION``:
"missing items, who must supply them, deadline; expires to ``CLOSED_INCOMPLETE``").

The request is the last ``INFORMATION_REQUESTED`` event of the case's log and the learner's
answers are the ``LEARNER_RESPONDED`` events after it (ADR 0803); nothing is kept beside the log.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from microcred_web.recognition.models import CaseEvent, RecognitionCase
from microcred_web.recognition.services import INTERNAL_SUPPLIERS

# recognition.md §4.4 MissingItem.supplier, for people.
SUPPLIERS = {
    "applicant": _("you (the applicant)"),
    "issuer": _("the institution that issued the credential"),
    "applicant or issuer": _("you or the institution that issued the credential"),
    "recognition_officer": _("the recognition officer"),
    "academic_reviewer": _("an academic reviewer"),
}


@dataclass(frozen=True)
class MissingItem:
    index: int
    item: str
    where: str
    supplier: str

    @property
    def for_the_learner(self) -> bool:
        """Something the applicant (or their issuer, through them) can answer; not the desk's own work."""
        return self.supplier not in INTERNAL_SUPPLIERS

    @property
    def supplier_label(self) -> str:
        return str(SUPPLIERS.get(self.supplier, self.supplier))


@dataclass(frozen=True)
class InformationRequest:
    """The open (or last) request for information of a case and the answers given to it."""

    seq: int
    asked_at: str
    deadline: date | None
    items: tuple[MissingItem, ...]
    answers: tuple[CaseEvent, ...] = field(default=())

    def is_past(self, today: date) -> bool:
        return self.deadline is not None and today > self.deadline


def _day(value: Any) -> date | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def information_request_of(case: RecognitionCase) -> InformationRequest | None:
    """The case's last request for information with the learner's answers to it, or ``None``."""
    asked = case.events.filter(action="INFORMATION_REQUESTED").order_by("-seq").first()
    if asked is None:
        return None
    payload = asked.payload or {}
    items = tuple(
        MissingItem(i, str(m.get("item", "")), str(m.get("where", "")), str(m.get("supplier", "")))
        for i, m in enumerate(payload.get("missing") or [])
    )
    answers = tuple(case.events.filter(action="LEARNER_RESPONDED", seq__gt=asked.seq).order_by("seq"))
    return InformationRequest(
        seq=asked.seq,
        asked_at=asked.timestamp,
        deadline=_day(payload.get("deadline")),
        items=items,
        answers=answers,
    )


def latest_answer(case: RecognitionCase) -> CaseEvent | None:
    """The learner's last answer, if nothing has been proposed since (the officer should act)."""
    answer = case.events.filter(action="LEARNER_RESPONDED").order_by("-seq").first()
    if answer is None or case.events.filter(action="DECISION_PROPOSED", seq__gt=answer.seq).exists():
        return None
    return answer


def answered_case_ids(case_ids: list[int]) -> set[int]:
    """Which of these cases hold a learner's answer that no proposal has followed yet."""
    later = CaseEvent.objects.filter(
        case=OuterRef("case"), action="DECISION_PROPOSED", seq__gt=OuterRef("seq")
    )
    rows = (
        CaseEvent.objects.filter(case_id__in=case_ids, action="LEARNER_RESPONDED")
        .exclude(Exists(later))
        .values_list("case_id", flat=True)
    )
    return set(rows)
