"""A complete issuance to a wallet driven by an independent client library: the OpenWallet
Foundation's @openid4vc/openid4vci (tests/reference_js/oid4vci_wallet.mjs, pinned there) against
the platform on a live server. The credentials it receives verify with our verifier, and the
Data Integrity one also with the Digital Bazaar stack (tests/reference_js/sign_verify.mjs).

Skipped, with the reason, when node or tests/reference_js/node_modules is missing."""

from __future__ import annotations

from typing import Any

import pytest

from microcred_web.credentials import services as credential_services
from microcred_web.credentials.selectors import did_document_for
from microcred_web.credentials.verifying import inspect_credential
from microcred_web.wallet import services
from microcred_web.wallet.models import WalletCredential
from tests.core.reference_js import REFERENCE, REFERENCE_STACK_MARKS, run_node
from tests.web.credentials.conftest import LEARNER, RESULT
from tests.web.wallet.conftest import make_user

pytestmark = [
    *REFERENCE_STACK_MARKS,
    pytest.mark.skipif(
        not (REFERENCE / "node_modules" / "@openid4vc" / "openid4vci").is_dir(),
        reason="the OpenID4VCI client is not installed: run `npm ci` in tests/reference_js",
    ),
]

LDP = "OpenBadgeCredential_ldp_vc"
JWT = "OpenBadgeCredential_jwt_vc_json"


def test_an_independent_wallet_receives_credentials_that_verify_everywhere(
    transactional_db: None, live_server: Any, settings: Any, published: Any, muni_admin: Any
) -> None:
    settings.PUBLIC_BASE_URL = live_server.url  # the issuer identifier the wallet talks to
    award = credential_services.credential_issue(
        version=published, learner=LEARNER, result=RESULT, by=muni_admin
    )
    award.learner = make_user("lan")
    award.save(update_fields=["learner"])
    offer = services.wallet_offer_create(credential=award, by=award.learner, with_tx_code=True)

    [wallet] = run_node(
        "oid4vci_wallet.mjs",
        [{"offer": offer.wallet_link, "txCode": offer.tx_code, "configurations": [LDP, JWT]}],
        timeout=120,
    )
    assert "error" not in wallet, wallet["error"]
    ldp, jwt = wallet["credentials"][LDP], wallet["credentials"][JWT]
    holder = wallet["holderDid"]

    # bound to the wallet's key, linked to the award
    assert ldp["credentialSubject"]["id"] == holder
    assert {c.award_id for c in WalletCredential.objects.all()} == {award.pk}
    assert {c.holder_did for c in WalletCredential.objects.all()} == {holder}

    # our verifier
    assert inspect_credential(ldp).core_verdict == "valid"
    report = inspect_credential(None, jws=jwt)
    assert report.core_verdict == "valid"
    assert report.credential is not None and report.credential["credentialSubject"]["id"] == holder

    # the Digital Bazaar reference stack, given the institution's DID document as we publish it
    did_document = did_document_for(award.institution).to_json()
    [verified] = run_node(
        "sign_verify.mjs",
        [{"op": "verify", "credential": ldp, "documents": {did_document["id"]: did_document}}],
    )
    assert verified == {"verified": True}
