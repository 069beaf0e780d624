"""A consortium profile approved in the register governs the cases no agreement covers, with the
``NO_AGREEMENT`` note, because the case carries it inline and the core falls back to the profile
in force on the decision date (ADR 0504, 0802)."""

from __future__ import annotations

from datetime import date
from typing import Any

from microcred.recognition.agreements import consortium_profile
from microcred_web.agreements import services as ag
from microcred_web.recognition.proposal import recognition_case_propose
from microcred_web.recognition.replay_check import recognition_case_replay
from tests.web.recognition.conftest import bilateral, imported_case, make_user


def profile_v2(consortium_admin: Any, *, effective: date = date(2026, 6, 1)) -> Any:
    """M4A-DEFAULT v2 (six years of currency), proposed and approved by two consortium administrators."""
    draft = ag.agreement_propose(
        by=consortium_admin,
        proposal=ag.AgreementProposal(
            agreement_id="M4A-DEFAULT",
            title="MICRO4ASIA consortium default recognition profile",
            type="consortium",
            date_effective=effective,
            parameters={**consortium_profile().parameters.model_dump(mode="json"), "max_age_years": 6},
            summary="currency extended to six years",
        ),
    )
    second = make_user("consortium-admin-2", is_superuser=True)
    return ag.agreement_approve(agreement=draft, by=second)


def test_a_profile_approved_in_the_register_applies_to_a_case_without_an_agreement(
    consortium: Any, officers: Any, consortium_admin: Any
) -> None:
    profile_v2(consortium_admin)
    case = imported_case("E1", "neu", consortium, officers)  # muni -> neu, decided 2026-10-01
    assert case.agreement_ref == "M4A-DEFAULT@2"
    assert case.proposal["agreement"]["chain"] == ["M4A-DEFAULT@2"]
    assert case.proposal["agreement"]["notes"][0].startswith(
        "NO_AGREEMENT: no agreement between muni and neu"
    )
    assert case.case_input.get("agreement_ref") is None  # carried inline, not pinned
    carried = [(a["agreement_id"], a["version"]) for a in case.case_input["agreements"]]
    assert carried == [("M4A-DEFAULT", 2)]
    assert ag.agreement_of_case(case) == ag.agreement_by_ref("M4A-DEFAULT", 2)


def test_the_decision_under_the_new_profile_replays_after_the_profile_is_suspended(
    consortium: Any, officers: Any, consortium_admin: Any
) -> None:
    row = profile_v2(consortium_admin)
    case = imported_case("E1", "neu", consortium, officers)
    ag.agreement_suspend(agreement=row, by=consortium_admin, reason="the board reconsiders the currency")
    assert recognition_case_replay(case=case, by=officers["neu"]).matches
    later = recognition_case_propose(case=case, by=officers["neu"])
    assert later.agreement_ref == "M4A-DEFAULT@1"
    assert later.proposal["agreement"]["notes"][0].startswith("NO_AGREEMENT")


def test_a_profile_that_takes_effect_after_the_decision_date_does_not_apply(
    consortium: Any, officers: Any, consortium_admin: Any
) -> None:
    profile_v2(consortium_admin, effective=date(2027, 1, 1))
    case = imported_case("E1", "neu", consortium, officers)
    assert case.agreement_ref == "M4A-DEFAULT@1"
    assert case.proposal["agreement"]["notes"][0].startswith("NO_AGREEMENT")


def test_a_bilateral_agreement_still_governs_its_pair_under_the_new_profile(
    consortium: Any, officers: Any, admins: Any, consortium_admin: Any
) -> None:
    profile_v2(consortium_admin)
    bilateral(admins, "muni", "neu", {"lo_coverage": {"full": "0.85"}}, agreement_id="MU-NEU-STRICT")
    case = imported_case("E1", "neu", consortium, officers)
    assert case.agreement_ref == "MU-NEU-STRICT@1"
    assert case.proposal["agreement"]["chain"] == ["MU-NEU-STRICT@1", "M4A-DEFAULT@2"]
    assert case.proposal["agreement"]["notes"] == []
