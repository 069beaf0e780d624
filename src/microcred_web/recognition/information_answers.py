"""Answers to a request for information (recognition.md §4.4 PENDING_INFORMATION, ADR 0810): the
learner's replies and credentials, an issuer's staff answering their institution's items, the
officer recording their own items and what an issuer replied. The items themselves are read by
``information``.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from microcred.recognition.lifecycle import StepName
from microcred_web.catalogue.models import MicroCredentialVersion
from microcred_web.credentials.models import IssuedCredential
from microcred_web.recognition import information
from microcred_web.recognition.adapters import RecognitionInputError
from microcred_web.recognition.case_events import (
    actor_of,
    back_to_the_desk_when_answered,
    credits_value,
    event,
    locked,
    require_step,
)
from microcred_web.recognition.intake import add_evidence, evidence_summary, intake_credential
from microcred_web.recognition.models import (
    RecognitionCase,
    Status,
)
from microcred_web.recognition.permissions import (
    can_handle,
    require_follow,
)
from microcred_web.recognition.service_messages import err, supplier_text


@transaction.atomic
def recognition_information_answer(
    *,
    case: RecognitionCase,
    by: Any,
    replies: dict[int, str] | None = None,
    values: dict[int, dict[str, Any]] | None = None,
    issued: IssuedCredential | None = None,
    register_version: MicroCredentialVersion | None = None,
    uploaded: str = "",
    proof_code: str = "",
) -> RecognitionCase:
    """The applicant answers the case's request for information (recognition.md §4.4
    PENDING_INFORMATION) before its deadline: a text reply per missing item and/or another
    credential, verified (signature, status, holder) as at intake. The answer is a
    ``LEARNER_RESPONDED`` event; the case goes back to the desk (UNDER_REVIEW) to be proposed
    again, so the decision is taken, and replayed, from the inputs as they are then."""
    require_follow(by, case)
    case = locked(case)
    require_step(case, StepName.ANSWER, err("service.doing.answer"))
    request = information.information_request_of(case)
    if request is None:
        raise RecognitionInputError(err("service.answer.nothing_asked"), where=f"case {case.reference}")
    if request.is_past(timezone.localdate()):
        assert request.deadline is not None
        raise RecognitionInputError(
            err("service.answer.deadline_passed", value=request.deadline.isoformat()),
            where="deadline",
        )
    answered = []
    values = values or {}
    for index in sorted({*(replies or {}), *values}):
        text = ((replies or {}).get(index) or "").strip()
        if not 0 <= index < len(request.items):
            raise RecognitionInputError(
                err("service.answer.no_item", value=index + 1), where=f"reply_{index}"
            )
        item = request.items[index]
        value = _clean_value(item.kind, values[index], where=f"reply_{index}") if values.get(index) else None
        if not text and value is None:
            continue
        if len(text) > MAX_REPLY:
            raise RecognitionInputError(
                err("service.answer.reply_too_long", max=MAX_REPLY), where=f"reply_{index}"
            )
        if not item.for_the_learner:
            raise RecognitionInputError(
                err("service.answer.not_for_learner", value=index + 1, value2=supplier_text(item.supplier)),
                where=f"reply_{index}",
            )
        reply = {"item": item.item, "where": item.where, "supplier": item.supplier, "reply": text}
        answered.append({**reply, "value": value} if value is not None else reply)
    if issued is not None and issued.learner_id != by.pk:
        raise RecognitionInputError(err("service.credential.not_yours"), where="credential")
    intake = None
    if issued is not None or register_version is not None or uploaded.strip():
        intake = intake_credential(
            applicant=by,
            issued=issued,
            register_version=register_version,
            uploaded=uploaded,
            proof_code=proof_code,
        )
    if not answered and intake is None:
        raise RecognitionInputError(err("service.answer.empty"), where="answer")
    replaced = add_evidence(case, intake) if intake is not None else None
    case.pending_signature = None
    case.save()
    event(
        case,
        actor=actor_of(by, "learner"),
        action="LEARNER_RESPONDED",
        payload={
            "request": request.seq,
            "deadline": request.deadline.isoformat() if request.deadline else None,
            "replies": answered,
            "evidence": evidence_summary(intake) if intake is not None else None,
            "replaces": replaced,
            "lo_matrix_reset": intake is not None,
        },
    )
    # The learner's answer always goes back to the desk: the officer proposes again with it
    # (items still asked of an issuer stay on that issuer's page).
    back_to_the_desk_when_answered(case, evidence_changed=True, step=StepName.ANSWER)
    return case


# The values an answer may give, checked at the service (the forms only parse; ADR 0810).
SUPERVISION_LEVELS = ("unsupervised_no_id", "supervised_no_id", "supervised_with_id")


ASSESSMENT_TYPES = ("exam_written", "exam_oral", "project", "portfolio", "auto_quiz", "none_attendance")


MAX_REPLY = 2000


MAX_SOURCE = 500


def _clean_value(kind: str | None, raw: dict[str, Any], *, where: str) -> dict[str, Any]:
    """One answer's value in the form the case format takes (recognition.md §4.2), or a refusal
    naming the field."""

    def text(key: str, limit: int = 200) -> str:
        value = str(raw.get(key) or "").strip()
        if len(value) > limit:
            raise RecognitionInputError(
                gettext("%(field)s has at most %(limit)s characters") % {"field": key, "limit": limit},
                where=where,
            )
        return value

    if kind == "supervision" and raw.get("supervision") in SUPERVISION_LEVELS:
        return {"supervision": raw["supervision"]}
    if kind == "assessment_type" and raw.get("type") in ASSESSMENT_TYPES:
        return {"type": raw["type"]}
    if kind == "qa" and text("registry", 40) and text("agency"):
        return {"registry": text("registry", 40), "agency": text("agency")}
    if kind == "level":
        framework, sep, value = text("level", 20).partition(":")
        if sep and framework.isalnum() and value.replace(".", "").isdigit():
            return {"level": f"{framework}:{value}"}
    if kind == "issued_on":
        try:
            return {"date": date.fromisoformat(text("date", 10)).isoformat()}
        except ValueError:
            pass
    if kind == "workload":
        credits = credits_value(raw.get("credits"), where)
        hours = credits_value(raw.get("hours"), where)
        system = text("system", 20)
        if hours is not None or (credits is not None and system):
            return {
                "credits": None if credits is None else format(credits.normalize(), "f"),
                "system": system or None,
                "hours": None if hours is None else format(hours.normalize(), "f"),
            }
    raise RecognitionInputError(gettext("this answer does not fit the item"), where=where)


@transaction.atomic
def recognition_information_supply(
    *,
    case: RecognitionCase,
    by: Any,
    where: str,
    value: dict[str, Any] | None = None,
    text: str = "",
    source: str = "",
) -> RecognitionCase:
    """Supply one missing item of the case's current proposal (ADR 0810): the issuing
    institution's staff answer what is asked of their institution; the host's officer records
    their own items and what an issuer replied, with its source. An ``INFORMATION_SUPPLIED``
    event; a value is applied to the credential's record when the case is proposed again."""
    from microcred_web.recognition.permissions import can_supply_as_issuer

    case = locked(case)
    require_step(case, StepName.SUPPLY, "receive information")
    item = next((m for m in information.missing_items(case) if m.where == where), None)
    if item is None:
        raise RecognitionInputError(gettext("the proposal misses no such item"), where="item")
    officer = can_handle(by, case)
    issuer_staff = item.issuer is not None and can_supply_as_issuer(by, item.issuer)
    if item.party == information.ISSUER and issuer_staff:
        role, party = "issuer", information.ISSUER
    elif officer and item.officer_records:
        role, party = "recognition_officer", information.OFFICER
    else:
        from django.core.exceptions import PermissionDenied

        raise PermissionDenied("not allowed: this item is for another party to supply")
    text, source = text.strip(), source.strip()
    clean = _clean_value(item.kind, value, where="value") if value else None
    if clean is None and not text:
        raise RecognitionInputError(gettext("give the answer"), where="text")
    if len(text) > MAX_REPLY:
        raise RecognitionInputError(
            gettext("%(field)s has at most %(limit)s characters")
            % {"field": gettext("answer"), "limit": MAX_REPLY},
            where="text",
        )
    if len(source) > MAX_SOURCE:
        raise RecognitionInputError(
            gettext("%(field)s has at most %(limit)s characters")
            % {"field": gettext("source"), "limit": MAX_SOURCE},
            where="source",
        )
    if item.party == information.ISSUER and role == "recognition_officer" and len(source) < 5:
        raise RecognitionInputError(
            gettext("say where the issuer's reply comes from (a letter, an e-mail, a register entry)"),
            where="source",
        )
    payload = {
        "item": item.item,
        "where": item.where,
        "supplier": item.supplier,
        "party": party,
        "issuer": item.issuer_id or None,
        "value": clean,
        "text": text,
        "source": source,
    }
    event(case, actor=actor_of(by, role), action="INFORMATION_SUPPLIED", payload=payload)
    if case.status == Status.INFORMATION_REQUESTED:
        back_to_the_desk_when_answered(case, evidence_changed=False)
    return case
