"""VC-JOSE-COSE vc+jwt and the OB 3.0 VC-JWT claims variant."""

from __future__ import annotations

import base64
import json
from datetime import UTC, datetime
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from microcred.crypto.did import DidResolver, build_did_document
from microcred.crypto.errors import InvalidProof, UnknownKey
from microcred.crypto.keys import Ed25519KeyPair, P256KeyPair
from microcred.crypto.proofs.jose import sign_ob3_jwt, sign_vc_jwt, verify_vc_jwt
from microcred.crypto.signer import KeyPairSigner

from ._assets import EDDSA, load_json, read_text

ISSUER = "did:web:uni.example:institutions:law"
ED_TEST_KEY = Ed25519KeyPair.from_seed(bytes(range(32)))
P256_TEST_KEY = P256KeyPair.from_secret_bytes(bytes(range(1, 33)))
RESOLVER = DidResolver([build_did_document(ISSUER, [ED_TEST_KEY.public_key, P256_TEST_KEY.public_key])])
ED_SIGNER = KeyPairSigner(ED_TEST_KEY, f"{ISSUER}#{ED_TEST_KEY.public_key.public_key_multibase}")
P256_SIGNER = KeyPairSigner(P256_TEST_KEY, f"{ISSUER}#{P256_TEST_KEY.public_key.public_key_multibase}")


def credential() -> dict[str, Any]:
    document: dict[str, Any] = load_json(EDDSA / "unsigned.json")
    document["issuer"] = ISSUER
    return document


def decode_segment(segment: str) -> dict[str, Any]:
    return json.loads(base64.urlsafe_b64decode(segment + "=" * (-len(segment) % 4)))  # type: ignore[no-any-return]


@pytest.mark.parametrize(("signer", "alg"), [(ED_SIGNER, "Ed25519"), (P256_SIGNER, "ES256")])
def test_it_signs_a_vc_jwt_with_the_vc_jose_cose_header(signer: KeyPairSigner, alg: str) -> None:
    token = sign_vc_jwt(credential(), signer)
    header = decode_segment(token.split(".")[0])
    assert header == {"alg": alg, "kid": signer.key_id, "typ": "vc+jwt", "cty": "vc"}
    assert decode_segment(token.split(".")[1]) == credential()
    verified = verify_vc_jwt(token, RESOLVER)
    assert verified.credential == credential() and not verified.ob3_claims


def test_it_rejects_a_tampered_payload() -> None:
    header, _, signature = sign_vc_jwt(credential(), ED_SIGNER).split(".")
    forged = dict(credential(), name="Forged")
    payload = base64.urlsafe_b64encode(json.dumps(forged).encode()).decode().rstrip("=")
    with pytest.raises(InvalidProof, match="changed after signing"):
        verify_vc_jwt(f"{header}.{payload}.{signature}", RESOLVER)


def test_it_rejects_a_signature_by_another_key_under_the_same_kid() -> None:
    other_test_key = Ed25519KeyPair.generate()
    token = sign_vc_jwt(credential(), KeyPairSigner(other_test_key, ED_SIGNER.key_id))
    with pytest.raises(InvalidProof, match="changed after signing"):
        verify_vc_jwt(token, RESOLVER)


@pytest.mark.parametrize(
    ("header", "message"),
    [
        ({"alg": "none"}, "not supported"),
        ({"alg": "HS256", "kid": "x"}, "not supported"),
        ({"alg": "EdDSA", "crit": ["b64"], "kid": "x"}, "crit"),
        ({"alg": "EdDSA", "typ": "text/plain", "kid": "x"}, "not a credential type"),
        ({"alg": "ES256", "kid": "KID"}, "does not fit a Ed25519 key"),
        ({"alg": "EdDSA"}, "no kid"),
    ],
)
def test_it_rejects_unsafe_or_unsupported_headers(header: dict[str, Any], message: str) -> None:
    header = {k: (ED_SIGNER.key_id if v == "KID" else v) for k, v in header.items()}
    encoded = base64.urlsafe_b64encode(json.dumps(header).encode()).decode().rstrip("=")
    payload = base64.urlsafe_b64encode(b"{}").decode().rstrip("=")
    signature = base64.urlsafe_b64encode(bytes(64)).decode().rstrip("=")
    with pytest.raises(InvalidProof, match=message):
        verify_vc_jwt(f"{encoded}.{payload}.{signature}", RESOLVER)


@pytest.mark.parametrize("token", ["a.b", "a.b.c.d", "!!.e30.AA", "e30.!!.AA"])
def test_it_rejects_malformed_tokens(token: str) -> None:
    with pytest.raises(InvalidProof):
        verify_vc_jwt(token, RESOLVER)


def test_an_unknown_kid_raises_unknown_key() -> None:
    stranger = Ed25519KeyPair.generate()
    token = sign_vc_jwt(credential(), KeyPairSigner(stranger, "did:web:evil.example#k"))
    with pytest.raises(UnknownKey):
        verify_vc_jwt(token, RESOLVER)


def test_the_ob3_variant_carries_and_checks_the_registered_claims() -> None:
    document = credential()
    document["validUntil"] = "2030-01-01T00:00:00Z"
    token = sign_ob3_jwt(document, ED_SIGNER)
    claims = decode_segment(token.split(".")[1])
    assert claims["iss"] == ISSUER and claims["jti"] == document["id"]
    assert claims["sub"] == document["credentialSubject"]["id"]
    assert claims["nbf"] == int(datetime(2023, 1, 1, tzinfo=UTC).timestamp())
    assert claims["exp"] == int(datetime(2030, 1, 1, tzinfo=UTC).timestamp())
    verified = verify_vc_jwt(token, RESOLVER, now=datetime(2024, 1, 1, tzinfo=UTC))
    assert verified.ob3_claims and verified.credential == document
    with pytest.raises(InvalidProof, match="expired"):
        verify_vc_jwt(token, RESOLVER, now=datetime(2031, 1, 1, tzinfo=UTC))
    with pytest.raises(InvalidProof, match="not valid yet"):
        verify_vc_jwt(token, RESOLVER, now=datetime(2022, 1, 1, tzinfo=UTC))


def test_the_1edtech_simple_jwt_decodes_but_cannot_be_verified_without_its_rsa_key() -> None:
    """``simple.jwt`` is RS256 with no ``kid``/``jwk`` and an unresolvable https issuer: there is
    no key to verify it with, and we do not support RSA. We check its claims layout only."""
    token = read_text(EDDSA / "ob3-jwt" / "simple.jwt").strip()
    header, claims = decode_segment(token.split(".")[0]), decode_segment(token.split(".")[1])
    assert header == {"alg": "RS256", "typ": "JWT"}
    assert claims["iss"] == claims["vc"]["issuer"]["id"]
    assert claims["jti"] == claims["vc"]["id"] and claims["sub"] == claims["vc"]["credentialSubject"]["id"]
    with pytest.raises(InvalidProof, match="'RS256' is not supported"):
        verify_vc_jwt(token, RESOLVER)


@settings(max_examples=40, deadline=None, derandomize=True)
@given(st.dictionaries(st.text(max_size=8), st.text(max_size=20) | st.integers(-1000, 1000), max_size=6))
def test_sign_verify_round_trips_for_any_payload(payload: dict[str, Any]) -> None:
    token = sign_vc_jwt(payload, P256_SIGNER)
    assert verify_vc_jwt(token, RESOLVER).credential == payload


def test_an_es256_token_with_a_flipped_signature_bit_fails() -> None:
    header, payload, signature = sign_vc_jwt(credential(), P256_SIGNER).split(".")
    raw = bytearray(base64.urlsafe_b64decode(signature + "=" * (-len(signature) % 4)))
    raw[10] ^= 1
    flipped = base64.urlsafe_b64encode(bytes(raw)).decode().rstrip("=")
    with pytest.raises(InvalidProof, match="changed after signing"):
        verify_vc_jwt(f"{header}.{payload}.{flipped}", RESOLVER)


def test_a_returned_header_cannot_be_changed_by_the_caller() -> None:
    verified = verify_vc_jwt(sign_vc_jwt(credential(), ED_SIGNER), RESOLVER)
    with pytest.raises(TypeError):
        verified.header["alg"] = "none"  # type: ignore[index]
