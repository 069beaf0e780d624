"""Offers, access tokens, nonces and the holder-bound credentials of OpenID4VCI 1.0 (ADR 1360).

Every secret a wallet holds (the pre-authorised code, the transaction code, the access token, the
``c_nonce``) is stored only as its SHA-256, as the claim links are (ADR 1110): a copy of the
database hands nobody a credential. Each is single-use and expires.
"""

from __future__ import annotations

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    PAGE = "page", _("The learner's credential page")
    EMAIL = "email", _("The claim e-mail")


class WalletOffer(models.Model):
    """A Credential Offer (OID4VCI 1.0 §4.1) of one award, with a pre-authorised code grant
    (§4.1.1 ``urn:ietf:params:oauth:grant-type:pre-authorized_code``) and, when the learner asked
    for one, a transaction code (``tx_code``) that the wallet must send with it."""

    credential = models.ForeignKey(
        "credentials.IssuedCredential", on_delete=models.CASCADE, related_name="wallet_offers"
    )
    code_hash = models.CharField(max_length=64, unique=True)
    tx_code_hash = models.CharField(max_length=64, blank=True)
    tx_code_failures = models.PositiveSmallIntegerField(default=0)
    channel = models.CharField(max_length=10, choices=Channel.choices, default=Channel.PAGE)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    #: when a token was given for it (the offer is then spent), or when it was closed after too
    #: many wrong transaction codes
    redeemed_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("wallet offer")
        verbose_name_plural = _("wallet offers")


class WalletAccessToken(models.Model):
    """The access token of the Token Response (§6.2), hashed; good for one credential of each
    configuration, for a few minutes."""

    offer = models.ForeignKey(WalletOffer, on_delete=models.CASCADE, related_name="tokens")
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()


class WalletNonce(models.Model):
    """A ``c_nonce`` from the Nonce Endpoint (§7), hashed; used by at most one key proof."""

    nonce_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)


class CredentialFormat(models.TextChoices):
    LDP_VC = "ldp_vc", _("Data Integrity (ldp_vc)")
    JWT_VC_JSON = "jwt_vc_json", _("JWT (jwt_vc_json)")


class WalletCredential(models.Model):
    """A credential issued to a wallet: a copy of the award bound to the holder's key
    (``credentialSubject.id`` = the DID of the key proof), with its own id and its own entry in
    the institution's revocation list. Revoking the award revokes it too (ADR 1360)."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    credential_id = models.CharField(max_length=100, unique=True)
    award = models.ForeignKey(
        "credentials.IssuedCredential", on_delete=models.PROTECT, related_name="wallet_copies"
    )
    token = models.ForeignKey(WalletAccessToken, on_delete=models.PROTECT, related_name="credentials")
    format = models.CharField(max_length=20, choices=CredentialFormat.choices)
    holder_did = models.CharField(max_length=2000)
    document = models.JSONField()
    jws = models.TextField(blank=True)
    revocation_list = models.ForeignKey("credentials.StatusList", on_delete=models.PROTECT, related_name="+")
    revocation_index = models.PositiveIntegerField()
    issued_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-issued_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["token", "format"], name="one_wallet_credential_per_token_format"
            ),
            models.UniqueConstraint(
                fields=["revocation_list", "revocation_index"], name="unique_wallet_revocation_slot"
            ),
        ]
        verbose_name = _("wallet credential")
        verbose_name_plural = _("wallet credentials")
