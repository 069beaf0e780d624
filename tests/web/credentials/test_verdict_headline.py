"""The one headline of /verify/ and the VC-API answer follow the core's verdict (ADR 0606):
"could not confirm" is amber and ``verified: false``, never green or true; a valid credential
from outside the registry is amber, valid."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from microcred.issuance import issue_credential
from microcred_web.credentials.verifying import inspect_credential
from tests.core.verification.conftest import CREATED, fresh_signer, unsigned

pytestmark = pytest.mark.django_db

SELF_ISSUER = fresh_signer(b"a self-issuer the platform does not know")


def _self_issued(*, status: bool) -> dict[str, Any]:
    document = unsigned()
    document["issuer"]["id"] = SELF_ISSUER.key_id.partition("#")[0]
    if status:
        document["credentialStatus"] = {
            "id": "https://status.elsewhere.example/lists/1#9",
            "type": "BitstringStatusListEntry",
            "statusPurpose": "revocation",
            "statusListIndex": "9",
            "statusListCredential": "https://status.elsewhere.example/lists/1",
        }
    return issue_credential(document, signer=SELF_ISSUER, suite="eddsa-jcs-2022", created=CREATED)


def _vc_api(document: dict[str, Any]) -> Any:
    return Client().post(
        "/vc-api/credentials/verify",
        json.dumps({"verifiableCredential": document}),
        content_type="application/json",
    )


def test_a_status_this_platform_cannot_check_is_could_not_confirm_everywhere(muni: Any) -> None:
    credential = _self_issued(status=True)
    report = inspect_credential(credential)
    assert report.verdict == "unconfirmed" and report.headline == "unconfirmed"
    html = Client().post("/verify/", {"credential": json.dumps(credential)}).content.decode()
    assert "Could not confirm this credential." in html and "The status could not be checked." in html
    assert "genuine and valid" not in html and "Do not rely on this credential." not in html
    response = _vc_api(credential)
    assert response.status_code == 400
    body = response.json()
    assert body["verified"] is False and body["verdict"] == "unconfirmed"
    assert [p["type"] for p in body["problemDetails"]] == [
        "https://www.w3.org/ns/credentials/status-list#STATUS_RETRIEVAL_ERROR"
    ]


def test_a_valid_credential_from_outside_the_registry_is_valid_but_not_green(muni: Any) -> None:
    credential = _self_issued(status=False)
    report = inspect_credential(credential)
    assert report.verdict == "valid" and report.headline == "untrusted"
    html = Client().post("/verify/", {"credential": json.dumps(credential)}).content.decode()
    assert "its issuer is not in this platform's trust registry" in html
    assert "The issuer did not give a way to revoke this credential." in html
    assert "genuine and valid" not in html
    body = _vc_api(credential).json()
    assert body["verified"] is True and body["verdict"] == "valid"


def test_a_platform_credential_is_green(issued: Any) -> None:
    report = inspect_credential(issued.document, jws=issued.jws)
    assert report.headline == "valid"
    html = Client().post("/verify/", {"credential": json.dumps(issued.document)}).content.decode()
    assert "This credential is genuine and valid." in html
