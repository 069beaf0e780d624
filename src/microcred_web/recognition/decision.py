"""The decision (recognition.md §4.4, §6.5): the proposal confirmed or overridden with a
justification, countersigned where four eyes apply, the learner's ledger written, conditions
met, the case closed or expired. The override and four-eyes rules are the core's
(``microcred.recognition.desk_rules``, ``microcred.four_eyes``).
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from microcred.recognition import desk_rules
from microcred.recognition.audit import (
    canonical_json,
    sha256_hex,
)
from microcred.recognition.case import to_core
from microcred.recognition.desk_rules import Decision
from microcred.recognition.lifecycle import StepName
from microcred.recognition.proposal import Proposal
from microcred_web.accounts.permissions import Action
from microcred_web.recognition import information
from microcred_web.recognition.adapters import RecognitionInputError
from microcred_web.recognition.case_events import (
    SYSTEM_ACTOR,
    actor_of,
    can_take,
    credits_value,
    event,
    four_eyes_step,
    locked,
    now_text,
    refuse,
    require_step,
    set_status,
)
from microcred_web.recognition.decision_credential import revoke_decision_credential
from microcred_web.recognition.models import (
    LedgerEntry,
    Outcome,
    PendingSignature,
    RecognitionCase,
    Status,
)
from microcred_web.recognition.permissions import (
    require_handle,
)
from microcred_web.recognition.service_messages import err


def decision_from(
    proposal: Proposal, *, confirm: bool, outcome: str, credits: Any, justification: str
) -> Decision:
    """The decision an officer signs: the proposal confirmed, or overridden as the core's rules
    allow (``desk_rules.confirm_refusal``, ``desk_rules.override_refusal``)."""
    justification = justification.strip()
    if confirm:
        refuse(desk_rules.confirm_refusal(proposal.outcome))
        awarded, system = proposal.awarded
        return Decision(
            outcome=proposal.outcome,
            credits=None if awarded is None else format(awarded.normalize(), "f"),
            credit_system=system,
            override=False,
            justification=justification,
        )
    amount = credits_value(credits, "credits")
    refuse(
        desk_rules.override_refusal(
            outcome=outcome,
            credits=amount,
            justification=justification,
            authenticity=proposal.authenticity_established,
        )
    )
    if outcome == Outcome.NOT_RECOGNISED:
        amount = None
    return Decision(
        outcome=outcome,
        credits=None if amount is None else format(amount.normalize(), "f"),
        credit_system=proposal.credit_system,
        override=True,
        justification=justification,
    )


def authenticity_established(proposal: Proposal) -> bool:
    """S1 passed for every credential of the proposal (the core's rule)."""
    return proposal.authenticity_established


@transaction.atomic
def recognition_case_decide(
    *,
    case: RecognitionCase,
    by: Any,
    confirm: bool,
    outcome: str = "",
    credits: Any = None,
    justification: str = "",
) -> RecognitionCase:
    """Confirm the proposal, or override it with a mandatory justification (§4.3 design notes,
    §6.5). Where four eyes apply (ADR 0801) this is the first signature and the case waits for
    ``recognition_case_approve`` by another officer."""
    require_handle(by, case, Action.DECIDE)
    case = locked(case)
    require_step(case, StepName.DECIDE, err("service.doing.decide"))
    proposal = case.proposed
    if proposal is None:
        raise RecognitionInputError(
            gettext("run the assessment first: there is no proposal"), where="decision"
        )
    if confirm and case.status != Status.PROPOSED:
        # the inputs changed since the proposal (an answer, a reclassification, the target)
        raise RecognitionInputError(
            gettext("propose again before confirming: the case changed since the proposal"), where="decision"
        )
    decision = decision_from(
        proposal, confirm=confirm, outcome=outcome, credits=credits, justification=justification
    )
    actor = actor_of(by, "recognition_officer")
    if desk_rules.needs_second_signature(
        agreement_asks=proposal.four_eyes,
        outcome=decision.outcome,
        override=decision.override,
    ):
        case.pending_signature = PendingSignature(decision, by.pk, actor, now_text())
        case.save(update_fields=["pending_decision", "updated_at"])
        event(
            case,
            actor=actor,
            action="DECISION_SIGNED",
            payload={**decision.to_json(), "awaiting": "second approver"},
        )
        return case
    return _finalise(case, decision=decision, decided_by=by, second=None)


@transaction.atomic
def recognition_case_approve(*, case: RecognitionCase, by: Any) -> RecognitionCase:
    """The second signature of a decision that needs four eyes: another officer of the host."""
    require_handle(by, case, Action.COUNTERSIGN)
    case = locked(case)
    require_step(case, StepName.APPROVE, err("service.doing.approve"))
    pending = case.pending_signature
    if not pending:
        raise RecognitionInputError(err("service.approve.nothing_waiting"), where="approval")
    four_eyes_step(by, case, authors={pending.by}, step="countersign", where="approval")
    from django.contrib.auth import get_user_model

    first = get_user_model().objects.get(pk=pending.by)
    return _finalise(case, decision=pending.decision, decided_by=first, second=by)


def ledger_effects(case: RecognitionCase, decision: Decision) -> None:
    """Write the learner's ledger (§6.9) for a final decision: consumed credentials and credits.

    A CONDITIONAL decision moves nothing: nothing is awarded until its conditions are met
    (recognition.md §4.4); ``recognition_conditions_met`` then writes the award that follows."""
    case.ledger_entries.all().delete()
    if decision.outcome not in (Outcome.FULL, Outcome.PARTIAL):
        return
    proposal = case.proposed
    decided_on = case.canonical_input
    assert proposal is not None and decided_on is not None
    programme = decided_on.programme_id
    effects = proposal.ledger_effects
    for credential_id in effects.consume:
        LedgerEntry.objects.create(
            learner_ref=case.learner_ref, programme_id=programme, credential_id=credential_id, case=case
        )
    if decision.amount is not None:
        for category in effects.add_credits or ("",):
            LedgerEntry.objects.create(
                learner_ref=case.learner_ref,
                programme_id=programme,
                cap_category=category,
                credits=decision.amount,
                credit_system=decision.credit_system,
                case=case,
            )


def set_final(case: RecognitionCase, decision: Decision) -> None:
    case.set_final(decision)


def _finalise(case: RecognitionCase, *, decision: Decision, decided_by: Any, second: Any) -> RecognitionCase:
    proposal = case.proposed
    decided_on = case.canonical_input
    assert proposal is not None and decided_on is not None
    set_final(case, decision)
    case.decided_by = decided_by
    case.second_approver = second
    case.decided_at = timezone.now()
    procedure = case.procedure_terms
    days = procedure.appeal_deadline_days if procedure is not None else 30
    case.appeal_deadline = timezone.localdate() + timedelta(days=days)
    core = to_core(decided_on.parse(source=case.reference))
    case.source_institutions = " ".join(dict.fromkeys(c.issuer.id for c in core.credentials if c.issuer))
    case.credential_codes = " ".join(c.spec_id for c in core.credentials if c.spec_id)
    case.credential_titles = " · ".join(c.title for c in core.credentials if c.title)
    case.pending_signature = None
    set_status(case, StepName.APPROVE if second is not None else StepName.DECIDE, Status.DECIDED)
    case.save()
    ledger_effects(case, decision)
    event(
        case,
        actor=actor_of(decided_by, "recognition_officer"),
        action="DECISION_FINAL",
        payload={
            **decision.to_json(),
            "proposed_outcome": proposal.outcome,
            "proposal_sha256": sha256_hex(canonical_json(proposal.to_json())),
            "decided_by": actor_of(decided_by, "recognition_officer"),
            "second_approver": actor_of(second, "recognition_officer") if second else None,
            "decision_date": case.decision_date.isoformat() if case.decision_date else None,
            "appeal_deadline": case.appeal_deadline.isoformat(),
            "appeal_body": procedure.appeal_body if procedure is not None else None,
        },
    )
    return case


@transaction.atomic
def recognition_conditions_met(*, case: RecognitionCase, by: Any, evidence: str) -> RecognitionCase:
    """Record that the conditions of a CONDITIONAL decision are met: the award the engine
    pre-computed (``on_condition_met``) now applies and reaches the learner's ledger (§4.4)."""
    require_handle(by, case)
    case = locked(case)
    require_step(case, StepName.CONDITIONS_MET, err("service.doing.conditions_met"))
    if case.final_outcome != Outcome.CONDITIONAL:
        raise RecognitionInputError(err("service.conditions.not_conditional"), where=f"case {case.reference}")
    proposal = case.proposed
    award = proposal.on_condition_met if proposal is not None else None
    if case.is_override or award is None:
        raise RecognitionInputError(
            err("service.conditions.officer_set"),
            where=f"case {case.reference}",
        )
    if len(evidence.strip()) < 10:
        raise RecognitionInputError(err("service.conditions.evidence_short"), where="evidence")
    decision = Decision(
        outcome=award.outcome,
        credits=award.credits_awarded,
        credit_system=award.credit_system,
        override=False,
        justification=case.justification,
    )
    set_final(case, decision)
    case.save()
    ledger_effects(case, decision)
    event(
        case,
        actor=actor_of(by, "recognition_officer"),
        action="CONDITIONS_MET",
        payload={**decision.to_json(), "evidence": evidence.strip(), "previous_outcome": Outcome.CONDITIONAL},
    )
    revoke_decision_credential(
        case,
        actor=actor_of(by, "recognition_officer"),
        reason=f"the conditions are met; the decision is now {decision.outcome}",
    )
    return case


def _close(
    case: RecognitionCase, *, step: StepName, actor: str, reason: str, **extra: Any
) -> RecognitionCase:
    """Close a locked case; one still waiting for information closes incomplete (§4.4)."""
    incomplete = case.status == Status.INFORMATION_REQUESTED
    set_status(case, step, Status.CLOSED_INCOMPLETE if incomplete else Status.CLOSED)
    case.save(update_fields=["status", "updated_at"])
    event(
        case,
        actor=actor,
        action="CASE_CLOSED",
        payload={"reason": reason.strip(), "incomplete": incomplete, **extra},
    )
    return case


@transaction.atomic
def recognition_case_close(*, case: RecognitionCase, by: Any, reason: str) -> RecognitionCase:
    """Close a case: after its decision (and any appeal), or when information asked for never
    came (recognition.md §4.4 PENDING_INFORMATION expires to CLOSED_INCOMPLETE)."""
    require_handle(by, case, Action.CLOSE_CASE)
    case = locked(case)
    require_step(case, StepName.CLOSE, err("service.doing.close"))
    if len(reason.strip()) < 10:
        raise RecognitionInputError(err("service.close.reason_short"), where="reason")
    return _close(case, step=StepName.CLOSE, actor=actor_of(by, "recognition_officer"), reason=reason)


def information_requests_expired(*, today: date) -> list[tuple[RecognitionCase, date]]:
    """Cases still waiting for information whose deadline is before ``today``, oldest first."""
    information_request_of = information.information_request_of
    out = []
    waiting = RecognitionCase.objects.filter(status=Status.INFORMATION_REQUESTED).order_by("pk")
    for case in waiting.select_related("host"):
        request = information_request_of(case)
        due = request is not None and request.deadline is not None and request.is_past(today)
        if due and request is not None and request.deadline is not None and request.for_the_learner:
            out.append((case, request.deadline))  # never closed over items the learner cannot supply
    return out


@transaction.atomic
def recognition_information_request_expire(*, case: RecognitionCase, today: date) -> RecognitionCase | None:
    """Close one case whose request for information ran out (§4.4: PENDING_INFORMATION expires to
    CLOSED_INCOMPLETE), as the system; ``None`` when it is no longer due (answered, closed,
    or not yet past its deadline), so running it twice changes nothing."""
    information_request_of = information.information_request_of
    case = locked(case)
    if not can_take(case, StepName.EXPIRE):
        return None
    request = information_request_of(case)
    if request is None or request.deadline is None or not request.is_past(today):
        return None
    if not request.for_the_learner:
        return None
    return _close(
        case,
        step=StepName.EXPIRE,
        actor=SYSTEM_ACTOR,
        reason=f"the information asked for by {request.deadline.isoformat()} was not supplied",
        deadline=request.deadline.isoformat(),
        expired=True,
    )
