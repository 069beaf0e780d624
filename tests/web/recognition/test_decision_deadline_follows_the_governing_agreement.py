"""The decision deadline of a new case follows the agreement that governs it: the consortium
profile in force (a profile v2 approved here replaces the shipped one), or a bilateral
agreement's own procedure where it sets one (ADR 0803, addendum)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.utils import timezone

from microcred.recognition.agreements import consortium_profile
from microcred_web.agreements import services as ag
from microcred_web.recognition.models import RecognitionCase
from tests.web.recognition.conftest import bilateral, make_user
from tests.web.recognition.test_learner_request_to_decision import file_request


def approve_profile_v2(consortium_admin: Any, *, sla_days: int) -> Any:
    shipped = consortium_profile()
    draft = ag.agreement_propose(
        by=consortium_admin,
        proposal=ag.AgreementProposal(
            agreement_id=shipped.agreement_id,
            title=shipped.title,
            type="consortium",
            date_effective=date(2026, 6, 1),
            parameters=shipped.parameters.model_dump(mode="json", exclude_none=True),
            procedure={**shipped.procedure.model_dump(mode="json"), "decision_sla_days": sla_days},
            summary=f"decisions within {sla_days} days",
        ),
    )
    return ag.agreement_approve(agreement=draft, by=make_user("consortium-admin-2", is_superuser=True))


def deadline_days(case: RecognitionCase) -> int:
    assert case.decision_deadline is not None
    return (case.decision_deadline - timezone.localdate()).days


def test_without_a_new_profile_the_deadline_is_the_shipped_profiles(
    consortium: Any, learner: Any, issued_to_learner: Any
) -> None:
    case = file_request(learner, consortium, issued_to_learner)
    assert deadline_days(case) == consortium_profile().procedure.decision_sla_days


def test_a_profile_v2_approved_here_changes_the_deadline_of_a_new_case(
    consortium: Any, learner: Any, issued_to_learner: Any, consortium_admin: Any
) -> None:
    shipped_days = consortium_profile().procedure.decision_sla_days
    approve_profile_v2(consortium_admin, sla_days=shipped_days + 15)
    case = file_request(learner, consortium, issued_to_learner)  # muni -> neu, no bilateral
    assert deadline_days(case) == shipped_days + 15
    assert case.decision_deadline == timezone.localdate() + timedelta(days=shipped_days + 15)


def test_a_bilateral_agreement_that_sets_its_own_deadline_governs_its_pair(
    consortium: Any, learner: Any, issued_to_learner: Any, consortium_admin: Any, admins: Any
) -> None:
    approve_profile_v2(consortium_admin, sla_days=45)
    bilateral(admins, "muni", "neu", {}, procedure={"decision_sla_days": 20})
    case = file_request(learner, consortium, issued_to_learner)
    assert deadline_days(case) == 20


def test_a_bilateral_agreement_that_does_not_cover_the_purpose_leaves_the_profiles_deadline(
    consortium: Any, learner: Any, issued_to_learner: Any, consortium_admin: Any, admins: Any
) -> None:
    approve_profile_v2(consortium_admin, sla_days=45)
    bilateral(
        admins, "muni", "neu", {}, procedure={"decision_sla_days": 20}, purposes_allowed=("ELECTIVE_CREDIT",)
    )
    case = file_request(learner, consortium, issued_to_learner)
    assert deadline_days(case) == 45
