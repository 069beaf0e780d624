"""VC-JWT in the VCDM 1.1 shape (VCDM 1.1 §6.3.1: the credential in ``vc``, iss/sub/jti/nbf/exp
beside it) and did:jwk issuers (did:jwk specification, "Read"), resolved offline: our own tokens,
and the two walt.id tokens from the real-world corpus."""

from __future__ import annotations

import base64
import json
from datetime import UTC, datetime
from typing import Any

import pytest

from microcred.crypto.did import DidResolver, resolve_did_jwk
from microcred.crypto.errors import InvalidProof, UnknownKey
from microcred.crypto.keys import Ed25519KeyPair
from microcred.crypto.proofs.jose import sign_ob3_jwt, verify_vc_jwt
from microcred.crypto.signer import KeyPairSigner

from ._assets import ASSETS

TEST_KEY = Ed25519KeyPair.from_seed(bytes(range(7, 39)))
REALWORLD = ASSETS / "realworld" / "credentials"
NOW = datetime(2026, 12, 7, tzinfo=UTC)
RESOLVER = DidResolver()


def b64url(data: dict[str, Any]) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).decode().rstrip("=")


def did_jwk(jwk: dict[str, Any]) -> str:
    return "did:jwk:" + b64url(jwk)


ISSUER = did_jwk(TEST_KEY.public_key.to_jwk())
SIGNER = KeyPairSigner(TEST_KEY, f"{ISSUER}#0")


def credential_1_1(**extra: Any) -> dict[str, Any]:
    return {
        "@context": ["https://www.w3.org/2018/credentials/v1"],
        "id": "urn:uuid:5b0a0c6e-9d55-4b8e-9a1f-3f1f6a6f2a10",
        "type": ["VerifiableCredential"],
        "issuer": {"id": ISSUER, "name": "Test issuer"},
        "issuanceDate": "2026-01-05T10:00:00Z",
        "credentialSubject": {"id": "did:example:learner", "name": "A learner"},
        **extra,
    }


def test_a_did_jwk_resolves_to_its_one_key_authorised_for_assertions() -> None:
    document = resolve_did_jwk(ISSUER)
    assert [vm.id for vm in document.verification_methods] == [f"{ISSUER}#0"]
    assert RESOLVER.resolve_verification_method(f"{ISSUER}#0") == TEST_KEY.public_key
    assert RESOLVER.resolve_verification_method(ISSUER) == TEST_KEY.public_key  # a bare did:jwk


@pytest.mark.parametrize(
    ("jwk_or_text", "reason"),
    [
        ({**TEST_KEY.public_key.to_jwk(), "d": "AAAA"}, "private"),
        ("not base64url!", "base64url"),
        ("WzEsMiwzXQ", "JSON object"),  # [1,2,3]
    ],
)
def test_a_did_jwk_with_private_material_or_that_is_not_a_jwk_is_refused(
    jwk_or_text: dict[str, Any] | str, reason: str
) -> None:
    did = did_jwk(jwk_or_text) if isinstance(jwk_or_text, dict) else f"did:jwk:{jwk_or_text}"
    with pytest.raises(UnknownKey, match=reason):
        RESOLVER.resolve_verification_method(f"{did}#0")


def test_an_encryption_only_did_jwk_cannot_sign_credentials() -> None:
    did = did_jwk({**TEST_KEY.public_key.to_jwk(), "use": "enc"})
    with pytest.raises(UnknownKey, match="assertionMethod"):
        RESOLVER.resolve_verification_method(f"{did}#0")


def test_the_claims_of_a_1_1_token_become_the_credential_as_vcdm_1_1_6_3_1_says() -> None:
    unsigned = credential_1_1(expirationDate="2027-01-05T10:00:00Z")
    token = sign_ob3_jwt(unsigned, SIGNER)
    verified = verify_vc_jwt(token, RESOLVER, now=NOW)
    assert verified.header["alg"] == "Ed25519"  # RFC 9864, what we sign with
    assert verified.claims["nbf"] == int(datetime(2026, 1, 5, 10, tzinfo=UTC).timestamp())
    assert verified.credential["issuanceDate"] == "2026-01-05T10:00:00Z"
    assert verified.credential["expirationDate"] == "2027-01-05T10:00:00Z"
    assert verified.credential["issuer"] == {"id": ISSUER, "name": "Test issuer"}


def test_a_1_1_token_fills_what_the_vc_claim_leaves_to_the_registered_claims() -> None:
    claims = {
        "iss": ISSUER,
        "sub": "did:example:learner",
        "jti": "urn:uuid:0f3c",
        "nbf": 1767607200,
        "exp": 1799143200,
        "vc": {
            "@context": ["https://www.w3.org/2018/credentials/v1"],
            "type": ["VerifiableCredential"],
            "credentialSubject": {"name": "A learner"},
        },
    }
    header = {"alg": "EdDSA", "typ": "JWT", "kid": f"{ISSUER}#0"}  # EdDSA, as walt.id signs
    signing_input = f"{b64url(header)}.{b64url(claims)}"
    signature = base64.urlsafe_b64encode(TEST_KEY.sign(signing_input.encode())).decode().rstrip("=")

    verified = verify_vc_jwt(f"{signing_input}.{signature}", RESOLVER, now=NOW)

    assert verified.credential["issuer"] == ISSUER
    assert verified.credential["id"] == "urn:uuid:0f3c"
    assert verified.credential["credentialSubject"] == {"name": "A learner", "id": "did:example:learner"}
    assert verified.credential["issuanceDate"] == "2026-01-05T10:00:00Z"
    assert verified.credential["expirationDate"] == "2027-01-05T10:00:00Z"
    with pytest.raises(InvalidProof, match="expired"):
        verify_vc_jwt(f"{signing_input}.{signature}", RESOLVER, now=datetime(2027, 2, 1, tzinfo=UTC))


def test_a_1_1_token_whose_claims_contradict_its_credential_is_refused() -> None:
    token = sign_ob3_jwt(credential_1_1(), SIGNER)
    header, payload, _ = token.split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    claims["iss"] = did_jwk(Ed25519KeyPair.from_seed(bytes(32)).public_key.to_jwk())
    forged_input = f"{header}.{b64url(claims)}"
    signature = base64.urlsafe_b64encode(TEST_KEY.sign(forged_input.encode())).decode().rstrip("=")
    with pytest.raises(InvalidProof, match="claim iss"):
        verify_vc_jwt(f"{forged_input}.{signature}", RESOLVER, now=NOW)


@pytest.mark.parametrize(
    "name", ["walt--plugfest2-oid4vci-openbadge.jwt", "waltid--portal-universitydegree.jwt"]
)
def test_the_walt_id_tokens_verify_offline_with_their_did_jwk_issuer(name: str) -> None:
    token = (REALWORLD / name).read_text("utf-8").strip()
    verified = verify_vc_jwt(token, RESOLVER, now=NOW)
    assert verified.header["alg"] == "EdDSA"
    assert verified.credential["issuer"]["id"] == verified.claims["iss"]
    assert verified.credential["issuanceDate"] == datetime.fromtimestamp(
        verified.claims["nbf"], UTC
    ).isoformat().replace("+00:00", "Z")
    tampered = token[:-6] + ("A" if token[-6] != "A" else "B") + token[-5:]
    with pytest.raises(InvalidProof):
        verify_vc_jwt(tampered, RESOLVER, now=NOW)
