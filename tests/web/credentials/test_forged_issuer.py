"""Issue 8's attack against every web consumer: a credential of this platform whose learner was
renamed and which was re-signed with an unrelated did:key, still naming Masaryk University as its
issuer, is refused by /verify/, the VC-API and recognition intake, with a reason that names the
key and the issuer; and /verify/ is never green over a failed or unconfirmed check."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from microcred.verification import HolderEvidence, inspect
from microcred_web.credentials import services
from microcred_web.credentials.models import IssuedCredential
from microcred_web.credentials.vcdm import issuer_id
from microcred_web.credentials.verifying import inspect_credential
from microcred_web.recognition.adapters import RecognitionInputError, verify_signed
from tests.core.verification.conftest import forged, fresh_signer
from tests.web.credentials.conftest import LEARNER, RESULT

pytestmark = pytest.mark.django_db

ATTACKER_KEY = fresh_signer().key_id


@pytest.fixture(params=["eddsa-rdfc-2022", "eddsa-jcs-2022", "vc-jwt"])
def forgery(request: pytest.FixtureRequest, published: Any, muni_admin: Any) -> tuple[IssuedCredential, Any]:
    issued = services.credential_issue(
        version=published, learner=LEARNER, result=RESULT, by=muni_admin, suite=request.param
    )
    genuine = issued.jws or issued.document
    assert inspect_credential(issued.document, jws=issued.jws).verdict == "valid"
    return issued, forged(genuine, request.param)


def _pasted(forgery: Any) -> str:
    return forgery if isinstance(forgery, str) else json.dumps(forgery)


def test_the_web_verifier_refuses_a_forged_issuer_in_red(forgery: tuple[IssuedCredential, Any]) -> None:
    issued, forged_credential = forgery
    html = Client().post("/verify/", {"credential": _pasted(forged_credential)}).content.decode()
    assert "Do not rely on this credential." in html
    assert "genuine and valid" not in html
    assert "The credential was not signed by its issuer" in html
    assert ATTACKER_KEY in html and issuer_id(issued.document) in html
    # the trust line says the key is not the issuer's, not that the issuer is unknown
    assert "is not one that Masaryk University uses." in html
    assert "not in this platform&#x27;s trust registry" not in html


def test_the_vc_api_refuses_a_forged_issuer(forgery: tuple[IssuedCredential, Any]) -> None:
    issued, forged_credential = forgery
    response = Client().post(
        "/vc-api/credentials/verify",
        json.dumps({"verifiableCredential": forged_credential}),
        content_type="application/json",
    )
    assert response.status_code == 400
    body = response.json()
    assert body["verified"] is False and body["verdict"] == "invalid"
    assert any(
        ATTACKER_KEY in p["title"] and issuer_id(issued.document) in p["title"]
        for p in body["problemDetails"]
    )


def test_recognition_intake_refuses_a_forged_issuer(forgery: tuple[IssuedCredential, Any]) -> None:
    issued, forged_credential = forgery
    with pytest.raises(RecognitionInputError, match="key check") as raised:
        verify_signed(
            forged_credential,
            learner_ref="learner:1",
            holder=HolderEvidence(email=LEARNER.email, salt=issued.email_salt),
        )
    assert ATTACKER_KEY in raised.value.message


def test_the_core_report_of_the_forgery_names_the_key_and_the_issuer(
    forgery: tuple[IssuedCredential, Any],
) -> None:
    issued, forged_credential = forgery
    key = inspect(forged_credential).check("key")
    assert key.code == "key.not_controlled_by_issuer"
    assert key.params["key"] == ATTACKER_KEY and key.params["issuer"] == issuer_id(issued.document)
