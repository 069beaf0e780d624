"""Writes of the credentials app (HackSoft style: ``<entity>_<action>``, keyword-only typed
arguments, one transaction each).

``by`` is the user acting; ``None`` means the system itself (a management command). Views pass
``request.user`` (an anonymous user is refused), the VC-API passes its token instead.
"""

from __future__ import annotations

import base64
import contextlib
import gzip
import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models.functions import Lower
from django.utils import timezone

from microcred.crypto.jcs import canonicalize
from microcred.crypto.multibase import b64url_encode
from microcred.crypto.proofs import add_proof
from microcred.model import MicroCredentialSpec
from microcred.model.award import AssessmentResult, Learner
from microcred.model.spec import parse_spec
from microcred.standards.ob3 import IssuerProfile
from microcred.standards.ob3.identity import new_salt
from microcred.standards.status_list import (
    MIN_LIST_BITS,
    Bitstring,
    BitstringStatusListEntry,
    build_status_list_credential,
)
from microcred_web.catalogue.models import MicroCredentialVersion, Status
from microcred_web.core.security_log import SecurityEvent, security_event
from microcred_web.credentials import permissions
from microcred_web.credentials.api_tokens import (  # re-exported: callers use services.api_token_*
    TOKEN_PREFIX as TOKEN_PREFIX,
)
from microcred_web.credentials.api_tokens import (
    api_token_authenticate as api_token_authenticate,
)
from microcred_web.credentials.api_tokens import (
    api_token_check as api_token_check,
)
from microcred_web.credentials.api_tokens import (
    api_token_create as api_token_create,
)
from microcred_web.credentials.api_tokens import (
    api_token_revoke as api_token_revoke,
)
from microcred_web.credentials.composition import compose_award, issuer_profile
from microcred_web.credentials.errors import (
    CredentialIdInUseError,
    CredentialInputError,
    StatusChangeError,
)
from microcred_web.credentials.identity import PublishedSigner, absolute_url, institution_did, key_provider
from microcred_web.credentials.models import (
    CREDENTIAL_ID_MAX_LENGTH,
    ApiToken,
    CredentialIdSource,
    InstitutionKey,
    IssuedCredential,
    LearnerNotice,
    PlatformCredentialId,
    RenderedFile,
    StatusEvent,
    StatusList,
    StatusPurpose,
    Suite,
)
from microcred_web.credentials.rows import insert_rows
from microcred_web.credentials.signing import institution_signer, published_signer, sign_credential
from microcred_web.institutions.models import Institution


def _check(by: Any, allowed: bool, what: str) -> None:
    """``None`` is the system (management commands); anyone else needs the permission."""
    if by is not None:
        permissions.require(allowed, what)


# ---------------------------------------------------------------------------------------------
# Keys


def _actor_id(by: Any) -> Any:
    return getattr(by, "pk", None) if by is not None else "system"


@transaction.atomic
def institution_key_create(*, institution: Institution, by: Any = None) -> InstitutionKey:
    """A new active Ed25519 key in the key provider; the database keeps its public half."""
    _check(by, permissions.can_manage_keys(by, institution), "manage keys")
    record = key_provider().create_key(institution_did(institution.slug), algorithm="Ed25519")
    key = InstitutionKey.objects.create(
        institution=institution,
        provider_key_id=record.key_id,
        algorithm=record.algorithm,
        public_key_multibase=record.public_key.public_key_multibase,
    )
    security_event(
        SecurityEvent.KEY_CREATED,
        institution=institution.slug,
        key=key.public_key_multibase,
        actor=_actor_id(by),
    )
    return key


@transaction.atomic
def institution_key_rotate(*, institution: Institution, by: Any = None) -> InstitutionKey:
    """A new active key; the old ones are retired but stay in the DID document (ADR 0701), so
    every credential they signed keeps verifying."""
    _check(by, permissions.can_manage_keys(by, institution), "manage keys")
    active = list(
        InstitutionKey.objects.select_for_update().filter(institution=institution, retired_at__isnull=True)
    )
    new = institution_key_create(institution=institution, by=None)
    provider = key_provider()
    now = timezone.now()
    for key in active:
        provider.retire(key.provider_key_id)
        key.retired_at = now
        key.save(update_fields=["retired_at"])
        security_event(
            SecurityEvent.KEY_ROTATED,
            institution=institution.slug,
            key=key.public_key_multibase,
            new_key=new.public_key_multibase,
            actor=_actor_id(by),
        )
    return new


@transaction.atomic
def institution_key_retire_compromised(
    *, institution: Institution, key: InstitutionKey, compromised_since: datetime, by: Any = None
) -> InstitutionKey:
    """Retire ``key`` as compromised from ``compromised_since`` (ADR 0204, docs/security.md "A
    stolen key"): if it is still active a new key takes over first (rotation); the DID document
    keeps it, marked ``revoked`` at that moment (Controlled Identifiers 1.0 §2.2), so credentials
    it signed before keep verifying and proofs made with it from then on fail (``key.revoked``).
    Choose the moment the key was last known safe: a later one lets a thief's backdated proofs
    through. The moment cannot be moved later once set; an earlier one may be set again."""
    _check(by, permissions.can_manage_keys(by, institution), "manage keys")
    if key.institution_id != institution.pk:
        raise CredentialInputError("the key is not one of this institution's", where=key.public_key_multibase)
    if compromised_since.tzinfo is None:
        raise CredentialInputError("give the moment with its time zone", where="compromised_since")
    if compromised_since > timezone.now():
        raise CredentialInputError(
            "the key cannot be compromised from a moment to come", where="compromised_since"
        )
    locked = InstitutionKey.objects.select_for_update().get(pk=key.pk)
    if locked.compromised_since is not None and compromised_since > locked.compromised_since:
        raise CredentialInputError(
            f"the key is already retired as compromised from {locked.compromised_since.isoformat()}; "
            "a later moment would trust more of its signatures",
            where="compromised_since",
        )
    if locked.retired_at is None:
        institution_key_rotate(institution=institution, by=by)
        locked.refresh_from_db()
    locked.compromised_since = compromised_since
    locked.save(update_fields=["compromised_since"])
    security_event(
        SecurityEvent.KEY_RETIRED,
        institution=institution.slug,
        key=locked.public_key_multibase,
        compromised_since=compromised_since.isoformat(),
        actor=_actor_id(by),
    )
    return locked


# ---------------------------------------------------------------------------------------------
# Status lists (W3C Bitstring Status List v1.0)


def status_list_url(status_list: StatusList) -> str:
    return absolute_url(f"/status/{status_list.institution.slug}/{status_list.list_id}")


def _bitstring(status_list: StatusList) -> Bitstring:
    raw = bytes(status_list.bits)
    # The core's Bitstring reads only its wire form; a 16 KB GZIP round trip costs about 1 ms.
    return Bitstring.decode("u" + b64url_encode(gzip.compress(raw, mtime=0)))


def _publish(status_list: StatusList) -> None:
    """Sign the list credential again (its bits or its URL changed)."""
    institution = status_list.institution
    unsigned = build_status_list_credential(
        id=status_list_url(status_list),
        issuer=institution_did(institution.slug),
        bitstring=_bitstring(status_list),
        status_purpose=status_list.purpose,
        valid_from=timezone.now().replace(microsecond=0),
    )
    status_list.signed_credential = add_proof(unsigned, institution_signer(institution))
    status_list.signed_at = timezone.now()
    status_list.save(update_fields=["signed_credential", "signed_at", "updated_at"])


@transaction.atomic
def status_list_create(*, institution: Institution, purpose: str) -> StatusList:
    """An empty list of 131,072 entries (the minimum, for herd privacy: §6.1), signed at once."""
    if purpose not in StatusPurpose.values:
        raise CredentialInputError(
            f"statusPurpose {purpose!r} is not one of {', '.join(StatusPurpose.values)}",
            where="statusPurpose",
        )
    count = StatusList.objects.filter(institution=institution, purpose=purpose).count()
    status_list = StatusList.objects.create(
        institution=institution,
        purpose=purpose,
        list_id=f"{purpose}-{count + 1}",
        length=MIN_LIST_BITS,
        bits=bytes(MIN_LIST_BITS // 8),
    )
    _publish(status_list)
    return status_list


@transaction.atomic
def status_list_republish(*, status_list: StatusList) -> StatusList:
    """Sign the list again, e.g. after the public base URL changed."""
    locked = StatusList.objects.select_for_update().select_related("institution").get(pk=status_list.pk)
    _publish(locked)
    return locked


def status_list_current(status_list: StatusList) -> dict[str, Any]:
    """The signed list credential to serve, signed again first if the public base URL (and so
    its id and issuer DID) moved since it was last signed."""
    signed = status_list.signed_credential or {}
    if signed.get("id") != status_list_url(status_list) or signed.get("issuer") != institution_did(
        status_list.institution.slug
    ):
        signed = status_list_republish(status_list=status_list).signed_credential or {}
    return signed


def _allocate(institution: Institution, purpose: str) -> tuple[StatusList, int]:
    """The next free index of the institution's open list for ``purpose`` (a new list when full)."""
    current = (
        StatusList.objects.select_for_update()
        .filter(institution=institution, purpose=purpose)
        .order_by("-pk")
        .first()
    )
    if current is None or current.is_full:
        # another worker may create that list at the same moment (its list id is unique): then
        # take theirs; the refused insert waited for their transaction, so it is there now
        with contextlib.suppress(IntegrityError):
            status_list_create(institution=institution, purpose=purpose)
        current = (
            StatusList.objects.select_for_update()
            .filter(institution=institution, purpose=purpose)
            .order_by("-pk")
            .first()
        )
        if current is None or current.is_full:  # pragma: no cover - the list above is gone again
            raise StatusChangeError("no status list could be opened", where=institution.slug)
    index = current.next_index
    current.next_index = index + 1
    current.save(update_fields=["next_index", "updated_at"])
    return current, index


def _set_bit(status_list: StatusList, index: int, value: int) -> None:
    locked = StatusList.objects.select_for_update().select_related("institution").get(pk=status_list.pk)
    bits = _bitstring(locked)
    bits.set(index, value)
    locked.bits = bits.to_bytes()
    locked.save(update_fields=["bits", "updated_at"])
    _publish(locked)


def _entry(status_list: StatusList, index: int) -> dict[str, Any]:
    url = status_list_url(status_list)
    return BitstringStatusListEntry(
        id=f"{url}#{index}",
        status_purpose=status_list.purpose,
        status_list_index=index,
        status_list_credential=url,
    ).to_json()


@transaction.atomic
def status_entry_allocate(
    *, institution: Institution, purpose: str
) -> tuple[StatusList, int, dict[str, Any]]:
    """A fresh index in ``institution``'s list for ``purpose`` and its ``BitstringStatusListEntry``
    (Bitstring Status List v1.0 §2.1), for a credential signed outside this app (a recognition
    decision, ADR 0803). The caller keeps the list and index to change the bit later."""
    if purpose not in StatusPurpose.values:
        raise CredentialInputError(
            f"statusPurpose {purpose!r} is not one of {', '.join(StatusPurpose.values)}",
            where="statusPurpose",
        )
    status_list, index = _allocate(institution, purpose)
    return status_list, index, _entry(status_list, index)


@transaction.atomic
def status_entry_set(*, status_list: StatusList, index: int, value: int) -> None:
    """Set (1) or clear (0) one allocated entry and sign the list again (§2.1, §3.2)."""
    if value not in (0, 1):
        raise CredentialInputError("a status bit is 0 or 1", where="value")
    current = StatusList.objects.get(pk=status_list.pk)
    if not 0 <= index < current.next_index:
        raise CredentialInputError(f"index {index} of {current} was never allocated", where="statusListIndex")
    _set_bit(current, index, value)


# ---------------------------------------------------------------------------------------------
# Credential ids (ADR 0607)


def credential_id_claim(*, credential_id: str, source: str, record_uuid: Any) -> None:
    """Take ``credential_id`` for the credential row ``record_uuid`` (VCDM 2.0 §4.4: an id names
    one thing), in the caller's transaction, before anything else is written.

    The unique column of ``PlatformCredentialId`` decides, not a look-up first: of two
    concurrent requests for one id, the second insert waits for the first transaction and
    then fails. The insert runs in a savepoint so the caller's transaction stays usable; the
    raised ``CredentialIdInUseError`` then rolls the caller's transaction back (no status-list
    index taken, no credential row)."""
    if len(credential_id) > CREDENTIAL_ID_MAX_LENGTH:
        raise CredentialInputError(
            f"the credential id is {len(credential_id)} characters long; at most "
            f"{CREDENTIAL_ID_MAX_LENGTH} are accepted",
            where="$.id",
            code="MALFORMED_VALUE_ERROR",
        )
    try:
        with transaction.atomic():
            PlatformCredentialId.objects.create(
                credential_id=credential_id, source=source, record_uuid=record_uuid
            )
    except IntegrityError:
        raise CredentialIdInUseError(credential_id) from None


# ---------------------------------------------------------------------------------------------
# Issuing


def _user_with_email(email: str | None) -> Any:
    """The account a new credential goes into without a claim: only one whose owner has proved
    the address (allauth's verified ``EmailAddress``). Anyone can sign up with any address, so an
    unverified match would hand a learner's credential to whoever typed her address first; the
    learner of an unverified account takes the credential with the claim link (ADR 1110)."""
    from allauth.account.models import EmailAddress

    if not email:
        return None
    address = (
        EmailAddress.objects.filter(email__iexact=email.strip(), verified=True)
        .select_related("user")
        .order_by("pk")
        .first()
    )
    return address.user if address is not None else None


@transaction.atomic
def credential_issue(
    *,
    version: MicroCredentialVersion,
    learner: Learner,
    result: AssessmentResult,
    by: Any,
    suite: str = Suite.EDDSA_RDFC_2022,
    account: Any = None,
    via: str = "studio",
    replaces: IssuedCredential | None = None,
) -> IssuedCredential:
    """Compose an OB 3.0 credential for a published version, allocate an index in the
    institution's revocation list, sign, verify what was signed, store.

    ``account`` is the learner's user account, if known; otherwise the account whose e-mail
    matches the learner's (so it shows in their list) or none. ``via`` names the path in the
    security log (``studio``, or ``bulk`` for a bulk issuing batch, ADR 1101). ``replaces`` is
    the credential this one corrects (:func:`credential_correct`), named in its
    ``relatedResource``.
    """
    issued = _credential_row(version=version, learner=learner, by=by, suite=suite, account=account)
    credential_id_claim(
        credential_id=issued.credential_id, source=CredentialIdSource.STUDIO, record_uuid=issued.uuid
    )
    # OB 3.0 §B.1.1 allows one credentialStatus: the revocation entry (ADR 0701).
    slot = _allocate(version.micro_credential.institution, StatusPurpose.REVOCATION)
    _sign_row(issued, version=version, learner=learner, result=result, slot=slot, replaces=replaces)
    return _save_issued(issued, by=by, via=via)


def credential_prepare(
    *,
    version: MicroCredentialVersion,
    learner: Learner,
    result: AssessmentResult,
    by: Any,
    slot: tuple[StatusList, int],
    suite: str = Suite.EDDSA_RDFC_2022,
) -> IssuedCredential:
    """What ``credential_issue`` does but the writes, for a status-list ``slot`` taken before
    (``status_slots_reserve``): compose, sign, verify what was signed; the row is not saved.
    Reads only, so it runs outside any transaction: bulk issuing signs here while another worker
    writes (ADR 1233). ``credential_store`` then stores it."""
    issued = _credential_row(version=version, learner=learner, by=by, suite=suite, account=None)
    _sign_row(issued, version=version, learner=learner, result=result, slot=slot)
    return issued


@dataclass(frozen=True, slots=True)
class IssuingContext:
    """What every credential of one version issued by one actor shares, checked and built once:
    bulk issuing takes one per chunk of items (ADR 1234) instead of one per credential (the
    checks of ``credential_issue``, the parsed specification, the issuer profile, the signer
    of the key the DID document publishes)."""

    version: MicroCredentialVersion
    institution: Institution
    by: Any
    suite: str
    spec: MicroCredentialSpec
    issuer: IssuerProfile
    signer: PublishedSigner


def issuing_context(
    *, version: MicroCredentialVersion, by: Any, suite: str = Suite.EDDSA_RDFC_2022
) -> IssuingContext:
    """The ``IssuingContext`` of ``version`` issued by ``by``: the checks of ``credential_issue``
    (``PermissionDenied``, ``CredentialInputError``), then the signer (``NoSigningKeyError``)."""
    institution = _issuing_checks(version=version, by=by, suite=suite)
    return IssuingContext(
        version=version,
        institution=institution,
        by=by,
        suite=suite,
        spec=parse_spec(version.spec),
        issuer=issuer_profile(institution, institution_did(institution.slug)),
        signer=published_signer(institution),
    )


def learner_accounts(emails: Iterable[str]) -> dict[str, Any]:
    """The account each address goes into (``_user_with_email``: only an address its owner
    proved), keyed by the lower-case address, in one query: bulk issuing asks once per chunk."""
    from allauth.account.models import EmailAddress

    wanted = {e.strip().lower() for e in emails if e and e.strip()}
    if not wanted:
        return {}
    found: dict[str, Any] = {}
    # one IN on the lower-case address (an OR of ``iexact`` per address cost the ORM more to build
    # than the query to run, ADR 1235)
    addresses = EmailAddress.objects.annotate(email_lower=Lower("email")).filter(
        email_lower__in=wanted, verified=True
    )
    for address in addresses.select_related("user").order_by("pk"):
        found.setdefault(address.email.lower(), address.user)
    return found


def credential_prepare_in(
    context: IssuingContext,
    *,
    learner: Learner,
    result: AssessmentResult,
    slot: tuple[StatusList, int],
    account: Any,
) -> IssuedCredential:
    """``credential_prepare`` with the checks, specification and signer of ``context`` and the
    learner's ``account`` found before (``learner_accounts``): compose, sign, verify; reads
    nothing (ADR 1234)."""
    issued = _row(
        institution=context.institution,
        version=context.version,
        learner=learner,
        by=context.by,
        suite=context.suite,
        account=account,
    )
    _sign_row(issued, version=context.version, learner=learner, result=result, slot=slot, context=context)
    return issued


def credentials_store(
    *, issued: list[IssuedCredential], by: Any, via: str, offering_language: str | None = None
) -> list[IssuedCredential]:
    """``credential_store`` for many, in the caller's transaction: their ids claimed (ADR 0607)
    with one insert, the rows with one insert, a security log line each, the claim links with one
    insert (ADR 1234). A taken id or a slot stored twice is refused by the database
    (``IntegrityError``): the caller's transaction is then rolled back whole."""
    if not issued:
        return []
    for credential in issued:
        if len(credential.credential_id) > CREDENTIAL_ID_MAX_LENGTH:  # pragma: no cover - urn:uuid ids
            raise CredentialInputError("the credential id is too long", where="$.id")
    insert_rows(  # ADR 1235: bulk_create's statement building cost more than the inserts
        [
            PlatformCredentialId(
                credential_id=c.credential_id, source=CredentialIdSource.STUDIO, record_uuid=c.uuid
            )
            for c in issued
        ]
    )
    insert_rows(issued)
    actor = _actor_id(by)
    for credential in issued:
        _log_issued(credential, via=via, actor=actor)
    from microcred_web.notifications.services import claim_links_queue

    claim_links_queue(credentials=issued, offering_language=offering_language)
    return issued


def credential_store(
    *, issued: IssuedCredential, by: Any, via: str, offering_language: str | None = None
) -> IssuedCredential:
    """Store a credential ``credential_prepare`` made, in the caller's transaction: its id claimed
    (ADR 0607), the row, the security log's line. Its status slot is unique in the database: a
    slot stored twice is refused (``IntegrityError``)."""
    credential_id_claim(
        credential_id=issued.credential_id, source=CredentialIdSource.STUDIO, record_uuid=issued.uuid
    )
    return _save_issued(issued, by=by, via=via, offering_language=offering_language)


def _save_issued(
    issued: IssuedCredential, *, by: Any, via: str, offering_language: str | None = None
) -> IssuedCredential:
    """The row, the security log's line and the learner's claim link, sent by a task once the
    caller's transaction commits (ADR 1110)."""
    issued.save()
    _log_issued(issued, via=via, actor=_actor_id(by))
    from microcred_web.notifications.services import claim_link_queue

    claim_link_queue(credential=issued, offering_language=offering_language)
    return issued


def _issuing_checks(*, version: MicroCredentialVersion, by: Any, suite: str) -> Institution:
    """The checks before issuing: ``by`` may issue for the institution, the version is published,
    the suite is known. Returns the institution."""
    institution = version.micro_credential.institution
    _check(by, permissions.can_issue(by, institution), "issue credentials")
    if version.status != Status.PUBLISHED:
        raise CredentialInputError(
            f"only published versions are issued; this one is {version.status}",
            where=str(version.micro_credential),
        )
    if suite not in Suite.values:
        raise CredentialInputError(f"unknown suite {suite!r}", where="suite")
    return institution


def _credential_row(
    *, version: MicroCredentialVersion, learner: Learner, by: Any, suite: str, account: Any
) -> IssuedCredential:
    """The checks before issuing, and the credential's row without its document."""
    institution = _issuing_checks(version=version, by=by, suite=suite)
    return _row(
        institution=institution,
        version=version,
        learner=learner,
        by=by,
        suite=suite,
        account=account if account is not None else _user_with_email(learner.email),
    )


def _row(
    *,
    institution: Institution,
    version: MicroCredentialVersion,
    learner: Learner,
    by: Any,
    suite: str,
    account: Any,
) -> IssuedCredential:
    """The credential's row without its document, for the learner's ``account`` (or none)."""
    issued = IssuedCredential(
        institution=institution,
        version=version,
        learner=account,
        learner_name=learner.display_name,
        learner_email=learner.email or "",
        learner_did=learner.did or "",
        suite=suite,
        issued_by=by,
        email_salt=new_salt(),
    )
    issued.credential_id = f"urn:uuid:{issued.uuid}"
    return issued


def _sign_row(
    issued: IssuedCredential,
    *,
    version: MicroCredentialVersion,
    learner: Learner,
    result: AssessmentResult,
    slot: tuple[StatusList, int],
    replaces: IssuedCredential | None = None,
    context: IssuingContext | None = None,
) -> None:
    """Compose the award with its revocation entry at ``slot`` (and, for a correction, the link to
    the credential it ``replaces``), sign it, verify what was signed; with the parsed
    specification, issuer profile and signer of ``context`` when given (ADR 1234)."""
    institution = issued.institution
    issued.revocation_list, issued.revocation_index = slot
    unsigned = compose_award(
        credential_id=issued.credential_id,
        spec=context.spec if context is not None else version.spec,
        achievement_id=f"urn:uuid:{version.uuid}",
        issuer=context.issuer
        if context is not None
        else issuer_profile(institution, institution_did(institution.slug)),
        learner=learner,
        result=result,
        issued_at=timezone.now(),
        email_salt=issued.email_salt,
        credential_status=_entry(*slot),
    )
    if replaces is not None:
        issued.replaces = replaces
        unsigned["relatedResource"] = [related_resource(replaces)]
    signed = sign_credential(
        institution=institution,
        credential=unsigned,
        suite=issued.suite,
        signer=context.signer if context is not None else None,
    )
    issued.document, issued.jws = signed.document, signed.jws


@transaction.atomic
def status_slots_reserve(*, institution: Institution, count: int) -> list[tuple[StatusList, int]]:
    """``count`` fresh indexes of the institution's revocation lists, taken in one transaction (a
    new list when the open one is full): for credentials signed later, outside the transaction
    (bulk issuing, ADR 1233). The caller records each slot where a crash cannot lose it (the batch
    item) in the same transaction, so a slot is never handed out twice nor lost."""
    slots: list[tuple[StatusList, int]] = []
    while len(slots) < count:
        current, index = _allocate(institution, StatusPurpose.REVOCATION)
        take = min(count - len(slots), current.length - current.next_index + 1)
        slots.extend((current, i) for i in range(index, index + take))
        if take > 1:
            current.next_index = index + take
            current.save(update_fields=["next_index", "updated_at"])
    return slots


def related_resource(credential: IssuedCredential) -> dict[str, str]:
    """The link from a correction to the credential it replaces: a VCDM 2.0 §5.3 "Integrity of
    Related Resources" entry, the old credential's ``id`` and a ``digestSRI`` (SRI §3.1,
    ``sha384-``) of it as issued: its compact JWS, else its JCS form (RFC 8785), so the link
    names one exact document. OB 3.0 has no member of its own for a replacement (ADR 1303)."""
    document = credential.jws.encode("ascii") if credential.jws else canonicalize(credential.document)
    digest = base64.b64encode(hashlib.sha384(document).digest()).decode("ascii")
    return {"id": credential.credential_id, "digestSRI": f"sha384-{digest}"}


def _log_issued(issued: IssuedCredential, *, via: str, **ids: Any) -> None:
    """The security log's line for a credential issued: ids only (no learner name or e-mail)."""
    security_event(
        SecurityEvent.CREDENTIAL_ISSUED,
        credential=issued.credential_id or str(issued.uuid),
        record=str(issued.uuid),
        institution=issued.institution.slug,
        suite=issued.suite,
        via=via,
        **ids,
    )


@transaction.atomic
def credential_sign_for_api(
    *,
    token: ApiToken,
    credential: dict[str, Any],
    status_purposes: list[str],
    suite: str = Suite.EDDSA_RDFC_2022,
) -> IssuedCredential:
    """VC-API issue: sign a VCDM 2.0 credential for the token's institution, adding a
    ``BitstringStatusListEntry`` per requested purpose (W3C VCALM issue; docs/conformance.md). An ``id`` already
    taken on the platform raises ``CredentialIdInUseError`` before anything is written
    (ADR 0607); a credential without ``id`` and without status entries gets none."""
    institution = token.institution
    issued = IssuedCredential(institution=institution, suite=suite, document={})
    document = dict(credential)
    if status_purposes and not document.get("id"):
        document["id"] = f"urn:uuid:{issued.uuid}"
    issued.credential_id = str(document.get("id") or "")
    if issued.credential_id:
        credential_id_claim(
            credential_id=issued.credential_id, source=CredentialIdSource.VC_API, record_uuid=issued.uuid
        )
    entries = []
    for purpose in status_purposes:
        status_list, index = _allocate(institution, purpose)
        if purpose == StatusPurpose.REVOCATION:
            issued.revocation_list, issued.revocation_index = status_list, index
        else:
            issued.suspension_list, issued.suspension_index = status_list, index
        entries.append(_entry(status_list, index))
    if entries:
        existing = document.get("credentialStatus")
        kept = [e for e in (existing if isinstance(existing, list) else [existing]) if _complete(e)]
        combined = kept + entries
        document["credentialStatus"] = combined[0] if len(combined) == 1 else combined
    signed = sign_credential(institution=institution, credential=document, suite=suite)
    issued.document, issued.jws = signed.document, signed.jws
    issued.save()
    token.last_used_at = timezone.now()
    token.save(update_fields=["last_used_at"])
    _log_issued(issued, via="vc-api", token_id=token.pk)
    return issued


def status_entry_is_bitstring(entry: Any) -> bool:
    """A ``BitstringStatusListEntry`` (Bitstring Status List v1.0 §2.1), complete or not."""
    if not isinstance(entry, dict):
        return False
    types = entry.get("type")
    return "BitstringStatusListEntry" in (types if isinstance(types, list) else [types])


def status_entry_is_request(entry: Any) -> bool:
    """A ``BitstringStatusListEntry`` without a list URL: a request for the issuer to allocate
    one. Any other entry (another type, or one that points somewhere) is signed as given."""
    return status_entry_is_bitstring(entry) and not entry.get("statusListCredential")


def _complete(entry: Any) -> bool:
    """A status entry kept as given, rather than a request replaced by an allocated entry."""
    return entry is not None and not status_entry_is_request(entry)


# ---------------------------------------------------------------------------------------------
# Status changes


def _locked_credential(credential: IssuedCredential) -> IssuedCredential:
    return IssuedCredential.objects.select_for_update().select_related("institution").get(pk=credential.pk)


def _actor(by: Any, token: ApiToken | None) -> tuple[Any, str]:
    if token is not None:
        return None, f"VC-API token {token.name} ({token.prefix}…)"
    if by is not None and getattr(by, "is_authenticated", False):
        return by, ""
    return None, "system"


def _authorise_status(by: Any, token: ApiToken | None, credential: IssuedCredential) -> None:
    if token is not None:
        permissions.require(token.institution_id == credential.institution_id, "change status")
    else:
        _check(by, permissions.can_change_status(by, credential.institution), "change status")


def _log_status(
    event: SecurityEvent, credential: IssuedCredential, by: Any, token: ApiToken | None, **more: Any
) -> None:
    """The security log's line for a status change: the credential, who (user or token id), how;
    never the reason (free text may name the learner)."""
    who: dict[str, Any] = {"token_id": token.pk} if token is not None else {"actor": _actor_id(by)}
    security_event(
        event,
        credential=credential.credential_id or str(credential.uuid),
        record=str(credential.uuid),
        institution=credential.institution.slug,
        via="vc-api" if token is not None else "web",
        **who,
        **more,
    )


def _reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise CredentialInputError("give a reason; it is recorded and shown to the learner", where="reason")
    return reason


@transaction.atomic
def credential_revoke(
    *, credential: IssuedCredential, reason: str, by: Any, token: ApiToken | None = None
) -> IssuedCredential:
    """Set the credential's revocation bit for good (Bitstring Status List §2.1 ``revocation``)."""
    _authorise_status(by, token, credential)
    reason = _reason(reason) if token is None else (reason or "revoked through the VC-API")
    locked = _locked_credential(credential)
    if locked.revocation_list is None or locked.revocation_index is None:
        raise StatusChangeError("this credential has no revocation entry", where=locked.credential_id)
    if locked.revoked_at is not None:
        raise StatusChangeError("the credential is already revoked", where=locked.credential_id)
    _set_bit(locked.revocation_list, locked.revocation_index, 1)
    user, label = _actor(by, token)
    locked.revoked_at, locked.revoked_by, locked.revocation_reason = timezone.now(), user, reason
    locked.save(update_fields=["revoked_at", "revoked_by", "revocation_reason"])
    StatusEvent.objects.create(
        credential=locked, change=StatusEvent.Change.REVOKED, reason=reason, actor=user, actor_label=label
    )
    # the copies bound to the learner's wallet keys go with the award (ADR 1360)
    from microcred_web.wallet.services import wallet_copies_revoke

    wallet_copies_revoke(award=locked)
    _log_status(SecurityEvent.CREDENTIAL_REVOKED, locked, by, token)
    return locked


@transaction.atomic
def credential_suspend(
    *, credential: IssuedCredential, reason: str, by: Any, token: ApiToken | None = None
) -> IssuedCredential:
    """Set the suspension bit (reversible, §2.1 ``suspension``)."""
    _authorise_status(by, token, credential)
    reason = _reason(reason) if token is None else (reason or "suspended through the VC-API")
    locked = _locked_credential(credential)
    if locked.suspension_list is None or locked.suspension_index is None:
        raise StatusChangeError("this credential has no suspension entry", where=locked.credential_id)
    if locked.revoked_at is not None:
        raise StatusChangeError("a revoked credential cannot be suspended", where=locked.credential_id)
    if locked.suspended:
        raise StatusChangeError("the credential is already suspended", where=locked.credential_id)
    _set_bit(locked.suspension_list, locked.suspension_index, 1)
    user, label = _actor(by, token)
    locked.suspended, locked.suspended_at, locked.suspended_by = True, timezone.now(), user
    locked.suspension_reason = reason
    locked.save(update_fields=["suspended", "suspended_at", "suspended_by", "suspension_reason"])
    StatusEvent.objects.create(
        credential=locked, change=StatusEvent.Change.SUSPENDED, reason=reason, actor=user, actor_label=label
    )
    _log_status(SecurityEvent.CREDENTIAL_SUSPENDED, locked, by, token)
    return locked


@transaction.atomic
def credential_unsuspend(
    *, credential: IssuedCredential, reason: str, by: Any, token: ApiToken | None = None
) -> IssuedCredential:
    """Clear the suspension bit."""
    _authorise_status(by, token, credential)
    reason = _reason(reason) if token is None else (reason or "suspension lifted through the VC-API")
    locked = _locked_credential(credential)
    if not locked.suspended or locked.suspension_list is None or locked.suspension_index is None:
        raise StatusChangeError("the credential is not suspended", where=locked.credential_id)
    _set_bit(locked.suspension_list, locked.suspension_index, 0)
    user, label = _actor(by, token)
    locked.suspended, locked.suspended_at, locked.suspended_by = False, None, None
    locked.suspension_reason = ""
    locked.save(update_fields=["suspended", "suspended_at", "suspended_by", "suspension_reason"])
    StatusEvent.objects.create(
        credential=locked, change=StatusEvent.Change.UNSUSPENDED, reason=reason, actor=user, actor_label=label
    )
    _log_status(SecurityEvent.CREDENTIAL_SUSPENDED, locked, by, token, lifted=True)
    return locked


# ---------------------------------------------------------------------------------------------
# Corrections (ADR 1303)

#: The reason recorded on a credential that a correction replaced (shown to verifiers with its
#: status; the staff's own words follow it).
REPLACED = "replaced"


@transaction.atomic
def credential_correct(
    *,
    credential: IssuedCredential,
    learner: Learner,
    result: AssessmentResult,
    reason: str,
    by: Any,
) -> IssuedCredential:
    """Correct an issued credential in one step: a new credential for the same micro-credential
    and learner account, naming the old one in its ``relatedResource``, is issued; the old one
    is revoked with the reason "replaced: <reason>"; the learner is told (a ``LearnerNotice``).
    Either all of it happens or none (one transaction). Who may: ``CORRECT_CREDENTIAL``
    (registrars and institution administrators of the issuer, ADR 0330)."""
    _check(by, permissions.can_correct(by, credential.institution), "correct credentials")
    reason = _reason(reason)
    locked = _locked_credential(credential)
    if locked.version is None:
        raise StatusChangeError(
            "only a credential issued from a published micro-credential can be corrected here",
            where=locked.credential_id,
        )
    if locked.revoked_at is not None:
        raise StatusChangeError("a revoked credential cannot be corrected", where=locked.credential_id)
    version = MicroCredentialVersion.objects.select_related("micro_credential__institution").get(
        pk=locked.version_id
    )
    new = credential_issue(
        version=version,
        learner=learner,
        result=result,
        by=by,
        suite=locked.suite,
        account=locked.learner,
        via="correction",
        replaces=locked,
    )
    new.shared = locked.shared
    new.save(update_fields=["shared"])
    credential_revoke(credential=locked, reason=f"{REPLACED}: {reason}", by=by)
    LearnerNotice.objects.create(credential=new, kind=LearnerNotice.Kind.CORRECTED)
    security_event(
        SecurityEvent.CREDENTIAL_CORRECTED,
        credential=new.credential_id,
        record=str(new.uuid),
        replaces=locked.credential_id,
        institution=new.institution.slug,
        actor=_actor_id(by),
    )
    return new


def credential_current(credential: IssuedCredential) -> IssuedCredential:
    """The credential that stands for ``credential`` now: the last correction of it, or itself."""
    seen = {credential.pk}
    current = credential
    while True:
        newer = IssuedCredential.objects.filter(replaces=current).first()
        if newer is None or newer.pk in seen:
            return current
        seen.add(newer.pk)
        current = newer


# ---------------------------------------------------------------------------------------------
# The learner's choices (ADR 1303): share or not, keep in the list or not


def _require_learner(credential: IssuedCredential, by: Any) -> None:
    if by is None or not getattr(by, "is_authenticated", False) or credential.learner_id != by.pk:
        permissions.require(False, "only the learner changes how their credential is shown")


@transaction.atomic
def credential_share_set(*, credential: IssuedCredential, shared: bool, by: Any) -> IssuedCredential:
    """Show the credential's page, certificate and badges to anyone with the link, or to nobody
    but the learner and the issuer's staff. The signed credential is not touched."""
    _require_learner(credential, by)
    locked = _locked_credential(credential)
    locked.shared = shared
    locked.save(update_fields=["shared"])
    security_event(
        SecurityEvent.CREDENTIAL_SHARING_CHANGED,
        credential=locked.credential_id,
        record=str(locked.uuid),
        shared=shared,
        actor=_actor_id(by),
    )
    return locked


@transaction.atomic
def credential_remove_from_list(
    *, credential: IssuedCredential, by: Any, removed: bool = True
) -> IssuedCredential:
    """Take the credential out of the learner's list (and stop sharing it), or put it back. It
    stays valid: only the issuer revokes a signed credential."""
    _require_learner(credential, by)
    locked = _locked_credential(credential)
    locked.removed_by_learner_at = timezone.now() if removed else None
    locked.shared = locked.shared and not removed
    locked.save(update_fields=["removed_by_learner_at", "shared"])
    security_event(
        SecurityEvent.CREDENTIAL_SHARING_CHANGED,
        credential=locked.credential_id,
        record=str(locked.uuid),
        shared=locked.shared,
        removed=removed,
        actor=_actor_id(by),
    )
    return locked


def learner_notices_seen(*, user: Any) -> int:
    """Mark the learner's notices as seen (their list showed them)."""
    return LearnerNotice.objects.filter(credential__learner=user, seen_at=None).update(seen_at=timezone.now())


# ---------------------------------------------------------------------------------------------
# Files drawn on demand and kept (ADR 1301)


def rendered_file(
    *,
    credential: IssuedCredential,
    kind: str,
    language: str,
    template_version: str,
    draw: Callable[[], bytes],
) -> bytes:
    """The kept file of ``credential`` for (kind, language, template version), drawn by ``draw``
    the first time. Two requests drawing at once both draw; the first one stored wins."""
    found = (
        RenderedFile.objects.filter(
            credential=credential, kind=kind, language=language, template_version=template_version
        )
        .values_list("content", flat=True)
        .first()
    )
    if found is not None:
        return bytes(found)
    content = draw()
    try:
        with transaction.atomic():
            RenderedFile.objects.create(
                credential=credential,
                kind=kind,
                language=language,
                template_version=template_version,
                content=content,
            )
    except IntegrityError:
        pass  # drawn meanwhile by another request: the same drawing of the same credential
    return content


# ---------------------------------------------------------------------------------------------
# VC-API tokens: scoped, expiring machine credentials, in credentials.api_tokens (ADR 0310);
# api_token_create, api_token_revoke, api_token_check and api_token_authenticate are imported
# above so callers of this module keep working.
