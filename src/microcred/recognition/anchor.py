"""The head of a recognition case's audit chain, anchored in its signed decision credential
(ADR 0520; docs/recognition-case-format.md "Anchored audit head"; docs/security.md).

The attacker in view can write to the database but does not hold the institutions' signing
keys. Such an attacker can rewrite a case's log and recompute every hash (re-chaining), and
remove events at the end, and the chain alone cannot tell (ADR 0508). So when a decision is
issued as a credential, the head of the chain at that moment, ``{"seq": n, "hash": h}``, is
signed into it as ``credentialSubject.auditChainHead``. The credential leaves the platform (the
applicant holds it; the notice prints the head), so changing the log up to ``seq`` means either
forging the host's signature or leaving a log whose event ``seq`` no longer has hash ``h``:

* fewer than ``seq`` events: events were removed, at the end or from the middle and re-chained
  (``audit.truncated``);
* event ``seq`` with another hash: an event up to it was edited, removed or inserted and the
  chain recomputed, e.g. a changed approver (``audit.anchor_mismatch``).

Events after the last anchor are protected by the chain only (edits, removals in the middle),
not against removal at the end: the limit is written in ADR 0520 and docs/security.md.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Final

from microcred.crypto.proofs.data_integrity import KeyResolver
from microcred.errors import InputError, MicrocredError
from microcred.recognition.audit import AuditEvent, TamperError, verify_chain
from microcred.trust import TrustRegistry
from microcred.verification import inspect

#: The credentialSubject term (VCDM 2.0 §4.8; an issuer-dependent term under the VCDM 2.0
#: context's ``@vocab``, like the decision credential's other terms, ADR 0520).
ANCHOR_TERM: Final = "auditChainHead"
_HEX64: Final = re.compile(r"[0-9a-f]{64}")
#: The checks of the verifier that say "signed by its issuer, unchanged" (ADR 0606); status
#: and dates do not matter here: a revoked or expired decision still anchors the history it saw.
_SIGNATURE_CHECKS: Final = ("format", "proof", "key")


class AnchorError(InputError):
    """A decision credential that cannot serve as an anchor; ``code`` names why."""

    def __init__(self, message: str, *, code: str, where: str = "decision credential", **params: Any) -> None:
        super().__init__(f"{message} [{code}]", where=where)
        self.code = code
        self.params = params


class AnchorUnconfirmed(AnchorError):
    """The credential's signature could not be checked offline (its issuer's key is unknown)."""


@dataclass(frozen=True, slots=True)
class ChainAnchor:
    """``seq`` and ``hash`` of the last event of a case's chain when the decision was issued."""

    seq: int
    hash: str

    @classmethod
    def of(cls, events: Sequence[AuditEvent]) -> ChainAnchor:
        """The head of ``events`` (the last event's seq and hash)."""
        if not events:
            raise MicrocredError("an empty log has no head to anchor", where="audit")
        return cls(events[-1].seq, events[-1].hash)

    def to_json(self) -> dict[str, Any]:
        return {"seq": self.seq, "hash": self.hash}

    @property
    def short(self) -> str:
        """As printed on the notice: ``seq 14 · sha256 1a2b… 5e6f…`` (the whole hash, in four
        groups of 16 so that it wraps on paper)."""
        groups = " ".join(self.hash[i : i + 16] for i in range(0, len(self.hash), 16))
        return f"seq {self.seq} · sha256 {groups}"


@dataclass(frozen=True, slots=True)
class AnchoredCredential:
    """A decision credential whose signature verified, and the head it anchors."""

    credential_id: str
    issuer: str
    case: str
    anchor: ChainAnchor


def anchor_of(credential: Mapping[str, Any]) -> ChainAnchor:
    """``credentialSubject.auditChainHead`` of a decision credential, checked for shape."""
    subject = credential.get("credentialSubject")
    raw = subject.get(ANCHOR_TERM) if isinstance(subject, Mapping) else None
    if raw is None:
        raise AnchorError(
            "the credential carries no audit chain head (issued before ADR 0520, or not a decision)",
            code="audit.anchor_missing",
            where=f"credentialSubject.{ANCHOR_TERM}",
        )
    seq = raw.get("seq") if isinstance(raw, Mapping) else None
    value = raw.get("hash") if isinstance(raw, Mapping) else None
    if type(seq) is not int or seq < 1 or not isinstance(value, str) or not _HEX64.fullmatch(value):
        raise AnchorError(
            "the audit chain head must be {seq: a positive integer, hash: 64 lowercase hex digits}",
            code="audit.anchor_malformed",
            where=f"credentialSubject.{ANCHOR_TERM}",
        )
    return ChainAnchor(seq, value)


def verified_anchor(
    credential: Mapping[str, Any],
    *,
    resolver: KeyResolver | None = None,
    trust: TrustRegistry | None = None,
    now: datetime | None = None,
) -> AnchoredCredential:
    """Check that ``credential`` is signed by its issuer and unchanged (the verifier's format,
    proof and key checks), then read its anchor. :class:`AnchorError` when a check failed,
    :class:`AnchorUnconfirmed` when the key could not be resolved (give the trust registry)."""
    if not isinstance(credential, Mapping):
        raise AnchorError("a decision credential is a JSON object", code="audit.anchor_not_a_credential")
    report = inspect(credential, resolver=resolver, trust=trust, now=now)
    for name in _SIGNATURE_CHECKS:
        check = report.check(name)
        if check.failed:
            raise AnchorError(
                f"the decision credential does not verify: {check.reason}",
                code="audit.anchor_signature_invalid",
                check=check.code,
            )
        if not check.passed:
            raise AnchorUnconfirmed(
                f"the decision credential's signature could not be checked: {check.reason}",
                code="audit.anchor_unconfirmed",
                check=check.code,
            )
    subject = credential.get("credentialSubject")
    case = subject.get("case") if isinstance(subject, Mapping) else None
    issuer = credential.get("issuer")
    issuer_id = issuer.get("id") if isinstance(issuer, Mapping) else issuer
    return AnchoredCredential(
        credential_id=str(credential.get("id") or ""),
        issuer=str(issuer_id or ""),
        case=str(case or ""),
        anchor=anchor_of(credential),
    )


def case_id_of(events: Sequence[AuditEvent]) -> str | None:
    """The case id the log names first (``CASE_OPENED`` of the core, ``REQUEST_FILED`` or
    ``CASE_OPENED`` of the web)."""
    for e in events:
        if isinstance(e.payload, Mapping) and isinstance(e.payload.get("case_id"), str):
            return str(e.payload["case_id"])
    return None


def check_anchor(events: Sequence[AuditEvent], anchored: AnchoredCredential | ChainAnchor) -> None:
    """Raise :class:`TamperError` unless ``events`` verify as a chain and event ``seq`` of the
    anchor has the anchored hash (so the log up to it is the one the decision was issued on).
    An anchor of another case is an :class:`AnchorError` (``audit.anchor_other_case``)."""
    anchor = anchored.anchor if isinstance(anchored, AnchoredCredential) else anchored
    credential = anchored.credential_id if isinstance(anchored, AnchoredCredential) else ""
    named = f"the decision credential {credential}" if credential else "the anchor"
    if isinstance(anchored, AnchoredCredential) and anchored.case:
        logged = case_id_of(events)
        if logged is not None and logged != anchored.case:
            raise AnchorError(
                f"{named} is of case {anchored.case}, the log of case {logged}",
                code="audit.anchor_other_case",
                case=anchored.case,
                log_case=logged,
            )
    verify_chain(events)
    if len(events) < anchor.seq:
        raise TamperError(
            f"the log ends at seq {len(events)}, but {named} anchors seq {anchor.seq}: "
            f"{anchor.seq - len(events)} event(s) were removed (at the end, or from the middle and "
            "the chain recomputed)",
            seq=len(events) + 1,
            code="audit.truncated",
            anchored_seq=anchor.seq,
            length=len(events),
        )
    event = events[anchor.seq - 1]
    if event.hash != anchor.hash:
        raise TamperError(
            f"event seq {event.seq} ({event.action}) has hash {event.hash[:16]}…, but {named} anchors "
            f"{anchor.hash[:16]}…: an event up to seq {anchor.seq} was changed, removed or inserted "
            "and the chain recomputed",
            seq=event.seq,
            code="audit.anchor_mismatch",
            action=event.action,
            anchored_hash=anchor.hash,
            found_hash=event.hash,
        )
