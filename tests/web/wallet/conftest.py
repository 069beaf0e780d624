"""Fixtures of the OpenID4VCI tests: a learner who owns an issued credential, an offer of it, and
a wallet that signs key proofs (OID4VCI 1.0 Appendix F.1) with its own key."""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.test import Client

from microcred.crypto.keys import Ed25519KeyPair, KeyPair, P256KeyPair
from microcred.crypto.multibase import b64url_encode
from microcred_web.credentials.models import IssuedCredential
from microcred_web.wallet import services
from tests.web.credentials.conftest import (  # noqa: F401 - fixtures shared with the credentials tests
    BASE,
    _keys_in_memory,
    issued,
    make_user,
    muni,
    muni_admin,
    published,
)


def jws(header: dict[str, Any], payload: dict[str, Any], key: KeyPair | None) -> str:
    """A compact JWS; unsigned (empty signature) when ``key`` is None."""
    signing_input = (
        b64url_encode(json.dumps(header).encode()) + "." + b64url_encode(json.dumps(payload).encode())
    )
    signature = b64url_encode(key.sign(signing_input.encode())) if key is not None else ""
    return signing_input + "." + signature


@dataclass
class Wallet:
    """A wallet app: its key, and the key proofs it makes."""

    key: KeyPair = field(default_factory=Ed25519KeyPair.generate)

    @property
    def did(self) -> str:
        return self.key.did_key

    @property
    def alg(self) -> str:
        return "EdDSA" if isinstance(self.key, Ed25519KeyPair) else "ES256"

    def proof(self, nonce: str, *, aud: str = BASE, by: str = "kid", **changes: Any) -> str:
        header: dict[str, Any] = {"typ": "openid4vci-proof+jwt", "alg": self.alg}
        if by == "kid":
            header["kid"] = self.key.public_key.did_key_verification_method
        else:
            header["jwk"] = self.key.public_key.to_jwk()
        payload = {"aud": aud, "iat": int(time.time()), "nonce": nonce}
        header.update(changes.pop("header", {}))
        payload.update(changes.pop("payload", {}))
        return jws(header, payload, changes.pop("key", self.key))


@pytest.fixture
def wallet() -> Wallet:
    return Wallet()


@pytest.fixture
def p256_wallet() -> Wallet:
    return Wallet(P256KeyPair.generate())


@pytest.fixture
def learner(issued: IssuedCredential) -> Any:  # noqa: F811 - the fixture
    user = make_user("lan")
    issued.learner = user
    issued.save(update_fields=["learner"])
    return user


@pytest.fixture
def offer(issued: IssuedCredential, learner: Any) -> services.NewOffer:  # noqa: F811 - the fixture
    return services.wallet_offer_create(credential=issued, by=learner, with_tx_code=True)


def token_for(client: Client, offer: services.NewOffer, tx_code: str | None = None) -> Any:
    data = {"grant_type": services.PRE_AUTHORIZED_GRANT, "pre-authorized_code": offer.code}
    data["tx_code"] = offer.tx_code if tx_code is None else tx_code
    return client.post("/oid4vci/token", data)


def nonce(client: Client) -> str:
    return str(client.post("/oid4vci/nonce").json()["c_nonce"])


def ask(client: Client, token: str, body: Any) -> Any:
    return client.post(
        "/oid4vci/credential",
        json.dumps(body) if not isinstance(body, str | bytes) else body,
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )


def request_body(configuration: str, proof: str) -> dict[str, Any]:
    return {"credential_configuration_id": configuration, "proofs": {"jwt": [proof]}}
