"""When a case is proposed, the agreement in force for (sending institution, host, decision date)
comes from the database and travels inline to the core, so the decision names it and a replay
reproduces it bit for bit (ADR 0802)."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from django.urls import reverse

from microcred_web.agreements import services as ag
from microcred_web.recognition.replay_check import recognition_case_replay
from tests.web.recognition.conftest import bilateral, client_for, imported_case


def test_without_an_agreement_the_consortium_profile_applies_with_a_note(
    consortium: Any, officers: Any
) -> None:
    case = imported_case("E1", "neu", consortium, officers)
    assert case.agreement_ref == "M4A-DEFAULT@1"
    assert case.proposal["agreement"]["notes"][0].startswith("NO_AGREEMENT")
    assert case.proposal["outcome"] == "FULL"


def test_a_bilateral_threshold_override_changes_the_proposed_decision(
    consortium: Any, officers: Any, admins: Any
) -> None:
    bilateral(admins, "muni", "neu", {"lo_coverage": {"full": "0.85"}}, agreement_id="MU-NEU-STRICT")
    case = imported_case("E1", "neu", consortium, officers)
    assert case.agreement_ref == "MU-NEU-STRICT@1"
    assert case.proposal["outcome"] == "PARTIAL"
    assert case.proposal["credits_awarded"] == "2"
    assert case.proposal["agreement"]["overrides"] == {"lo_coverage.full": "MU-NEU-STRICT@1"}
    assert case.proposal["agreement"]["notes"] == []
    assert [a["agreement_id"] for a in case.case_input["agreements"]] == ["MU-NEU-STRICT"]


def test_an_hours_override_is_named_in_the_arithmetic(consortium: Any, officers: Any, admins: Any) -> None:
    bilateral(admins, "muni", "neu", {"hours_per_credit": {"ECTS": "30"}}, agreement_id="MU-NEU")
    case = imported_case("E1", "neu", consortium, officers)
    assert case.agreement_ref == "MU-NEU@1"
    assert "MU-NEU@1 hours_per_credit.ECTS" in json.dumps(case.proposal, ensure_ascii=False)


def test_an_expired_agreement_is_not_applied(consortium: Any, officers: Any, admins: Any) -> None:
    # E1 is decided on 2026-10-01; this agreement ended the day before.
    bilateral(
        admins,
        "muni",
        "neu",
        {"lo_coverage": {"full": "0.85"}},
        agreement_id="MU-NEU-OLD",
        expiration_date=date(2026, 9, 30),
    )
    case = imported_case("E1", "neu", consortium, officers)
    assert case.agreement_ref == "M4A-DEFAULT@1"
    assert case.proposal["outcome"] == "FULL"
    assert case.proposal["agreement"]["notes"][0].startswith("NO_AGREEMENT")


def test_a_suspended_or_draft_agreement_is_not_applied(consortium: Any, officers: Any, admins: Any) -> None:
    row = bilateral(admins, "muni", "neu", {"lo_coverage": {"full": "0.85"}}, agreement_id="MU-NEU-STRICT")
    ag.agreement_suspend(agreement=row, by=admins["neu"], reason="the partners review the threshold")
    bilateral(admins, "muni", "neu", {"lo_coverage": {"full": "0.9"}}, agreement_id="MU-NEU-X", approve=False)
    case = imported_case("E1", "neu", consortium, officers)
    assert case.agreement_ref == "M4A-DEFAULT@1"
    assert case.proposal["outcome"] == "FULL"


def test_an_agreement_of_another_pair_is_not_applied(consortium: Any, officers: Any, admins: Any) -> None:
    bilateral(admins, "ueh", "neu", {"lo_coverage": {"full": "0.85"}}, agreement_id="UEH-NEU")
    case = imported_case("E1", "neu", consortium, officers)
    assert case.agreement_ref == "M4A-DEFAULT@1"


def test_a_newer_version_applies_from_its_effective_date(consortium: Any, officers: Any, admins: Any) -> None:
    bilateral(admins, "muni", "neu", {"hours_per_credit": {"ECTS": "30"}}, agreement_id="MU-NEU")
    bilateral(
        admins,
        "muni",
        "neu",
        {"lo_coverage": {"full": "0.85"}},
        agreement_id="MU-NEU",
        date_effective=date(2026, 9, 1),
    )
    case = imported_case("E1", "neu", consortium, officers)
    assert case.agreement_ref == "MU-NEU@2"
    assert case.proposal["outcome"] == "PARTIAL"


def test_replay_reproduces_the_decision_after_the_agreement_changed(
    consortium: Any, officers: Any, admins: Any
) -> None:
    row = bilateral(admins, "muni", "neu", {"lo_coverage": {"full": "0.85"}}, agreement_id="MU-NEU-STRICT")
    case = imported_case("E1", "neu", consortium, officers)
    ag.agreement_suspend(agreement=row, by=admins["neu"], reason="the partners review the threshold")
    result = recognition_case_replay(case=case, by=officers["neu"])
    assert result.matches
    assert case.proposal["outcome"] == "PARTIAL"


def test_a_case_file_that_brings_its_agreement_keeps_it(consortium: Any, officers: Any, admins: Any) -> None:
    bilateral(admins, "ueh", "unisi", {"lo_coverage": {"full": "0.95"}}, agreement_id="UEH-UNISI-DB")
    case = imported_case("E2", "unisi", consortium, officers)
    assert case.agreement_ref == "UEH-UNISI@1"


def test_the_case_page_names_and_links_the_agreement(consortium: Any, officers: Any, admins: Any) -> None:
    bilateral(admins, "muni", "neu", {"lo_coverage": {"full": "0.85"}}, agreement_id="MU-NEU-STRICT")
    case = imported_case("E1", "neu", consortium, officers)
    html = client_for(officers["neu"]).get(reverse("recognition:case", args=[case.uuid])).content.decode()
    assert f'href="{reverse("agreements:agreement", args=["MU-NEU-STRICT", 1])}"' in html
    assert "MU-NEU-STRICT@1" in html


def test_a_case_file_agreement_is_linked_only_when_the_register_holds_the_same_text(
    consortium: Any, officers: Any, admins: Any
) -> None:
    bilateral(admins, "ueh", "unisi", {"lo_coverage": {"full": "0.95"}}, agreement_id="UEH-UNISI")
    case = imported_case("E2", "unisi", consortium, officers)
    assert case.agreement_ref == "UEH-UNISI@1"
    assert ag.agreement_of_case(case) is None
    html = client_for(officers["unisi"]).get(reverse("recognition:case", args=[case.uuid])).content.decode()
    assert reverse("agreements:agreement", args=["UEH-UNISI", 1]) not in html


def test_a_case_built_in_the_workspace_is_decided_under_the_pairs_agreement(
    consortium: Any, officers: Any, admins: Any, learner: Any, issued_to_learner: Any
) -> None:
    from tests.web.recognition.conftest import e1_target_form
    from tests.web.recognition.test_learner_request_to_decision import file_request

    bilateral(admins, "muni", "neu", {"hours_per_credit": {"ECTS": "30"}}, agreement_id="MU-NEU")
    case = file_request(learner, consortium, issued_to_learner)
    officer = client_for(officers["neu"])
    officer.post(reverse("recognition:target", args=[case.uuid]), e1_target_form())
    officer.post(reverse("recognition:propose", args=[case.uuid]))
    case.refresh_from_db()
    assert case.agreement_ref == "MU-NEU@1"
    assert [a["agreement_id"] for a in case.case_input["agreements"]] == ["MU-NEU"]
    assert recognition_case_replay(case=case, by=officers["neu"]).matches
