from __future__ import annotations

import json
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.utils import timezone

from microcred.standards.status_list import check_status
from microcred_web.catalogue.models import MicroCredentialVersion, Status
from microcred_web.credentials import services
from microcred_web.credentials.errors import CredentialInputError, StatusChangeError
from microcred_web.credentials.identity import institution_did
from microcred_web.credentials.models import IssuedCredential, StatusList, Suite
from microcred_web.credentials.verifying import inspect_credential
from tests.web.credentials.conftest import LEARNER, RESULT

pytestmark = pytest.mark.django_db


def test_an_issued_credential_is_an_open_badge_signed_by_the_institution(issued: IssuedCredential) -> None:
    vc = issued.document
    assert vc["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert vc["id"] == f"urn:uuid:{issued.uuid}"
    assert vc["issuer"]["id"] == "did:web:micro4asia.example.org:institutions:muni"
    assert vc["proof"]["cryptosuite"] == "eddsa-rdfc-2022"
    assert vc["proof"]["verificationMethod"].startswith(vc["issuer"]["id"] + "#z6Mk")
    name = vc["credentialSubject"]["identifier"][0]
    assert name == {
        "type": "IdentityObject",
        "identityType": "name",
        "hashed": False,
        "identityHash": "Nguyễn Thị Lan",
    }
    assert vc["credentialSubject"]["identifier"][1]["identityHash"].startswith("sha256$")
    assert "lan.nguyen" not in json.dumps(vc)


def test_issuing_allocates_the_next_index_of_the_revocation_list(
    issued: IssuedCredential, published: MicroCredentialVersion, muni_admin: Any
) -> None:
    second = services.credential_issue(version=published, learner=LEARNER, result=RESULT, by=muni_admin)

    assert (issued.revocation_index, second.revocation_index) == (0, 1)
    entry = second.document["credentialStatus"]  # OB 3.0 allows exactly one entry (ADR 0701)
    assert entry["statusPurpose"] == "revocation"
    assert entry["statusListIndex"] == "1"
    assert entry["statusListCredential"] == "https://micro4asia.example.org/status/muni/revocation-1"
    assert second.suspension_list is None


def test_an_issued_credential_fits_the_open_badges_schema(issued: IssuedCredential) -> None:
    from microcred.standards.ob3 import schema_problems

    assert schema_problems(issued.document) == []


def test_an_issued_credential_verifies_with_every_check_green(issued: IssuedCredential) -> None:
    report = inspect_credential(issued.document)

    assert report.verified and report.trusted
    assert {c.name: c.outcome for c in report.checks} == {
        "format": "passed",
        "proof": "passed",
        "key": "passed",
        "trust": "passed",
        "status": "passed",
        "validity": "passed",
    }


@pytest.mark.parametrize("suite", [Suite.EDDSA_JCS_2022, Suite.VC_JWT])
def test_the_other_suites_issue_credentials_that_verify(
    suite: str, published: MicroCredentialVersion, muni_admin: Any
) -> None:
    issued = services.credential_issue(
        version=published, learner=LEARNER, result=RESULT, by=muni_admin, suite=suite
    )
    report = inspect_credential(issued.document, jws=issued.jws)
    assert report.verified, report.checks
    assert bool(issued.jws) == (suite == Suite.VC_JWT)


def test_a_revoked_credential_is_reported_revoked_and_its_list_is_signed_again(
    issued: IssuedCredential, muni_admin: Any
) -> None:
    services.credential_revoke(credential=issued, reason="plagiarism found", by=muni_admin)

    report = inspect_credential(issued.document)
    status = report.check("status")
    assert not report.verified
    assert status is not None and status.outcome == "failed"
    assert "revoked" in status.summary
    listed = json.loads(Client().get("/status/muni/revocation-1").content)
    assert check_status(issued.document["credentialStatus"], listed).state == "revoked"
    issued.refresh_from_db()
    assert issued.revocation_reason == "plagiarism found"
    assert issued.status_events.get().actor == muni_admin


def test_suspension_can_be_lifted_and_the_credential_verifies_again(muni: Any, muni_admin: Any) -> None:
    token, _plain = services.api_token_create(institution=muni, name="t")
    credential = {
        "@context": ["https://www.w3.org/ns/credentials/v2", "https://www.w3.org/ns/credentials/examples/v2"],
        "type": ["VerifiableCredential"],
        "issuer": "did:web:micro4asia.example.org:institutions:muni",
        "credentialSubject": {"id": "did:example:1", "alumniOf": "X"},
    }
    issued = services.credential_sign_for_api(
        token=token, credential=credential, status_purposes=["suspension"]
    )

    services.credential_suspend(credential=issued, reason="appeal pending", by=muni_admin)
    assert not inspect_credential(issued.document).verified

    services.credential_unsuspend(credential=issued, reason="appeal rejected", by=muni_admin)
    assert inspect_credential(issued.document).verified


def test_a_studio_credential_without_a_suspension_entry_cannot_be_suspended(
    issued: IssuedCredential, muni_admin: Any
) -> None:
    with pytest.raises(StatusChangeError, match="no suspension entry"):
        services.credential_suspend(credential=issued, reason="appeal", by=muni_admin)


def test_revoking_twice_or_without_a_reason_is_refused(issued: IssuedCredential, muni_admin: Any) -> None:
    with pytest.raises(CredentialInputError, match="reason"):
        services.credential_revoke(credential=issued, reason="  ", by=muni_admin)
    services.credential_revoke(credential=issued, reason="error", by=muni_admin)
    with pytest.raises(StatusChangeError, match="already revoked"):
        services.credential_revoke(credential=issued, reason="error", by=muni_admin)


def test_another_institutions_staff_cannot_revoke(issued: IssuedCredential, unisi_admin: Any) -> None:
    with pytest.raises(PermissionDenied):
        services.credential_revoke(credential=issued, reason="no", by=unisi_admin)
    issued.refresh_from_db()
    assert issued.revoked_at is None


def test_another_institutions_staff_cannot_issue_its_micro_credentials(
    published: MicroCredentialVersion, unisi_admin: Any
) -> None:
    with pytest.raises(PermissionDenied):
        services.credential_issue(version=published, learner=LEARNER, result=RESULT, by=unisi_admin)
    assert not IssuedCredential.objects.exists()


def test_a_draft_is_not_issued_and_nothing_is_written(
    published: MicroCredentialVersion, muni_admin: Any
) -> None:
    MicroCredentialVersion.objects.filter(pk=published.pk).update(status=Status.DRAFT)
    published.refresh_from_db()
    with pytest.raises(CredentialInputError, match="only published versions"):
        services.credential_issue(version=published, learner=LEARNER, result=RESULT, by=muni_admin)
    assert not IssuedCredential.objects.exists()
    assert not StatusList.objects.exists()


def test_the_status_list_is_big_enough_for_herd_privacy(issued: IssuedCredential) -> None:
    listed = json.loads(Client().get("/status/muni/revocation-1").content)
    assert listed["type"] == ["VerifiableCredential", "BitstringStatusListCredential"]
    assert listed["id"] == "https://micro4asia.example.org/status/muni/revocation-1"
    assert listed["credentialSubject"]["statusPurpose"] == "revocation"
    assert listed["proof"]["cryptosuite"] == "eddsa-rdfc-2022"
    assert StatusList.objects.get(list_id="revocation-1").length == 131_072


def test_a_credential_signed_before_a_key_rotation_still_verifies(
    issued: IssuedCredential, muni: Any
) -> None:
    services.institution_key_rotate(institution=muni)
    assert inspect_credential(issued.document).verified


def test_a_status_list_is_signed_again_when_the_public_base_url_moves(
    issued: IssuedCredential, settings: Any
) -> None:
    settings.PUBLIC_BASE_URL = "https://new-home.example.org"
    listed = json.loads(Client().get("/status/muni/revocation-1").content)
    assert listed["id"] == "https://new-home.example.org/status/muni/revocation-1"
    assert listed["issuer"] == "did:web:new-home.example.org:institutions:muni"
    assert listed["proof"]["verificationMethod"].startswith(listed["issuer"] + "#")


def test_a_credential_from_an_unknown_issuer_is_could_not_check_not_false(issued: IssuedCredential) -> None:
    foreign = {k: v for k, v in issued.document.items() if k != "credentialStatus"}
    foreign["issuer"] = {**foreign["issuer"], "id": "did:web:elsewhere.example"}
    foreign["proof"] = {**foreign["proof"], "verificationMethod": "did:web:elsewhere.example#z6Mkx"}
    report = inspect_credential(foreign)
    assert not report.verified
    assert not report.failed
    assert report.check("proof").outcome == "unknown"  # type: ignore[union-attr]
    html = Client().post("/verify/", {"credential": json.dumps(foreign)}).content.decode()
    assert "Could not confirm this credential." in html and "genuine and valid" not in html


def test_a_key_made_by_another_process_is_found_by_reloading_the_key_store(
    tmp_path: Any,
    monkeypatch: pytest.MonkeyPatch,
    published: MicroCredentialVersion,
    muni_admin: Any,
    muni: Any,
) -> None:
    from microcred.crypto.key_provider import EncryptedFileKeyProvider
    from microcred_web.credentials import identity
    from microcred_web.credentials.models import InstitutionKey

    def store() -> EncryptedFileKeyProvider:
        return EncryptedFileKeyProvider(tmp_path / "keys", "test passphrase", scrypt_n=2**10)

    this_worker = store()  # loaded before the key exists
    monkeypatch.setattr(identity, "_configured_provider", store)
    identity.use_key_provider(None)
    monkeypatch.setattr(identity, "_provider", this_worker)
    # another worker makes the institution's new key
    muni.signing_keys.update(retired_at=timezone.now())
    record = store().create_key(institution_did("muni"))
    InstitutionKey.objects.create(
        institution=muni,
        provider_key_id=record.key_id,
        public_key_multibase=record.public_key.public_key_multibase,
    )

    issued = services.credential_issue(version=published, learner=LEARNER, result=RESULT, by=muni_admin)
    assert issued.document["proof"]["verificationMethod"].endswith(record.public_key.public_key_multibase)


def test_a_full_list_is_followed_by_a_new_one(
    issued: IssuedCredential, published: MicroCredentialVersion, muni_admin: Any
) -> None:
    StatusList.objects.filter(list_id="revocation-1").update(next_index=131_072)

    second = services.credential_issue(version=published, learner=LEARNER, result=RESULT, by=muni_admin)

    assert second.revocation_list is not None
    assert (second.revocation_list.list_id, second.revocation_index) == ("revocation-2", 0)
    assert Client().get("/status/muni/revocation-2").status_code == 200
