"""Issue 9 item 5: issuing, revoking and suspending write a security log line (web and VC-API
paths) holding ids (credential, record, institution, actor or token) and no personal data."""

from __future__ import annotations

import json
import logging
from typing import Any

import pytest
from django.test import Client

from microcred_web.credentials import services, signing
from microcred_web.credentials.models import IssuedCredential
from tests.web.credentials.conftest import LEARNER, RESULT
from tests.web.credentials.test_vc_api import issue, post, unsigned


def _security(caplog: pytest.LogCaptureFixture) -> list[dict[str, Any]]:
    return [json.loads(r.getMessage()) for r in caplog.records if r.name == "microcred.security"]


def _no_personal_data(caplog: pytest.LogCaptureFixture, issued: IssuedCredential) -> None:
    text = caplog.text
    for personal in (LEARNER.display_name, LEARNER.email, issued.email_salt, "revoked in error for Lan"):
        assert personal and personal not in text


def test_studio_issue_and_revoke_log_ids_only(
    published: Any, muni_admin: Any, caplog: pytest.LogCaptureFixture
) -> None:
    signing._unlocked.clear()  # as in a fresh process
    with caplog.at_level(logging.INFO, logger="microcred.security"):
        issued = services.credential_issue(version=published, learner=LEARNER, result=RESULT, by=muni_admin)
        services.credential_issue(version=published, learner=LEARNER, result=RESULT, by=muni_admin)
        services.credential_revoke(credential=issued, reason="revoked in error for Lan", by=muni_admin)
    unlocked = [r for r in _security(caplog) if r["event"] == "key.unlocked"]
    assert len(unlocked) == 1 and unlocked[0]["institution"] == "muni"  # once per process and key
    assert unlocked[0]["key"] == issued.document["proof"]["verificationMethod"].split("#")[1]
    records = [r for r in _security(caplog) if r["event"].startswith("credential.")]
    assert [r["event"] for r in records] == ["credential.issued", "credential.issued", "credential.revoked"]
    records = [records[0], records[2]]
    for record in records:
        assert record["credential"] == issued.credential_id and record["record"] == str(issued.uuid)
        assert record["institution"] == "muni" and record["actor"] == muni_admin.pk
    assert records[0]["via"] == "studio" and records[1]["via"] == "web"
    _no_personal_data(caplog, issued)


def test_vc_api_issue_suspend_and_revoke_log_the_token_id(
    api: Client, caplog: pytest.LogCaptureFixture
) -> None:
    purposes = [
        {"type": "BitstringStatusListEntry", "statusPurpose": "revocation"},
        {"type": "BitstringStatusListEntry", "statusPurpose": "suspension"},
    ]
    with caplog.at_level(logging.INFO, logger="microcred.security"):
        vc = issue(api, unsigned(), credentialStatus=purposes).json()["verifiableCredential"]
        for purpose, status in (("suspension", True), ("suspension", False), ("revocation", True)):
            change = {
                "credentialId": vc["id"],
                "credentialStatus": {"statusPurpose": purpose},
                "status": status,
            }
            assert post(api, "/vc-api/credentials/status", change).status_code == 200
    issued = IssuedCredential.objects.get(credential_id=vc["id"])
    records = [r for r in _security(caplog) if r["event"].startswith("credential.")]
    assert [r["event"] for r in records] == [
        "credential.issued",
        "credential.suspended",
        "credential.suspended",
        "credential.revoked",
    ]
    assert records[2].get("lifted") is True
    token_id = records[0]["token_id"]
    assert isinstance(token_id, int) and issued.institution.slug == records[0]["institution"]
    assert all(
        r["token_id"] == token_id and r["via"] == "vc-api" and r["credential"] == vc["id"] for r in records
    )
    assert "mcvc_" not in caplog.text  # the token itself is never logged
