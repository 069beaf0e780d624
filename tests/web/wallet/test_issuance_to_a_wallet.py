"""A learner's credential reaches a wallet over OpenID4VCI 1.0: metadata, offer, token, nonce,
credential; the new credential is bound to the wallet's key and follows the award's revocation."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from django.test import Client

from microcred.crypto.proofs.jose import verify_vc_jwt
from microcred_web.credentials import services as credential_services
from microcred_web.credentials.models import IssuedCredential
from microcred_web.credentials.signing import institution_signer
from microcred_web.credentials.verifying import inspect_credential
from microcred_web.wallet import services
from microcred_web.wallet.models import WalletCredential
from tests.web.credentials.conftest import BASE
from tests.web.wallet.conftest import Wallet, ask, nonce, request_body, token_for

pytestmark = pytest.mark.django_db

LDP = "OpenBadgeCredential_ldp_vc"
JWT = "OpenBadgeCredential_jwt_vc_json"


def test_the_issuer_metadata_names_the_endpoints_and_both_formats(client: Client) -> None:
    metadata = client.get("/.well-known/openid-credential-issuer").json()
    assert metadata["credential_issuer"] == BASE
    assert metadata["credential_endpoint"] == f"{BASE}/oid4vci/credential"
    assert metadata["nonce_endpoint"] == f"{BASE}/oid4vci/nonce"
    formats = {c["format"] for c in metadata["credential_configurations_supported"].values()}
    assert formats == {"ldp_vc", "jwt_vc_json"}
    oauth = client.get("/.well-known/oauth-authorization-server").json()
    assert oauth["issuer"] == BASE
    assert oauth["token_endpoint"] == f"{BASE}/oid4vci/token"
    assert oauth["pre-authorized_grant_anonymous_access_supported"] is True


def test_the_offer_is_passed_by_reference_and_asks_for_the_transaction_code(
    client: Client, offer: services.NewOffer
) -> None:
    link = urlsplit(offer.wallet_link)
    assert link.scheme == "openid-credential-offer"
    offer_uri = parse_qs(link.query)["credential_offer_uri"][0]
    assert offer_uri.startswith(f"{BASE}/oid4vci/offers/")
    body = client.get(urlsplit(offer_uri).path).json()
    grant = body["grants"][services.PRE_AUTHORIZED_GRANT]
    assert grant["pre-authorized_code"] == offer.code
    assert grant["tx_code"]["length"] == 6 and grant["tx_code"]["input_mode"] == "numeric"
    assert body["credential_configuration_ids"] == [LDP, JWT]
    # only hashes are stored
    assert offer.code not in offer.offer.code_hash and offer.tx_code not in offer.offer.tx_code_hash


def _receive(client: Client, offer: services.NewOffer, wallet: Wallet, configuration: str) -> Any:
    token = token_for(client, offer).json()["access_token"]
    response = ask(client, token, request_body(configuration, wallet.proof(nonce(client))))
    assert response.status_code == 200, response.json()
    assert response["Cache-Control"] == "no-store"
    return response.json()["credentials"][0]["credential"], token


def test_a_wallet_receives_a_data_integrity_credential_bound_to_its_did(
    client: Client, offer: services.NewOffer, wallet: Wallet, issued: IssuedCredential
) -> None:
    credential, token = _receive(client, offer, wallet, LDP)
    assert credential["credentialSubject"]["id"] == wallet.did
    assert credential["id"] != issued.credential_id
    assert (
        credential["credentialStatus"]["statusListIndex"]
        != issued.document["credentialStatus"]["statusListIndex"]
    )
    assert credential["proof"]["cryptosuite"] == "eddsa-rdfc-2022"
    assert (
        credential["credentialSubject"]["achievement"] == issued.document["credentialSubject"]["achievement"]
    )
    assert inspect_credential(credential).core_verdict == "valid"
    # the same access token gives the JWT form too, once
    second = ask(client, token, request_body(JWT, wallet.proof(nonce(client))))
    assert second.status_code == 200
    again = ask(client, token, request_body(JWT, wallet.proof(nonce(client))))
    assert again.json()["error"] == "credential_request_denied"


def test_a_p256_wallet_naming_its_key_by_jwk_receives_a_jwt_credential(
    client: Client, offer: services.NewOffer, p256_wallet: Wallet
) -> None:
    token = token_for(client, offer).json()["access_token"]
    response = ask(client, token, request_body(JWT, p256_wallet.proof(nonce(client), by="jwk")))
    assert response.status_code == 200, response.json()
    jwt = response.json()["credentials"][0]["credential"]
    assert isinstance(jwt, str)
    report = inspect_credential(None, jws=jwt)
    assert report.core_verdict == "valid"
    assert report.credential is not None
    assert report.credential["credentialSubject"]["id"] == p256_wallet.did
    signer = institution_signer(WalletCredential.objects.get().award.institution)
    assert verify_vc_jwt(jwt, public_key=signer.public_key).claims["sub"] == p256_wallet.did


def test_revoking_the_award_revokes_the_wallet_copies(
    client: Client, offer: services.NewOffer, wallet: Wallet, issued: IssuedCredential, muni_admin: Any
) -> None:
    credential, _token = _receive(client, offer, wallet, LDP)
    credential_services.credential_revoke(credential=issued, reason="awarded in error", by=muni_admin)
    copy = WalletCredential.objects.get()
    assert copy.revoked_at is not None
    assert inspect_credential(credential).core_verdict == "invalid"
    # and a revoked award is offered no more
    issued.refresh_from_db()
    with pytest.raises(services.WalletError):
        services.wallet_offer_create(credential=issued, by=issued.learner)


def test_the_learners_data_download_lists_the_wallet_copies(
    client: Client, offer: services.NewOffer, wallet: Wallet, learner: Any
) -> None:
    _receive(client, offer, wallet, LDP)
    client.force_login(learner)
    exported = client.get("/learner/my-data.json").json()
    [copy] = exported["credentials"][0]["wallet_copies"]
    assert copy["holder_did"] == wallet.did and copy["format"] == "ldp_vc" and copy["revoked"] is False
    assert copy["credential_id"] == WalletCredential.objects.get().credential_id
