"""The target component and the learning-outcome matrix of a case (recognition.md §4.1, §8.2):
the officer sets the target, confirms, rejects or edits suggested pairs, and signs the matrix off.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import transaction
from pydantic import ValidationError

from microcred.errors import MicrocredError
from microcred.recognition.case import TargetDoc
from microcred.recognition.lifecycle import StepName
from microcred.recognition.values import Coverage
from microcred_web.accounts.permissions import Action
from microcred_web.recognition import adapters
from microcred_web.recognition.adapters import RecognitionInputError
from microcred_web.recognition.case_events import (
    actor_of,
    event,
    locked,
    now_text,
    reopen,
    require_step,
)
from microcred_web.recognition.columns import LoAction
from microcred_web.recognition.models import (
    RecognitionCase,
)
from microcred_web.recognition.permissions import (
    require_handle,
)
from microcred_web.recognition.service_messages import err


@transaction.atomic
def recognition_case_set_target(*, case: RecognitionCase, by: Any, target: dict[str, Any]) -> RecognitionCase:
    """Set the target component (course or programme, credits, level, learning outcomes, §4.1)."""
    require_handle(by, case)
    case = locked(case)
    require_step(case, StepName.SET_TARGET, err("service.doing.change_target"))
    host = case.host
    data = {
        **target,
        "institution": {"id": host.slug, "name": host.display_name("en"), "country": host.country},
    }
    try:
        doc = TargetDoc.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = "target." + ".".join(str(p) for p in first["loc"])
        raise RecognitionInputError(
            err("service.target.invalid", value=len(exc.errors()), value2=first["msg"]), where=where
        ) from None
    ids = [lo.id for lo in doc.learning_outcomes]
    if len(set(ids)) != len(ids):
        raise RecognitionInputError(err("service.target.duplicate_lo"), where="target.learning_outcomes")
    case.target_doc = doc
    case.suggestions = adapters.suggestions_of(
        adapters.target_outcomes(doc), adapters.source_outcomes(case.credential_evidence)
    )
    case.matrix_actions = []
    reopen(case, StepName.SET_TARGET)
    case.save()
    event(
        case,
        actor=actor_of(by, "recognition_officer"),
        action="TARGET_SET",
        payload={
            "target": doc.model_dump(mode="json"),
            "suggestions": len(case.suggestions.suggestions),
            "backend": case.suggestions.backend or None,
        },
    )
    return case


def _lo_action(
    case: RecognitionCase, by: Any, action: LoAction, check: Callable[[Any], Any]
) -> RecognitionCase:
    require_handle(by, case)
    case = locked(case)
    step = StepName.SIGN_OFF_MATRIX if action.action == "SIGNED_OFF" else StepName.CHANGE_MATRIX
    require_step(case, step, err("service.doing.change_matrix"))
    if not case.suggestions and action.action != "EDITED":
        raise RecognitionInputError(err("service.lo.no_suggestions"), where="lo matrix")
    matrix = adapters.lo_matrix(case.suggestions, case.matrix_actions)
    try:
        check(matrix)
    except MicrocredError as exc:
        raise RecognitionInputError(exc.message, where=exc.where or "lo matrix") from None
    case.matrix_actions = [*case.matrix_actions, action]
    reopen(case, step)
    case.save()
    event(case, actor=action.actor, action=f"LO_{action.action}", payload=action.to_json())
    return case


def _target_lo_ids(case: RecognitionCase) -> set[str]:
    target = case.target_doc
    return {lo.id for lo in target.learning_outcomes} if target is not None else set()


def _check_target_lo(case: RecognitionCase, target_lo: str) -> None:
    if target_lo not in _target_lo_ids(case):
        raise RecognitionInputError(
            err("service.lo.unknown_target_lo", target_lo=target_lo), where="target_lo"
        )


@transaction.atomic
def recognition_lo_pair_confirm(
    *, case: RecognitionCase, by: Any, target_lo: str, source: str, note: str = ""
) -> RecognitionCase:
    """A person confirms a suggested pair (§8.2 step 6); only confirmed pairs reach S7."""
    ref = adapters.source_ref(source, where="source")
    at = now_text()
    actor = actor_of(by, "recognition_officer")
    matrix = adapters.lo_matrix(case.suggestions, case.matrix_actions)
    coverage = next(
        (
            s.proposed_coverage.value
            for s in matrix.suggestions.suggestions
            if s.target_lo == target_lo and s.source == ref
        ),
        None,
    )
    action = LoAction.of(
        action="CONFIRMED",
        target_lo=target_lo,
        sources=[source],
        coverage=coverage,
        actor=actor,
        at=at,
        note=note.strip() or None,
    )
    return _lo_action(case, by, action, lambda m: m.confirm(target_lo, ref, actor=actor, at=at))


@transaction.atomic
def recognition_lo_pair_reject(
    *, case: RecognitionCase, by: Any, target_lo: str, source: str, note: str = ""
) -> RecognitionCase:
    ref = adapters.source_ref(source, where="source")
    at = now_text()
    actor = actor_of(by, "recognition_officer")
    action = LoAction.of(
        action="REJECTED",
        target_lo=target_lo,
        sources=[source],
        coverage=None,
        actor=actor,
        at=at,
        note=note.strip() or None,
    )
    return _lo_action(case, by, action, lambda m: m.reject(target_lo, ref, actor=actor, at=at))


@transaction.atomic
def recognition_lo_pair_edit(
    *, case: RecognitionCase, by: Any, target_lo: str, coverage: str, sources: list[str], note: str
) -> RecognitionCase:
    """Set a target outcome's coverage and sources by hand, with a note saying why (§8.2 step 6)."""
    _check_target_lo(case, target_lo)
    if coverage not in Coverage.__members__:
        raise RecognitionInputError(err("service.lo.bad_coverage", coverage=coverage), where="coverage")
    refs = [adapters.source_ref(s, where="sources") for s in sources if s.strip()]
    known = {f"{lo.credential_id}#{lo.id}" for lo in adapters.source_outcomes(case.credential_evidence)}
    for r in refs:
        if str(r) not in known:
            raise RecognitionInputError(err("service.lo.unknown_source", r=r), where="sources")
    at = now_text()
    actor = actor_of(by, "recognition_officer")
    action = LoAction.of(
        action="EDITED",
        target_lo=target_lo,
        sources=[str(r) for r in refs],
        coverage=coverage,
        actor=actor,
        at=at,
        note=note.strip(),
    )
    return _lo_action(
        case,
        by,
        action,
        lambda m: m.edit(target_lo, coverage=Coverage(coverage), sources=refs, actor=actor, at=at, note=note),
    )


@transaction.atomic
def recognition_lo_matrix_sign_off(*, case: RecognitionCase, by: Any) -> RecognitionCase:
    """The reviewer signs off the matrix: target outcomes without a confirmed row are not covered."""
    action = LoAction.of(
        action="SIGNED_OFF",
        target_lo="",
        sources=[],
        actor=actor_of(by, "recognition_officer"),
        at=now_text(),
    )
    require_handle(by, case, Action.SIGN_OFF_MATRIX)
    return _lo_action(case, by, action, lambda m: m)
