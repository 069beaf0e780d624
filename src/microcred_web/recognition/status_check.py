"""The officer supplies a credential's revocation status (ADR 0530, addendum of ADR 0811).

S1 never passes a credential whose status could not be checked: it asks for it as the item
``<credential id>.status`` (code ``S1.STATUS_NOT_CHECKED``, supplier the recognition officer).
The officer answers it with the **status list credential** the credential's ``credentialStatus``
names (Bitstring Status List v1.0 §2.2), uploaded or pasted, or, for a list this platform
publishes, by checking this platform's list (nothing is fetched from the network).

The list is verified exactly as ``microcred verify`` / ``microcred recognize --status-list`` and
the intake verify it: the core's ``inspect`` with the CLI's status fetcher over the given lists
(matched by ``id`` to the entry's ``statusListCredential``, §2.1), so the list's proof must
verify by a key its issuer controls, its issuer must be the credential's issuer, its dates must
hold and the entry's index must be in it (§3.2). Anything else is refused and nothing is
recorded. The result becomes a status check of the case format (``result``, ``source``,
``checked_at``, ``checker``, ``code``), recorded as an ``INFORMATION_SUPPLIED`` event whose value
``case_document`` applies to the credential's ``status[]`` when the case is proposed again, so
S1 passes (active) or refuses on authenticity (revoked, suspended).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from django.db import transaction
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

import microcred
from microcred.cli._status import status_fetcher
from microcred.errors import MicrocredError
from microcred.recognition.case import StatusCheckDoc, status_list_urls
from microcred.recognition.lifecycle import StepName
from microcred.recognition.signed_verifier import status_of
from microcred.untrusted_input.json_text import read_json_object
from microcred.untrusted_input.limits import MAX_DOCUMENT_BYTES
from microcred.verification import inspect
from microcred_web.recognition import information
from microcred_web.recognition.adapters import RecognitionInputError
from microcred_web.recognition.case_events import (
    actor_of,
    back_to_the_desk_when_answered,
    event,
    locked,
    require_step,
)
from microcred_web.recognition.models import RecognitionCase, Status
from microcred_web.recognition.permissions import can_handle

SUFFIX = ".status"
MAX_LISTS = 4  # status list credentials in one submission (a credential names one or two)
# The verifier's codes that settle the status (ADR 0606); any other is a refusal.
SETTLED = ("status.ok", "status.revoked", "status.suspended")
# Why a list is refused, for people (the verifier's check codes, ADR 0606).
REFUSALS = {
    "status.list_unavailable": _(
        "This is not the status list the credential names: its id must be %(lists)s."
    ),
    "status.list_invalid": _(
        "The status list does not verify: its signature is broken, or it is not signed by a key "
        "of its issuer. Nothing was recorded."
    ),
    "status.list_wrong_issuer": _(
        "The status list was issued by another institution than the credential's issuer. "
        "Nothing was recorded."
    ),
    "status.list_broken": _(
        "The status list cannot be used: it has expired, is not valid yet, has another purpose "
        "or does not hold the credential's entry. Nothing was recorded."
    ),
    "status.entry_malformed": _("The credential's status entry names no status list."),
    "status.unsupported_type": _("The credential's status entry is of a type this platform cannot read."),
    "status.not_checked_no_list": _("Give the status list credential."),
}


@dataclass(frozen=True)
class StatusItem:
    """An ``S1.STATUS_NOT_CHECKED`` item the officer can answer with a status list."""

    item: information.MissingItem
    credential_id: str
    lists: tuple[str, ...]  # the status lists the credential names (statusListCredential, §2.1)
    local: bool  # every one of them is published by this platform

    @property
    def where(self) -> str:
        return self.item.where


def _platform_lists_base() -> str:
    from microcred_web.credentials.identity import public_base_url

    return public_base_url() + "/status/"


def _signed_document(case: RecognitionCase, credential_id: str) -> dict[str, Any] | None:
    """The signed credential (JSON) of the case with this id, as it was verified at intake."""
    for ev in case.credential_evidence:
        if ev.kind == "signed_credential" and ev.credential_id == credential_id:
            return ev.signed_document
    return None


def status_items(case: RecognitionCase, items: tuple[information.MissingItem, ...]) -> list[StatusItem]:
    """The items of the current proposal the officer answers with a status list: the status of
    a signed credential of the case (a compact JWS or a record without its document has no entry
    to check here; the officer records what the issuer replied instead)."""
    if case.status not in information.OPEN_STATUSES:
        return []
    base = _platform_lists_base()
    out = []
    for m in items:
        if not m.where.endswith(SUFFIX):
            continue
        cid = m.where.removesuffix(SUFFIX)
        document = _signed_document(case, cid)
        if document is None:
            continue
        lists = tuple(u for u in status_list_urls(document) if u)
        if lists:
            out.append(StatusItem(m, cid, lists, all(u.startswith(base) for u in lists)))
    return out


def read_status_lists(texts: list[bytes | str]) -> list[dict[str, Any]]:
    """The status list credentials given (files or pasted JSON), each read within the limits of
    untrusted input (ADR 0608), or a refusal saying what is wrong."""
    if not texts:
        raise RecognitionInputError(gettext("Give the status list credential."), where="status_list")
    if len(texts) > MAX_LISTS:
        raise RecognitionInputError(
            gettext("Give at most %(count)s status lists at once.") % {"count": MAX_LISTS},
            where="status_list",
        )
    out = []
    for text in texts:
        if len(text) > MAX_DOCUMENT_BYTES:
            raise RecognitionInputError(
                gettext("The status list is larger than %(size)s MB.")
                % {"size": MAX_DOCUMENT_BYTES // 2**20},
                where="status_list",
            )
        try:
            listing = read_json_object(text, where="status_list", what="a status list credential")
        except MicrocredError:
            raise RecognitionInputError(
                gettext("This is not a status list credential (a JSON object)."), where="status_list"
            ) from None
        if not isinstance(listing.get("id"), str) or not listing["id"]:
            raise RecognitionInputError(
                gettext("This is not a status list credential: it has no id."), where="status_list"
            )
        out.append(listing)
    return out


def check_status(
    document: dict[str, Any], *, listings: list[dict[str, Any]] | None, checker: str, now: datetime
) -> tuple[StatusCheckDoc, str]:
    """The credential's status against the given lists (``None``: this platform's own lists), as
    the verifier checks it (``microcred.verification``), and the check's code; a refusal when the
    lists do not settle it."""
    from microcred_web.credentials.trust import local_status_list, trust_registry

    registry = trust_registry()
    fetcher = local_status_list if listings is None else status_fetcher([], embedded=listings)
    report = inspect(document, resolver=registry.resolver(), trust=registry, status=fetcher, now=now)
    check = report.check("status")
    if check.code not in SETTLED:
        message = REFUSALS.get(check.code)
        if listings is None or message is None:
            message = _("This platform's status list could not settle the status. Nothing was recorded.")
        lists = ", ".join(status_list_urls(document))
        raise RecognitionInputError(str(message) % {"lists": lists}, where="status_list")
    at = now.astimezone(UTC).isoformat().replace("+00:00", "Z")
    return status_of(report, document, checked_at=at, checker=checker), check.code


@transaction.atomic
def recognition_status_record(
    *,
    case: RecognitionCase,
    by: Any,
    where: str,
    texts: list[bytes | str] | None = None,
    platform: bool = False,
    now: datetime | None = None,
) -> RecognitionCase:
    """The officer answers an ``S1.STATUS_NOT_CHECKED`` item with the status list credentials
    given (``texts``) or this platform's own lists (``platform``). An ``INFORMATION_SUPPLIED``
    event whose value is the status check; nothing is recorded when the lists are refused."""
    from django.core.exceptions import PermissionDenied

    case = locked(case)
    require_step(case, StepName.SUPPLY, "receive information")
    if not can_handle(by, case):
        raise PermissionDenied("not allowed: only the host's recognition officers record a status check")
    found = next((s for s in status_items(case, information.missing_items(case)) if s.where == where), None)
    if found is None:
        raise RecognitionInputError(gettext("the proposal misses no such item"), where="item")
    if platform and not found.local:
        raise RecognitionInputError(
            gettext("This platform does not publish the credential's status list; upload it."),
            where="status_list",
        )
    listings = None if platform else read_status_lists(list(texts or []))
    document = _signed_document(case, found.credential_id)
    assert document is not None  # status_items found it
    actor = actor_of(by, "recognition_officer")
    checker = f"{actor} with microcred.verification {microcred.__version__}"
    status, code = check_status(document, listings=listings, checker=checker, now=now or datetime.now(UTC))
    # one check per list the credential names: S1 matches a confirming check to each list (its
    # ``source``); a revocation or suspension on any of them settles it alone
    checks = (
        [status]
        if status.result != "active"
        else [status.model_copy(update={"source": u}) for u in found.lists]
    )
    value = {"checks": [c.model_dump(mode="json", exclude_none=True) for c in checks]}
    payload = {
        "item": found.item.item,
        "where": found.where,
        "supplier": found.item.supplier,
        "party": information.OFFICER,
        "issuer": found.item.issuer_id or None,
        "value": value,
        "text": "",
        "source": ", ".join(found.lists),
        # which list was checked: its SHA-256 (over the bytes given), or this platform's own
        "status_lists": "platform"
        if listings is None
        else [hashlib.sha256(_bytes(t)).hexdigest() for t in texts or []],
        "code": code,
    }
    event(case, actor=actor, action="INFORMATION_SUPPLIED", payload=payload)
    if case.status == Status.INFORMATION_REQUESTED:
        back_to_the_desk_when_answered(case, evidence_changed=False)
    return case


def _bytes(text: bytes | str) -> bytes:
    return text if isinstance(text, bytes) else text.encode("utf-8")
