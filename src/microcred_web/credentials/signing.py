"""Sign a credential with an institution's active key, then verify what was signed.

This is the issuance pipeline's last two steps (compose → **sign → verify** → store): a credential
that does not verify under the institution's own published DID document never leaves the
building. Suites: ``eddsa-rdfc-2022`` (the Open Badges 3.0 conformant one, the default),
``eddsa-jcs-2022`` and VC-JOSE ``vc+jwt`` (vc-di-eddsa §3; OB 3.0 §8 "Proofs").
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Any

from microcred.crypto.errors import UnknownKey
from microcred.errors import MicrocredError
from microcred.issuance import SUITES, issue_credential
from microcred.jsonld.errors import UnsafeDocumentError
from microcred_web.core.security_log import SecurityEvent, security_event
from microcred_web.credentials.errors import CredentialError, CredentialInputError, NoSigningKeyError
from microcred_web.credentials.identity import PublishedSigner, key_provider, verification_method_id
from microcred_web.credentials.models import InstitutionKey
from microcred_web.credentials.selectors import did_document_for
from microcred_web.institutions.models import Institution

#: Keys this process has unlocked (their signer taken from the key store), for the security log.
_unlocked: set[str] = set()
_unlocked_lock = threading.Lock()


@dataclass(frozen=True, slots=True)
class Signed:
    """A signed credential: the JSON (with its proof, or the JWS payload) and the JWS if any."""

    document: dict[str, Any]
    jws: str = ""


def institution_signer(institution: Institution) -> PublishedSigner:
    """A signer for the institution's active key, named as its DID document names it today."""
    key = (
        InstitutionKey.objects.filter(institution=institution, retired_at__isnull=True)
        .order_by("-created_at", "-pk")
        .first()
    )
    if key is None:
        raise NoSigningKeyError(
            "the institution has no active signing key; create one first "
            "(manage.py demo_credentials, or the key service)",
            where=institution.slug,
        )
    try:
        inner = key_provider().signer(key.provider_key_id)
    except UnknownKey:
        # made by another process after this one read the key store
        inner = key_provider(reload=True).signer(key.provider_key_id)
    with _unlocked_lock:
        first = key.provider_key_id not in _unlocked
        _unlocked.add(key.provider_key_id)
    if first:  # the key store decrypts a key once per process: that is the unlock to log
        security_event(SecurityEvent.KEY_UNLOCKED, institution=institution.slug, key=key.public_key_multibase)
    return PublishedSigner(inner, verification_method_id(institution.slug, inner.public_key))


def _signing_problem(exc: MicrocredError) -> str:
    """The problem code of a credential that cannot be signed: JSON-LD safe mode would drop data
    (an undefined term...) → ``DATA_LOSS_DETECTION_ERROR`` (VC Data Integrity 1.0, "Securing Data
    Losslessly"); anything else is a malformed value (VCDM 2.0 §7.1)."""
    return "DATA_LOSS_DETECTION_ERROR" if isinstance(exc, UnsafeDocumentError) else "MALFORMED_VALUE_ERROR"


def published_signer(institution: Institution) -> PublishedSigner:
    """``institution_signer``, checked to be a key the institution's DID document publishes for
    ``assertionMethod``. Bulk issuing takes it once per chunk (ADR 1234)."""
    signer = institution_signer(institution)
    document = did_document_for(institution)
    if not document.authorizes(signer.key_id, "assertionMethod"):  # pragma: no cover - a broken store
        raise CredentialError("the signing key is not in the institution's DID document", where=signer.key_id)
    return signer


def sign_credential(
    *, institution: Institution, credential: dict[str, Any], suite: str, signer: PublishedSigner | None = None
) -> Signed:
    """Sign ``credential`` with the core's ``issue_credential`` (validate, sign, verify what was
    signed), after checking that the key is the one the institution's DID document publishes
    (``published_signer``; a ``signer`` it gave may be passed in, to sign many with one)."""
    if suite not in SUITES:
        raise CredentialInputError(f"unknown suite {suite!r}; use one of {', '.join(SUITES)}", where="suite")
    if signer is None:
        signer = published_signer(institution)
    try:
        secured = issue_credential(credential, signer=signer, suite=suite)  # type: ignore[arg-type]
    except MicrocredError as exc:
        raise CredentialInputError(
            f"the credential cannot be signed: {exc.message}",
            where=exc.where or "credential",
            code=_signing_problem(exc),
        ) from exc
    if isinstance(secured, str):
        return Signed(document=dict(credential), jws=secured)
    return Signed(document=secured)
