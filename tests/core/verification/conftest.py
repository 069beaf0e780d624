"""Fixtures: a test issuer key (named as one), a signed OB credential per suite, vectors."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from microcred.crypto.keys import Ed25519KeyPair
from microcred.crypto.signer import KeyPairSigner
from microcred.issuance import Suite, issue_credential
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
