"""A verify request reads and parses a status list in full only when it changed (ADR 1241): one
compiled query of the stored text of its signed credential otherwise. A revocation, suspension or
lifted suspension is seen by the very next request, whichever process made it, and so is a list
written by any other path: the kept copy has no other way to be dropped than a different stored
text (no signal, nothing in-process), so a change made here stands for one made by another worker."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from microcred_web.credentials import services
from microcred_web.credentials.models import StatusList

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("verification_counts_batched")]


def _verify(credential: Any) -> tuple[dict[str, Any], list[str]]:
    with CaptureQueriesContext(connection) as queries:
        response = Client().post(
            "/vc-api/credentials/verify",
            json.dumps({"verifiableCredential": credential}),
            content_type="application/json",
        )
    assert response.status_code in (200, 400), response.content[:500]
    return response.json(), [q["sql"] for q in queries.captured_queries]


def _full_reads(sql: list[str]) -> list[str]:
    return [q for q in sql if '"credentials_statuslist"."bits"' in q]


def test_an_unchanged_list_is_not_read_again_and_a_revocation_is_seen_at_once(
    issued: Any, muni_admin: Any
) -> None:
    credential = issued.jws or issued.document
    first, sql = _verify(credential)
    assert first["verified"] is True
    again, sql = _verify(credential)
    assert again == first and _full_reads(sql) == []

    services.credential_revoke(credential=issued, reason="plagiarism found", by=muni_admin)
    revoked, sql = _verify(credential)
    assert revoked["verified"] is False and revoked["results"]["status"]["outcome"] == "failed", revoked
    assert len(_full_reads(sql)) == 1  # the changed list, read once
    still, sql = _verify(credential)
    assert still == revoked and _full_reads(sql) == []


def test_a_suspension_and_its_end_are_each_seen_by_the_next_request(muni: Any, muni_admin: Any) -> None:
    token, _plain = services.api_token_create(institution=muni, name="t")
    issued = services.credential_sign_for_api(
        token=token,
        credential={
            "@context": [
                "https://www.w3.org/ns/credentials/v2",
                "https://www.w3.org/ns/credentials/examples/v2",
            ],
            "type": ["VerifiableCredential"],
            "issuer": "did:web:micro4asia.example.org:institutions:muni",
            "credentialSubject": {"id": "did:example:1", "alumniOf": "X"},
        },
        status_purposes=["suspension"],
    )
    assert _verify(issued.document)[0]["verified"] is True
    services.credential_suspend(credential=issued, reason="appeal pending", by=muni_admin)
    suspended, _ = _verify(issued.document)
    assert suspended["verified"] is False and suspended["results"]["status"]["outcome"] == "failed"
    services.credential_unsuspend(credential=issued, reason="appeal upheld", by=muni_admin)
    assert _verify(issued.document)[0]["verified"] is True


def test_a_list_altered_in_the_database_without_signing_it_again_is_refused_at_once(issued: Any) -> None:
    """A fix by hand, a restore gone wrong: no service moved anything, only the stored text."""
    credential = issued.jws or issued.document
    assert _verify(credential)[0]["verified"] is True
    status_list = StatusList.objects.get(pk=issued.revocation_list_id)
    altered = dict(status_list.signed_credential)
    altered["validFrom"] = "2020-01-01T00:00:00Z"  # not what the issuer signed
    StatusList.objects.filter(pk=status_list.pk).update(signed_credential=altered)
    answer, sql = _verify(credential)
    assert answer["verified"] is False and len(_full_reads(sql)) == 1
    assert answer["results"]["status"]["outcome"] == "failed", answer["results"]["status"]
