"""The case life cycle is one table in the core (ADR 0850): whatever sequence of desk services
runs on a case, each one that succeeds makes a move the table allows for its step, each one
refused leaves the status as it was, and the case's log passes the check ``microcred replay``
makes (``lifecycle.check_events``)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from microcred.errors import MicrocredError
from microcred.recognition import lifecycle
from microcred.recognition.lifecycle import CaseStatus, StepName
from microcred_web.accounts.permissions import Action
from microcred_web.recognition.appeal import recognition_appeal_decide, recognition_appeal_lodge
from microcred_web.recognition.decision import (
    recognition_case_approve,
    recognition_case_close,
    recognition_case_decide,
    recognition_conditions_met,
    recognition_information_request_expire,
)
from microcred_web.recognition.findings import recognition_finding_reclassify
from microcred_web.recognition.lo_matrix import recognition_case_set_target, recognition_lo_matrix_sign_off
from microcred_web.recognition.models import RecognitionCase, Status
from microcred_web.recognition.proposal import recognition_case_propose
from microcred_web.recognition.replay_check import recognition_case_replay
from tests.web.recognition.conftest import canonical_case

pytestmark = pytest.mark.db

REASON = "a justification long enough for the desk's rule"

Call = Callable[[RecognitionCase, dict[str, Any]], Any]


def _reclassify(case: RecognitionCase, who: dict[str, Any]) -> Any:
    finding = next(iter((case.proposal or {}).get("findings", [])), None)
    if finding is None:
        raise MicrocredError("no finding", where="test")
    return recognition_finding_reclassify(
        case=case,
        by=who["officer"],
        standard=finding["standard"],
        code=finding["code"],
        subject=finding["subject"],
        materiality="NON_SUBSTANTIAL" if finding["materiality"] != "NON_SUBSTANTIAL" else "SUBSTANTIAL",
        justification=REASON,
    )


def _appeal_decide(case: RecognitionCase, who: dict[str, Any]) -> Any:
    appeal = case.appeals.filter(result="").first()
    if appeal is None:
        raise MicrocredError("no appeal", where="test")
    return recognition_appeal_decide(appeal=appeal, by=who["third"], result="dismissed", reasons=REASON)


# Each desk service with the step of the life cycle it takes.
SERVICES: dict[str, tuple[StepName, Call]] = {
    "propose": (StepName.PROPOSE, lambda c, w: recognition_case_propose(case=c, by=w["officer"])),
    "set_target": (
        StepName.SET_TARGET,
        lambda c, w: recognition_case_set_target(
            case=c, by=w["officer"], target={k: v for k, v in c.target.items() if k != "institution"}
        ),
    ),
    "sign_off": (
        StepName.SIGN_OFF_MATRIX,
        lambda c, w: recognition_lo_matrix_sign_off(case=c, by=w["officer"]),
    ),
    "reclassify": (StepName.RECLASSIFY, _reclassify),
    "confirm": (StepName.DECIDE, lambda c, w: recognition_case_decide(case=c, by=w["officer"], confirm=True)),
    "refuse": (
        StepName.DECIDE,
        lambda c, w: recognition_case_decide(
            case=c, by=w["officer"], confirm=False, outcome="NOT_RECOGNISED", justification=REASON
        ),
    ),
    "countersign": (StepName.APPROVE, lambda c, w: recognition_case_approve(case=c, by=w["second"])),
    "appeal": (
        StepName.APPEAL,
        lambda c, w: recognition_appeal_lodge(case=c, by=w["learner"], grounds="the outcomes match in full"),
    ),
    "decide_appeal": (StepName.DECIDE_APPEAL, _appeal_decide),
    "conditions_met": (
        StepName.CONDITIONS_MET,
        lambda c, w: recognition_conditions_met(case=c, by=w["officer"], evidence="the exam was passed"),
    ),
    "close": (StepName.CLOSE, lambda c, w: recognition_case_close(case=c, by=w["officer"], reason=REASON)),
    "expire": (
        StepName.EXPIRE,
        lambda c, w: recognition_information_request_expire(
            case=c, today=timezone.localdate() + timedelta(days=400)
        ),
    ),
    "replay": (StepName.REPLAY, lambda c, w: recognition_case_replay(case=c, by=w["officer"])),
}


def test_the_web_statuses_are_the_life_cycles() -> None:
    assert set(Status.values) == {s.value for s in CaseStatus}


def test_every_step_names_a_permission_of_the_policy_table() -> None:
    actions = {a.value for a in Action} | {"system"}
    assert {s.who for s in lifecycle.STEPS.values()} <= actions


@settings(
    max_examples=20,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    example=st.sampled_from([("E1", "neu"), ("E2", "unisi")]),
    names=st.lists(st.sampled_from(sorted(SERVICES)), min_size=2, max_size=10),
)
@example(
    example=("E2", "unisi"),
    names=["refuse", "countersign", "appeal", "decide_appeal", "conditions_met", "close", "replay"],
)
@example(example=("E1", "neu"), names=["confirm", "countersign", "appeal", "close", "expire"])
def test_no_sequence_of_services_bypasses_the_table(
    consortium: Any, officers: Any, learner: Any, example: tuple[str, str], names: list[str]
) -> None:
    from microcred_web.recognition.intake import recognition_case_import

    name, host = example
    with transaction.atomic():
        who = {
            "officer": officers[host],
            "second": officers.second(host),
            "learner": learner,
            "third": _third(host, consortium),
        }
        case = recognition_case_import(
            by=who["officer"], host=consortium[host], document=canonical_case(name), applicant=learner
        )
        for service in ["propose", *names]:
            step, call = SERVICES[service]
            before = RecognitionCase.objects.get(pk=case.pk).status
            try:
                done = call(RecognitionCase.objects.get(pk=case.pk), who)
            except (MicrocredError, PermissionDenied):
                done = None
            if done is None:
                # refused, or not due (expiry): nothing moved (each service is one transaction)
                assert RecognitionCase.objects.get(pk=case.pk).status == before, service
                continue
            after = RecognitionCase.objects.get(pk=case.pk).status
            lifecycle.check_move(step, before, after)
        events = [(e.action, e.payload) for e in case.events.order_by("seq")]
        final = RecognitionCase.objects.get(pk=case.pk).status
        assert final in lifecycle.check_events(events)
        transaction.set_rollback(True)


def _third(host: str, consortium: Any) -> Any:
    """A third officer of the host, who signed none of the decision (decides appeals)."""
    from microcred_web.accounts.models import Role
    from tests.web.recognition.conftest import make_user

    return make_user(f"third-{host}", consortium[host], Role.RECOGNITION_OFFICER)


def test_the_desk_rules_speak_of_the_web_appeal_results_and_outcomes() -> None:
    from microcred.recognition import desk_rules
    from microcred_web.recognition.models import Appeal, Outcome

    assert set(Appeal.Result.values) == set(desk_rules.APPEAL_RESULTS)
    assert set(desk_rules.AWARDING) | {"NOT_RECOGNISED", "PENDING_INFORMATION"} == set(Outcome.values)
