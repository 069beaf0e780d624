"""The final decision, issued as a credential signed by the host institution, verifies with the
core; the learner can download it and prove with their proof code that it is theirs."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from microcred.verification import HolderEvidence, inspect
from microcred_web.credentials import services as credential_services
from microcred_web.credentials.trust import local_status_list, trust_registry
from microcred_web.recognition.adapters import RecognitionInputError
from microcred_web.recognition.decision import recognition_case_decide
from microcred_web.recognition.decision_credential import recognition_decision_issue
from tests.web.recognition.conftest import client_for, decided_case, imported_case


def test_the_issued_decision_verifies_and_is_bound_to_the_learner(
    consortium: Any, officers: Any, learner: Any
) -> None:
    credential_services.institution_key_create(institution=consortium["unisi"])
    case = decided_case("E2", "unisi", consortium, officers, applicant=learner)
    client_for(officers["unisi"]).post(reverse("recognition:issue", args=[case.uuid]))
    case.refresh_from_db()
    document = case.decision_credential
    assert document["credentialSubject"]["outcome"] == "PARTIAL"
    assert document["credentialSubject"]["credits"] == "4"
    assert document["proof"]["cryptosuite"] == "eddsa-jcs-2022"
    registry = trust_registry()
    report = inspect(
        document,
        resolver=registry.resolver(),
        trust=registry,
        status=local_status_list,  # it has a status entry: without its list it "could not confirm"
        holder=HolderEvidence(email=learner.email, salt=case.decision_credential_salt),
    )
    assert report.valid, report.as_dict()
    assert report.check("holder").passed and report.check("trust").passed
    downloaded = client_for(learner).get(reverse("recognition:decision_credential", args=[case.uuid]))
    assert downloaded.status_code == 200 and downloaded.json()["id"] == document["id"]
    assert (
        case.decision_credential_salt
        in client_for(learner).get(reverse("recognition:my_case", args=[case.uuid])).content.decode()
    )
    assert case.events.filter(action="DECISION_ISSUED", visible_to_learner=True).exists()


def test_a_proposal_is_not_issued_and_a_missing_key_is_named(
    consortium: Any, officers: Any, learner: Any
) -> None:
    case = imported_case("E1", "neu", consortium, officers, applicant=learner)
    with pytest.raises(RecognitionInputError, match="only a final decision"):
        recognition_decision_issue(case=case, by=officers["neu"])
    case = recognition_case_decide(case=case, by=officers["neu"], confirm=True)
    with pytest.raises(Exception, match="no active signing key"):
        recognition_decision_issue(case=case, by=officers["neu"])
    case.refresh_from_db()
    assert case.decision_credential is None
