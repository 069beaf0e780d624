"""The credential issuer of OpenID for Verifiable Credential Issuance 1.0 (final) (ADR 1360).

The flow (pre-authorised code, §3.5 "Pre-Authorized Code Flow"):

1. the learner's credential page or claim e-mail makes a **Credential Offer** (§4.1) of one award,
   passed by reference: ``openid-credential-offer://?credential_offer_uri=<our URL>`` (§4.1.3);
2. the wallet reads our **Credential Issuer Metadata** (§12.2) and authorisation server metadata
   (RFC 8414 §3; OID4VCI §12.3), then trades the pre-authorised code, and the transaction code
   when the offer has one, for an access token at the **Token Endpoint** (§6);
3. it gets a ``c_nonce`` from the **Nonce Endpoint** (§7), signs a key proof (Appendix F.1) and
   asks the **Credential Endpoint** (§8) for a credential of one configuration;
4. we issue a NEW credential: the award's content with ``credentialSubject.id`` = the wallet's
   DID, its own id and revocation entry, linked to the award (``WalletCredential.award``).

Errors are :class:`WalletError` with the OAuth 2.0 / OID4VCI code to answer with (RFC 6749
§5.2; OID4VCI §6.3, §8.3.1.2); every refusal is written to the security log.
"""

from __future__ import annotations

import copy
import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import timedelta
from typing import Any, Final

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from microcred.crypto.proofs.jose import sign_ob3_jwt, verify_vc_jwt
from microcred.errors import MicrocredError
from microcred.standards.ob3.constants import OB3_CONTEXTS
from microcred.standards.oid4vci import PROOF_ALGORITHMS, ProofError, verify_jwt_proof
from microcred_web.core.security_log import SecurityEvent, security_event
from microcred_web.credentials.identity import public_base_url
from microcred_web.credentials.models import CredentialIdSource, IssuedCredential, StatusPurpose, Suite
from microcred_web.credentials.services import credential_id_claim, status_entry_allocate, status_entry_set
from microcred_web.credentials.signing import institution_signer, sign_credential
from microcred_web.wallet.models import (
    Channel,
    CredentialFormat,
    WalletAccessToken,
    WalletCredential,
    WalletNonce,
    WalletOffer,
)

PRE_AUTHORIZED_GRANT: Final = "urn:ietf:params:oauth:grant-type:pre-authorized_code"  # §4.1.1
#: Credential configuration ids (§12.2.4 ``credential_configurations_supported``) → format.
CONFIGURATIONS: Final = {
    "OpenBadgeCredential_ldp_vc": CredentialFormat.LDP_VC,
    "OpenBadgeCredential_jwt_vc_json": CredentialFormat.JWT_VC_JSON,
}
OFFER_LIFETIME: Final = timedelta(minutes=30)
TOKEN_LIFETIME: Final = timedelta(minutes=5)
NONCE_LIFETIME: Final = timedelta(minutes=5)
#: Wrong transaction codes before the offer is closed (§6.1: the issuer limits the attempts).
TX_CODE_ATTEMPTS: Final = 5
TX_CODE_LENGTH: Final = 6
#: Largest request body the token and credential endpoints read.
MAX_BODY_BYTES: Final = 32_768


class WalletError(MicrocredError):
    """A refusal of the issuer: ``code`` is the error code of the JSON answer (``invalid_grant``,
    ``invalid_proof``, ``invalid_nonce``...), ``status`` its HTTP status."""

    def __init__(self, code: str, message: str, *, status: int = 400, where: str = "") -> None:
        super().__init__(message, where=where)
        self.code = code
        self.status = status

    def to_json(self) -> dict[str, str]:
        return {"error": self.code, "error_description": self.message}


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def _tx_hash(code: str, tx_code: str) -> str:
    """The transaction code's hash, keyed by the (secret) pre-authorised code: six digits alone
    would be found from their hash in a moment."""
    return hmac.new(code.encode("utf-8"), tx_code.encode("utf-8"), hashlib.sha256).hexdigest()


def issuer_identifier() -> str:
    """The Credential Issuer Identifier (§12.2.1): the platform's public base URL."""
    return public_base_url()


def _url(name: str, **kwargs: Any) -> str:
    return public_base_url() + reverse(f"wallet:{name}", kwargs=kwargs or None)


def _refuse(exc: WalletError, request: Any, **ids: Any) -> WalletError:
    security_event(SecurityEvent.WALLET_REFUSED, request=request, error=exc.code, where=exc.where, **ids)
    return exc


# ---------------------------------------------------------------------------------------------
# Metadata (§12.2; RFC 8414)


def issuer_metadata() -> dict[str, Any]:
    """Credential Issuer Metadata (§12.2.4), served at ``/.well-known/openid-credential-issuer``
    (§12.2.2). No ``authorization_servers``: the issuer is its own authorisation server."""
    binding = ["did:key", "did:jwk"]
    proofs = {"jwt": {"proof_signing_alg_values_supported": list(PROOF_ALGORITHMS)}}  # §12.2.4, F.1
    definition_ld = {"@context": list(OB3_CONTEXTS), "type": ["VerifiableCredential", "OpenBadgeCredential"]}
    display = [{"name": "Open Badges 3.0 micro-credential", "locale": "en"}]
    return {
        "credential_issuer": issuer_identifier(),
        "credential_endpoint": _url("credential"),
        "nonce_endpoint": _url("nonce"),
        "display": [{"name": str(settings.PLATFORM_NAME), "locale": "en"}],
        "credential_configurations_supported": {
            # Appendix A.1.3 (ldp_vc): Data Integrity; the signing "alg" is the cryptosuite.
            "OpenBadgeCredential_ldp_vc": {
                "format": CredentialFormat.LDP_VC.value,
                "cryptographic_binding_methods_supported": binding,
                "credential_signing_alg_values_supported": [Suite.EDDSA_RDFC_2022.value],
                "proof_types_supported": proofs,
                "credential_definition": definition_ld,
                "credential_metadata": {"display": display},
            },
            # Appendix A.1.1 (jwt_vc_json): the OB 3.0 VC-JWT (a ``vc`` claim), signed EdDSA.
            "OpenBadgeCredential_jwt_vc_json": {
                "format": CredentialFormat.JWT_VC_JSON.value,
                "cryptographic_binding_methods_supported": binding,
                "credential_signing_alg_values_supported": ["Ed25519", "EdDSA", "ES256"],
                "proof_types_supported": proofs,
                "credential_definition": {"type": definition_ld["type"]},
                "credential_metadata": {"display": display},
            },
        },
    }


def authorization_server_metadata() -> dict[str, Any]:
    """OAuth 2.0 Authorization Server Metadata (RFC 8414 §2) with the OID4VCI additions (§12.3):
    only the pre-authorised code grant, usable without client authentication."""
    return {
        "issuer": issuer_identifier(),
        "token_endpoint": _url("token"),
        "grant_types_supported": [PRE_AUTHORIZED_GRANT],
        "pre-authorized_grant_anonymous_access_supported": True,
        "response_types_supported": [],
    }


# ---------------------------------------------------------------------------------------------
# Offers (§4.1)


@dataclass(frozen=True, slots=True)
class NewOffer:
    """An offer just made, with the secrets shown once: the pre-authorised code (inside the
    offer URL) and the transaction code to type into the wallet (or empty)."""

    offer: WalletOffer
    code: str
    tx_code: str

    @property
    def offer_uri(self) -> str:
        """``credential_offer_uri`` (§4.1.3): where the wallet reads the offer object."""
        return _url("offer", code=self.code)

    @property
    def wallet_link(self) -> str:
        """The offer by reference, as a link or QR code (§4.1, §4.1.3)."""
        from urllib.parse import urlencode

        return "openid-credential-offer://?" + urlencode({"credential_offer_uri": self.offer_uri})


@transaction.atomic
def wallet_offer_create(
    *, credential: IssuedCredential, by: Any, with_tx_code: bool = True, channel: str = Channel.PAGE
) -> NewOffer:
    """A single-use offer of ``credential`` (its learner only, or the system for the claim
    e-mail). The pre-authorised code is 32 random bytes; only its hash is kept."""
    if channel == Channel.PAGE and (
        by is None or not getattr(by, "is_authenticated", False) or credential.learner_id != by.pk
    ):
        raise WalletError("access_denied", "only the learner sends their credential to a wallet", status=403)
    if credential.revoked_at is not None:
        raise WalletError("access_denied", "a revoked credential is not sent to wallets", status=403)
    code = secrets.token_urlsafe(32)
    tx_code = "".join(secrets.choice("0123456789") for _ in range(TX_CODE_LENGTH)) if with_tx_code else ""
    lifetime = OFFER_LIFETIME if channel == Channel.PAGE else timedelta(days=settings.MICROCRED_CLAIM_DAYS)
    offer = WalletOffer.objects.create(
        credential=credential,
        code_hash=_hash(code),
        tx_code_hash=_tx_hash(code, tx_code) if tx_code else "",
        channel=channel,
        expires_at=timezone.now() + lifetime,
    )
    security_event(
        SecurityEvent.WALLET_OFFERED, credential=credential.credential_id, offer=offer.pk, channel=channel
    )
    return NewOffer(offer=offer, code=code, tx_code=tx_code)


def _open_offer(code: str) -> WalletOffer:
    if not isinstance(code, str) or not code or len(code) > 200:
        raise WalletError(
            "invalid_grant", "the pre-authorised code is missing or malformed", where="pre-authorized_code"
        )
    offer = WalletOffer.objects.select_related("credential").filter(code_hash=_hash(code)).first()
    if offer is None:
        raise WalletError(
            "invalid_grant", "the pre-authorised code is not known", where="pre-authorized_code"
        )
    if offer.redeemed_at is not None:
        raise WalletError(
            "invalid_grant", "the pre-authorised code was already used", where="pre-authorized_code"
        )
    if offer.closed_at is not None:
        raise WalletError(
            "invalid_grant", "the offer was closed after wrong transaction codes", where="tx_code"
        )
    if offer.expires_at <= timezone.now():
        raise WalletError("invalid_grant", "the pre-authorised code has expired", where="pre-authorized_code")
    if offer.credential.revoked_at is not None:
        raise WalletError("invalid_grant", "the credential was revoked", where="pre-authorized_code")
    return offer


def offer_object(*, code: str, request: Any = None) -> dict[str, Any]:
    """The Credential Offer object (§4.1.1) served at ``credential_offer_uri``."""
    try:
        offer = _open_offer(code)
    except WalletError as exc:
        raise _refuse(WalletError(exc.code, exc.message, status=404, where=exc.where), request) from None
    grant: dict[str, Any] = {"pre-authorized_code": code}
    if offer.tx_code_hash:  # §4.1.1 tx_code: what the wallet asks the person to type
        grant["tx_code"] = {
            "input_mode": "numeric",
            "length": TX_CODE_LENGTH,
            "description": "The code shown next to the QR code on your credential page",
        }
    return {
        "credential_issuer": issuer_identifier(),
        "credential_configuration_ids": list(CONFIGURATIONS),
        "grants": {PRE_AUTHORIZED_GRANT: grant},
    }


# ---------------------------------------------------------------------------------------------
# Token endpoint (§6)


def token_issue(*, form: Any, request: Any = None) -> dict[str, Any]:
    """The Token Response (§6.2) for a Token Request (§6.1) with the pre-authorised code grant."""
    try:
        return _token_issue(form)
    except WalletError as exc:
        raise _refuse(exc, request) from None


def _token_issue(form: Any) -> dict[str, Any]:
    grant_type = form.get("grant_type")
    if grant_type != PRE_AUTHORIZED_GRANT:
        raise WalletError(
            "unsupported_grant_type",
            f"only the {PRE_AUTHORIZED_GRANT} grant is supported",
            where="grant_type",
        )
    code = form.get("pre-authorized_code") or ""
    tx_code = form.get("tx_code")
    refusal: WalletError | None = None
    token = secrets.token_urlsafe(32)
    with transaction.atomic():
        offer = _open_offer(code)
        offer = WalletOffer.objects.select_for_update().get(pk=offer.pk)
        if offer.redeemed_at is not None or offer.closed_at is not None:  # another request won the race
            raise WalletError(
                "invalid_grant", "the pre-authorised code was already used", where="pre-authorized_code"
            )
        if offer.tx_code_hash and not (
            isinstance(tx_code, str) and hmac.compare_digest(_tx_hash(code, tx_code), offer.tx_code_hash)
        ):
            # the failure is counted (and saved) even though the request fails
            offer.tx_code_failures += 1
            if offer.tx_code_failures >= TX_CODE_ATTEMPTS:
                offer.closed_at = timezone.now()
            offer.save(update_fields=["tx_code_failures", "closed_at"])
            left = max(TX_CODE_ATTEMPTS - offer.tx_code_failures, 0)
            refusal = WalletError(
                "invalid_grant", f"the transaction code is wrong ({left} attempts left)", where="tx_code"
            )
        elif not offer.tx_code_hash and tx_code:
            raise WalletError("invalid_request", "this offer has no transaction code", where="tx_code")
        else:
            offer.redeemed_at = timezone.now()
            offer.save(update_fields=["redeemed_at"])
            WalletAccessToken.objects.create(
                offer=offer, token_hash=_hash(token), expires_at=timezone.now() + TOKEN_LIFETIME
            )
    if refusal is not None:
        raise refusal
    return {"access_token": token, "token_type": "Bearer", "expires_in": int(TOKEN_LIFETIME.total_seconds())}


# ---------------------------------------------------------------------------------------------
# Nonce endpoint (§7)


def nonce_issue() -> dict[str, Any]:
    """A fresh ``c_nonce`` (§7.2), kept hashed until one proof uses it."""
    nonce = secrets.token_urlsafe(24)
    WalletNonce.objects.create(nonce_hash=_hash(nonce), expires_at=timezone.now() + NONCE_LIFETIME)
    return {"c_nonce": nonce}


# ---------------------------------------------------------------------------------------------
# Credential endpoint (§8)


def _access_token(authorization: str) -> WalletAccessToken:
    scheme, _, value = (authorization or "").partition(" ")
    if scheme.lower() != "bearer" or not value.strip():
        raise WalletError(
            "invalid_token", "a Bearer access token is required", status=401, where="Authorization"
        )
    token = (
        WalletAccessToken.objects.select_related("offer__credential__institution")
        .filter(token_hash=_hash(value.strip()))
        .first()
    )
    if token is None or token.expires_at <= timezone.now():
        raise WalletError(
            "invalid_token", "the access token is unknown or expired", status=401, where="Authorization"
        )
    return token


def _proof_jwt(body: dict[str, Any]) -> object:
    """The one JWT key proof of the request: ``proofs.jwt[0]`` (§8.2), or the drafts' ``proof``."""
    proofs, proof = body.get("proofs"), body.get("proof")
    if proofs is not None and proof is not None:
        raise WalletError("invalid_credential_request", "send proofs or proof, not both", where="proofs")
    if proofs is not None:
        if not isinstance(proofs, dict) or set(proofs) != {"jwt"}:
            raise WalletError("invalid_proof", "proofs must hold one jwt proof", where="proofs")
        jwts = proofs["jwt"]
        if not isinstance(jwts, list) or len(jwts) != 1:
            raise WalletError("invalid_proof", "proofs.jwt must hold exactly one proof", where="proofs.jwt")
        return jwts[0]
    if isinstance(proof, dict) and proof.get("proof_type") == "jwt":
        return proof.get("jwt")
    raise WalletError("invalid_proof", "a key proof of type jwt is required", where="proofs")


def _use_nonce(nonce: str) -> None:
    now = timezone.now()
    used = WalletNonce.objects.filter(
        nonce_hash=_hash(nonce), used_at__isnull=True, expires_at__gt=now
    ).update(used_at=now)
    if used != 1:
        raise WalletError(
            "invalid_nonce",
            "the nonce is unknown, expired or used; get a fresh one",
            where="proofs.jwt.nonce",
        )


def credential_request(*, authorization: str, body: Any, request: Any = None) -> dict[str, Any]:
    """The Credential Response (§8.3) for a Credential Request (§8.2)."""
    try:
        return _credential_request(authorization, body, request)
    except WalletError as exc:
        raise _refuse(exc, request) from None


def _credential_request(authorization: str, body: Any, request: Any) -> dict[str, Any]:
    token = _access_token(authorization)
    if not isinstance(body, dict):
        raise WalletError("invalid_credential_request", "the request is not a JSON object", where="body")
    configuration = body.get("credential_configuration_id")
    if "credential_identifier" in body:
        raise WalletError(
            "unknown_credential_identifier",
            "credential identifiers are not used here",
            where="credential_identifier",
        )
    if not isinstance(configuration, str) or configuration not in CONFIGURATIONS:
        raise WalletError(
            "unknown_credential_configuration",
            f"credential_configuration_id must be one of {', '.join(CONFIGURATIONS)}",
            where="credential_configuration_id",
        )
    try:
        proof = verify_jwt_proof(_proof_jwt(body), audience=issuer_identifier())
    except ProofError as exc:
        raise WalletError(exc.code, exc.message, where=exc.where) from None
    fmt = CONFIGURATIONS[configuration]
    with transaction.atomic():
        _use_nonce(proof.nonce)
        locked = WalletAccessToken.objects.select_for_update().get(pk=token.pk)
        if WalletCredential.objects.filter(token=locked, format=fmt).exists():
            raise WalletError(
                "credential_request_denied",
                "this access token already received that credential",
                where="credential_configuration_id",
            )
        award = IssuedCredential.objects.select_related("institution").get(pk=token.offer.credential_id)
        if award.revoked_at is not None:
            raise WalletError("credential_request_denied", "the credential was revoked", where="award")
        try:
            issued = _issue_bound(award=award, token=locked, fmt=fmt, holder_did=proof.holder_did)
        except WalletError:
            raise
        except MicrocredError as exc:  # no active key, a key store that cannot sign: our side
            raise WalletError(
                "credential_request_denied",
                f"the issuer cannot sign the credential now: {exc.message}",
                status=503,
                where=exc.where or "credential",
            ) from None
    security_event(
        SecurityEvent.WALLET_ISSUED,
        request=request,
        credential=issued.credential_id,
        award=award.credential_id,
        format=fmt,
    )
    credential: Any = issued.jws if fmt == CredentialFormat.JWT_VC_JSON else issued.document
    return {"credentials": [{"credential": credential}]}


def _issue_bound(
    *, award: IssuedCredential, token: WalletAccessToken, fmt: str, holder_did: str
) -> WalletCredential:
    """The award, re-issued to ``holder_did`` (ADR 1360): same content, new id, own status entry."""
    issued = WalletCredential(award=award, token=token, format=fmt, holder_did=holder_did)
    issued.credential_id = f"urn:uuid:{issued.uuid}"
    credential_id_claim(
        credential_id=issued.credential_id, source=CredentialIdSource.WALLET, record_uuid=issued.uuid
    )
    issued.revocation_list, issued.revocation_index, entry = status_entry_allocate(
        institution=award.institution, purpose=StatusPurpose.REVOCATION
    )
    document = copy.deepcopy(award.document)
    document.pop("proof", None)
    document["id"] = issued.credential_id
    subject = dict(document.get("credentialSubject") or {})
    subject["id"] = holder_did  # OB 3.0 §B.1.3 AchievementSubject.id: the holder's DID
    document["credentialSubject"] = subject
    document["credentialStatus"] = entry  # Bitstring Status List §2.1; OB 3.0 allows one
    if fmt == CredentialFormat.LDP_VC:
        signed = sign_credential(
            institution=award.institution, credential=document, suite=Suite.EDDSA_RDFC_2022
        )
        issued.document = signed.document
    else:
        signer = institution_signer(award.institution)
        issued.jws = sign_ob3_jwt(document, signer)
        verify_vc_jwt(issued.jws, public_key=signer.public_key)  # verify what was signed
        issued.document = document
    issued.save()
    return issued


# ---------------------------------------------------------------------------------------------
# Revocation follows the award


def wallet_copies_revoke(*, award: IssuedCredential) -> int:
    """Set the revocation bit of every wallet copy of ``award`` (called when it is revoked)."""
    count = 0
    for copy_ in WalletCredential.objects.select_for_update().filter(award=award, revoked_at__isnull=True):
        status_entry_set(status_list=copy_.revocation_list, index=copy_.revocation_index, value=1)
        copy_.revoked_at = timezone.now()
        copy_.save(update_fields=["revoked_at"])
        count += 1
    return count


def wallet_offer_for_email(*, credential: IssuedCredential) -> dict[str, str]:
    """The claim e-mail's wallet offer (ADR 1110, 1360): the link and a PNG QR code as a data
    URI; no transaction code (the e-mail is the second channel), the claim link's lifetime."""
    import base64
    import io

    import qrcode

    if credential.revoked_at is not None:
        return {}
    new = wallet_offer_create(credential=credential, by=None, with_tx_code=False, channel=Channel.EMAIL)
    buffer = io.BytesIO()
    qrcode.make(new.wallet_link, box_size=4, border=2).save(buffer)
    qr = "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")
    return {"wallet_link": new.wallet_link, "wallet_qr": qr}
