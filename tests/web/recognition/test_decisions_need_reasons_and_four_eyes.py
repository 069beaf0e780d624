"""An override of the proposal needs a written justification; a second officer signs overrides
and refusals under a four-eyes agreement (ADR 0801); nobody signs twice."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from microcred_web.recognition.adapters import RecognitionInputError
from microcred_web.recognition.decision import recognition_case_approve, recognition_case_decide
from microcred_web.recognition.models import Status
from tests.web.recognition.conftest import client_for, imported_case


def test_an_override_without_a_justification_is_refused_and_nothing_changes(
    consortium: Any, officers: Any
) -> None:
    case = imported_case("E2", "unisi", consortium, officers)
    events = case.events.count()
    response = client_for(officers["unisi"]).post(
        reverse("recognition:decide", args=[case.uuid]),
        {"decision": "override", "outcome": "FULL", "credits": "6", "justification": "  "},
    )
    assert response.status_code == 200
    assert "justification" in response.content.decode()
    case.refresh_from_db()
    assert case.status == Status.PROPOSED
    assert case.pending_decision is None and case.final_outcome == ""
    assert case.events.count() == events


def test_a_short_justification_is_refused_by_the_service_naming_the_field(
    consortium: Any, officers: Any
) -> None:
    case = imported_case("E2", "unisi", consortium, officers)
    with pytest.raises(RecognitionInputError) as exc:
        recognition_case_decide(
            case=case, by=officers["unisi"], confirm=False, outcome="FULL", credits="6", justification="ok"
        )
    assert exc.value.where == "justification"


def test_an_override_with_a_justification_needs_a_second_officer_and_is_then_final(
    consortium: Any, officers: Any
) -> None:
    case = imported_case("E2", "unisi", consortium, officers)
    first, second = client_for(officers["unisi"]), client_for(officers.second("unisi"))
    why = "LO5 and LO6 were assessed in the learner's UEH project; the exam board saw the project."
    first.post(
        reverse("recognition:decide", args=[case.uuid]),
        {"decision": "override", "outcome": "FULL", "credits": "6", "justification": why},
    )
    case.refresh_from_db()
    assert case.status == Status.PROPOSED and case.pending_decision["outcome"] == "FULL"
    first.post(reverse("recognition:approve", args=[case.uuid]))  # the same officer again
    case.refresh_from_db()
    assert case.status == Status.PROPOSED, "the first signer cannot give the second signature"
    second.post(reverse("recognition:approve", args=[case.uuid]))
    case.refresh_from_db()
    assert case.status == Status.DECIDED
    assert (case.final_outcome, str(case.final_credits), case.is_override) == ("FULL", "6.00", True)
    assert case.justification == why
    assert (case.decided_by, case.second_approver) == (officers["unisi"], officers.second("unisi"))
    final = case.events.get(action="DECISION_FINAL").payload
    assert final["override"] is True and final["proposed_outcome"] == "PARTIAL"
    assert final["second_approver"] == f"user:{officers.second('unisi').pk} (recognition_officer)"


def test_a_refusal_needs_a_second_officer_even_when_it_confirms_the_proposal(
    consortium: Any, officers: Any
) -> None:
    case = imported_case("E5", "unidu", consortium, officers)
    case = recognition_case_decide(case=case, by=officers["unidu"], confirm=True)
    assert case.status == Status.PROPOSED and case.pending_decision is not None
    with pytest.raises(RecognitionInputError, match="four eyes"):
        recognition_case_approve(case=case, by=officers["unidu"])
    case = recognition_case_approve(case=case, by=officers.second("unidu"))
    assert case.status == Status.DECIDED and case.final_outcome == "NOT_RECOGNISED"


def test_confirming_a_full_recognition_needs_one_officer(consortium: Any, officers: Any) -> None:
    case = imported_case("E1", "neu", consortium, officers)
    case = recognition_case_decide(case=case, by=officers["neu"], confirm=True)
    assert case.status == Status.DECIDED and case.second_approver is None


def test_a_decided_case_cannot_be_decided_again(consortium: Any, officers: Any) -> None:
    case = imported_case("E1", "neu", consortium, officers)
    case = recognition_case_decide(case=case, by=officers["neu"], confirm=True)
    with pytest.raises(RecognitionInputError, match="cannot be decided"):
        recognition_case_decide(case=case, by=officers["neu"], confirm=True)
