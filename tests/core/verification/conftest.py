"""Fixtures: a test issuer key (named as one), a signed OB credential per suite, vectors."""

from __future__ import annotations

import copy
import hashlib
import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from microcred.crypto.keys import Ed25519KeyPair
from microcred.crypto.proofs import ProofOptions, add_proof
from microcred.crypto.signer import KeyPairSigner
from microcred.issuance import Suite, issue_credential
from microcred.standards.status_list import Bitstring, build_status_list_credential
from microcred.trust import TrustRegistry
from tests.conftest import ASSETS

VECTORS = ASSETS / "ob3" / "vectors"
UNSIGNED = ASSETS / "ob3" / "muni-econometrics-unsigned.json"
ISSUER_DID = "did:web:micro4asia.example:institutions:muni"
NOW = datetime(2026, 7, 1, tzinfo=UTC)
CREATED = datetime(2026, 6, 30, 12, 0, tzinfo=UTC)
TEST_KEY = Ed25519KeyPair.from_seed(hashlib.sha256(b"microcred TEST key - verification tests").digest())
TEST_SIGNER = KeyPairSigner(TEST_KEY, f"{ISSUER_DID}#{TEST_KEY.public_key.public_key_multibase}")


def load(path: Path) -> Any:
    return json.loads(path.read_text("utf-8"))


def registry(*, retired: str | None = None, qa_until: str | None = None) -> TrustRegistry:
    return TrustRegistry.from_json(
        {
            "format": "microcred-trust-registry",
            "consortium": "TEST",
            "institutions": [
                {
                    "slug": "muni",
                    "name": {"en": "Masaryk University"},
                    "country": "CZ",
                    "identifiers": [
                        {
                            "id": ISSUER_DID,
                            "keys": [
                                {
                                    "publicKeyMultibase": TEST_KEY.public_key.public_key_multibase,
                                    "valid_from": "2026-01-01T00:00:00Z",
                                    "retired": retired,
                                }
                            ],
                        }
                    ],
                    "qa": {"registry": "DEQAR", "body": "NAB", "valid_until": qa_until},
                }
            ],
        }
    )


def unsigned() -> dict[str, Any]:
    document: dict[str, Any] = load(UNSIGNED)
    document["issuer"]["id"] = ISSUER_DID
    return document


def signed(suite: Suite = "eddsa-rdfc-2022", document: dict[str, Any] | None = None) -> Any:
    return issue_credential(document or unsigned(), signer=TEST_SIGNER, suite=suite, created=CREATED)


@pytest.fixture(scope="session")
def trust() -> TrustRegistry:
    return registry()


@pytest.fixture(scope="session", params=["eddsa-rdfc-2022", "eddsa-jcs-2022"])
def signed_di(request: pytest.FixtureRequest) -> dict[str, Any]:
    result: dict[str, Any] = signed(request.param)
    return result


LIST_URL = "https://micro4asia.example/status/muni/1"


def with_status(purpose: str = "revocation") -> dict[str, Any]:
    document = unsigned()
    document["credentialStatus"] = {
        "id": f"{LIST_URL}#7",
        "type": "BitstringStatusListEntry",
        "statusPurpose": purpose,
        "statusListIndex": "7",
        "statusListCredential": LIST_URL,
    }
    result: dict[str, Any] = signed("eddsa-jcs-2022", document)
    return result


def status_list(purpose: str, *, set_index: int | None) -> dict[str, Any]:
    bits = Bitstring()
    if set_index is not None:
        bits.set(set_index, 1)
    listing = build_status_list_credential(
        id=LIST_URL, issuer=ISSUER_DID, bitstring=bits, status_purpose=purpose, valid_from=CREATED
    )
    return add_proof(
        listing, TEST_SIGNER, cryptosuite="eddsa-jcs-2022", options=ProofOptions(created=CREATED)
    )


def fresh_signer(seed: bytes = b"an unrelated did:key") -> KeyPairSigner:
    """A signer for a did:key nobody registered (the attacker's, or a self-issuer's)."""
    pair = Ed25519KeyPair.from_seed(hashlib.sha256(seed).digest())
    return KeyPairSigner(pair, pair.public_key.did_key_verification_method)


def self_issued(suite: Suite = "eddsa-rdfc-2022") -> Any:
    """A valid credential whose issuer is a did:key it controls: valid, in no registry."""
    signer = fresh_signer(b"a self-issuer outside the consortium")
    document = unsigned()
    document["issuer"]["id"] = signer.key_id.partition("#")[0]
    return issue_credential(document, signer=signer, suite=suite, created=CREATED)


def forged(credential: Any, suite: Suite = "eddsa-rdfc-2022") -> Any:
    """The attack of issue 8: the learner's name changed, the proof replaced by one made with an
    unrelated did:key, the issuer (Masaryk University) left as it was."""
    from microcred.verification import inspect

    document = copy.deepcopy(dict(inspect(credential).credential or {}))
    document.pop("proof", None)
    rename_learner(document)
    return issue_credential(document, signer=fresh_signer(), suite=suite, created=CREATED, validate=False)


def rename_learner(document: dict[str, Any], name: str = "Mallory Impostor") -> None:
    """Change the learner's name wherever the credential carries it (OB 3.0 identifier of type
    ``name``, or ``credentialSubject.name``); fails if there is none, so a test cannot pass
    without the change."""
    subject = document["credentialSubject"]
    changed = 0
    if "name" in subject:
        subject["name"] = name
        changed += 1
    for identity in subject.get("identifier", []):
        if identity.get("identityType") == "name":
            identity["identityHash"] = name
            changed += 1
    assert changed, "the credential names no learner"
