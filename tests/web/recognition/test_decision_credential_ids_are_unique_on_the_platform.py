"""Recognition decision credentials share the platform's one-id-one-credential rule (ADR 0607):
their ids cannot be taken through the VC-API, and a decision is never issued under an id that
another credential holds."""

from __future__ import annotations

import json
import types
import uuid
from typing import Any

from django.test import Client
from django.urls import reverse

from microcred_web.credentials import services as credential_services
from microcred_web.credentials.models import StatusList
from microcred_web.recognition import decision_credential
from microcred_web.recognition.decision_credential import recognition_decision_issue
from microcred_web.recognition.models import DecisionCredential
from tests.web.recognition.conftest import client_for, decided_case

CLASH = uuid.UUID("3c1f9e2a-7b6d-4e5f-8a9b-0c1d2e3f4a5b")


def vc_api_issue(institution: Any, credential_id: str) -> Any:
    _token, plain = credential_services.api_token_create(institution=institution, name="client")
    credential = {
        "@context": ["https://www.w3.org/ns/credentials/v2", "https://www.w3.org/ns/credentials/examples/v2"],
        "id": credential_id,
        "type": ["VerifiableCredential", "ExampleAlumniCredential"],
        "issuer": f"did:web:micro4asia.example.org:institutions:{institution.slug}",
        "validFrom": "2026-01-01T00:00:00Z",
        "credentialSubject": {"id": "did:example:abcdefgh", "alumniOf": "The School of Examples"},
    }
    return Client(HTTP_AUTHORIZATION=f"Bearer {plain}").post(
        "/vc-api/credentials/issue", json.dumps({"credential": credential}), content_type="application/json"
    )


def test_the_id_of_a_decision_credential_cannot_be_taken_through_the_vc_api(
    consortium: Any, officers: Any, learner: Any
) -> None:
    for slug in ("unisi", "muni"):
        credential_services.institution_key_create(institution=consortium[slug])
    case = decided_case("E2", "unisi", consortium, officers, applicant=learner)
    case = recognition_decision_issue(case=case, by=officers["unisi"])
    decision_id = case.decision_credential["id"]

    for slug in ("unisi", "muni"):
        response = vc_api_issue(consortium[slug], decision_id)
        assert response.status_code == 409
        assert response.json()["credentialId"] == decision_id


def test_a_decision_is_not_issued_under_an_id_another_credential_holds(
    consortium: Any, officers: Any, learner: Any, monkeypatch: Any
) -> None:
    host = consortium["unisi"]
    credential_services.institution_key_create(institution=host)
    assert vc_api_issue(host, f"urn:uuid:{CLASH}").status_code == 201
    case = decided_case("E2", "unisi", consortium, officers, applicant=learner)
    events = case.events.count()
    lists_before = list(StatusList.objects.filter(institution=host).values_list("pk", "next_index"))
    # A fresh uuid4 never collides; make the decision's id the one the VC-API credential holds.
    monkeypatch.setattr(decision_credential, "uuid", types.SimpleNamespace(uuid4=lambda: CLASH))

    response = client_for(officers["unisi"]).post(
        reverse("recognition:issue", args=[case.uuid]), HTTP_ACCEPT_LANGUAGE="vi", follow=True
    )

    html = response.content.decode()
    assert f"urn:uuid:{CLASH}" in html and "đã được dùng cho một chứng chỉ khác" in html
    assert not DecisionCredential.objects.exists()
    assert case.events.count() == events
    # no index taken, no list made (the VC-API credential's own revocation list is unchanged)
    assert list(StatusList.objects.filter(institution=host).values_list("pk", "next_index")) == lists_before
