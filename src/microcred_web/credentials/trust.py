"""What this instance trusts, offline: its own institutions (from the database) plus, when
configured, the consortium's **signed** trust registry (``MICROCRED_TRUST_REGISTRY``: a
``TrustRegistryCredential`` signed by a trust anchor, ADR 0703). Together they feed the core's
``DidResolver``, so a verifier here never fetches a DID document or a status list from the network.

The platform cannot sign the consortium's registry: ``/trust/registry.json`` serves the signed
file the consortium produced, as it is. Only in the demo (``MICROCRED_TRUST_REGISTRY_DEMO_SIGN``,
never in production) does the platform sign its own issuers with the public DEMO consortium key,
so that the offline command on a credential page works end to end.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import threading
import uuid
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from typing import Any, Final

from django.conf import settings
from django.db import connection
from django.db.models import QuerySet
from django.utils import timezone

from microcred.crypto.jcs import canonicalize
from microcred.crypto.keys import public_key_from_multikey
from microcred.errors import MicrocredError
from microcred.trust import IssuerKey, QaStatus, TrustedIdentifier, TrustedInstitution, TrustRegistry
from microcred.trust.signed import (
    SignedRegistry,
    TrustAnchor,
    demo_anchor,
    demo_signer,
    load_signed_file,
    pinned_anchors,
    sign_registry,
)
from microcred_web.credentials.identity import institution_did, public_base_url
from microcred_web.credentials.models import InstitutionKey, StatusList
from microcred_web.credentials.selectors import did_document_of_keys, status_list_by_id
from microcred_web.credentials.services import status_list_current
from microcred_web.institutions.models import Institution

TRUST_REGISTRY_ENV: Final = "MICROCRED_TRUST_REGISTRY"
TRUST_ANCHORS_ENV: Final = "MICROCRED_TRUST_ANCHORS"
DEMO_SIGN_SETTING: Final = "MICROCRED_TRUST_REGISTRY_DEMO_SIGN"
CONSORTIUM: Final = "MICRO4ASIA"
DEMO_APPROVALS: Final = (
    "DEMO platform: signed by the demo itself, nobody approved this",
    "DEMO consortium key: its seed is public, this proves nothing",
)
DEMO_VALIDITY: Final = timedelta(days=3660)
_log = logging.getLogger(__name__)
# the last registry file that verified, by (path, mtime, size, anchors): verification requests
# need not re-check its signature each time; its dates are checked on every use
_VERIFIED: dict[tuple[str, int, int, tuple[str, ...]], SignedRegistry] = {}
# the last registry built, with what it was built from (see trust_registry)
_MadeOf = tuple[str, list[tuple[Any, ...]], list[tuple[Any, ...]]]
_BUILT: list[tuple[_MadeOf, SignedRegistry | None, TrustRegistry]] = []
_BUILT_LOCK = threading.Lock()
# the kept registry's institutions by DID: (names by language, short name), for the issuer's name
# in a verification report (kept_institution_name, ADR 1250); stands for the registry it names
_NAMES: list[tuple[TrustRegistry, dict[str, tuple[dict[str, Any], str]]]] = []
# the status lists this instance publishes, as last read and parsed: by (institution slug, list
# id), with the base URL and the stored text of the signed list credential they stand for (ADR 1241)
_LISTS: dict[tuple[str, str], tuple[tuple[object, ...], Mapping[str, Any]]] = {}
_LISTS_LIMIT: Final = 256
_LISTS_LOCK = threading.Lock()


class StatusNotAvailable(LookupError):
    """A status list this instance does not publish (it is never fetched from the network)."""


def _local(institution: Institution, keys: list[InstitutionKey]) -> TrustedInstitution:
    history = tuple(
        IssuerKey(
            public_key_from_multikey(k.public_key_multibase),
            # proofs carry whole seconds; a key made at 10:00:00.4 signs proofs "created 10:00:00"
            valid_from=k.created_at.replace(microsecond=0),
            retired=k.retired_at,
            revoked=k.compromised_since,
        )
        for k in keys
    )
    did = institution_did(institution.slug)
    standing = institution.qa_standing  # the one source S4 reads too (ADR 0810)
    qa = QaStatus(registry=standing.registry, body=standing.body) if standing else None
    return TrustedInstitution(
        slug=institution.slug,
        name=dict(institution.name or {"en": institution.short_name}),
        country=institution.country,
        identifiers=(TrustedIdentifier(did, did_document_of_keys(institution.slug, keys), history),),
        qa=qa,
    )


def _key_rows() -> list[InstitutionKey]:
    """Every institution key with its institution (one query), oldest first."""
    return list(InstitutionKey.objects.select_related("institution").order_by("created_at", "pk"))


def _local_institutions(rows: list[InstitutionKey] | None = None) -> list[TrustedInstitution]:
    """This instance's institutions that have keys, each with its whole key history."""
    by_institution: dict[int, list[InstitutionKey]] = {}
    for key in _key_rows() if rows is None else rows:
        by_institution.setdefault(key.institution_id, []).append(key)
    return [_local(keys[0].institution, keys) for keys in by_institution.values()]


#: The columns of the key rows and their institutions that the local registry is made of.
_MADE_OF: Final = (
    "pk",
    "public_key_multibase",
    "created_at",
    "retired_at",
    "compromised_since",
    "institution__pk",
    "institution__slug",
    "institution__name",
    "institution__short_name",
    "institution__country",
    "institution__qa_registry",
    "institution__qa_body",
)
_SLUG, _NAME, _SHORT_NAME = (
    _MADE_OF.index(c) for c in ("institution__slug", "institution__name", "institution__short_name")
)


def _local_endorsers() -> list[TrustedInstitution]:
    """The employer organisations whose keys this platform holds, as *endorsers* (ADR 1432):
    listed apart from the institutions, never as issuers of micro-credentials, without QA."""
    from microcred_web.skills.endorsements import did_document_of, employer_keys
    from microcred_web.skills.models import Employer

    out = []
    for employer in Employer.objects.filter(keys__isnull=False).distinct().order_by("slug"):
        keys = employer_keys(employer)
        history = tuple(
            IssuerKey(
                public_key_from_multikey(k.public_key_multibase),
                valid_from=k.created_at.replace(microsecond=0),
                retired=k.retired_at,
                revoked=k.compromised_since,
            )
            for k in keys
        )
        document = did_document_of(employer, keys)
        out.append(
            TrustedInstitution(
                slug=employer.slug,
                name={"en": employer.name},
                country=employer.country,
                identifiers=(TrustedIdentifier(document.id, document, history),),
            )
        )
    return out


def _made_of_queries() -> tuple[QuerySet[Any], QuerySet[Any]]:
    from microcred_web.skills.models import EmployerKey

    rows = InstitutionKey.objects.order_by("created_at", "pk").values_list(*_MADE_OF)
    endorsers = EmployerKey.objects.order_by("pk").values_list(
        "pk",
        "public_key_multibase",
        "created_at",
        "retired_at",
        "compromised_since",
        "employer__slug",
        "employer__name",
        "employer__country",
    )
    return rows, endorsers


def _status_text_query() -> QuerySet[Any]:
    return StatusList.objects.filter(institution__slug=_SLUG_PARAM, list_id=_LIST_PARAM).values_list(
        "signed_credential"
    )[:1]


_SLUG_PARAM: Final = "\x00slug"
_LIST_PARAM: Final = "\x00list"
#: SQL of the queries every verify request makes, compiled once per process and database
#: (ADR 1241): building a query with the ORM costs more than running it on these small tables.
_COMPILED: dict[tuple[str, str, str], tuple[str, tuple[Any, ...]]] = {}


def _plain_rows(name: str, *, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """The rows of the hot query ``name`` as the database driver returns them (no ORM
    conversions: compared for equality only, and read with :func:`_json_value`)."""
    key = (name, connection.alias, connection.vendor)
    compiled = _COMPILED.get(key)
    if compiled is None:
        if name == "status_text":
            queryset = _status_text_query()
        else:
            queryset = _made_of_queries()[0 if name == "keys" else 1]
        sql, sql_params = queryset.query.get_compiler(connection.alias).as_sql()
        compiled = _COMPILED[key] = (sql, tuple(sql_params))
    sql, expected = compiled
    if name == "status_text":
        # the compiled statement's parameters are the two placeholders, in this order
        assert expected == (_SLUG_PARAM, _LIST_PARAM), expected
    with connection.cursor() as cursor:
        cursor.execute(sql, params or expected)
        return [tuple(row) for row in cursor.fetchall()]


def _json_value(value: Any) -> Any:
    """A JSON column read by :func:`_plain_rows` (text on SQLite, decoded on PostgreSQL)."""
    return json.loads(value) if isinstance(value, str) else value


def _made_of() -> _MadeOf:
    """Everything the local registry is made of, in one plain query: the keys (created, rotated,
    retired), their institutions' names, country and QA, and the base URL the DIDs are made
    with; and the employers' keys (endorsers). Equal values, equal registry. The SQL is
    compiled once (ADR 1241)."""
    return (public_base_url(), _plain_rows("keys"), _plain_rows("endorsers"))


def local_registry_json() -> dict[str, Any]:
    """This platform's own issuers in the core's ``microcred-trust-registry`` 1 format (unsigned
    content: what the institutions here would send the consortium secretariat, and what the demo
    signs with the DEMO key)."""
    institutions = sorted(_local_institutions(), key=lambda i: i.slug)
    return TrustRegistry(institutions, consortium=CONSORTIUM, endorsers=_local_endorsers()).to_json(
        updated=timezone.now().date(),
        note=f"The issuers and keys published by {public_base_url()}; see ADR 0702.",
    )


def _configured_file() -> str | None:
    return os.environ.get(TRUST_REGISTRY_ENV) or getattr(settings, TRUST_REGISTRY_ENV, None)


def demo_signing() -> bool:
    """Whether this (demo) instance signs its own registry with the public DEMO consortium key."""
    return bool(getattr(settings, DEMO_SIGN_SETTING, False))


def trust_anchors() -> tuple[TrustAnchor, ...]:
    """The anchors pinned in the core, those configured (``MICROCRED_TRUST_ANCHORS``, comma
    separated did:key) and, in the demo only, the DEMO consortium key."""
    raw = os.environ.get(TRUST_ANCHORS_ENV) or getattr(settings, TRUST_ANCHORS_ENV, "") or ""
    extra = [did.strip() for did in (raw.split(",") if isinstance(raw, str) else raw) if did.strip()]
    demo = (demo_anchor(),) if demo_signing() else ()
    return (*pinned_anchors(), *(TrustAnchor.from_did(did) for did in extra), *demo)


def consortium_registry() -> SignedRegistry | None:
    """The configured consortium registry, if it verifies against the anchors; a file that does
    not (unsigned, altered, unknown signer, expired) is logged and trusted for nothing."""
    path = _configured_file()
    if not path:
        return None
    try:
        anchors = trust_anchors()
        stat = os.stat(path)
        key = (path, stat.st_mtime_ns, stat.st_size, tuple(a.did for a in anchors))
        cached = _VERIFIED.get(key)
        now = datetime.now(UTC)
        if cached is not None and cached.valid_from <= now <= cached.valid_until:
            return cached  # the same file, checked against the same anchors, still in its dates
        signed = load_signed_file(path, anchors=anchors, now=now)
    except (MicrocredError, OSError) as exc:
        _log.error("the consortium trust registry %s is not used: %s", path, exc)
        return None
    _VERIFIED.clear()
    _VERIFIED[key] = signed
    return signed


def trust_registry() -> TrustRegistry:
    """This instance's institutions that have keys, plus the consortium's signed registry if it is
    configured and verifies (entries for identifiers this instance already serves are taken from
    the database).

    Built again only when what it is made of changed: every request reads the columns of the key
    rows and their institutions it is made of (one query, no model objects) and the configured
    registry file (its verified copy is kept by path, mtime, size and anchors); when both equal those of the last build, the last registry (and its
    resolver's key cache) is returned. So a key created, rotated or retired, an institution
    renamed, or another registry file counts at once, in every process, whichever code changed
    the rows."""
    made_of = _made_of()
    signed = consortium_registry()
    with _BUILT_LOCK:
        last = _BUILT[0] if _BUILT else None
    if last is not None and last[1] is signed and last[0] == made_of:
        return last[2]
    registry = _registry(_key_rows(), signed)
    if _made_of() == made_of:  # nothing changed while it was built: it stands for ``made_of``
        with _BUILT_LOCK:
            _BUILT[:] = [(made_of, signed, registry)]
    return registry


def _registry(rows: list[InstitutionKey], signed: SignedRegistry | None) -> TrustRegistry:
    institutions = _local_institutions(rows)
    consortium = CONSORTIUM
    if signed is not None:
        external = signed.registry
        consortium = external.consortium or consortium
        known = {ident.id for inst in institutions for ident in inst.identifiers}
        for inst in external.institutions:
            identifiers = tuple(i for i in inst.identifiers if i.id not in known)
            if identifiers:
                institutions.append(
                    TrustedInstitution(inst.slug, inst.name, inst.country, identifiers, inst.qa)
                )
    endorsers = _local_endorsers()
    if signed is not None:
        known = {ident.id for org in (*institutions, *endorsers) for ident in org.identifiers}
        for org in signed.registry.endorsers:
            identifiers = tuple(i for i in org.identifiers if i.id not in known)
            if identifiers:
                endorsers.append(TrustedInstitution(org.slug, org.name, org.country, identifiers))
    return TrustRegistry(institutions, consortium=consortium, endorsers=endorsers)


def _demo_signed(since: datetime | None) -> dict[str, Any]:
    """This platform's issuers signed with the DEMO consortium key. Deterministic for the same
    keys (the id and dates follow the last key change), so ``ETag`` answers stay stable."""
    content = local_registry_json()
    content["note"] = (
        "DEMO: signed by this demo platform with the DEMO consortium key, whose seed is public; "
        f"it proves nothing. The issuers and keys published by {public_base_url()}."
    )
    start = (since or datetime(2026, 1, 1, tzinfo=UTC)).astimezone(UTC).replace(microsecond=0)
    content["updated"] = start.date().isoformat()
    digest = hashlib.sha256(canonicalize(content)).digest()
    return sign_registry(
        content,
        demo_signer(),
        approvals=DEMO_APPROVALS,
        valid_from=start,
        valid_until=start + DEMO_VALIDITY,
        name=f"{CONSORTIUM} trust registry (DEMO)",
        credential_id=f"urn:uuid:{uuid.UUID(bytes=digest[:16], version=4)}",
    )


def served_registry(since: datetime | None = None) -> tuple[Mapping[str, Any], TrustAnchor] | None:
    """What ``/trust/registry.json`` serves: the consortium's signed registry when one is configured
    and verifies; in the demo, this platform's issuers signed with the DEMO key; otherwise nothing.
    Returned with the anchor that signed it (the credential page names a non-pinned one)."""
    signed = consortium_registry()
    if signed is not None:
        return signed.credential, signed.anchor
    if demo_signing():
        return _demo_signed(since), demo_anchor()
    return None


def served_registry_signer() -> TrustAnchor | None:
    """The anchor that signed what ``/trust/registry.json`` serves (None when it serves nothing),
    without signing anything."""
    signed = consortium_registry()
    if signed is not None:
        return signed.anchor
    return demo_anchor() if demo_signing() else None


def anchor_to_name(anchor: TrustAnchor) -> str | None:
    """The ``--trust-anchor`` a verifier must add for ``anchor`` (None when the CLI pins it)."""
    return None if anchor.did in {a.did for a in pinned_anchors()} else anchor.did


def local_status_list(url: str) -> Mapping[str, Any]:
    """The core's status fetcher: a status list credential this instance publishes, by URL."""
    organisations = public_base_url() + "/organisations/"
    if url.startswith(organisations) and url.endswith("/status/endorsements"):  # ADR 1431
        from microcred_web.skills.endorsements import status_list_current as endorsement_list
        from microcred_web.skills.models import Employer

        employer = Employer.objects.filter(
            slug=url[len(organisations) : -len("/status/endorsements")]
        ).first()
        listing = endorsement_list(employer) if employer is not None else None
        if listing is None:
            raise StatusNotAvailable(f"this platform has no status list {url}")
        return listing
    base = public_base_url() + "/status/"
    if not url.startswith(base):
        raise StatusNotAvailable(
            f"{url} is not published by this platform, and nothing is fetched from the network"
        )
    slug, _sep, list_id = url[len(base) :].partition("/")
    # ADR 1241: the signed list credential's stored text (one compiled query, no JSON parsing)
    # says whether the list is the one this process last read: the same text, the same list, so
    # the same parsed copy serves (its signature already checked by the core, ADR 0203); any
    # other text, by whatever path it was written, is read, checked and parsed anew
    stored = _plain_rows("status_text", params=(slug, list_id))
    if not stored:
        raise StatusNotAvailable(f"this platform has no status list {url}")
    key, version = (slug, list_id), (base, stored[0][0])
    kept = _LISTS.get(key)
    if kept is not None and kept[0] == version:
        return kept[1]
    found = status_list_by_id(slug, list_id)
    if found is None:  # pragma: no cover - deleted between the two queries (lists are never deleted)
        raise StatusNotAvailable(f"this platform has no status list {url}")
    listing = status_list_current(found)
    # read after the text: what is kept is at least as new as the text it is kept under (a change
    # in between changes the text again, and the next request reads the list anew)
    with _LISTS_LOCK:
        if len(_LISTS) >= _LISTS_LIMIT:
            _LISTS.clear()
        _LISTS[key] = (version, listing)
    return listing


def kept_institution_name(did: str, language: str, registry: TrustRegistry) -> str | None:
    """``Institution.display_name(language)`` of this instance's institution whose DID is
    ``did``, from the rows the kept ``registry`` was built from (no query, ADR 1241); ``None``
    when ``registry`` is not the kept one or no institution with keys has that DID (then ask the
    database: :func:`~microcred_web.credentials.selectors.institution_for_did`).

    The rows are indexed by DID once per kept registry (ADR 1250): a request looks one DID up
    instead of making every key row's DID and reading its names again."""
    with _BUILT_LOCK:
        last = _BUILT[0] if _BUILT else None
        index = _NAMES[0] if _NAMES else None
    if last is None or last[2] is not registry:
        return None
    if index is None or index[0] is not registry:
        _base, rows, _endorsers = last[0]
        by_did: dict[str, tuple[dict[str, Any], str]] = {}
        for row in rows:  # the first row of a DID names it, as the loop over the rows did
            by_did.setdefault(
                institution_did(row[_SLUG]), (_json_value(row[_NAME]) or {}, str(row[_SHORT_NAME]))
            )
        index = (registry, by_did)
        with _BUILT_LOCK:
            if _BUILT and _BUILT[0][2] is registry:
                _NAMES[:] = [index]
    found = index[1].get(did)
    if found is None:
        return None
    names, short_name = found
    return str(names.get(language) or names.get("en") or short_name)
    _base, rows, _endorsers = last[0]
    for row in rows:
        if institution_did(row[_SLUG]) == did:
            names = _json_value(row[_NAME]) or {}
            return str(names.get(language) or names.get("en") or row[_SHORT_NAME])
    return None
