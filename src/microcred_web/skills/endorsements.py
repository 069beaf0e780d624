"""Employers' endorsements (ADR 1431): an employer organisation signs an OB 3.0
``EndorsementCredential`` of a published micro-credential's Achievement with a key the platform
holds for it, ``did:web:<host>:organisations:<slug>``, with a revocation entry in the employer's own
Bitstring Status List (W3C Bitstring Status List 1.0 §2.1). Sign → verify what was signed → store.
"""

from __future__ import annotations

import gzip
from datetime import datetime
from typing import Any, Final

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from microcred.crypto.did import DidDocument, build_did_document
from microcred.crypto.keys import public_key_from_multikey
from microcred.crypto.multibase import b64url_encode
from microcred.crypto.proofs import add_proof
from microcred.errors import MicrocredError
from microcred.issuance import issue_credential
from microcred.standards.ob3.credential import new_credential_id
from microcred.standards.ob3.endorsement import MAX_COMMENT_CHARS, compose_endorsement
from microcred.standards.status_list import (
    MIN_LIST_BITS,
    Bitstring,
    BitstringStatusListEntry,
    build_status_list_credential,
)
from microcred_web.accounts.permissions import Action, require
from microcred_web.core.security_log import SecurityEvent, security_event
from microcred_web.credentials.identity import PublishedSigner, absolute_url, key_provider, organisation_did
from microcred_web.skills.models import Employer, EmployerKey, Endorsement, EndorsementStatusList

#: Bitstring Status List 1.0 §6.1 recommends 131,072 entries at least, for herd privacy.
LIST_BITS: Final = MIN_LIST_BITS
SUITE: Final = "eddsa-rdfc-2022"  # OB 3.0 §8 conformant Data Integrity suite (ADR 0201)


class EndorsementError(MicrocredError):
    """An endorsement that cannot be made or changed; ``code`` names the reason for the page."""

    def __init__(self, message: str, *, code: str, where: str = "endorsement") -> None:
        super().__init__(message, where=where)
        self.code = code


# --- the organisation's identity ---------------------------------------------------------------


def employer_keys(employer: Employer) -> list[EmployerKey]:
    return list(EmployerKey.objects.filter(employer=employer).order_by("created_at", "pk"))


def did_document_of(employer: Employer, keys: list[EmployerKey] | None = None) -> DidDocument:
    """The organisation's did:web document (DID Core 1.0 §5): every key under ``assertionMethod``."""
    keys = employer_keys(employer) if keys is None else keys
    public = [public_key_from_multikey(k.public_key_multibase) for k in keys]
    active = [p for p, k in zip(public, keys, strict=True) if k.retired_at is None]
    revoked = {k.public_key_multibase: k.compromised_since for k in keys if k.compromised_since is not None}
    return build_did_document(organisation_did(employer.slug), public, authentication=active, revoked=revoked)


def employer_key_ensure(*, employer: Employer) -> EmployerKey:
    """The employer's active key, created in the key store on first use (ADR 0202)."""
    key = EmployerKey.objects.filter(employer=employer, retired_at__isnull=True).order_by("-pk").first()
    if key is not None:
        return key
    record = key_provider().create_key(organisation_did(employer.slug), algorithm="Ed25519")
    key = EmployerKey.objects.create(
        employer=employer,
        provider_key_id=record.key_id,
        public_key_multibase=record.public_key.public_key_multibase,
    )
    security_event(
        SecurityEvent.KEY_CREATED, institution=f"organisation:{employer.slug}", key=key.public_key_multibase
    )
    return key


def employer_key_rotate(*, employer: Employer, by: Any) -> EmployerKey:
    """A new active key for the organisation (ADR 1462, as ADR 0204 for institutions): the old ones
    are retired in the key store but stay in the DID document, so the endorsements they signed
    keep verifying; new endorsements, and the revocation list signed again now, use the new key."""
    require(by, Action.MANAGE_EMPLOYER_KEYS, employer)
    with transaction.atomic():
        Employer.objects.select_for_update().get(pk=employer.pk)
        active = list(
            EmployerKey.objects.select_for_update().filter(employer=employer, retired_at__isnull=True)
        )
        now = timezone.now()
        provider = key_provider()
        for key in active:
            key.retired_at = now
            key.save(update_fields=["retired_at"])
        new = employer_key_ensure(employer=employer)
        for key in active:
            provider.retire(key.provider_key_id)
            security_event(
                SecurityEvent.KEY_ROTATED,
                institution=f"organisation:{employer.slug}",
                key=key.public_key_multibase,
                new_key=new.public_key_multibase,
                actor=getattr(by, "pk", None),
            )
        status = (
            EndorsementStatusList.objects.select_for_update()
            .select_related("employer")
            .filter(employer=employer)
            .first()
        )
        if status is not None:
            _publish(status)
    return new


def employer_key_retire_compromised(
    *, employer: Employer, key: EmployerKey, compromised_since: datetime, by: Any
) -> tuple[EmployerKey, int]:
    """Retire ``key`` as compromised from ``compromised_since`` (ADR 1462; the rules of ADR 0204):
    a new key takes over first if it was active; the DID document keeps the key, marked
    ``revoked`` at that moment (Controlled Identifiers 1.0 §2.2), so endorsements it signed before
    keep verifying and proofs made with it from then on fail (``key.revoked``). The moment is not
    in the future and never moves later. The organisation's standing endorsements signed with the
    key at or after the moment are signed again with the new key (same id and content, a new
    proof), so the honest ones keep verifying; returns the key and how many were signed again."""
    require(by, Action.MANAGE_EMPLOYER_KEYS, employer)
    if key.employer_id != employer.pk:
        raise EndorsementError("the key is not one of this organisation's", code="not_its_key", where="key")
    if compromised_since.tzinfo is None or compromised_since > timezone.now():
        raise EndorsementError(
            "give a moment that has passed, with its time zone",
            code="compromised_moment",
            where="compromised_since",
        )
    with transaction.atomic():
        locked = EmployerKey.objects.select_for_update().get(pk=key.pk)
        if locked.compromised_since is not None and compromised_since > locked.compromised_since:
            raise EndorsementError(
                f"the key is already retired as compromised from {locked.compromised_since.isoformat()}",
                code="compromised_later",
                where="compromised_since",
            )
        if locked.retired_at is None:
            employer_key_rotate(employer=employer, by=by)
            locked.refresh_from_db()
        locked.compromised_since = compromised_since
        locked.save(update_fields=["compromised_since"])
        resigned = _sign_again(employer, locked, compromised_since)
        status = (
            EndorsementStatusList.objects.select_for_update()
            .select_related("employer")
            .filter(employer=employer)
            .first()
        )
        if status is not None:
            _publish(status)
    security_event(
        SecurityEvent.KEY_RETIRED,
        institution=f"organisation:{employer.slug}",
        key=locked.public_key_multibase,
        compromised_since=compromised_since.isoformat(),
        signed_again=resigned,
        actor=getattr(by, "pk", None),
    )
    return locked, resigned


def _sign_again(employer: Employer, key: EmployerKey, since: datetime) -> int:
    """Standing endorsements whose proof the compromised ``key`` made at or after ``since``,
    signed again with the active key (their id, subject and status entry unchanged)."""
    count = 0
    method = f"#{key.public_key_multibase}"
    signer = _signer(employer)
    for endorsement in Endorsement.objects.select_for_update().filter(
        employer=employer, revoked_at__isnull=True
    ):
        proof = endorsement.document.get("proof") or {}
        created = str(proof.get("created", ""))
        try:
            made = datetime.fromisoformat(created.replace("Z", "+00:00")) if created else None
        except ValueError:
            made = None
        if not str(proof.get("verificationMethod", "")).endswith(method) or (
            made is not None and made < since
        ):
            continue
        unsigned = {k: v for k, v in endorsement.document.items() if k != "proof"}
        endorsement.document = issue_credential(
            unsigned, signer=signer, suite=SUITE, created=timezone.now().replace(microsecond=0)
        )
        endorsement.save(update_fields=["document"])
        count += 1
    return count


def _signer(employer: Employer) -> PublishedSigner:
    key = employer_key_ensure(employer=employer)
    try:
        inner = key_provider().signer(key.provider_key_id)
    except MicrocredError:  # made by another process after this one read the key store
        inner = key_provider(reload=True).signer(key.provider_key_id)
    return PublishedSigner(
        inner, f"{organisation_did(employer.slug)}#{inner.public_key.public_key_multibase}"
    )


# --- the organisation's revocation list --------------------------------------------------------


def status_list_url(employer: Employer) -> str:
    return absolute_url(reverse("employers:endorsement_status", kwargs={"slug": employer.slug}))


def _bitstring(status: EndorsementStatusList) -> Bitstring:
    return Bitstring.decode("u" + b64url_encode(gzip.compress(bytes(status.bits), mtime=0)))


def _publish(status: EndorsementStatusList) -> None:
    employer = status.employer
    unsigned = build_status_list_credential(
        id=status_list_url(employer),
        issuer=organisation_did(employer.slug),
        bitstring=_bitstring(status),
        status_purpose="revocation",
        valid_from=timezone.now().replace(microsecond=0),
    )
    status.signed_credential = add_proof(unsigned, _signer(employer))
    status.save(update_fields=["signed_credential"])


def status_list_current(employer: Employer) -> dict[str, Any] | None:
    """The signed list to serve (signed again if the base URL moved); ``None`` before any endorsement."""
    status = EndorsementStatusList.objects.select_related("employer").filter(employer=employer).first()
    if status is None:
        return None
    signed = status.signed_credential or {}
    if signed.get("id") != status_list_url(employer):
        with transaction.atomic():
            status = (
                EndorsementStatusList.objects.select_for_update().select_related("employer").get(pk=status.pk)
            )
            _publish(status)
        signed = status.signed_credential or {}
    return dict(signed)


def _allocate(employer: Employer) -> tuple[int, dict[str, Any]]:
    status, _created = EndorsementStatusList.objects.get_or_create(
        employer=employer, defaults={"length": LIST_BITS, "bits": bytes(LIST_BITS // 8)}
    )
    status = EndorsementStatusList.objects.select_for_update().select_related("employer").get(pk=status.pk)
    if status.next_index >= status.length:
        raise EndorsementError("the employer's revocation list is full", code="list_full")
    index = status.next_index
    status.next_index = index + 1
    status.save(update_fields=["next_index"])
    if status.signed_credential is None:
        _publish(status)
    url = status_list_url(employer)
    entry = BitstringStatusListEntry(
        id=f"{url}#{index}", status_purpose="revocation", status_list_index=index, status_list_credential=url
    ).to_json()
    return index, entry


# --- endorsing -----------------------------------------------------------------------------------


def achievement_url(version: Any) -> str:
    """The id of the version's OB 3.0 Achievement: its JSON-LD in the register."""
    return absolute_url(reverse("register:achievement", args=[version.uuid]))


def endorsement_create(
    *, employer: Employer, version: Any, by: Any, comment: str = "", now: datetime | None = None
) -> Endorsement:
    """Sign ``employer``'s endorsement of a published ``version`` (one standing per employer and
    version: a second is refused, ``duplicate``)."""
    from microcred_web.catalogue.models import Status

    require(by, Action.ENDORSE, employer)
    comment = comment.strip()
    if len(comment) > MAX_COMMENT_CHARS:
        raise EndorsementError(
            f"the comment is longer than {MAX_COMMENT_CHARS} characters", code="too_long", where="comment"
        )
    if version.status != Status.PUBLISHED:
        raise EndorsementError("only a published micro-credential can be endorsed", code="not_published")
    moment = (now or timezone.now()).replace(microsecond=0)
    title = (version.spec.get("title") or {}).get("en") or version.title_en or version.micro_credential.code
    try:
        with transaction.atomic():
            if Endorsement.objects.filter(
                employer=employer, version=version, revoked_at__isnull=True
            ).exists():
                raise EndorsementError("this employer already endorses this version", code="duplicate")
            index, entry = _allocate(employer)
            unsigned = compose_endorsement(
                credential_id=new_credential_id(),
                endorser_id=organisation_did(employer.slug),
                endorser_name=employer.name,
                endorsed_id=achievement_url(version),
                name=f"Endorsement by {employer.name}: {title}"[:300],
                valid_from=moment,
                comment=comment,
                status=entry,
            )
            signed = issue_credential(unsigned, signer=_signer(employer), suite=SUITE, created=moment)
            endorsement = Endorsement.objects.create(
                employer=employer,
                version=version,
                endorsed_by=by,
                comment=comment,
                document=signed,
                status_index=index,
            )
    except IntegrityError:  # a concurrent twin won the unique constraint
        raise EndorsementError("this employer already endorses this version", code="duplicate") from None
    security_event(
        SecurityEvent.CREDENTIAL_ISSUED,
        user_id=by.pk,
        employer=employer.slug,
        endorsement=str(endorsement.uuid),
        version=str(version.uuid),
    )
    return endorsement


def endorsement_revoke(*, endorsement: Endorsement, by: Any) -> Endorsement:
    """Withdraw an endorsement: its bit in the employer's list is set and the list signed again."""
    require(by, Action.ENDORSE, endorsement.employer)
    with transaction.atomic():
        locked = Endorsement.objects.select_for_update().get(pk=endorsement.pk)
        if locked.revoked_at is not None:
            return locked
        status = (
            EndorsementStatusList.objects.select_for_update()
            .select_related("employer")
            .get(employer_id=locked.employer_id)
        )
        bits = _bitstring(status)
        bits.set(locked.status_index, 1)
        status.bits = bits.to_bytes()
        status.save(update_fields=["bits"])
        _publish(status)
        locked.revoked_at = timezone.now()
        locked.revoked_by = by
        locked.save(update_fields=["revoked_at", "revoked_by"])
    security_event(SecurityEvent.CREDENTIAL_REVOKED, user_id=by.pk, endorsement=str(locked.uuid))
    return locked
