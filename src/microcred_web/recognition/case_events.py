"""The shared steps of every desk service (ADR 0851): the case row locked for the step, an event appended
to its hash-chained log, the life cycle table asked before a step and whenever a status changes
(``microcred.recognition.lifecycle``, ADR 0850), and the return to the desk once what was asked is
answered. Every service module of the desk uses these; none imports another's private helpers.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from microcred.recognition import desk_rules, lifecycle
from microcred.recognition.audit import (
    AuditEvent,
    AuditLog,
    verify_chain,
)
from microcred.recognition.lifecycle import LifecycleError, StepName
from microcred_web.accounts.permissions import Action
from microcred_web.recognition import adapters, information
from microcred_web.recognition.adapters import RecognitionInputError
from microcred_web.recognition.information import INTERNAL_SUPPLIERS
from microcred_web.recognition.models import (
    CaseEvent,
    RecognitionCase,
    Status,
)
from microcred_web.recognition.permissions import (
    FourEyesRefused,
    require_four_eyes,
)
from microcred_web.recognition.service_messages import err

# Events a learner sees on their own case page; the rest is the officers' working record.
LEARNER_VISIBLE = frozenset(
    {
        "REQUEST_FILED",
        "CASE_OPENED",
        "INFORMATION_REQUESTED",
        "DECISION_FINAL",
        "APPEAL_LODGED",
        "APPEAL_DECIDED",
        "CASE_CLOSED",
        "DECISION_ISSUED",
        "CONDITIONS_MET",
        "LEARNER_RESPONDED",
        "DECISION_CREDENTIAL_REVOKED",
        "INFORMATION_SUPPLIED",
    }
)


MIN_JUSTIFICATION = desk_rules.MIN_JUSTIFICATION


SYSTEM_ACTOR = "system"


def learner_ref_of(user: Any) -> str:
    """The internal learner id used in case documents and the log (no personal data, §6.10)."""
    return f"learner-{user.pk}"


def actor_of(user: Any, role: str) -> str:
    return f"user:{user.pk} ({role})"


def append_event(case: RecognitionCase, write: Callable[[AuditLog], AuditEvent]) -> CaseEvent:
    """Append one event with the core's ``AuditLog`` after checking the chain so far."""
    events = adapters.audit_events(case.events.order_by("seq"))
    verify_chain(events, expected_head=case.head_hash or None)
    log = AuditLog(events, clock=timezone.now)
    event = write(log)
    row = CaseEvent.objects.create(
        case=case,
        seq=event.seq,
        timestamp=event.timestamp,
        actor=event.actor,
        action=event.action,
        payload=event.payload,
        prev_hash=event.prev_hash,
        hash=event.hash,
        hash_format=event.hash_format,
        visible_to_learner=event.action in LEARNER_VISIBLE,
    )
    case.head_hash = event.hash
    case.save(update_fields=["head_hash", "updated_at"])
    return row


def event(case: RecognitionCase, *, actor: str, action: str, payload: dict[str, Any]) -> CaseEvent:
    return append_event(case, lambda log: log.append(actor=actor, action=action, payload=payload))


def locked(case: RecognitionCase) -> RecognitionCase:
    return RecognitionCase.objects.select_for_update().get(pk=case.pk)


def now_text() -> str:
    return timezone.now().isoformat().replace("+00:00", "Z")


def reopen(case: RecognitionCase, step: StepName) -> None:
    """A change to the inputs makes an earlier proposal stale: propose again."""
    set_status(case, step, Status.UNDER_REVIEW)
    case.pending_signature = None


def back_to_the_desk_when_answered(
    case: RecognitionCase, *, evidence_changed: bool, step: StepName = StepName.SUPPLY
) -> None:
    """The case goes back to the desk (UNDER_REVIEW, to be proposed again) once the learner and
    the issuer have answered everything asked of them, or at once when a credential changed."""
    request = information.information_request_of(case)
    waiting = [
        m
        for m in (request.items if request else ())
        if m.supplier not in INTERNAL_SUPPLIERS and not m.answered and not m.where.endswith(".verification")
    ]
    if evidence_changed or not waiting:
        set_status(case, step, Status.UNDER_REVIEW)
        case.save(update_fields=["status", "updated_at"])


def four_eyes_step(
    by: Any,
    case: RecognitionCase,
    *,
    authors: set[Any],
    step: str,
    where: str,
    action: Action = Action.COUNTERSIGN,
) -> None:
    """The core's four-eyes rule (``microcred.four_eyes``) on a desk step, through the policy;
    a refusal is logged there and shown to the officer as a message, not a 403 page."""
    try:
        require_four_eyes(by, case, authors=authors, step=step, action=action)
    except FourEyesRefused as exc:
        raise RecognitionInputError(str(exc.args[0]), where=where) from None


def credits_value(value: Any, where: str) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        credits = Decimal(str(value))
    except InvalidOperation:
        raise RecognitionInputError(err("service.credits.not_a_number", value=value), where=where) from None
    if not credits.is_finite() or credits < 0:
        raise RecognitionInputError(err("service.credits.negative"), where=where)
    return credits


# ------------------------------------------------------------------------------ life cycle


def can_take(case: RecognitionCase, step: StepName) -> bool:
    """Whether the life cycle allows ``step`` on the case as it stands (for pages: which forms)."""
    return case.status in lifecycle.STEPS[step].sources


def require_step(case: RecognitionCase, step: StepName, doing: str) -> None:
    """Refuse, naming the status and what was being done, a step the life cycle does not allow
    on the case as it stands (ADR 0850)."""
    try:
        lifecycle.require_step(step, case.status)
    except LifecycleError:
        raise RecognitionInputError(
            err("service.status.wrong_for_action", value=case.get_status_display(), doing=doing),
            where=f"case {case.reference}",
        ) from None


def set_status(case: RecognitionCase, step: StepName, status: str) -> None:
    """Move the case to ``status`` by ``step``, only as the life cycle allows (a move the table
    does not have is a programming error: ``LifecycleError``)."""
    lifecycle.check_move(step, case.status, status, where=f"case {case.reference}")
    case.status = status


# ------------------------------------------------------------------------------ the core's rules

# Refusals of the core's desk rules worded here rather than in ``SERVICE_MESSAGES`` (ADR 0852).
_RULE_TEXT = {
    "decide.confirm_pending": _(
        "the proposal waits for information: decide with a justified override instead"
    ),
    "decide.authenticity": _(
        "authenticity and revocation (S1) are not established: no override can award credits; "
        "refuse, or wait for the credential's confirmation"
    ),
}


def refuse(refusal: desk_rules.Refusal | None) -> None:
    """Raise a refusal of the core's desk rules (``microcred.recognition.desk_rules``) as the
    service message ``service.<code>`` naming its field; nothing when the rule allowed it."""
    if refusal is None:
        return
    text = _RULE_TEXT.get(refusal.code)
    message: Any = str(text) if text is not None else err(f"service.{refusal.code}", **refusal.params)
    raise RecognitionInputError(message, where=refusal.where)
