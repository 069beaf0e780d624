"""The officer's judgments on a proposal's findings (recognition.md §4.3 design notes, §6.5): a
finding reclassified with a justification (an ``overrides`` entry of the case document), its
second approval under four eyes, and a level recorded for a credential that states none. The
rules are the core's (``microcred.recognition.desk_rules``).
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from django.db import transaction

from microcred.recognition import desk_rules
from microcred.recognition.lifecycle import StepName
from microcred.recognition.proposal import ProposedFinding
from microcred_web.accounts.permissions import Action
from microcred_web.recognition.adapters import RecognitionInputError
from microcred_web.recognition.case_events import (
    MIN_JUSTIFICATION,
    actor_of,
    event,
    four_eyes_step,
    locked,
    refuse,
    reopen,
    require_step,
)
from microcred_web.recognition.models import (
    FindingOverride,
    LevelAssessment,
    RecognitionCase,
    Remedy,
)
from microcred_web.recognition.permissions import (
    require_handle,
)
from microcred_web.recognition.service_messages import err


def _finding(case: RecognitionCase, standard: str, code: str, subject: str | None) -> ProposedFinding:
    proposal = case.proposed
    found = proposal.finding(standard, code, subject) if proposal is not None else None
    if found is not None:
        return found
    raise RecognitionInputError(
        f"the proposal has no finding {standard}:{code}" + (f"@{subject}" if subject else ""), where="finding"
    )


@transaction.atomic
def recognition_finding_reclassify(
    *,
    case: RecognitionCase,
    by: Any,
    standard: str,
    code: str,
    subject: str | None,
    materiality: str,
    justification: str,
    remedy_type: str = "",
    remedy_description: str = "",
) -> RecognitionCase:
    """An officer reclassifies a finding of the proposal (recognition.md §4.3 design notes: e.g.
    a substantial difference judged remediable), with a mandatory justification. It becomes an
    ``overrides`` entry of the case document, so the engine applies it and a replay sees it;
    where the agreement asks for four eyes the engine waits for ``recognition_finding_approve``."""
    require_handle(by, case, Action.OVERRIDE_FINDING)
    case = locked(case)
    require_step(case, StepName.RECLASSIFY, err("service.doing.reclassify"))
    finding = _finding(case, standard, code, subject)
    key = (standard, code, subject)
    refuse(
        desk_rules.reclassification_refusal(
            standard=standard,
            materiality=materiality,
            current=finding.materiality,
            justification=justification,
            remedy_type=remedy_type,
            remedy_description=remedy_description,
            finding_has_remedy=finding.has_remedy,
            already=any(o.key == key for o in case.overrides),
        )
    )
    actor = actor_of(by, "recognition_officer")
    entry = FindingOverride(
        standard=standard,
        code=code,
        subject=subject,
        materiality=materiality,
        justification=justification.strip(),
        actor=actor,
        remedy=Remedy(remedy_type.strip(), remedy_description.strip()) if remedy_type.strip() else None,
        by=by.pk,
    )
    case.overrides = [*case.overrides, entry]
    doc = entry.to_doc()
    reopen(case, StepName.RECLASSIFY)
    case.save()
    event(case, actor=actor, action="FINDING_RECLASSIFIED", payload={**doc, "previous": finding.materiality})
    return case


@transaction.atomic
def recognition_finding_approve(*, case: RecognitionCase, by: Any, index: int) -> RecognitionCase:
    """The second officer's approval of a reclassification (four eyes, §6.5)."""
    require_handle(by, case, Action.COUNTERSIGN)
    case = locked(case)
    require_step(case, StepName.APPROVE_RECLASSIFICATION, err("service.doing.approve_reclassification"))
    entries = case.overrides
    if not 0 <= index < len(entries):
        raise RecognitionInputError(err("service.reclassify_approve.none"), where="index")
    entry = entries[index]
    if entry.approved_by is not None:
        raise RecognitionInputError(err("service.reclassify_approve.already"), where="index")
    four_eyes_step(by, case, authors={entry.by}, step="approve_override", where="index")
    actor = actor_of(by, "recognition_officer")
    entries[index] = replace(entry, approved_by=by.pk, approver=actor)
    case.overrides = entries
    reopen(case, StepName.APPROVE_RECLASSIFICATION)
    case.save()
    event(case, actor=actor, action="FINDING_RECLASSIFICATION_APPROVED", payload=entries[index].to_doc())
    return case


@transaction.atomic
def recognition_level_record(
    *, case: RecognitionCase, by: Any, credential_id: str, level: str, justification: str
) -> RecognitionCase:
    """An officer records the level of a credential that states none (or only a platform label),
    with a justification (recognition.md §4.3 S5); the engine then uses it, saying so."""
    require_handle(by, case)
    case = locked(case)
    require_step(case, StepName.RECORD_LEVEL, err("service.doing.record_level"))
    known = {ev.credential_id for ev in case.credential_evidence}
    if credential_id not in known:
        raise RecognitionInputError(
            err("service.level.unknown_credential", credential_id=credential_id), where="credential_id"
        )
    framework, sep, value = level.strip().partition(":")
    if not sep or not framework or not value:
        raise RecognitionInputError(err("service.level.format"), where="level")
    if len(justification.strip()) < MIN_JUSTIFICATION:
        raise RecognitionInputError(
            err("service.level.justification_short", min=MIN_JUSTIFICATION),
            where="justification",
        )
    actor = actor_of(by, "recognition_officer")
    entry = LevelAssessment(credential_id, level.strip(), justification.strip(), actor)
    case.levels = [a for a in case.levels if a.credential_id != credential_id] + [entry]
    reopen(case, StepName.RECORD_LEVEL)
    case.save()
    event(case, actor=actor, action="LEVEL_RECORDED", payload=entry.to_json())
    return case
