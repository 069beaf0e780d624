"""Badges from other issuers through the web: the VC-API verifies a VCDM 1.1 Open Badge signed
with Ed25519Signature2020 by the Digital Credentials Consortium (tests/assets/realworld) with
the core's rules, as the CLI and the library do (ADR 0902)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db
REALWORLD = Path(__file__).resolve().parents[2] / "assets" / "realworld" / "credentials"


def post(body: Any) -> Any:
    return Client().post("/vc-api/credentials/verify", data=json.dumps(body), content_type="application/json")


def test_the_vc_api_verifies_a_vcdm_1_1_badge_and_refuses_it_once_changed() -> None:
    badge = json.loads((REALWORLD / "dcc-verifiercore--v1nostatus.json").read_text("utf-8"))

    accepted = post({"verifiableCredential": badge})
    badge["credentialSubject"]["name"] = "Someone else"
    refused = post({"verifiableCredential": badge})

    assert accepted.status_code == 200, accepted.json()
    assert accepted.json()["verified"] is True
    assert refused.status_code == 400
    assert refused.json()["verified"] is False


def test_the_web_verifier_names_the_data_model_the_credential_is_written_in() -> None:
    from django.utils import translation

    from microcred_web.credentials.verifying import inspect_credential

    badge = json.loads((REALWORLD / "dcc-verifiercore--v1nostatus.json").read_text("utf-8"))
    with translation.override("en"):
        english = [str(c.summary) for c in inspect_credential(badge).checks if c.name == "format"]
    with translation.override("vi"):
        vietnamese = [str(c.summary) for c in inspect_credential(badge).checks if c.name == "format"]

    assert english == ["A W3C Verifiable Credential 1.1."]
    assert vietnamese == ["Một W3C Verifiable Credential 1.1."]
