"""Sign a credential with an institution's active key, then verify what was signed.

This is the issuance pipeline's last two steps (compose → **sign → verify** → store): a credential
that does not verify under the institution's own published DID document never leaves the
building. Suites: ``eddsa-rdfc-2022`` (the Open Badges 3.0 conformant one, the default),
``eddsa-jcs-2022`` and VC-JOSE ``vc+jwt`` (vc-tech.md §1, §3.2).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from microcred.crypto.did import DidResolver
from microcred.crypto.proofs import add_proof, verify_proofs
from microcred.crypto.proofs.jose import sign_vc_jwt, verify_vc_jwt
from microcred.errors import MicrocredError
from microcred_web.credentials.errors import CredentialError, CredentialInputError, NoSigningKeyError
from microcred_web.credentials.identity import PublishedSigner, key_provider, verification_method_id
from microcred_web.credentials.models import InstitutionKey, Suite
from microcred_web.credentials.selectors import did_document_for
from microcred_web.institutions.models import Institution


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
    inner = key_provider().signer(key.provider_key_id)
    return PublishedSigner(inner, verification_method_id(institution.slug, inner.public_key))


def sign_credential(*, institution: Institution, credential: dict[str, Any], suite: str) -> Signed:
    """Sign ``credential`` and check the result verifies against the institution's DID document."""
    signer = institution_signer(institution)
    resolver = DidResolver([did_document_for(institution)])
    try:
        if suite == Suite.VC_JWT:
            token = sign_vc_jwt(credential, signer)
            verify_vc_jwt(token, resolver)
            return Signed(document=dict(credential), jws=token)
        if suite not in (Suite.EDDSA_RDFC_2022, Suite.EDDSA_JCS_2022):
            raise CredentialInputError(f"unknown suite {suite!r}", where="suite")
        secured = add_proof(credential, signer, cryptosuite=suite)  # type: ignore[arg-type]
        verify_proofs(secured, resolver)
    except CredentialError:
        raise
    except MicrocredError as exc:
        raise CredentialInputError(
            f"the credential cannot be signed: {exc.message}", where=exc.where or "credential"
        ) from exc
    return Signed(document=secured)
