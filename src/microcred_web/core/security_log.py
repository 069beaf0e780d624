"""The security log: one structured line per security event (issue 9 item 5, docs/security.md).

Every layer that signs someone in, unlocks or rotates a key, issues or revokes a credential,
changes a role or accepts a VC-API token calls :func:`security_event`. The log holds *ids*
(user id, institution slug, key id, credential id, token id), never secrets (passwords, codes,
tokens, private keys) nor personal data (names, e-mail addresses, learner records): a log is
copied to more places than the database and kept longer.

Events go to the ``microcred.security`` logger as one JSON object per line, so a SIEM or
``jq`` reads them without parsing prose. The event names are a stable interface (documented in
docs/security.md); add new ones to :class:`SecurityEvent`, never rename one.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

logger = logging.getLogger("microcred.security")

# Field names that must never reach the log, whatever a caller passes: a caller that passes one
# is a bug, and the log drops the value rather than leak it.
FORBIDDEN_FIELDS = frozenset(
    {
        "password",
        "passphrase",
        "secret",
        "token",
        "code",
        "otp",
        "private_key",
        "email",
        "name",
        "salt",
        "proof_code",
    }
)


class SecurityEvent(StrEnum):
    """The events the security log knows (a stable interface: add, never rename)."""

    SIGN_IN_SUCCEEDED = "sign_in.succeeded"
    SIGN_IN_FAILED = "sign_in.failed"
    SIGN_IN_LOCKED_OUT = "sign_in.locked_out"
    SIGN_OUT = "sign_out"
    SECOND_FACTOR_ADDED = "second_factor.added"
    SECOND_FACTOR_REMOVED = "second_factor.removed"
    SECOND_FACTOR_FAILED = "second_factor.failed"
    RECOVERY_CODES_REGENERATED = "second_factor.recovery_codes_regenerated"
    PASSWORD_CHANGED = "password.changed"  # noqa: S105 - an event name
    PASSWORD_RESET_REQUESTED = "password.reset_requested"  # noqa: S105 - an event name
    INVITATION_SENT = "account.invitation_sent"
    ACCOUNT_CREATED = "account.created"
    ROLE_GRANTED = "role.granted"
    ROLE_REVOKED = "role.revoked"
    ROLE_GRANT_REFUSED = "role.grant_refused"
    KEY_CREATED = "key.created"
    KEY_UNLOCKED = "key.unlocked"
    KEY_ROTATED = "key.rotated"
    KEY_RETIRED = "key.retired"
    CREDENTIAL_ISSUED = "credential.issued"
    CREDENTIAL_REVOKED = "credential.revoked"
    CREDENTIAL_SUSPENDED = "credential.suspended"
    CREDENTIAL_CORRECTED = "credential.corrected"
    CREDENTIAL_SHARING_CHANGED = "credential.sharing_changed"
    TOKEN_CREATED = "api_token.created"  # noqa: S105 - an event name
    TOKEN_USED = "api_token.used"  # noqa: S105 - an event name
    TOKEN_REJECTED = "api_token.rejected"  # noqa: S105 - an event name
    TOKEN_REVOKED = "api_token.revoked"  # noqa: S105 - an event name
    RATE_LIMITED = "request.rate_limited"
    PERMISSION_DENIED = "permission.denied"
    FOUR_EYES_REFUSED = "four_eyes.refused"
    RESULTS_IMPORTED = "results.imported"
    CREDENTIAL_CLAIMED = "credential.claimed"
    CLAIM_REFUSED = "credential.claim_refused"
    PERSONAL_DATA_EXPORTED = "personal_data.exported"
    PERSONAL_DATA_ERASED = "personal_data.erased"
    # a learner's answer to the privacy notice (ADR 1371): agree or refuse, how many consents
    PRIVACY_CONSENT_ANSWERED = "personal_data.consent_answered"
    # OpenID4VCI (ADR 1360): an offer made, a credential issued to a wallet, a request refused
    WALLET_OFFERED = "wallet.offered"
    WALLET_ISSUED = "wallet.issued"
    WALLET_REFUSED = "wallet.refused"


def _clean(fields: Mapping[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in fields.items():
        if key.lower() in FORBIDDEN_FIELDS:
            out[key] = "[withheld]"
        elif value is None or isinstance(value, bool | int | float):
            out[key] = value
        else:
            out[key] = str(value)[:200]
    return out


def client_address(request: Any) -> str | None:
    """The client's address as the rate limiter sees it (set by middleware), else REMOTE_ADDR."""
    if request is None:
        return None
    addr = getattr(request, "microcred_client_ip", None)
    if addr:
        return str(addr)
    meta = getattr(request, "META", {})
    return meta.get("REMOTE_ADDR")


def security_event(
    event: SecurityEvent, *, request: Any = None, level: int = logging.INFO, **fields: Any
) -> dict[str, Any]:
    """Write one security event; return the record written (tests read it back).

    ``request`` adds the acting user's id and the client address; ``fields`` are ids only.
    """
    record: dict[str, Any] = {
        "event": str(event),
        "at": datetime.now(UTC).isoformat(timespec="seconds"),
    }
    if request is not None:
        user = getattr(request, "user", None)
        if user is not None and getattr(user, "is_authenticated", False):
            record["actor_id"] = user.pk
        record["client"] = client_address(request)
        request_id = getattr(request, "request_id", None)
        if request_id:  # set by core.request_log: one id finds every line of a request
            record["request_id"] = request_id
    record.update(_clean(fields))
    logger.log(level, json.dumps(record, sort_keys=True, ensure_ascii=True))
    return record
