"""Issue 10, item 1: every case can reach a decision. The stuck case (MU's credential with the
supervision element empty and the QA body unnamed, asked at UEH for elective credit) goes to
whoever can supply each missing item; the officer can always decide (ADR 0810)."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from microcred_web.accounts.models import Role
from microcred_web.recognition import services
from microcred_web.recognition.adapters import RecognitionInputError
from microcred_web.recognition.models import RecognitionCase, Status
from tests.web.recognition.conftest import client_for, make_user
from tests.web.recognition.stuck_journey import UEH_TARGET, issued, masaryk_with_gaps

pytestmark = pytest.mark.db


def stuck_case(consortium: Any, officers: Any, learner: Any, *, spec_change: Any = None) -> RecognitionCase:
    version = masaryk_with_gaps(consortium, spec_change)
    credential = issued(version, learner, consortium)
    response = client_for(learner).post(
        reverse("recognition:request"),
        {
            "host": consortium["ueh"].pk,
            "purpose": "ELECTIVE_CREDIT",
            "target_title": "Elective: Econometrics",
            "credential": credential.pk,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    case = RecognitionCase.objects.get(applicant=learner)
    officer = client_for(officers["ueh"])
    officer.post(reverse("recognition:target", args=[case.uuid]), UEH_TARGET)
    officer.post(reverse("recognition:lo_sign_off", args=[case.uuid]))
    officer.post(reverse("recognition:propose", args=[case.uuid]))
    case.refresh_from_db()
    return case


def test_the_stuck_case_asks_the_issuer_for_supervision_and_reads_its_qa_standing_from_the_institution(
    consortium: Any, officers: Any, learner: Any
) -> None:
    case = stuck_case(consortium, officers, learner)
    assert case.status == Status.INFORMATION_REQUESTED
    assert [(m["where"].partition(".")[2], m["supplier"]) for m in case.proposal["missing_information"]] == [
        ("assessment.supervision", "issuer")
    ]
    s4 = next(s for s in case.proposal["standards"] if s["standard"] == "S4")
    assert s4["result"] == "PASS" and "DEQAR" in s4["indicators"]["issuer.qa"]
    trust = next(c for c in case.verification_reports[0]["checks"] if c["check"] == "trust")
    assert "DEQAR" in trust["reason"] or "DEQAR" in str(trust.get("params"))
    page = client_for(learner).get(reverse("recognition:my_case", args=[case.uuid])).content.decode()
    assert "Nothing is asked of you now." in page
    assert "Masaryk University" in page and "you need not do anything" in page
    assert 'action="' + reverse("recognition:answer", args=[case.uuid]) + '"' not in page
    assert "closed as incomplete" not in page
    desk = client_for(officers["ueh"]).get(reverse("recognition:case", args=[case.uuid])).content.decode()
    assert 'action="' + reverse("recognition:decide", args=[case.uuid]) + '"' in desk
    assert (
        'action="' + reverse("recognition:reclassify", args=[case.uuid]) + '"' in desk
        or not case.proposal["findings"]
    )
    assert "Asked of Masaryk University" in desk


def test_the_issuing_institution_answers_on_its_page_and_the_case_is_then_decided(
    consortium: Any, officers: Any, learner: Any
) -> None:
    case = stuck_case(consortium, officers, learner)
    designer = make_user("muni-designer", consortium["muni"], Role.COURSE_DESIGNER)
    staff = client_for(designer)
    page = staff.get(reverse("recognition:issuer_requests")).content.decode()
    assert case.reference in page and "Supervision" in page
    home = staff.get(reverse("accounts:home")).content.decode()
    assert "To answer" in home and case.reference in home and "items asked of your institution: 1" in home
    prefix = f"c{case.pk}i0"
    where = case.proposal["missing_information"][0]["where"]
    response = staff.post(
        reverse("recognition:issuer_requests"),
        {
            "case": str(case.uuid),
            f"{prefix}-where": where,
            f"{prefix}-supervision": "supervised_with_id",
            f"{prefix}-text": "Written exam on site, identity checked at the door.",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    case.refresh_from_db()
    assert case.status == Status.UNDER_REVIEW
    supplied = case.events.get(action="INFORMATION_SUPPLIED")
    assert supplied.actor == f"user:{designer.pk} (issuer)" and supplied.visible_to_learner
    assert supplied.payload["value"] == {"supervision": "supervised_with_id"}
    assert case.reference not in staff.get(reverse("recognition:issuer_requests")).content.decode()
    officer = client_for(officers["ueh"])
    desk = officer.get(reverse("recognition:case", args=[case.uuid])).content.decode()
    assert "Information was supplied" in desk
    supplied = desk.split('id="supplied"')[1][:800]
    assert "Supervision of the assessment of the credential" in supplied
    assert "Supervised, with identity verification" in supplied and "urn:uuid" not in supplied
    officer.post(reverse("recognition:propose", args=[case.uuid]))
    case.refresh_from_db()
    assert case.status == Status.PROPOSED, case.proposal["missing_information"]
    s3 = next(s for s in case.proposal["standards"] if s["standard"] == "S3")
    assert s3["indicators"]["assessment.supervision"] == "supervised_with_id"
    case = services.recognition_case_decide(case=case, by=officers["ueh"], confirm=True)
    if case.pending_decision:
        case = services.recognition_case_approve(case=case, by=officers.second("ueh"))
    assert case.status == Status.DECIDED and case.final_credits is not None
    assert services.recognition_case_replay(case=case, by=officers["ueh"]).replayed_sha256


def test_an_officer_decides_a_case_waiting_for_information_by_a_justified_override_under_four_eyes(
    consortium: Any, officers: Any, learner: Any
) -> None:
    case = stuck_case(consortium, officers, learner)
    officer = client_for(officers["ueh"])
    decide = reverse("recognition:decide", args=[case.uuid])
    with pytest.raises(RecognitionInputError, match="propose again before confirming"):
        services.recognition_case_decide(case=case, by=officers["ueh"], confirm=True)
    page = officer.get(reverse("recognition:case", args=[case.uuid])).content.decode()
    assert 'name="decision" value="override"' in page and 'name="decision" value="confirm"' not in page
    response = officer.post(
        decide,
        {
            "decision": "override",
            "outcome": "FULL",
            "credits": "3",
            "justification": "The MU syllabus states an on-site supervised exam with identity checks.",
        },
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.pending_decision and case.pending_decision["override"] is True
    with pytest.raises(RecognitionInputError, match="four eyes"):
        services.recognition_case_approve(case=case, by=officers["ueh"])
    case = services.recognition_case_approve(case=case, by=officers.second("ueh"))
    assert case.status == Status.DECIDED and case.is_override and str(case.final_credits) == "3"


def test_no_override_awards_credits_while_authenticity_is_not_established(
    consortium: Any, officers: Any, learner: Any, muni_published: Any
) -> None:
    client_for(learner).post(
        reverse("recognition:request"),
        {
            "host": consortium["ueh"].pk,
            "purpose": "ELECTIVE_CREDIT",
            "target_title": "Elective: Econometrics",
            "register_entry": muni_published.pk,
        },
    )
    case = RecognitionCase.objects.get(applicant=learner)
    officer = client_for(officers["ueh"])
    officer.post(reverse("recognition:target", args=[case.uuid]), UEH_TARGET)
    officer.post(reverse("recognition:lo_sign_off", args=[case.uuid]))
    officer.post(reverse("recognition:propose", args=[case.uuid]))
    case.refresh_from_db()
    assert case.proposal["outcome"] == "PENDING_INFORMATION"
    with pytest.raises(RecognitionInputError, match="S1"):
        services.recognition_case_decide(
            case=case, by=officers["ueh"], confirm=False, outcome="FULL", credits="3", justification="x" * 30
        )
    case = services.recognition_case_decide(
        case=case,
        by=officers["ueh"],
        confirm=False,
        outcome="NOT_RECOGNISED",
        justification="The issuer never confirmed the credential within the period.",
    )
    assert case.pending_decision["outcome"] == "NOT_RECOGNISED"


def test_the_learner_is_asked_only_for_what_she_can_supply_and_her_answer_counts(
    consortium: Any, officers: Any, learner: Any
) -> None:
    def no_workload(spec: dict[str, Any]) -> None:
        spec.pop("workload")
        spec["supervision"] = "supervised_with_id"

    case = stuck_case(consortium, officers, learner, spec_change=no_workload)
    assert case.status == Status.INFORMATION_REQUESTED
    mine = client_for(learner)
    page = mine.get(reverse("recognition:my_case", args=[case.uuid])).content.decode()
    assert "What you are asked for" in page and "Workload" in page
    index = next(
        i for i, m in enumerate(case.proposal["missing_information"]) if m["where"].endswith(".workload")
    )
    response = mine.post(
        reverse("recognition:answer", args=[case.uuid]),
        {f"reply_{index}_credits": "5", f"reply_{index}_system": "ECTS", f"reply_{index}_hours": "125"},
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    case.refresh_from_db()
    answer = case.events.get(action="LEARNER_RESPONDED")
    assert answer.payload["replies"][0]["value"] == {"credits": "5", "system": "ECTS", "hours": "125"}
    client_for(officers["ueh"]).post(reverse("recognition:propose", args=[case.uuid]))
    case.refresh_from_db()
    assert not any(m["where"].endswith(".workload") for m in case.proposal["missing_information"])
    assert case.events.filter(action="INFORMATION_REQUESTED").count() == 1


def test_an_answer_the_engine_cannot_read_is_not_asked_again(
    consortium: Any, officers: Any, learner: Any
) -> None:
    def no_workload(spec: dict[str, Any]) -> None:
        spec.pop("workload")
        spec["supervision"] = "supervised_with_id"

    case = stuck_case(consortium, officers, learner, spec_change=no_workload)
    index = next(
        i for i, m in enumerate(case.proposal["missing_information"]) if m["where"].endswith(".workload")
    )
    services.recognition_information_answer(case=case, by=learner, replies={index: "About a week of study."})
    case = services.recognition_case_propose(case=RecognitionCase.objects.get(pk=case.pk), by=officers["ueh"])
    assert case.proposal["outcome"] == "PENDING_INFORMATION"
    assert case.status == Status.UNDER_REVIEW  # the desk decides now; she is not asked again
    assert case.events.filter(action="INFORMATION_REQUESTED").count() == 1


def test_the_officer_records_a_non_member_issuers_reply_with_its_source(
    consortium: Any, officers: Any, learner: Any
) -> None:
    def elsewhere(spec: dict[str, Any]) -> None:
        spec["awarding_bodies"][0]["slug"] = "uni-elsewhere"

    case = stuck_case(consortium, officers, learner, spec_change=elsewhere)
    items = case.proposal["missing_information"]
    assert {m["supplier"] for m in items} == {"issuer"}  # supervision, and the unnamed QA body
    desk = client_for(officers["ueh"])
    page = desk.get(reverse("recognition:case", args=[case.uuid])).content.decode()
    assert "The issuer is not on this platform" in page
    supply = reverse("recognition:supply", args=[case.uuid])
    for i, m in enumerate(items):
        kind = m["where"].partition(".")[2]
        data = {f"item{i}-where": m["where"], f"item{i}-source": ""}
        data.update(
            {f"item{i}-supervision": "supervised_with_id"}
            if kind == "assessment.supervision"
            else {f"item{i}-registry": "DEQAR", f"item{i}-agency": "NAB"}
        )
        refused = desk.post(supply, data)
        assert refused.status_code == 200 and "This field is required" in refused.content.decode()
        data[f"item{i}-source"] = "E-mail of the issuer's registrar, 2 July 2026"
        assert desk.post(supply, data).status_code == 302
    desk.post(reverse("recognition:propose", args=[case.uuid]))
    case.refresh_from_db()
    assert case.status == Status.PROPOSED, case.proposal["missing_information"]


def test_only_the_issuers_staff_answer_its_items_and_bad_answers_are_refused(
    consortium: Any, officers: Any, learner: Any
) -> None:
    case = stuck_case(consortium, officers, learner)
    where = case.proposal["missing_information"][0]["where"]
    stranger = make_user("unisi-designer", consortium["unisi"], Role.COURSE_DESIGNER)
    assert (
        client_for(stranger)
        .get(reverse("recognition:issuer_requests"))
        .content.decode()
        .count(case.reference)
        == 0
    )
    with pytest.raises(Exception, match="not allowed"):
        services.recognition_information_supply(
            case=case, by=stranger, where=where, value={"supervision": "supervised_with_id"}
        )
    with pytest.raises(Exception, match="not allowed"):
        services.recognition_information_supply(
            case=case, by=learner, where=where, text="yes it was supervised"
        )
    staff = make_user("muni-qa", consortium["muni"], Role.QA_REVIEWER)
    with pytest.raises(RecognitionInputError, match="does not fit"):
        services.recognition_information_supply(
            case=case, by=staff, where=where, value={"supervision": "proctored"}
        )
    with pytest.raises(RecognitionInputError, match="no such item"):
        services.recognition_information_supply(case=case, by=staff, where="forged.level", text="EQF:8")
    with pytest.raises(RecognitionInputError, match="at most"):
        services.recognition_information_supply(case=case, by=staff, where=where, text="x" * 5000)
    learner_page = client_for(make_user("learner-x", None, Role.LEARNER))
    assert learner_page.get(reverse("recognition:issuer_requests")).status_code == 403
    forged = client_for(staff).post(
        reverse("recognition:issuer_requests"), {"case": "not-a-uuid", f"c{case.pk}i0-where": where}
    )
    assert forged.status_code == 404
    assert case.events.filter(action="INFORMATION_SUPPLIED").count() == 0
