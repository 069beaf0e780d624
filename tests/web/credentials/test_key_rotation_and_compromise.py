"""Issue 9 item 7 end to end (ADR 0204): issue with key 1, rotate to key 2, old credentials keep
verifying; retire key 1 as compromised from a moment: what it signed before still verifies, a
proof it made after fails with ``key.revoked``, on the web verifier and offline alike."""

from __future__ import annotations

import io
import json
import logging
from datetime import timedelta
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from microcred.crypto.did import DidDocument
from microcred.issuance import issue_credential
from microcred.trust import TrustRegistry
from microcred.verification import inspect
from microcred_web.credentials import services
from microcred_web.credentials.errors import CredentialInputError
from microcred_web.credentials.models import InstitutionKey, IssuedCredential
from microcred_web.credentials.signing import institution_signer
from microcred_web.credentials.trust import local_registry_json, local_status_list, trust_registry
from microcred_web.credentials.verifying import inspect_credential
from microcred_web.institutions.models import Institution
from tests.web.credentials.conftest import LEARNER, RESULT


def _report(document: Any) -> Any:
    registry = trust_registry()
    return inspect(document, resolver=registry.resolver(), trust=registry, status=local_status_list)


@pytest.fixture
def signed_by_key1(issued: IssuedCredential, muni: Institution) -> tuple[IssuedCredential, dict[str, Any]]:
    """``issued`` (key 1, now) and what a thief with key 1 signs later (``created`` an hour ahead)."""
    later = issued.document["proof"]["created"]
    forged_at = timezone.now().replace(microsecond=0) + timedelta(hours=1)
    unsigned = {k: v for k, v in issued.document.items() if k != "proof"}
    unsigned["id"] = "urn:uuid:00000000-0000-4000-8000-00000000f0f0"
    stolen = issue_credential(
        unsigned, signer=institution_signer(muni), suite="eddsa-rdfc-2022", created=forged_at
    )
    assert later < stolen["proof"]["created"]
    return issued, stolen


def test_after_a_rotation_old_credentials_verify_and_the_did_document_keeps_the_old_key(
    signed_by_key1: Any, muni: Institution, muni_admin: Any, published: Any
) -> None:
    issued, _stolen = signed_by_key1
    key1 = InstitutionKey.objects.get(institution=muni)
    key2 = services.institution_key_rotate(institution=muni, by=muni_admin)
    after = services.credential_issue(version=published, learner=LEARNER, result=RESULT, by=muni_admin)
    assert key1.public_key_multibase in issued.document["proof"]["verificationMethod"]
    assert key2.public_key_multibase in after.document["proof"]["verificationMethod"]
    assert _report(issued.document).valid and _report(after.document).valid
    did = Client().get("/institutions/muni/did.json").json()
    methods = {m["publicKeyMultibase"]: m for m in did["verificationMethod"]}
    assert set(methods) == {key1.public_key_multibase, key2.public_key_multibase}
    assert all("revoked" not in m for m in methods.values())
    assert len(did["assertionMethod"]) == 2 and did["authentication"] == [
        methods[key2.public_key_multibase]["id"]
    ]


def test_a_key_retired_as_compromised_fails_proofs_made_after_the_moment_and_keeps_earlier_ones(
    signed_by_key1: Any, muni: Institution, muni_admin: Any, caplog: pytest.LogCaptureFixture
) -> None:
    issued, stolen = signed_by_key1
    assert _report(stolen).valid  # before the retirement, the thief's credential passes: the danger
    key1 = InstitutionKey.objects.get(institution=muni)
    moment = timezone.now() + timedelta(minutes=1)  # between the honest proof and the stolen one
    with pytest.raises(CredentialInputError, match="to come"):
        services.institution_key_retire_compromised(
            institution=muni, key=key1, compromised_since=moment, by=muni_admin
        )
    moment = timezone.now()
    with caplog.at_level(logging.INFO, logger="microcred.security"):
        services.institution_key_retire_compromised(
            institution=muni, key=key1, compromised_since=moment, by=muni_admin
        )
    key1.refresh_from_db()
    assert key1.retired_at is not None and key1.compromised_since == moment
    assert InstitutionKey.objects.filter(institution=muni, retired_at__isnull=True).count() == 1  # a new key

    before, after = _report(issued.document), _report(stolen)
    assert before.valid, before.as_dict()
    assert not after.valid and after.check("key").code == "key.revoked"
    assert after.check("key").params["revoked"] == moment.isoformat()
    did = DidDocument.from_json(Client().get("/institutions/muni/did.json").json())
    (method,) = [
        m for m in did.verification_methods if m.public_key.public_key_multibase == key1.public_key_multibase
    ]
    assert method.revoked == moment.replace(microsecond=0) and did.authorizes(method.id, "assertionMethod")

    offline = TrustRegistry.from_json(json.loads(json.dumps(local_registry_json())))  # as exported
    assert inspect(stolen, trust=offline).check("key").code == "key.revoked"
    assert inspect(issued.document, trust=offline).check("key").passed
    page = Client().post("/verify/", {"credential": json.dumps(stolen)})
    assert page.status_code == 200 and "retired the signing key as compromised" in page.content.decode()
    events = [json.loads(r.getMessage()) for r in caplog.records if r.name == "microcred.security"]
    assert [e["event"] for e in events] == ["key.created", "key.rotated", "key.retired"]
    assert (
        events[-1]["key"] == key1.public_key_multibase
        and events[-1]["compromised_since"] == moment.isoformat()
    )


def test_the_command_retires_a_key_by_its_start_and_a_later_moment_is_refused(muni: Institution) -> None:
    key1 = InstitutionKey.objects.get(institution=muni)
    moment = timezone.now().replace(microsecond=0) - timedelta(days=1)
    out = io.StringIO()
    call_command(
        "institution_key_retire",
        "--institution=muni",
        f"--key={key1.public_key_multibase[:12]}",
        f"--compromised-since={moment.isoformat()}",
        stdout=out,
    )
    assert "key.revoked" in out.getvalue()
    with pytest.raises(CredentialInputError, match="later moment"):
        services.institution_key_retire_compromised(
            institution=muni, key=key1, compromised_since=moment + timedelta(hours=1)
        )


def test_a_backdated_credential_from_the_stolen_key_passes_offline_but_not_on_the_issuers_platform(
    issued: IssuedCredential, muni: Institution, muni_admin: Any
) -> None:
    """The limit of ADR 0204 and what closes it here: the thief dates the proof before the
    compromise moment. Offline nothing can tell; this platform knows it never issued it."""
    unsigned = {k: v for k, v in issued.document.items() if k != "proof"}
    unsigned["id"] = "urn:uuid:00000000-0000-4000-8000-0000000bac0d"
    backdated = issue_credential(
        unsigned,
        signer=institution_signer(muni),
        suite="eddsa-rdfc-2022",
        created=timezone.now() - timedelta(hours=1),
    )
    key1 = InstitutionKey.objects.get(institution=muni)
    services.institution_key_retire_compromised(
        institution=muni, key=key1, compromised_since=timezone.now(), by=muni_admin
    )

    offline = TrustRegistry.from_json(json.loads(json.dumps(local_registry_json())))
    assert inspect(backdated, trust=offline).check("key").passed  # the honest limit
    web = inspect_credential(backdated)
    assert web.verdict == "invalid" and web.check("key").outcome == "failed"
    assert "no record of issuing this credential" in web.check("key").summary
    assert inspect_credential(issued.document).verdict == "valid"  # ours, same key, same date
    api = Client().post(
        "/vc-api/credentials/verify", {"verifiableCredential": backdated}, content_type="application/json"
    )
    assert api.status_code == 400 and api.json()["verified"] is False
