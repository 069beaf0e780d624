"""Verification trusts this instance's institutions and, when configured, the consortium's
signed trust registry (ADR 0703); it never fetches anything. An unsigned or otherwise-signed
registry file is trusted for nothing."""

from __future__ import annotations

import hashlib
import json
from importlib import resources
from typing import Any

import pytest
from django.test import Client

from microcred.crypto.keys import Ed25519KeyPair
from microcred.crypto.signer import KeyPairSigner
from microcred.issuance import issue_credential

pytestmark = pytest.mark.django_db
REGISTRY = resources.files("microcred.trust").joinpath("data", "demo-registry.signed.json")
UNSIGNED = resources.files("microcred.trust").joinpath("data", "demo-registry.json")
UNISI = "did:web:micro4asia.example:institutions:unisi"


def signed_by_the_demo_unisi_key() -> dict[str, Any]:
    # The demo registry's keys come from a published seed (see its "note"): test keys only.
    seed = hashlib.sha256(b"microcred DEMO key - never trust - unisi").digest()
    pair = Ed25519KeyPair.from_seed(seed)
    signer = KeyPairSigner(pair, f"{UNISI}#{pair.public_key.public_key_multibase}")
    credential = {
        "@context": ["https://www.w3.org/ns/credentials/v2", "https://www.w3.org/ns/credentials/examples/v2"],
        "type": ["VerifiableCredential"],
        "issuer": UNISI,
        "credentialSubject": {"id": "did:example:1", "alumniOf": "Siena"},
    }
    signed = issue_credential(credential, signer=signer)
    assert isinstance(signed, dict)
    return signed


def verify(document: dict[str, Any]) -> Any:
    return Client().post(
        "/vc-api/credentials/verify",
        json.dumps({"verifiableCredential": document}),
        content_type="application/json",
    )


def test_a_consortium_member_from_the_registry_file_is_verified_and_trusted(
    muni: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MICROCRED_TRUST_REGISTRY", str(REGISTRY))
    response = verify(signed_by_the_demo_unisi_key())

    assert response.status_code == 200, response.json()
    assert response.json()["results"]["trust"]["outcome"] == "passed"


def test_without_the_registry_file_the_same_credential_cannot_be_checked(muni: Any) -> None:
    response = verify(signed_by_the_demo_unisi_key())

    assert response.status_code == 400
    assert response.json()["verified"] is False
    assert response.json()["verdict"] == "unconfirmed"  # could not confirm, not "false" and not valid
    assert "unknown DID" in response.json()["problemDetails"][0]["detail"]


def test_an_unsigned_registry_file_is_trusted_for_nothing(muni: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MICROCRED_TRUST_REGISTRY", str(UNSIGNED))
    response = verify(signed_by_the_demo_unisi_key())

    assert response.status_code == 400
    assert "unknown DID" in response.json()["problemDetails"][0]["detail"]


def test_a_registry_signed_by_another_key_counts_only_once_that_key_is_an_anchor(
    muni: Any, monkeypatch: pytest.MonkeyPatch, tmp_path: Any
) -> None:
    from microcred.trust import TrustRegistry
    from tests.signed_registry import TEST_ANCHOR, write_signed_registry

    signed = write_signed_registry(tmp_path / "registry.json", TrustRegistry.demo_content())
    monkeypatch.setenv("MICROCRED_TRUST_REGISTRY", str(signed))
    refused = verify(signed_by_the_demo_unisi_key())
    monkeypatch.setenv("MICROCRED_TRUST_ANCHORS", TEST_ANCHOR)
    accepted = verify(signed_by_the_demo_unisi_key())

    assert refused.status_code == 400
    assert accepted.status_code == 200, accepted.json()


def test_the_platform_serves_the_consortiums_signed_registry_as_it_is(
    muni: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MICROCRED_TRUST_REGISTRY", str(REGISTRY))

    served = Client().get("/trust/registry.json").json()

    assert served == json.loads(REGISTRY.read_text("utf-8"))


def test_a_production_platform_without_a_consortium_registry_serves_none_and_shows_no_command(
    issued: Any, settings: Any
) -> None:
    settings.MICROCRED_TRUST_REGISTRY_DEMO_SIGN = False

    page = Client().get(f"/credentials/{issued.uuid}/").content.decode()

    assert Client().get("/trust/registry.json").status_code == 404
    assert "--trust registry.json" not in page


def test_the_registry_is_kept_between_requests_and_rebuilt_as_soon_as_a_key_or_institution_changes(
    issued: Any, published: Any, muni: Any, muni_admin: Any
) -> None:
    from datetime import timedelta

    from microcred.verification import inspect
    from microcred_web.credentials import services
    from microcred_web.credentials.models import InstitutionKey
    from microcred_web.credentials.trust import local_status_list, trust_registry
    from microcred_web.institutions.models import Institution
    from tests.web.credentials.conftest import LEARNER, RESULT

    def core(credential: Any) -> Any:
        registry = trust_registry()
        return inspect(credential, resolver=registry.resolver(), trust=registry, status=local_status_list)

    first = trust_registry()
    assert trust_registry() is first  # nothing changed: not rebuilt
    assert core(issued.jws or issued.document).verdict == "valid"

    # rotated through the service: a credential signed with the new key verifies at once
    services.institution_key_rotate(institution=muni, by=muni_admin)
    fresh = services.credential_issue(version=published, learner=LEARNER, result=RESULT, by=muni_admin)
    assert trust_registry() is not first
    assert core(fresh.jws or fresh.document).verdict == "valid"
    assert core(issued.jws or issued.document).verdict == "valid"  # signed before the rotation
    response = verify(fresh.document) if not fresh.jws else None
    assert response is None or response.status_code == 200, response.json()

    # retired by another process (a plain UPDATE, no service, no signal): counts at once
    key = InstitutionKey.objects.get(institution=muni, retired_at__isnull=True)
    InstitutionKey.objects.filter(pk=key.pk).update(retired_at=key.created_at - timedelta(days=1))
    report = core(fresh.jws or fresh.document)
    assert report.check("trust").code == "trust.key_not_in_use", report.check("trust")

    # the institution renamed: the registry names it so at once
    Institution.objects.filter(pk=muni.pk).update(name={"en": "Masaryk University, Brno"})
    assert core(issued.jws or issued.document).check("trust").params["name"] == "Masaryk University, Brno"
