"""The learner's "Add to a wallet app" page: a fresh offer with its QR code, link and transaction
code for the learner; nothing for anyone else; the credential page links to it."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from microcred_web.credentials.models import IssuedCredential
from microcred_web.wallet.models import WalletOffer
from tests.web.wallet.conftest import make_user

pytestmark = pytest.mark.django_db


def _client_of(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_learner_gets_a_qr_code_a_link_and_a_transaction_code(
    issued: IssuedCredential, learner: Any
) -> None:
    client = _client_of(learner)
    page = client.get(f"/credentials/{issued.uuid}/").content.decode()
    assert f"/credentials/{issued.uuid}/wallet/" in page
    assert "<svg" not in client.get(f"/credentials/{issued.uuid}/wallet/").content.decode()
    shown = client.post(f"/credentials/{issued.uuid}/wallet/").content.decode()
    assert "<svg" in shown and "openid-credential-offer://?credential_offer_uri=" in shown
    assert 'class="wallet-tx-code"' in shown
    offer = WalletOffer.objects.get()
    assert offer.tx_code_hash and offer.credential == issued
    assert "style=" not in shown.split("<svg", 1)[1].split("</svg>", 1)[0]  # the page's CSP


def test_no_one_else_can_make_an_offer(issued: IssuedCredential, learner: Any, muni_admin: Any) -> None:
    assert _client_of(make_user("stranger")).post(f"/credentials/{issued.uuid}/wallet/").status_code == 404
    assert _client_of(muni_admin).post(f"/credentials/{issued.uuid}/wallet/").status_code == 404
    assert Client().post(f"/credentials/{issued.uuid}/wallet/").status_code == 302  # to sign in
    assert not WalletOffer.objects.exists()
