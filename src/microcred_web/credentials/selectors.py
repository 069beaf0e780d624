"""Reads of the credentials app: DID documents, status lists, credentials for a page or a learner."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django.db.models import QuerySet

from microcred.crypto.did import DidDocument, build_did_document
from microcred.crypto.keys import public_key_from_multikey
from microcred_web.credentials.identity import institution_did
from microcred_web.credentials.models import InstitutionKey, IssuedCredential, StatusList
from microcred_web.institutions.models import Institution


def institution_keys(institution: Institution) -> list[InstitutionKey]:
    """Every key of the institution, oldest first, retired ones included."""
    return list(InstitutionKey.objects.filter(institution=institution).order_by("created_at", "pk"))


def did_document_for(institution: Institution) -> DidDocument:
    """The institution's did:web document (DID Core 1.0 §5): every key, current and retired,
    as a Multikey under ``assertionMethod`` so credentials signed before a rotation still
    verify; only active keys under ``authentication``. No key yet: :class:`KeyFormatError`."""
    return did_document_of_keys(institution.slug, institution_keys(institution))


def did_document_of_keys(slug: str, keys: Sequence[InstitutionKey]) -> DidDocument:
    """:func:`did_document_for` from the institution's keys already at hand (oldest first)."""
    public = [public_key_from_multikey(k.public_key_multibase) for k in keys]
    active = [p for p, k in zip(public, keys, strict=True) if k.retired_at is None]
    revoked = {k.public_key_multibase: k.compromised_since for k in keys if k.compromised_since is not None}
    return build_did_document(institution_did(slug), public, authentication=active, revoked=revoked)


def institution_for_did(did: str) -> Institution | None:
    """The institution of this instance whose DID is ``did`` (base URL as configured now)."""
    _prefix, sep, slug = did.rpartition(":institutions:")
    if not sep or not slug:
        return None
    institution = Institution.objects.filter(slug=slug).first()
    if institution is None or institution_did(institution.slug) != did:
        return None
    return institution


def status_list_by_id(slug: str, list_id: str) -> StatusList | None:
    return (
        StatusList.objects.select_related("institution")
        .filter(institution__slug=slug, list_id=list_id)
        .first()
    )


def credential_by_uuid(value: Any) -> IssuedCredential | None:
    return (
        IssuedCredential.objects.select_related("institution", "version__micro_credential", "learner")
        .filter(uuid=value)
        .first()
    )


def credential_by_document(document: Any) -> IssuedCredential | None:
    """The credential issued here whose ``id`` the given document carries (the document may be
    a changed copy: the caller says so beside it), or ``None``."""
    credential_id = document.get("id") if isinstance(document, dict) else None
    if not isinstance(credential_id, str) or not credential_id:
        return None
    return IssuedCredential.objects.filter(credential_id=credential_id).order_by("pk").first()


def credentials_of_learner(user: Any) -> QuerySet[IssuedCredential]:
    return IssuedCredential.objects.select_related("institution", "version").filter(learner=user)


def credentials_of_institution(institution: Institution) -> QuerySet[IssuedCredential]:
    return IssuedCredential.objects.select_related("version__micro_credential", "learner").filter(
        institution=institution
    )


def _proof_values(document: Mapping[str, Any]) -> set[str]:
    proofs = document.get("proof")
    return {
        str(p["proofValue"])
        for p in (proofs if isinstance(proofs, list) else [proofs])
        if isinstance(p, dict) and isinstance(p.get("proofValue"), str)
    }


def issued_by_this_platform(document: Mapping[str, Any], *, jws: str = "", institution: str) -> bool:
    """Whether this platform signed exactly this credential (ADR 0204): a credential or decision
    row with its id and one of its proof values, or its JWS. An id-less credential is looked
    for among the institution's id-less ones."""
    if jws:
        return IssuedCredential.objects.filter(jws=jws).exists()
    values = _proof_values(document)
    if not values:
        return False
    from microcred_web.recognition.models import DecisionCredential

    credential_id = document.get("id")
    if isinstance(credential_id, str) and credential_id:
        rows = [
            r.document for r in IssuedCredential.objects.filter(credential_id=credential_id).only("document")
        ]
        rows += [
            r.document
            for r in DecisionCredential.objects.filter(credential_id=credential_id).only("document")
        ]
        from microcred_web.skills.models import Endorsement  # an employer's key (ADR 1462)

        rows += [r.document for r in Endorsement.objects.filter(document__id=credential_id).only("document")]
    else:
        rows = [
            r.document
            for r in IssuedCredential.objects.filter(credential_id="", institution__slug=institution).only(
                "document"
            )
        ]
    return any(isinstance(row, dict) and _proof_values(row) & values for row in rows)
