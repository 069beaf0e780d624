"""Each named check of inspect()/verify() passes, fails or says "not checked" with a reason."""

from __future__ import annotations

import copy
from datetime import UTC, datetime
from typing import Any

import pytest

from microcred.crypto.keys import Ed25519KeyPair
from microcred.crypto.proofs import ProofOptions, add_proof
from microcred.crypto.signer import KeyPairSigner
from microcred.trust import TrustRegistry
from microcred.verification import (
    CredentialExpired,
    CredentialNotYetValid,
    CredentialRevoked,
    CredentialSuspended,
    HolderEvidence,
    IssuerNotBound,
    MalformedCredential,
    UntrustedIssuer,
    VerificationUnconfirmed,
    inspect,
    verify,
)
from tests.core.ob3.conftest import SALT
from tests.core.verification.conftest import (
    ISSUER_DID,
    NOW,
    TEST_KEY,
    registry,
    signed,
    status_list,
    unsigned,
    with_status,
)


def test_a_fresh_credential_passes_every_check_but_holder(
    signed_di: dict[str, Any], trust: TrustRegistry
) -> None:
    report = inspect(signed_di, trust=trust, now=NOW)
    states = {c.name: c.state for c in report.checks}
    assert states == {
        "format": "passed",
        "proof": "passed",
        "key": "passed",
        "trust": "passed",
        "status": "passed",
        "validity": "passed",
        "holder": "not_checked",
    }
    assert report.valid and report.trusted


def test_the_trust_check_reports_the_institution_and_its_qa(
    signed_di: dict[str, Any], trust: TrustRegistry
) -> None:
    check = inspect(signed_di, trust=trust, now=NOW).check("trust")
    assert "Masaryk University (CZ); QA: DEQAR, NAB" in check.reason
    assert check.details["qa"]["current"] is True


def test_an_expired_qa_accreditation_is_reported_but_does_not_invalidate(signed_di: dict[str, Any]) -> None:
    report = inspect(signed_di, trust=registry(qa_until="2026-01-01"), now=NOW)
    assert "EXPIRED on 2026-01-01" in report.check("trust").reason
    assert report.valid


def test_an_issuer_outside_the_registry_is_valid_but_not_trusted(
    signed_di: dict[str, Any], trust: TrustRegistry
) -> None:
    outsider = TrustRegistry.from_json({"format": "microcred-trust-registry", "institutions": []})
    resolver = trust.resolver()  # the key resolves (its DID document is known) ...
    report = inspect(signed_di, resolver=resolver, trust=outsider, now=NOW)
    assert report.valid and not report.trusted  # ... but the issuer is not in this registry
    verify(signed_di, resolver=resolver, trust=outsider, now=NOW)
    with pytest.raises(UntrustedIssuer, match="not in the"):
        verify(signed_di, resolver=resolver, trust=outsider, now=NOW, require_trusted=True)


def test_without_a_registry_trust_is_not_checked_and_required_trust_fails(
    signed_di: dict[str, Any], trust: TrustRegistry
) -> None:
    resolver = trust.resolver()
    assert inspect(signed_di, resolver=resolver, now=NOW).check("trust").state == "not_checked"
    with pytest.raises(UntrustedIssuer):
        verify(signed_di, resolver=resolver, now=NOW, require_trusted=True)


def test_a_proof_made_after_its_key_was_retired_is_not_trusted(signed_di: dict[str, Any]) -> None:
    check = inspect(signed_di, trust=registry(retired="2026-03-01T00:00:00Z"), now=NOW).check("trust")
    assert check.failed and "retired on 2026-03-01" in check.reason


def test_a_key_of_another_party_claiming_the_issuer_is_not_trusted(trust: TrustRegistry) -> None:
    stranger = Ed25519KeyPair.from_seed(bytes(32))
    document = unsigned()
    forged = add_proof(
        document,
        KeyPairSigner(stranger, stranger.public_key.did_key_verification_method),
        cryptosuite="eddsa-jcs-2022",
    )
    report = inspect(forged, trust=trust, now=NOW)
    assert report.check("proof").passed
    assert report.check("key").code == "key.not_controlled_by_issuer"
    assert report.verdict == "invalid"
    assert "does not belong to Masaryk University" in report.check("trust").reason
    with pytest.raises(IssuerNotBound):
        verify(forged, trust=trust, now=NOW)


def test_a_credential_is_not_valid_before_its_valid_from(
    signed_di: dict[str, Any], trust: TrustRegistry
) -> None:
    with pytest.raises(CredentialNotYetValid, match="not valid yet"):
        verify(signed_di, trust=trust, now=datetime(2026, 1, 1, tzinfo=UTC))


def test_an_expired_credential_fails_validity(trust: TrustRegistry) -> None:
    document = unsigned()
    document["validUntil"] = "2026-12-31T00:00:00Z"
    credential = signed("eddsa-jcs-2022", document)
    verify(credential, trust=trust, now=NOW)
    with pytest.raises(CredentialExpired, match="expired"):
        verify(credential, trust=trust, now=datetime(2027, 1, 1, tzinfo=UTC))


def test_a_status_entry_with_no_list_at_hand_cannot_be_confirmed(trust: TrustRegistry) -> None:
    report = inspect(with_status(), trust=trust, now=NOW)
    assert report.check("status").state == "not_checked"
    assert report.check("status").code == "status.not_checked_no_list"
    assert "could not check" in report.check("status").reason
    assert report.verdict == "unconfirmed" and not report.valid
    with pytest.raises(VerificationUnconfirmed) as raised:
        verify(with_status(), trust=trust, now=NOW)
    assert raised.value.check == "status" and raised.value.check_code == "status.not_checked_no_list"
    accepted = verify(with_status(), trust=trust, now=NOW, accept_unconfirmed=True)
    assert accepted.report.verdict == "unconfirmed"


def test_a_revoked_credential_fails(trust: TrustRegistry) -> None:
    listing = status_list("revocation", set_index=7)
    with pytest.raises(CredentialRevoked, match="REVOKED"):
        verify(with_status(), trust=trust, status=lambda url: listing, now=NOW)


def test_a_suspended_credential_fails(trust: TrustRegistry) -> None:
    listing = status_list("suspension", set_index=7)
    with pytest.raises(CredentialSuspended, match="SUSPENDED"):
        verify(with_status("suspension"), trust=trust, status=lambda url: listing, now=NOW)


def test_a_credential_whose_bit_is_clear_passes_status(trust: TrustRegistry) -> None:
    listing = status_list("revocation", set_index=8)
    report = inspect(with_status(), trust=trust, status=lambda url: listing, now=NOW)
    assert report.check("status").passed


def test_a_status_list_that_was_tampered_with_fails_status(trust: TrustRegistry) -> None:
    listing = copy.deepcopy(status_list("revocation", set_index=None))
    listing["credentialSubject"]["encodedList"] = status_list("revocation", set_index=9)["credentialSubject"][
        "encodedList"
    ]
    check = inspect(with_status(), trust=trust, status=lambda url: listing, now=NOW).check("status")
    assert check.failed and "does not verify" in check.reason


def test_a_fetcher_that_fails_means_could_not_check(trust: TrustRegistry) -> None:
    def offline(url: str) -> dict[str, Any]:
        raise OSError("network unreachable")

    check = inspect(with_status(), trust=trust, status=offline, now=NOW).check("status")
    assert check.state == "not_checked" and "network unreachable" in check.reason


def test_the_holder_proves_the_credential_with_email_and_salt(
    signed_di: dict[str, Any], trust: TrustRegistry
) -> None:
    good = HolderEvidence(email="Lan.Nguyen@example.edu.vn ", salt=SALT)
    assert inspect(signed_di, trust=trust, holder=good, now=NOW).check("holder").passed
    bad = HolderEvidence(email="someone@example.edu.vn", salt=SALT)
    assert inspect(signed_di, trust=trust, holder=bad, now=NOW).check("holder").failed


def test_the_holder_proves_control_of_the_subject_did_over_a_challenge(
    signed_di: dict[str, Any], trust: TrustRegistry
) -> None:
    holder = Ed25519KeyPair.from_seed(bytes(range(32)))
    document = unsigned()
    document["credentialSubject"]["id"] = holder.public_key.did_key
    credential = signed("eddsa-jcs-2022", document)
    vp = {
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        "type": ["VerifiablePresentation"],
        "verifiableCredential": [credential],
    }
    options = ProofOptions(proof_purpose="authentication", challenge="c-123", domain="verifier.example")
    presented = add_proof(
        vp,
        KeyPairSigner(holder, holder.public_key.did_key_verification_method),
        cryptosuite="eddsa-jcs-2022",
        options=options,
    )
    good = HolderEvidence(presentation=presented, challenge="c-123", domain="verifier.example")
    assert inspect(credential, trust=trust, holder=good, now=NOW).check("holder").passed
    replayed = HolderEvidence(presentation=presented, challenge="c-999", domain="verifier.example")
    assert inspect(credential, trust=trust, holder=replayed, now=NOW).check("holder").failed


def test_an_unsigned_credential_fails_the_proof_check(trust: TrustRegistry) -> None:
    check = inspect(unsigned(), trust=trust, now=NOW).check("proof")
    assert check.failed and "unsigned" in check.reason


def test_a_credential_that_breaks_the_ob3_schema_fails_format(
    signed_di: dict[str, Any], trust: TrustRegistry
) -> None:
    broken = copy.deepcopy(signed_di)
    del broken["credentialSubject"]["achievement"]
    with pytest.raises(MalformedCredential, match=r"OB 3\.0 JSON Schema"):
        verify(broken, trust=trust, now=NOW)


def test_a_vc_jwt_credential_verifies_and_a_tampered_one_does_not(trust: TrustRegistry) -> None:
    token = signed("vc-jwt")
    assert verify(token, trust=trust, now=NOW, require_trusted=True).proof_format == "vc-jwt"
    head, payload, sig = token.split(".")
    tampered = f"{head}.{payload[:-3]}{'A' if payload[-3] != 'A' else 'B'}{payload[-2:]}.{sig}"
    assert not inspect(tampered, trust=trust, now=NOW).valid


def test_failed_checks_become_problem_details_for_the_vc_api(
    signed_di: dict[str, Any], trust: TrustRegistry
) -> None:
    altered = copy.deepcopy(signed_di)
    altered["name"] = "Something else"
    [problem] = inspect(altered, trust=trust, now=NOW).problem_details()
    assert problem["type"] == "https://w3id.org/security#PROOF_VERIFICATION_ERROR"
    assert "changed after signing" in problem["detail"]
    assert inspect(signed_di, trust=trust, now=NOW).problem_details() == []


def test_a_key_other_than_the_registrys_under_the_same_id_is_not_trusted(signed_di: dict[str, Any]) -> None:
    from microcred.crypto.did import DidResolver, build_did_document

    method = signed_di["proof"]["verificationMethod"]
    impostor = Ed25519KeyPair.from_seed(bytes([7]) * 32)
    lying = DidResolver([build_did_document(ISSUER_DID, [impostor.public_key])])
    forged = add_proof(
        {k: v for k, v in signed_di.items() if k != "proof"},
        KeyPairSigner(impostor, method.split("#")[0] + "#" + impostor.public_key.public_key_multibase),
        cryptosuite="eddsa-jcs-2022",
    )
    check = inspect(forged, resolver=lying, trust=registry(), now=NOW).check("trust")
    assert check.failed and "lists no key" in check.reason


def test_a_proof_made_before_the_key_was_in_use_is_not_trusted(signed_di: dict[str, Any]) -> None:
    import json

    data = json.loads(json.dumps(REGISTRY_JSON_WITH_LATE_KEY))
    late = TrustRegistry.from_json(data)
    check = inspect(signed_di, trust=late, now=NOW).check("trust")
    assert check.failed and "in use only from 2026-07-01" in check.reason


REGISTRY_JSON_WITH_LATE_KEY: dict[str, Any] = {
    "format": "microcred-trust-registry",
    "institutions": [
        {
            "slug": "muni",
            "name": "Masaryk University",
            "country": "CZ",
            "identifiers": [
                {
                    "id": ISSUER_DID,
                    "keys": [
                        {
                            "publicKeyMultibase": TEST_KEY.public_key.public_key_multibase,
                            "valid_from": "2026-07-01T00:00:00Z",
                        }
                    ],
                }
            ],
        }
    ],
}
