"""Appeals (LRC Art. III.5, recognition.md §6.8): the applicant lodges one within the deadline; an
officer who signed none of the decision decides it; an upheld appeal that changes the decision
revokes the decision credential. The rules are the core's (``microcred.recognition.desk_rules``).
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from microcred.recognition import desk_rules
from microcred.recognition.lifecycle import StepName
from microcred_web.accounts.permissions import Action
from microcred_web.recognition.case_events import (
    actor_of,
    event,
    four_eyes_step,
    locked,
    refuse,
    require_step,
    set_status,
)
from microcred_web.recognition.decision import decision_from, ledger_effects, set_final
from microcred_web.recognition.decision_credential import revoke_decision_credential
from microcred_web.recognition.models import (
    Appeal,
    RecognitionCase,
    Status,
)
from microcred_web.recognition.permissions import (
    require_follow,
    require_handle,
)
from microcred_web.recognition.service_messages import err


@transaction.atomic
def recognition_appeal_lodge(*, case: RecognitionCase, by: Any, grounds: str) -> Appeal:
    """The applicant appeals a final decision within the deadline (LRC Art. III.5, §6.8)."""
    require_follow(by, case)
    case = locked(case)
    require_step(case, StepName.APPEAL, err("service.doing.appeal"))
    refuse(
        desk_rules.appeal_refusal(today=timezone.localdate(), deadline=case.appeal_deadline, grounds=grounds)
    )
    appeal = Appeal.objects.create(case=case, lodged_by=by, grounds=grounds.strip())
    set_status(case, StepName.APPEAL, Status.APPEALED)
    case.save(update_fields=["status", "updated_at"])
    event(
        case,
        actor=actor_of(by, "learner"),
        action="APPEAL_LODGED",
        payload={"appeal": appeal.pk, "grounds": appeal.grounds},
    )
    return appeal


@transaction.atomic
def recognition_appeal_decide(
    *,
    appeal: Appeal,
    by: Any,
    result: str,
    reasons: str,
    outcome: str = "",
    credits: Any = None,
) -> Appeal:
    """Decide an appeal: dismissed (the decision stands) or upheld with a new decision, linked to
    the old one (§6.8). Whoever signed the decision under appeal may not decide it."""
    case = locked(appeal.case)
    require_handle(by, case, Action.DECIDE_APPEAL)
    require_step(case, StepName.DECIDE_APPEAL, err("service.doing.decide_appeal"))
    four_eyes_step(
        by,
        case,
        authors={case.decided_by_id, case.second_approver_id},
        step="decide_appeal",
        where="appeal",
        action=Action.DECIDE_APPEAL,
    )
    refuse(desk_rules.appeal_decision_refusal(result=result, reasons=reasons))
    previous = case.final_decision
    proposal = case.proposed
    assert proposal is not None
    new = previous
    if result == Appeal.Result.UPHELD:
        new = decision_from(proposal, confirm=False, outcome=outcome, credits=credits, justification=reasons)
        set_final(case, new)
        ledger_effects(case, new)
    appeal.result = result
    appeal.reasons = reasons.strip()
    appeal.decided_by = by
    appeal.decided_at = timezone.now()
    appeal.previous_decision = previous.to_json()
    appeal.save()
    set_status(case, StepName.DECIDE_APPEAL, Status.APPEAL_DECIDED)
    case.save()
    event(
        case,
        actor=actor_of(by, "appeal_body"),
        action="APPEAL_DECIDED",
        payload={
            "appeal": appeal.pk,
            "result": result,
            "reasons": appeal.reasons,
            "previous": previous.to_json(),
            "decision": new.to_json(),
        },
    )
    if desk_rules.decision_changed(previous, new):
        revoke_decision_credential(
            case,
            actor=actor_of(by, "appeal_body"),
            reason=f"the appeal {appeal.pk} changed the decision to {new.outcome}"
            + (f" ({new.credits} {new.credit_system})" if new.credits is not None else ""),
        )
    return appeal
