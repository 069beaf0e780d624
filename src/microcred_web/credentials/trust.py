"""What this instance trusts, offline: its own institutions (from the database) plus, when
configured, the consortium's trust registry file (``MICROCRED_TRUST_REGISTRY``, the core's
``microcred-trust-registry`` format). Together they feed the core's ``DidResolver``, so a
verifier here never fetches a DID document or a status list from the network.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any, Final

from django.conf import settings
from django.utils import timezone

from microcred.crypto.keys import public_key_from_multikey
from microcred.trust import IssuerKey, QaStatus, TrustedIdentifier, TrustedInstitution, TrustRegistry
from microcred_web.credentials.identity import institution_did, public_base_url
from microcred_web.credentials.models import InstitutionKey
from microcred_web.credentials.selectors import did_document_for, status_list_by_id
from microcred_web.credentials.services import status_list_current
from microcred_web.institutions.models import Institution

TRUST_REGISTRY_ENV: Final = "MICROCRED_TRUST_REGISTRY"
CONSORTIUM: Final = "MICRO4ASIA"


class StatusNotAvailable(LookupError):
    """A status list this instance does not publish (it is never fetched from the network)."""


def _local(institution: Institution, keys: list[InstitutionKey]) -> TrustedInstitution:
    history = tuple(
        IssuerKey(
            public_key_from_multikey(k.public_key_multibase),
            # proofs carry whole seconds; a key made at 10:00:00.4 signs proofs "created 10:00:00"
            valid_from=k.created_at.replace(microsecond=0),
            retired=k.retired_at,
        )
        for k in keys
    )
    did = institution_did(institution.slug)
    qa = (
        QaStatus(registry=institution.qa_registry, body=institution.qa_body or None)
        if institution.qa_registry
        else None
    )
    return TrustedInstitution(
        slug=institution.slug,
        name=dict(institution.name or {"en": institution.short_name}),
        country=institution.country,
        identifiers=(TrustedIdentifier(did, did_document_for(institution), history),),
        qa=qa,
    )


def _local_institutions() -> list[TrustedInstitution]:
    """This instance's institutions that have keys, each with its whole key history."""
    by_institution: dict[int, list[InstitutionKey]] = {}
    for key in InstitutionKey.objects.select_related("institution").order_by("created_at", "pk"):
        by_institution.setdefault(key.institution_id, []).append(key)
    return [_local(keys[0].institution, keys) for keys in by_institution.values()]


def local_registry_json() -> dict[str, Any]:
    """This platform's own issuers in the core's ``microcred-trust-registry`` 1 format, so a
    credential downloaded here verifies offline: ``microcred verify FILE --trust registry.json``.

    Only what this platform knows first-hand (its institutions with keys, every key with its
    dates): it says "these keys are the ones this platform publishes", not that the consortium
    vouches for them; the consortium's own file (``MICROCRED_TRUST_REGISTRY``) is not re-served."""
    institutions = sorted(_local_institutions(), key=lambda i: i.slug)
    return TrustRegistry(institutions, consortium=CONSORTIUM).to_json(
        updated=timezone.now().date(),
        note=f"The issuers and keys published by {public_base_url()}; see ADR 0702.",
    )


def _configured_file() -> str | None:
    return os.environ.get(TRUST_REGISTRY_ENV) or getattr(settings, TRUST_REGISTRY_ENV, None)


def trust_registry() -> TrustRegistry:
    """This instance's institutions that have keys, plus the consortium registry if configured
    (entries for identifiers this instance already serves are taken from the database)."""
    institutions = _local_institutions()
    consortium = CONSORTIUM
    path = _configured_file()
    if path:
        external = TrustRegistry.load(path)
        consortium = external.consortium or consortium
        known = {ident.id for inst in institutions for ident in inst.identifiers}
        for inst in external.institutions:
            identifiers = tuple(i for i in inst.identifiers if i.id not in known)
            if identifiers:
                institutions.append(
                    TrustedInstitution(inst.slug, inst.name, inst.country, identifiers, inst.qa)
                )
    return TrustRegistry(institutions, consortium=consortium)


def local_status_list(url: str) -> Mapping[str, Any]:
    """The core's status fetcher: a status list credential this instance publishes, by URL."""
    base = public_base_url() + "/status/"
    if not url.startswith(base):
        raise StatusNotAvailable(
            f"{url} is not published by this platform, and nothing is fetched from the network"
        )
    slug, _sep, list_id = url[len(base) :].partition("/")
    found = status_list_by_id(slug, list_id)
    if found is None:
        raise StatusNotAvailable(f"this platform has no status list {url}")
    return status_list_current(found)
