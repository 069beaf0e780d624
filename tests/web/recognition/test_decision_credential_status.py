"""A decision credential carries a W3C Bitstring Status List v1.0 ``BitstringStatusListEntry``
(statusPurpose ``revocation``) in the host's list; an upheld appeal that changes the decision
revokes it, the officer issues the new decision, and the verifiers say old revoked, new valid."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from microcred.verification import HolderEvidence, inspect
from microcred_web.credentials import services as credential_services
from microcred_web.credentials.models import StatusList
from microcred_web.credentials.trust import local_status_list, trust_registry
from microcred_web.recognition.appeal import recognition_appeal_decide, recognition_appeal_lodge
from microcred_web.recognition.decision import recognition_conditions_met
from microcred_web.recognition.decision_credential import recognition_decision_issue
from microcred_web.recognition.models import DecisionCredential
from tests.web.recognition.conftest import client_for, decided_case, make_user

REASONS = "The project report shows LO5 and LO6 were assessed under supervision."


def verified(document: dict[str, Any], *, email: str = "", salt: str = "") -> Any:
    registry = trust_registry()
    return inspect(
        document,
        resolver=registry.resolver(),
        trust=registry,
        status=local_status_list,
        holder=HolderEvidence(email=email, salt=salt) if email else None,
    )


def vc_api_verify(document: dict[str, Any]) -> Any:
    return Client().post(
        "/vc-api/credentials/verify",
        json.dumps({"verifiableCredential": document}),
        content_type="application/json",
    )


@pytest.fixture
def issued_decision(consortium: Any, officers: Any, learner: Any) -> Any:
    credential_services.institution_key_create(institution=consortium["unisi"])
    case = decided_case("E2", "unisi", consortium, officers, applicant=learner)
    return recognition_decision_issue(case=case, by=officers["unisi"])


def test_the_decision_credential_has_a_revocation_entry_in_the_hosts_list(
    issued_decision: Any, learner: Any
) -> None:
    case = issued_decision
    entry = case.decision_credential["credentialStatus"]
    row = case.decision_credentials.get()
    assert entry["type"] == "BitstringStatusListEntry" and entry["statusPurpose"] == "revocation"
    assert row.status_list.institution == case.host and row.status_list.purpose == "revocation"
    assert int(entry["statusListIndex"]) == row.status_index
    assert entry["statusListCredential"] == credential_services.status_list_url(row.status_list)
    report = verified(case.decision_credential, email=learner.email, salt=case.decision_credential_salt)
    assert report.valid and report.check("status").passed, report.as_dict()
    issued = case.events.get(action="DECISION_ISSUED").payload
    assert issued["status"] == {"list": entry["statusListCredential"], "index": row.status_index}


def test_an_upheld_appeal_revokes_the_old_decision_credential_and_the_new_one_verifies(
    issued_decision: Any, officers: Any, learner: Any
) -> None:
    case = issued_decision
    old = case.decision_credential
    appeal = recognition_appeal_lodge(
        case=case, by=learner, grounds="My UEH project covered LO5 and LO6; see the report."
    )
    recognition_appeal_decide(
        appeal=appeal,
        by=officers.second("unisi"),
        result="upheld",
        reasons=REASONS,
        outcome="FULL",
        credits="6",
    )
    case.refresh_from_db()
    assert case.decision_credential is None and case.decision_credential_salt == ""
    revoked = case.events.get(action="DECISION_CREDENTIAL_REVOKED")
    assert revoked.visible_to_learner and revoked.payload["credential_id"] == old["id"]
    assert "changed the decision to FULL" in revoked.payload["reason"]
    row = DecisionCredential.objects.get(credential_id=old["id"])
    assert row.is_revoked and row.revocation_reason == revoked.payload["reason"]

    # the core verifier, the VC-API and the public verifier say the old one is revoked
    report = verified(old)
    assert not report.valid and report.check("status").details.get("state") == "revoked"
    response = vc_api_verify(old)
    assert response.status_code == 400 and response.json()["verified"] is False
    assert "REVOKED" in json.dumps(response.json())

    # the learner sees it revoked; the officer issues the new decision as a new credential
    mine = client_for(learner)
    page = reverse("recognition:my_case", args=[case.uuid])
    html = mine.get(page).content.decode()
    assert "Revoked" in html and "will issue the new decision" in html
    client_for(officers["unisi"]).post(reverse("recognition:issue", args=[case.uuid]))
    case.refresh_from_db()
    new = case.decision_credential
    assert new["id"] != old["id"]
    assert new["credentialSubject"]["outcome"] == "FULL" and new["credentialSubject"]["credits"] == "6"
    assert new["credentialStatus"]["statusListIndex"] != old["credentialStatus"]["statusListIndex"]
    report = verified(new, email=learner.email, salt=case.decision_credential_salt)
    assert report.valid and report.check("status").passed, report.as_dict()
    response = vc_api_verify(new)
    assert response.status_code == 200 and response.json()["verified"] is True
    assert case.events.filter(action="DECISION_ISSUED").last().payload["supersedes"] == old["id"]
    html = mine.get(page).content.decode()
    assert "Valid" in html and "Revoked" in html
    assert reverse("recognition:decision_credential", args=[case.uuid]) in html
    downloaded = mine.get(reverse("recognition:decision_credential_version", args=[case.uuid, row.uuid]))
    assert downloaded.status_code == 200 and downloaded.json()["id"] == old["id"]


def test_a_dismissed_appeal_leaves_the_decision_credential_valid(
    issued_decision: Any, consortium: Any, learner: Any
) -> None:
    case = issued_decision
    appeal = recognition_appeal_lodge(
        case=case, by=learner, grounds="My UEH project covered LO5 and LO6; see the report."
    )
    chair = make_user("unisi-appeal-chair", consortium["unisi"], "recognition_officer")
    recognition_appeal_decide(
        appeal=appeal, by=chair, result="dismissed", reasons="The report does not show supervised assessment."
    )
    case.refresh_from_db()
    assert case.decision_credential is not None
    assert not case.events.filter(action="DECISION_CREDENTIAL_REVOKED").exists()
    assert verified(case.decision_credential).valid


def test_only_allocated_entries_can_be_set(issued_decision: Any) -> None:
    from microcred_web.credentials.errors import CredentialInputError

    row = issued_decision.decision_credentials.get()
    status_list = StatusList.objects.get(pk=row.status_list_id)
    with pytest.raises(CredentialInputError, match="never allocated"):
        credential_services.status_entry_set(status_list=status_list, index=status_list.next_index, value=1)
    with pytest.raises(CredentialInputError, match="0 or 1"):
        credential_services.status_entry_set(status_list=status_list, index=row.status_index, value=2)


def test_conditions_met_revoke_the_conditional_decision_credential(
    consortium: Any, officers: Any, learner: Any
) -> None:
    credential_services.institution_key_create(institution=consortium["muni"])
    case = decided_case("E4", "muni", consortium, officers, applicant=learner)
    case = recognition_decision_issue(case=case, by=officers["muni"])
    conditional = case.decision_credential
    assert conditional["credentialSubject"]["outcome"] == "CONDITIONAL"
    recognition_conditions_met(
        case=case, by=officers["muni"], evidence="passed the MU currency assessment on 2026-12-10"
    )
    case.refresh_from_db()
    assert case.decision_credential is None
    assert verified(conditional).check("status").details.get("state") == "revoked"
    case = recognition_decision_issue(case=case, by=officers["muni"])
    assert case.decision_credential["credentialSubject"]["outcome"] == "FULL"
    assert verified(case.decision_credential).valid
