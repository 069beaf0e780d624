"""An officer (or an institution administrator) of the host revokes a decision credential issued
in error, with a reason, from the case page: the bit is set in the host's list, the event is the
one the appeal path writes, the learner sees it revoked and the verifiers report it revoked
(ADR 0803, addendum)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from microcred_web.accounts.models import Role
from microcred_web.credentials import services as credential_services
from microcred_web.recognition.adapters import RecognitionInputError
from microcred_web.recognition.decision_credential import (
    recognition_decision_credential_revoke,
    recognition_decision_issue,
)
from microcred_web.recognition.models import DecisionCredential
from tests.web.recognition.conftest import client_for, decided_case, make_user

REASON = "Issued before the second signature was checked; issued again after review."


@pytest.fixture
def issued_decision(consortium: Any, officers: Any, learner: Any) -> Any:
    credential_services.institution_key_create(institution=consortium["unisi"])
    case = decided_case("E2", "unisi", consortium, officers, applicant=learner)
    return recognition_decision_issue(case=case, by=officers["unisi"])


def revoke(user: Any, case: Any, reason: str = REASON) -> Any:
    return client_for(user).post(reverse("recognition:revoke", args=[case.uuid]), {"reason": reason})


def test_an_officer_revokes_a_decision_credential_issued_in_error_from_the_case_page(
    issued_decision: Any, officers: Any, learner: Any
) -> None:
    case = issued_decision
    old = case.decision_credential
    page = client_for(officers["unisi"]).get(reverse("recognition:case", args=[case.uuid])).content.decode()
    assert "Revoke the current decision credential" in page
    assert revoke(officers["unisi"], case).status_code == 302
    case.refresh_from_db()
    assert case.decision_credential is None and case.final_outcome  # the decision itself stands
    row = DecisionCredential.objects.get(credential_id=old["id"])
    assert row.is_revoked and row.revocation_reason == REASON
    event = case.events.get(action="DECISION_CREDENTIAL_REVOKED")
    assert event.visible_to_learner and event.actor == f"user:{officers['unisi'].pk} (recognition_officer)"
    assert event.payload["reason"] == REASON and event.payload["by_hand"] is True
    assert event.payload["status"] == {"list_id": row.status_list.list_id, "index": row.status_index}

    # the learner's page says revoked, with the reason
    html = client_for(learner).get(reverse("recognition:my_case", args=[case.uuid])).content.decode()
    assert "Revoked" in html and REASON in html and "Earlier decision credential revoked" in html
    assert "revoked as a correction; the decision itself stands" in html
    assert "will issue the new decision" not in html
    # the public verifier page and the VC-API report it revoked
    verifier = Client().post("/verify/", {"credential": json.dumps(old)}).content.decode()
    assert "The issuer has revoked this credential." in verifier
    api = Client().post(
        "/vc-api/credentials/verify",
        json.dumps({"verifiableCredential": old}),
        content_type="application/json",
    )
    assert api.json()["verified"] is False and "REVOKED" in json.dumps(api.json())
    # the officer may issue the decision again; the new one is valid and supersedes the old
    client_for(officers["unisi"]).post(reverse("recognition:issue", args=[case.uuid]))
    case.refresh_from_db()
    assert case.decision_credential["id"] != old["id"]
    assert case.events.filter(action="DECISION_ISSUED").last().payload["supersedes"] == old["id"]


def test_an_institution_administrator_of_the_host_may_revoke_and_sees_no_officer_forms(
    issued_decision: Any, consortium: Any
) -> None:
    case = issued_decision
    admin = make_user("unisi-admin", consortium["unisi"], Role.INSTITUTION_ADMIN)
    page = client_for(admin).get(reverse("recognition:case", args=[case.uuid]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Revoke the current decision credential" in html
    assert "Replay the proposal" not in html and "Close the case" not in html
    assert revoke(admin, case).status_code == 302
    event = case.events.get(action="DECISION_CREDENTIAL_REVOKED")
    assert event.actor == f"user:{admin.pk} (institution_admin)"
    # an administrator still cannot do an officer's work
    assert client_for(admin).post(reverse("recognition:replay", args=[case.uuid])).status_code == 403


def test_a_short_reason_is_refused_on_its_field_and_nothing_changes(
    issued_decision: Any, officers: Any
) -> None:
    case = issued_decision
    response = revoke(officers["unisi"], case, reason="mistake")
    assert response.status_code == 200
    assert "Ensure this value has at least 10 characters" in response.content.decode()
    case.refresh_from_db()
    assert case.decision_credential is not None
    assert not case.events.filter(action="DECISION_CREDENTIAL_REVOKED").exists()
    with pytest.raises(RecognitionInputError, match="at least 10 characters"):
        recognition_decision_credential_revoke(case=case, by=officers["unisi"], reason="  too short ")


def test_others_may_not_revoke(issued_decision: Any, officers: Any, consortium: Any, learner: Any) -> None:
    case = issued_decision
    other_admin = make_user("neu-admin", consortium["neu"], Role.INSTITUTION_ADMIN)
    for user in (officers["neu"], other_admin, learner):
        assert revoke(user, case).status_code == 403
    designer = make_user("unisi-designer", consortium["unisi"], Role.COURSE_DESIGNER)
    assert revoke(designer, case).status_code == 403
    case.refresh_from_db()
    assert case.decision_credential is not None


def test_nothing_to_revoke_is_said_clearly(issued_decision: Any, officers: Any) -> None:
    case = issued_decision
    revoke(officers["unisi"], case)
    case.refresh_from_db()
    with pytest.raises(RecognitionInputError, match="no current decision credential"):
        recognition_decision_credential_revoke(case=case, by=officers["unisi"], reason=REASON)
