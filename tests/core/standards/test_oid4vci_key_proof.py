"""The wallet's key proof of OpenID4VCI 1.0 (Appendix F.1), checked by the core: the holder's DID
from ``kid`` (did:key, did:jwk) or ``jwk``; ``typ``, ``alg``, ``aud``, ``iat`` and the signature
checked; any change to a signed proof fails."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from microcred.crypto.keys import Ed25519KeyPair, KeyPair, P256KeyPair, P384KeyPair
from microcred.crypto.multibase import b64url_encode
from microcred.standards.oid4vci import PROOF_TYP, ProofError, verify_jwt_proof

ISSUER = "https://micro4asia.example.org"
NOW = datetime(2026, 12, 7, 12, 0, tzinfo=UTC)
ED = Ed25519KeyPair.from_seed(bytes(range(32)))
P256 = P256KeyPair.generate()


def _proof(key: KeyPair | None, header: dict[str, Any], payload: dict[str, Any] | None = None) -> str:
    claims = {"aud": ISSUER, "iat": int(NOW.timestamp()), "nonce": "n-1"}
    claims.update(payload or {})
    signing_input = (
        b64url_encode(json.dumps(header).encode()) + "." + b64url_encode(json.dumps(claims).encode())
    )
    return signing_input + "." + (b64url_encode(key.sign(signing_input.encode())) if key else "")


def _did_jwk(key: KeyPair) -> str:
    return "did:jwk:" + b64url_encode(json.dumps(key.public_key.to_jwk()).encode())


@pytest.mark.parametrize(
    ("key", "alg", "kid"),
    [
        (ED, "EdDSA", ED.public_key.did_key_verification_method),
        (ED, "Ed25519", ED.public_key.did_key),  # a bare DID: its one key
        (P256, "ES256", P256.public_key.did_key_verification_method),
        (P256, "ES256", _did_jwk(P256) + "#0"),
    ],
)
def test_a_proof_naming_its_key_by_kid_gives_the_holder_did(key: KeyPair, alg: str, kid: str) -> None:
    proof = verify_jwt_proof(
        _proof(key, {"typ": PROOF_TYP, "alg": alg, "kid": kid}), audience=ISSUER, now=NOW
    )
    assert proof.holder_did == kid.partition("#")[0]
    assert proof.public_key == key.public_key
    assert proof.nonce == "n-1"


def test_a_proof_carrying_its_jwk_gives_the_did_key_of_that_key() -> None:
    key = P384KeyPair.generate()
    header = {"typ": PROOF_TYP, "alg": "ES384", "jwk": key.public_key.to_jwk()}
    assert (
        verify_jwt_proof(_proof(key, header), audience=ISSUER, now=NOW).holder_did == key.public_key.did_key
    )


GOOD = {"typ": PROOF_TYP, "alg": "EdDSA", "kid": ED.public_key.did_key_verification_method}


@pytest.mark.parametrize(
    ("header", "payload", "where"),
    [
        ({**GOOD, "typ": "JWT"}, {}, "proofs.jwt.header.typ"),
        ({**GOOD, "alg": "none"}, {}, "proofs.jwt.header.alg"),
        ({**GOOD, "alg": "RS256"}, {}, "proofs.jwt.header.alg"),
        ({**GOOD, "crit": ["exp"]}, {}, "proofs.jwt.header.crit"),
        ({**GOOD, "jwk": ED.public_key.to_jwk()}, {}, "proofs.jwt.header"),  # both kid and jwk
        ({"typ": PROOF_TYP, "alg": "EdDSA"}, {}, "proofs.jwt.header"),  # neither
        ({**GOOD, "kid": "https://wallet.example/key"}, {}, "proofs.jwt.header.kid"),
        ({**GOOD, "kid": "did:key:zNotAKey"}, {}, "proofs.jwt.header"),
        ({**GOOD, "x5c": ["MII"]}, {}, "proofs.jwt.header"),
        (GOOD, {"aud": "https://other.example"}, "proofs.jwt.aud"),
        (GOOD, {"iat": int((NOW - timedelta(minutes=10)).timestamp())}, "proofs.jwt.iat"),
        (GOOD, {"iat": int((NOW + timedelta(minutes=10)).timestamp())}, "proofs.jwt.iat"),
        (GOOD, {"iat": True}, "proofs.jwt.iat"),
        (GOOD, {"nonce": ""}, "proofs.jwt.nonce"),
    ],
)
def test_a_bad_proof_is_refused_naming_where(
    header: dict[str, Any], payload: dict[str, Any], where: str
) -> None:
    with pytest.raises(ProofError) as raised:
        verify_jwt_proof(_proof(ED, header, payload), audience=ISSUER, now=NOW)
    assert raised.value.where == where
    assert raised.value.code == ("invalid_nonce" if where.endswith("nonce") else "invalid_proof")


def test_a_private_jwk_is_refused() -> None:
    header = {"typ": PROOF_TYP, "alg": "EdDSA", "jwk": ED.export_private_jwk()}
    with pytest.raises(ProofError, match="public"):
        verify_jwt_proof(_proof(ED, header), audience=ISSUER, now=NOW)


@pytest.mark.parametrize("token", [None, "", 42, "a.b", "a.b.c.d", "x" * 9000, "e30.e30.", "!!!.???.***"])
def test_malformed_proofs_are_refused(token: Any) -> None:
    with pytest.raises(ProofError):
        verify_jwt_proof(token, audience=ISSUER, now=NOW)


@settings(max_examples=30, deadline=None)
@given(position=st.integers(min_value=0), flip=st.integers(min_value=1, max_value=255))
def test_any_change_to_a_signed_proof_fails(position: int, flip: int) -> None:
    token = _proof(ED, GOOD)
    raw = bytearray(token.encode())
    index = position % len(raw)
    raw[index] = raw[index] ^ flip
    try:
        changed = raw.decode("ascii")
    except UnicodeDecodeError:
        changed = raw.decode("latin-1")
    if changed == token:  # pragma: no cover - a flip is never 0
        return
    try:
        verified = verify_jwt_proof(changed, audience=ISSUER, now=NOW)
    except ProofError:
        return
    # base64url has slack in its last character: the decoded bytes must then be the same
    assert verified.holder_did == ED.public_key.did_key and verified.nonce == "n-1"
