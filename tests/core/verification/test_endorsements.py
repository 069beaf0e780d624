"""ADR 1431/1432: an employer's OB 3.0 EndorsementCredential verifies against a registry that lists
the employer as an endorser; the employer's key never makes anything else VALID."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from microcred.crypto.did import build_did_document
from microcred.crypto.keys import Ed25519KeyPair
from microcred.crypto.signer import KeyPairSigner
from microcred.issuance import issue_credential
from microcred.standards.ob3.endorsement import compose_endorsement, is_endorsement
from microcred.trust import TrustedIdentifier, TrustedInstitution, TrustRegistry
from microcred.trust.registry import TrustRegistryError
from microcred.verification import inspect

EMPLOYER = "did:web:example.edu:organisations:mekong-fintech"
INSTITUTION = "did:web:example.edu:institutions:neu"
EMPLOYER_KEY = Ed25519KeyPair.from_seed(bytes([7]) * 32)  # test keys, named as such
INSTITUTION_KEY = Ed25519KeyPair.from_seed(bytes([8]) * 32)
SIGNED_AT = datetime(2026, 12, 1, tzinfo=UTC)


def _org(slug: str, did: str, key: Ed25519KeyPair, country: str) -> TrustedInstitution:
    ident = TrustedIdentifier(did, build_did_document(did, [key.public_key]))
    return TrustedInstitution(slug=slug, name={"en": slug}, country=country, identifiers=(ident,))


REGISTRY = TrustRegistry(
    [_org("neu", INSTITUTION, INSTITUTION_KEY, "VN")],
    consortium="TEST",
    endorsers=[_org("mekong-fintech", EMPLOYER, EMPLOYER_KEY, "VN")],
)


def _sign(
    unsigned: dict[str, Any],
    key: Ed25519KeyPair = EMPLOYER_KEY,
    did: str = EMPLOYER,
    *,
    validate: bool = True,
) -> dict[str, Any]:
    signer = KeyPairSigner(key, f"{did}#{key.public_key.public_key_multibase}")
    signed: dict[str, Any] = issue_credential(
        unsigned, signer=signer, suite="eddsa-jcs-2022", created=SIGNED_AT, validate=validate
    )
    return signed


def _endorsement(**overrides: Any) -> dict[str, Any]:
    return compose_endorsement(
        credential_id="urn:uuid:6a1d0b0e-8f56-4c1e-9b7e-2f9a0c3d4e51",
        endorser_id=EMPLOYER,
        endorser_name="Mekong Fintech JSC",
        endorsed_id="https://example.edu/register/neu/NEU-FIN-PY/1#achievement",
        name="Endorsement of Python for finance",
        valid_from=SIGNED_AT,
        comment="Our analysts need exactly this.",
        **overrides,
    )


def test_an_endorsement_by_a_listed_endorser_is_valid_and_trusted_as_an_endorsement() -> None:
    report = inspect(_sign(_endorsement()), trust=REGISTRY, now=SIGNED_AT)
    assert report.verdict == "valid", [c.as_dict() for c in report.checks if not c.passed]
    trust = report.check("trust")
    assert trust.passed and trust.code == "trust.endorser" and trust.params["role"] == "endorser"


def test_a_forged_endorsement_fails_its_proof() -> None:
    signed = _sign(_endorsement())
    signed["credentialSubject"]["endorsementComment"] = "We never said this."
    assert inspect(signed, trust=REGISTRY, now=SIGNED_AT).verdict == "invalid"


def test_an_endorsement_signed_by_another_key_in_the_employers_name_is_invalid() -> None:
    impostor = Ed25519KeyPair.from_seed(bytes([9]) * 32)
    report = inspect(_sign(_endorsement(), key=impostor), trust=REGISTRY, now=SIGNED_AT)
    assert report.verdict == "invalid"


@pytest.mark.parametrize("kind", ["OpenBadgeCredential", "AchievementCredential", "ExampleCredential"])
def test_a_credential_issued_with_an_employer_key_is_never_valid(kind: str) -> None:
    unsigned = _endorsement()
    unsigned["type"] = ["VerifiableCredential", kind]
    unsigned["credentialSubject"] = {"id": "did:example:learner", "type": ["AchievementSubject"]}
    report = inspect(_sign(unsigned, validate=False), trust=REGISTRY, now=SIGNED_AT)
    assert report.verdict == "invalid"
    assert report.check("key").code == "key.endorser_only"
    assert report.check("trust").code == "trust.endorser_not_issuer"


def test_an_endorsement_that_also_claims_to_award_is_not_an_endorsement() -> None:
    unsigned = _endorsement()
    unsigned["type"] = ["VerifiableCredential", "EndorsementCredential", "OpenBadgeCredential"]
    assert not is_endorsement(unsigned)
    report = inspect(_sign(unsigned, validate=False), trust=REGISTRY, now=SIGNED_AT)
    assert report.check("key").code == "key.endorser_only"


def test_an_endorser_is_never_looked_up_as_an_institution() -> None:
    assert REGISTRY.lookup(EMPLOYER) is None and REGISTRY.institution_of(EMPLOYER) is None
    assert REGISTRY.endorser_of(EMPLOYER) is not None and REGISTRY.endorser_of(INSTITUTION) is None


def test_the_registry_json_keeps_endorsers_apart_and_round_trips() -> None:
    content = REGISTRY.to_json(updated=SIGNED_AT.date())
    assert [e["slug"] for e in content["endorsers"]] == ["mekong-fintech"]
    again = TrustRegistry.from_json(content)
    assert again.endorser_of(EMPLOYER) is not None and again.lookup(EMPLOYER) is None


def test_an_endorser_with_qa_or_listed_as_an_institution_too_is_refused() -> None:
    content = REGISTRY.to_json(updated=SIGNED_AT.date())
    with_qa = {**content, "endorsers": [{**content["endorsers"][0], "qa": {"registry": "DEQAR"}}]}
    with pytest.raises(TrustRegistryError, match="no 'qa'"):
        TrustRegistry.from_json(with_qa)
    twice = {
        **content,
        "endorsers": [{**content["endorsers"][0], "identifiers": content["institutions"][0]["identifiers"]}],
    }
    with pytest.raises(TrustRegistryError, match="listed twice"):
        TrustRegistry.from_json(twice)
