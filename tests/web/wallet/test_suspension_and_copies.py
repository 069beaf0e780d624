"""What a suspension does to the wallet copies of an award (ADR 1370): an award that can reach a
wallet has only a revocation entry (OB 3.0 §B.1.1 allows one ``credentialStatus``), so it cannot
be suspended; the refusal writes nothing and the copies stay valid and single-entried."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from microcred_web.credentials import services as credential_services
from microcred_web.credentials.errors import StatusChangeError
from microcred_web.credentials.models import IssuedCredential, StatusEvent
from microcred_web.credentials.verifying import inspect_credential
from microcred_web.wallet import services
from microcred_web.wallet.models import WalletCredential
from tests.web.wallet.conftest import Wallet, ask, nonce, request_body, token_for

pytestmark = pytest.mark.django_db

LDP = "OpenBadgeCredential_ldp_vc"


def test_suspending_an_award_with_wallet_copies_is_refused_and_the_copies_stay_valid(
    client: Client, offer: services.NewOffer, wallet: Wallet, issued: IssuedCredential, muni_admin: Any
) -> None:
    token = token_for(client, offer).json()["access_token"]
    credential = ask(client, token, request_body(LDP, wallet.proof(nonce(client)))).json()["credentials"][0][
        "credential"
    ]
    # one status entry, an object, for revocation: what OB 3.0's schema accepts
    assert isinstance(credential["credentialStatus"], dict)
    assert credential["credentialStatus"]["statusPurpose"] == "revocation"
    assert issued.suspension_list_id is None

    with pytest.raises(StatusChangeError, match="no suspension entry"):
        credential_services.credential_suspend(credential=issued, reason="under review", by=muni_admin)

    issued.refresh_from_db()
    assert not issued.suspended
    assert not StatusEvent.objects.filter(credential=issued).exists()
    assert WalletCredential.objects.get().revoked_at is None
    assert inspect_credential(credential).core_verdict == "valid"
