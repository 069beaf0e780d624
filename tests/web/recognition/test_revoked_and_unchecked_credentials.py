"""ADR 0530: a case opened from a revoked credential is refused on authenticity (S1) with its
reason and no credits; one whose status list could not be checked waits for it as an information
item naming the list and the issuer. Intake records the status check (result, list, date)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.urls import reverse

from microcred_web.recognition.decision import (
    recognition_case_approve,
    recognition_case_decide,
    recognition_conditions_met,
)
from microcred_web.recognition.models import LedgerEntry, RecognitionCase, Status
from tests.web.recognition.conftest import client_for, decided_case, e1_target_form
from tests.web.recognition.test_opening_a_case_from_a_credential import open_case


def _proposed(officer: Any, case: RecognitionCase) -> RecognitionCase:
    client = client_for(officer)
    client.post(reverse("recognition:target", args=[case.uuid]), e1_target_form())
    client.post(reverse("recognition:lo_sign_off", args=[case.uuid]))
    client.post(reverse("recognition:propose", args=[case.uuid]))
    case.refresh_from_db()
    return case


def _status_of(case: RecognitionCase) -> dict[str, Any]:
    verification = case.evidence[0]["verification"][0]
    status: dict[str, Any] = verification["status"]
    return status


def test_a_case_opened_from_a_revoked_credential_is_refused_on_authenticity_with_no_credits(
    consortium: Any, officers: Any, learner: Any, issued_to_learner: Any
) -> None:
    from microcred_web.credentials import services as credential_services

    credential_services.credential_revoke(
        credential=issued_to_learner,
        reason="issued to the wrong learner",
        by=get_user_model().objects.get(username="muni-admin"),
    )
    response = open_case(
        officers["neu"], consortium, learner, issued_to_learner, issued_to_learner.email_salt
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    case = RecognitionCase.objects.get()
    status = _status_of(case)
    assert status["result"] == "revoked" and status["code"] == "status.revoked"
    assert status["source"].startswith("https://micro4asia.example.org/status/") and status["checked_at"]
    case = _proposed(officers["neu"], case)
    p = case.proposal
    assert p["outcome"] == "NOT_RECOGNISED" and p["refusal_grounds"] == ["AUTHENTICITY_FAILED"]
    assert p["credits_awarded"] is None and p["on_condition_met"] is None
    assert p["gate"]["code"] == "REVOKED" and "S7" in p["not_relied_on"]
    assert p["conversion"]["steps"] == []
    html = client_for(officers["neu"]).get(reverse("recognition:case", args=[case.uuid])).content.decode()
    assert "Refused at this check" in html and "a revoked credential no longer attests" in html
    assert html.count("not relied on") == 10  # S2-S11, shown without their indicators
    assert "recognised as pass" not in html  # no grade beside a refusal at the gate
    case = recognition_case_decide(case=case, by=officers["neu"], confirm=True)
    if case.pending_decision:
        case = recognition_case_approve(case=case, by=officers.second("neu"))
    assert case.final_outcome == "NOT_RECOGNISED" and not LedgerEntry.objects.filter(case=case).exists()
    notice = client_for(learner).get(reverse("recognition:notice", args=[case.uuid])).content.decode()
    gate_at = notice.index("Refused at this check")
    assert "a revoked credential no longer attests" in notice[gate_at:]
    assert "not relied on" in notice and "S7 Learning outcomes" in notice[gate_at:]
    assert "Differences found not substantial" not in notice  # they rest on what the gate refused
    pdf = client_for(learner).get(reverse("recognition:notice_pdf", args=[case.uuid]))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"


def test_a_credential_whose_status_list_cannot_be_checked_waits_for_it_and_earns_nothing(
    consortium: Any, officers: Any, learner: Any, issued_to_learner: Any, monkeypatch: Any
) -> None:
    from microcred_web.credentials import trust

    def unreachable(url: str) -> Any:  # as for a list published elsewhere: nothing is fetched
        raise trust.StatusNotAvailable(f"{url} is not published by this platform")

    monkeypatch.setattr(trust, "local_status_list", unreachable)
    response = open_case(
        officers["neu"], consortium, learner, issued_to_learner, issued_to_learner.email_salt
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    case = RecognitionCase.objects.get()
    assert _status_of(case)["result"] == "not_checked"
    case = _proposed(officers["neu"], case)
    p = case.proposal
    assert p["outcome"] == "PENDING_INFORMATION" and p["credits_awarded"] is None
    assert case.status != Status.PROPOSED  # nothing to confirm: the officer fetches the list first
    item = next(m for m in p["missing_information"] if m.get("code") == "S1.STATUS_NOT_CHECKED")
    assert item["supplier"] == "recognition_officer"
    assert "Masaryk University" in item["item"] and "/status/" in item["item"]
    s1 = next(s for s in p["standards"] if s["standard"] == "S1")
    assert s1["result"] == "UNKNOWN"


def test_a_conditional_decision_moves_the_ledger_only_when_its_conditions_are_met(
    consortium: Any, officers: Any, learner: Any
) -> None:
    case = decided_case("E4", "muni", consortium, officers, applicant=learner)
    assert case.final_outcome == "CONDITIONAL"
    assert case.proposal["ledger_effects"]["applies_when"].startswith("the conditions are met")
    assert not LedgerEntry.objects.filter(case=case).exists()  # neither consumed nor credited yet
    recognition_conditions_met(
        case=case, by=officers["muni"], evidence="passed the MU currency assessment on 2026-12-10"
    )
    consumed = LedgerEntry.objects.filter(case=case, credential_id="BUH-MC-2024-0031")
    assert consumed.exists() and LedgerEntry.objects.get(case=case, credits__isnull=False).credits == 4


def test_the_officer_reads_kappa_with_its_sum_in_brackets(consortium: Any, officers: Any) -> None:
    from tests.web.recognition.conftest import imported_case

    case = imported_case("E1", "neu", consortium, officers)
    html = client_for(officers["neu"]).get(reverse("recognition:case", args=[case.uuid])).content.decode()
    assert "(1×1 + 1×1 + 1×1 + 1×1 + 1×0) / 5" in html
