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


# The fields of a credential the engine may ask for (its ``where``: ``<credential id>.<field>``),
# named for the learner in their language.
FIELDS = {
    "level": _("Level (e.g. EQF level 6)"),
    "workload": _("Workload (hours or credits)"),
    "issued_on": _("Date of issue"),
    "learning_outcomes": _("Learning outcomes"),
    "assessment.type": _("Type of assessment"),
    "qa": _("Quality assurance"),
    "title": _("Title"),
    "issuer": _("Issuing institution"),
    "issuer.qa": _("Quality assurance of the issuing institution"),
    "result.passed": _("Result (passed or not)"),
    "assessment.supervision": _("Supervision of the assessment"),
    "field_of_study": _("Field of study"),
    "learner": _("Holder of the credential"),
}
# Items the desk supplies itself (shown to the learner, who has nothing to send for them).
DESK_ITEMS = {
    "lo_matrix": _("Review of the learning outcomes by the institution"),
    "target": _("Details of the course you asked for, completed by the institution"),
}


@dataclass(frozen=True)
class MissingItem:
    index: int
    item: str
    where: str
    supplier: str
    titles: tuple[tuple[str, str], ...] = ()  # (credential id, title) of the case's credentials

    @property
    def label(self) -> str:
        """The item for the learner: "Level (e.g. EQF level 6) of the credential “…”" where the
        engine names a credential field, else its text with credential ids replaced by titles
        (a learner does not know ``urn:uuid:…``; on a phone such an id overflows)."""
        from django.utils.translation import gettext

        titles = dict(self.titles)
        credential, _sep, name = self.where.partition(".")
        if credential in DESK_ITEMS and not self.for_the_learner:
            return str(DESK_ITEMS[credential])
        if name in FIELDS and credential in titles:
            return gettext("%(field)s of the credential “%(title)s”") % {
                "field": FIELDS[name],
                "title": titles[credential],
            }
        if name in FIELDS and credential not in DESK_ITEMS:  # a credential since replaced
            return gettext("%(field)s of your credential") % {"field": FIELDS[name]}
        text = self.item
        for cid, title in self.titles:
            text = text.replace(cid, f"“{title}”")
        return text

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

    def reply_label(self, reply: dict[str, Any]) -> str:
        """The learner's label of an item a ``LEARNER_RESPONDED`` reply answers."""
        titles = self.items[0].titles if self.items else ()
        item = MissingItem(-1, str(reply.get("item", "")), str(reply.get("where", "")), "", titles)
        return item.label

    @property
    def answered(self) -> list[dict[str, Any]]:
        """Each answer as the learner reads it: when, (label, reply) pairs, the credential added."""
        return [
            {
                "timestamp": a.timestamp,
                "replies": [
                    (self.reply_label(r), r.get("reply", "")) for r in (a.payload or {}).get("replies", [])
                ],
                "evidence": (a.payload or {}).get("evidence"),
            }
            for a in self.answers
        ]


def _day(value: Any) -> date | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def _title(value: Any) -> str:
    if isinstance(value, dict):
        return str(value.get("en") or next(iter(value.values()), "") or "")
    return str(value or "")


def _credential_titles(case: RecognitionCase) -> tuple[tuple[str, str], ...]:
    """(credential id, title) of each credential of the case, as its evidence states them."""
    out = []
    for ev in case.evidence or []:
        for key in ("claimed", "award", "record"):
            part = ev.get(key)
            if isinstance(part, dict) and part.get("credential_id"):
                spec = ev.get("spec") if isinstance(ev.get("spec"), dict) else {}
                title = _title(part.get("title")) or _title(spec.get("title"))
                if title:
                    out.append((str(part["credential_id"]), title))
                break
    return tuple(out)


def information_request_of(case: RecognitionCase) -> InformationRequest | None:
    """The case's last request for information with the learner's answers to it, or ``None``."""
    asked = case.events.filter(action="INFORMATION_REQUESTED").order_by("-seq").first()
    if asked is None:
        return None
    payload = asked.payload or {}
    titles = _credential_titles(case)
    from django.utils.translation import get_language

    from microcred_web.recognition.messages import engine_messages, localise

    # the items as the engine coded them, in the reader's language (English is stored as it is)
    said = engine_messages(case) if (get_language() or "en").split("-")[0] != "en" else {}
    items = tuple(
        MissingItem(
            i,
            localise(str(m.get("item", "")), said),
            str(m.get("where", "")),
            str(m.get("supplier", "")),
            titles,
        )
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
