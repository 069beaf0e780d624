"""The applicant appeals a final decision within the deadline; someone who did not sign the
decision decides the appeal; an upheld appeal changes the decision and keeps the old one."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from microcred_web.recognition.adapters import RecognitionInputError
from microcred_web.recognition.appeal import recognition_appeal_decide, recognition_appeal_lodge
from microcred_web.recognition.decision import recognition_conditions_met
from microcred_web.recognition.models import RecognitionCase, Status
from tests.web.recognition.conftest import client_for, decided_case, make_user

GROUNDS = "My UEH project covered LO5 and LO6; the report is attached to my portfolio."


def test_the_applicant_appeals_and_another_officer_upholds_it(
    consortium: Any, officers: Any, learner: Any
) -> None:
    case = decided_case("E2", "unisi", consortium, officers, applicant=learner)
    mine = client_for(learner)
    page = reverse("recognition:my_case", args=[case.uuid])
    assert "Appeal the decision" in mine.get(page).content.decode()
    assert mine.post(page, {"grounds": GROUNDS}).status_code == 302
    case.refresh_from_db()
    assert case.status == Status.APPEALED

    # the officer who signed the decision may not decide the appeal
    with pytest.raises(RecognitionInputError, match="did not sign"):
        recognition_appeal_decide(
            appeal=case.appeals.get(), by=officers["unisi"], result="dismissed", reasons="x" * 30
        )
    body = client_for(officers.second("unisi"))
    body.post(
        reverse("recognition:appeal_decide", args=[case.uuid]),
        {
            "result": "upheld",
            "reasons": "The project report shows LO5 and LO6 were assessed under supervision.",
            "outcome": "FULL",
            "credits": "6",
        },
    )
    case.refresh_from_db()
    appeal = case.appeals.get()
    assert case.status == Status.APPEAL_DECIDED
    assert (case.final_outcome, str(case.final_credits)) == ("FULL", "6.00")
    assert appeal.previous_decision["outcome"] == "PARTIAL" and appeal.previous_decision["credits"] == "4"
    assert case.events.filter(action="APPEAL_DECIDED", visible_to_learner=True).exists()
    html = mine.get(page).content.decode()
    assert "Upheld" in html
    notice = mine.get(reverse("recognition:notice", args=[case.uuid])).content.decode()
    assert "6 IT-CFU" in notice


def test_only_the_applicant_can_appeal(
    consortium: Any, officers: Any, learner: Any, other_learner: Any
) -> None:
    case = decided_case("E1", "neu", consortium, officers, applicant=learner)
    assert (
        client_for(other_learner)
        .post(reverse("recognition:my_case", args=[case.uuid]), {"grounds": GROUNDS})
        .status_code
        == 403
    )
    case.refresh_from_db()
    assert case.status == Status.DECIDED


def test_an_appeal_after_the_deadline_is_refused(consortium: Any, officers: Any, learner: Any) -> None:
    case = decided_case("E1", "neu", consortium, officers, applicant=learner)
    RecognitionCase.objects.filter(pk=case.pk).update(
        appeal_deadline=timezone.localdate() - timedelta(days=1)
    )
    case.refresh_from_db()
    with pytest.raises(RecognitionInputError, match="deadline"):
        recognition_appeal_lodge(case=case, by=learner, grounds=GROUNDS)


def test_an_appeal_without_grounds_is_refused(consortium: Any, officers: Any, learner: Any) -> None:
    case = decided_case("E1", "neu", consortium, officers, applicant=learner)
    with pytest.raises(RecognitionInputError) as exc:
        recognition_appeal_lodge(case=case, by=learner, grounds="no")
    assert exc.value.where == "grounds"
    assert not case.appeals.exists()


def test_an_appeal_is_dismissed_with_reasons_and_the_decision_stands(
    consortium: Any, officers: Any, learner: Any
) -> None:
    case = decided_case("E5", "unidu", consortium, officers, applicant=learner)
    appeal = recognition_appeal_lodge(case=case, by=learner, grounds=GROUNDS)
    chair = make_user("unidu-appeal-chair", consortium["unidu"], "recognition_officer")
    recognition_appeal_decide(
        appeal=appeal, by=chair, result="dismissed", reasons="The level gap R5 against R7 is substantial."
    )
    case.refresh_from_db()
    assert case.final_outcome == "NOT_RECOGNISED" and case.status == Status.APPEAL_DECIDED


def test_a_decided_case_is_closed_with_a_reason_the_learner_sees(
    consortium: Any, officers: Any, learner: Any
) -> None:
    case = decided_case("E1", "neu", consortium, officers, applicant=learner)
    officer = client_for(officers["neu"])
    officer.post(reverse("recognition:close", args=[case.uuid]), {"reason": ""})
    case.refresh_from_db()
    assert case.status == Status.DECIDED
    officer.post(reverse("recognition:close", args=[case.uuid]), {"reason": "appeal period over, no appeal"})
    case.refresh_from_db()
    assert case.status == Status.CLOSED
    assert (
        "Case closed"
        in client_for(learner).get(reverse("recognition:my_case", args=[case.uuid])).content.decode()
    )
    assert (
        "Recognised in full"
        in client_for(learner).get(reverse("recognition:notice", args=[case.uuid])).content.decode()
    )


def test_when_the_conditions_are_met_the_precomputed_award_applies_and_reaches_the_ledger(
    consortium: Any, officers: Any, learner: Any
) -> None:
    from microcred_web.recognition.models import LedgerEntry

    case = decided_case("E4", "muni", consortium, officers, applicant=learner)
    assert case.final_outcome == "CONDITIONAL"
    assert not LedgerEntry.objects.filter(case=case, credits__isnull=False).exists()
    officer = client_for(officers["muni"])
    officer.post(
        reverse("recognition:conditions_met", args=[case.uuid]),
        {"evidence": "passed the MU currency assessment on AML rules on 2026-12-10"},
    )
    case.refresh_from_db()
    assert (case.final_outcome, str(case.final_credits), case.final_credit_system) == ("FULL", "4.00", "ECTS")
    entry = LedgerEntry.objects.get(case=case, credits__isnull=False)
    assert entry.credits == 4 and entry.credit_system == "ECTS"
    assert case.events.filter(action="CONDITIONS_MET", visible_to_learner=True).exists()
    with pytest.raises(RecognitionInputError, match="only a conditional"):
        recognition_conditions_met(case=case, by=officers["muni"], evidence="again, by mistake")
