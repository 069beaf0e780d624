"""The claim e-mail also offers the credential to a wallet app over OpenID4VCI (ADR 1360): a
single-use offer by reference, as a link and a QR code, that a wallet can redeem."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.test import Client

from microcred_web.pilot.models import Offering
from microcred_web.wallet import services
from microcred_web.wallet.models import Channel, WalletOffer
from tests.web.notifications.conftest import mails_to

pytestmark = pytest.mark.django_db


def test_the_claim_mail_carries_a_wallet_offer_that_a_wallet_can_redeem(issued: Offering) -> None:
    (letter,) = mails_to("an.nguyen@st.neu.edu.vn")
    link = re.search(r"openid-credential-offer://\S+", letter.body)
    assert link is not None
    html = str(letter.alternatives[0][0])
    assert "data:image/png;base64," in html and link.group(0).replace("&", "&amp;") in html
    offer_uri = parse_qs(urlsplit(link.group(0)).query)["credential_offer_uri"][0]
    body = Client().get(urlsplit(offer_uri).path).json()
    grant = body["grants"][services.PRE_AUTHORIZED_GRANT]
    assert "tx_code" not in grant  # the e-mail is the second channel
    token = Client().post(
        "/oid4vci/token",
        {"grant_type": services.PRE_AUTHORIZED_GRANT, "pre-authorized_code": grant["pre-authorized_code"]},
    )
    assert token.status_code == 200 and token.json()["token_type"] == "Bearer"
    assert WalletOffer.objects.filter(channel=Channel.EMAIL, redeemed_at__isnull=False).count() == 1
