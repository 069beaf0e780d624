"""ADR 0204: a verification method marked ``revoked`` (Controlled Identifiers 1.0 §2.2) fails the
key check for a proof made at or after that moment, or not dated; earlier proofs stand."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from microcred.crypto.did import DidDocument, DidResolver, build_did_document
from microcred.crypto.errors import KeyFormatError
from microcred.crypto.keys import Ed25519KeyPair
from microcred.crypto.signer import KeyPairSigner
from microcred.issuance import issue_credential
from microcred.verification import inspect

DID = "did:web:example.edu:institutions:muni"
KEY = Ed25519KeyPair.from_seed(bytes(32))  # a test key, named as one
REVOKED = datetime(2026, 12, 1, tzinfo=UTC)


def _signed(created: datetime, suite: str = "eddsa-jcs-2022") -> dict | str:  # type: ignore[type-arg]
    unsigned = {
        "@context": ["https://www.w3.org/ns/credentials/v2", "https://www.w3.org/ns/credentials/examples/v2"],
        "id": "urn:uuid:0b7a4a64-37a3-4d2e-9d41-1b2f6f7d2b11",
        "type": ["VerifiableCredential", "ExampleAlumniCredential"],
        "issuer": DID,
        "validFrom": created.isoformat().replace("+00:00", "Z"),
        "credentialSubject": {"id": "did:example:abc", "alumniOf": "Example"},
    }
    signer = KeyPairSigner(KEY, f"{DID}#{KEY.public_key.public_key_multibase}")
    return issue_credential(unsigned, signer=signer, suite=suite, created=created)  # type: ignore[call-overload, no-any-return]


def _resolver(revoked: datetime | None = REVOKED) -> DidResolver:
    marks = {KEY.public_key.public_key_multibase: revoked} if revoked else None
    document = build_did_document(DID, [KEY.public_key], revoked=marks)
    return DidResolver([DidDocument.from_json(document.to_json())])  # through its JSON, as served


@pytest.mark.parametrize("suite", ["eddsa-jcs-2022", "vc-jwt"])
def test_a_proof_before_the_revocation_stands_and_one_after_it_fails(suite: str) -> None:
    before = inspect(_signed(datetime(2026, 11, 30, tzinfo=UTC), suite), resolver=_resolver())
    after = inspect(_signed(datetime(2026, 12, 1, tzinfo=UTC), suite), resolver=_resolver())
    assert before.check("key").passed and before.verdict == "valid"
    key = after.check("key")
    assert key.code == "key.revoked" and after.verdict == "invalid"
    assert key.params["revoked"] == "2026-12-01T00:00:00+00:00"


def test_an_undated_proof_with_a_revoked_key_fails() -> None:
    credential = _signed(datetime(2026, 11, 1, tzinfo=UTC))
    assert isinstance(credential, dict)
    del credential["proof"]["created"]  # also breaks the signature; the key check says why first
    assert inspect(credential, resolver=_resolver()).check("key").code == "key.revoked"


def test_the_did_document_json_carries_revoked_as_a_utc_datetimestamp() -> None:
    (method,) = build_did_document(
        DID, [KEY.public_key], revoked={KEY.public_key.public_key_multibase: REVOKED}
    ).to_json()["verificationMethod"]
    assert method["revoked"] == "2026-12-01T00:00:00Z"


@pytest.mark.parametrize("value", [17, "yesterday", "2026-12-01T00:00:00"])
def test_a_malformed_revoked_value_is_refused(value: object) -> None:
    document = build_did_document(DID, [KEY.public_key]).to_json()
    document["verificationMethod"][0]["revoked"] = value
    with pytest.raises(KeyFormatError, match="revoked"):
        DidDocument.from_json(document)
