"""Everything a hostile or broken wallet can send is refused with the OAuth 2.0 / OID4VCI error
JSON (RFC 6749 §5.2; OID4VCI 1.0 §6.3, §8.3.1.2), never a 500, and written to the security log."""

from __future__ import annotations

import json
import logging
import time
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from microcred.crypto.keys import Ed25519KeyPair
from microcred_web.wallet import services
from microcred_web.wallet.models import WalletCredential, WalletOffer
from tests.web.wallet.conftest import Wallet, ask, nonce, request_body, token_for

pytestmark = pytest.mark.django_db
LDP = "OpenBadgeCredential_ldp_vc"


def _error(response: Any, status: int, code: str) -> None:
    assert response.status_code == status, response.content
    assert response.json()["error"] == code
    assert response.json()["error_description"]


@pytest.fixture
def token(client: Client, offer: services.NewOffer) -> str:
    return str(token_for(client, offer).json()["access_token"])


# --- the token endpoint ------------------------------------------------------------------------


def test_an_unknown_pre_authorised_code_is_an_invalid_grant(client: Client, caplog: Any) -> None:
    caplog.set_level(logging.INFO, logger="microcred.security")
    response = client.post(
        "/oid4vci/token", {"grant_type": services.PRE_AUTHORIZED_GRANT, "pre-authorized_code": "guess"}
    )
    _error(response, 400, "invalid_grant")
    assert any('"event": "wallet.refused"' in r.getMessage() for r in caplog.records)


def test_a_pre_authorised_code_works_once(client: Client, offer: services.NewOffer) -> None:
    assert token_for(client, offer).status_code == 200
    _error(token_for(client, offer), 400, "invalid_grant")


def test_an_expired_offer_is_an_invalid_grant(client: Client, offer: services.NewOffer) -> None:
    WalletOffer.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    _error(token_for(client, offer), 400, "invalid_grant")
    _error(client.get(f"/oid4vci/offers/{offer.code}"), 404, "invalid_grant")


def test_wrong_transaction_codes_close_the_offer_after_five_attempts(
    client: Client, offer: services.NewOffer
) -> None:
    wrong = "000000" if offer.tx_code != "000000" else "111111"
    for _ in range(services.TX_CODE_ATTEMPTS):
        _error(token_for(client, offer, tx_code=wrong), 400, "invalid_grant")
    # even the right code no longer opens it
    _error(token_for(client, offer, tx_code=offer.tx_code), 400, "invalid_grant")
    assert WalletOffer.objects.get().closed_at is not None


def test_a_missing_transaction_code_counts_as_wrong(client: Client, offer: services.NewOffer) -> None:
    response = client.post(
        "/oid4vci/token", {"grant_type": services.PRE_AUTHORIZED_GRANT, "pre-authorized_code": offer.code}
    )
    _error(response, 400, "invalid_grant")
    assert WalletOffer.objects.get().tx_code_failures == 1


def test_another_grant_type_is_unsupported(client: Client) -> None:
    _error(client.post("/oid4vci/token", {"grant_type": "authorization_code"}), 400, "unsupported_grant_type")


def test_an_oversized_body_is_refused_before_it_is_read(client: Client, token: str) -> None:
    _error(client.post("/oid4vci/token", {"x": "a" * 40_000}), 413, "invalid_request")
    _error(ask(client, token, {"padding": "a" * 40_000}), 413, "invalid_request")


def test_the_endpoints_answer_only_post(client: Client) -> None:
    assert client.get("/oid4vci/token").status_code == 405
    assert client.get("/oid4vci/credential").status_code == 405


# --- the credential endpoint -------------------------------------------------------------------


def test_no_or_a_wrong_access_token_is_invalid_token(client: Client, wallet: Wallet) -> None:
    body = request_body(LDP, wallet.proof(nonce(client)))
    response = client.post("/oid4vci/credential", json.dumps(body), content_type="application/json")
    _error(response, 401, "invalid_token")
    assert response["WWW-Authenticate"] == 'Bearer error="invalid_token"'
    _error(ask(client, "forged", body), 401, "invalid_token")


def test_an_unknown_credential_configuration_is_named(client: Client, token: str, wallet: Wallet) -> None:
    response = ask(client, token, request_body("UniversityDegree_mso_mdoc", wallet.proof(nonce(client))))
    _error(response, 400, "unknown_credential_configuration")


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"header": {"typ": "JWT"}}, "invalid_proof"),
        ({"header": {"alg": "none"}, "key": None}, "invalid_proof"),
        ({"header": {"alg": "HS256"}}, "invalid_proof"),
        ({"header": {"alg": "ES256"}}, "invalid_proof"),  # does not fit an Ed25519 key
        ({"key": Ed25519KeyPair.generate()}, "invalid_proof"),  # signed by another key
        ({"payload": {"aud": "https://elsewhere.example"}}, "invalid_proof"),
        ({"payload": {"iat": int(time.time()) - 3600}}, "invalid_proof"),
        ({"payload": {"iat": "yesterday"}}, "invalid_proof"),
        ({"header": {"kid": "did:web:evil.example#key-1"}}, "invalid_proof"),
        ({"header": {"jwk": {"kty": "OKP", "crv": "Ed25519", "x": "AA", "d": "AA"}}}, "invalid_proof"),
        ({"payload": {"nonce": "made-up"}}, "invalid_nonce"),
        ({"payload": {"nonce": None}}, "invalid_nonce"),
    ],
)
def test_a_bad_key_proof_is_refused(
    client: Client, token: str, wallet: Wallet, change: dict[str, Any], code: str
) -> None:
    proof = wallet.proof(nonce(client), **change)
    _error(ask(client, token, request_body(LDP, proof)), 400, code)
    assert not WalletCredential.objects.exists()


@pytest.mark.parametrize(
    "body",
    [
        {"credential_configuration_id": LDP},
        {"credential_configuration_id": LDP, "proofs": {"jwt": []}},
        {"credential_configuration_id": LDP, "proofs": {"jwt": "a.b.c"}},
        {"credential_configuration_id": LDP, "proofs": {"jwt": ["not a jws"]}},
        {"credential_configuration_id": LDP, "proofs": {"jwt": ["!!.??.**"]}},
        {"credential_configuration_id": LDP, "proofs": {"jwt": [{"nested": ["x"] * 50}]}},
        {"credential_configuration_id": LDP, "proofs": {"ldp_vp": [{}]}},
    ],
)
def test_a_missing_or_malformed_proof_is_invalid_proof(client: Client, token: str, body: Any) -> None:
    _error(ask(client, token, body), 400, "invalid_proof")


@pytest.mark.parametrize("raw", ["not json", "[1, 2]", '"text"', "{" * 5000, "[" * 30_000, b"\xff\xfe{"])
def test_a_body_that_is_not_a_json_object_is_an_invalid_request(
    client: Client, token: str, raw: str | bytes
) -> None:
    response = ask(client, token, raw)
    assert response.status_code == 400
    assert response.json()["error"] == "invalid_credential_request"


def test_a_proof_cannot_be_replayed(client: Client, offer: services.NewOffer, wallet: Wallet) -> None:
    token = token_for(client, offer).json()["access_token"]
    proof = wallet.proof(nonce(client))
    assert ask(client, token, request_body(LDP, proof)).status_code == 200
    replay = ask(client, token, request_body("OpenBadgeCredential_jwt_vc_json", proof))
    _error(replay, 400, "invalid_nonce")


def test_an_expired_access_token_is_invalid_token(client: Client, token: str, wallet: Wallet) -> None:
    from microcred_web.wallet.models import WalletAccessToken

    WalletAccessToken.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    _error(ask(client, token, request_body(LDP, wallet.proof(nonce(client)))), 401, "invalid_token")


def test_only_the_learner_makes_an_offer(issued: Any, muni_admin: Any) -> None:
    with pytest.raises(services.WalletError) as raised:
        services.wallet_offer_create(credential=issued, by=muni_admin)
    assert raised.value.code == "access_denied"


@pytest.mark.parametrize(
    "path", ["/oid4vci/token", "/oid4vci/nonce", "/oid4vci/credential", "/oid4vci/offers/x"]
)
def test_the_wallet_endpoints_are_rate_limited(path: str) -> None:
    from django.urls import resolve

    from microcred_web.core.rate_limits import METERED_ROUTES

    assert METERED_ROUTES[resolve(path).route][0] == "wallet"


def test_too_many_token_requests_are_answered_429(client: Client, settings: Any) -> None:
    from django.core.cache import cache

    cache.clear()
    settings.MICROCRED_RATE_LIMITS = {**settings.MICROCRED_RATE_LIMITS, "wallet": "2/m"}
    answers = [client.post("/oid4vci/token", {"grant_type": "x"}) for _ in range(3)]
    assert [a.status_code for a in answers] == [400, 400, 429]
    assert answers[2].json()["error"] == "slow_down" and answers[2]["Retry-After"]
    cache.clear()


def test_an_issuer_without_a_signing_key_answers_json_not_a_crash(
    client: Client, token: str, wallet: Wallet, issued: Any
) -> None:
    from microcred_web.credentials.models import InstitutionKey

    InstitutionKey.objects.filter(institution=issued.institution).update(retired_at=timezone.now())
    response = ask(client, token, request_body(LDP, wallet.proof(nonce(client))))
    _error(response, 503, "credential_request_denied")
    assert not WalletCredential.objects.exists()
