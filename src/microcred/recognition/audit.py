"""Append-only, hash-chained audit log of a recognition case, and replay (recognition.md §6).

Every event is ``{seq, timestamp, actor, action, payload, prev_hash, hash}``; ``hash`` is the
SHA-256 of the canonical JSON of the other six fields, ``prev_hash`` the previous event's hash
(64 zeros for the first). Canonical JSON here is the RFC 8785 subset that our payloads use:
keys sorted, no insignificant white space, UTF-8, and no floats at all (credits are strings),
so the bytes do not depend on a float formatter.

* ``verify_chain`` raises ``TamperError`` naming the first seq where the chain breaks: an edited
  event (its hash no longer matches), a removed or reordered event (seq or prev_hash
  mismatch). Removing events at the *end* is only detectable against a head hash kept
  elsewhere (``expected_head``), e.g. in the web layer's case row or a signed decision.
* ``replay`` re-decides the case from the inputs snapshot of ``CASE_OPENED`` and compares the
  canonical bytes with the recorded ``DECISION_PROPOSED`` (§6.7), after checking that the
  engine, rule and table versions are the same ones.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from microcred.errors import InputError, MicrocredError
from microcred.recognition.case import CaseDoc, parse_case_doc
from microcred.recognition.engine import ENGINE_VERSION
from microcred.reference import reference_data
from microcred.untrusted_input import UntrustedInputError, read_json

if TYPE_CHECKING:
    from microcred.recognition import Recognition

GENESIS = "0" * 64
Clock = Callable[[], datetime]


class TamperError(MicrocredError):
    """The audit chain is broken; ``seq`` is the first event that does not fit."""

    def __init__(self, message: str, *, seq: int) -> None:
        super().__init__(message, where=f"audit event seq {seq}")
        self.seq = seq


def _check_no_floats(value: Any, path: str = "$") -> None:
    if isinstance(value, float):
        raise MicrocredError("floats are not allowed in audit payloads; use strings", where=path)
    if isinstance(value, dict):
        for k, v in value.items():
            if not isinstance(k, str):
                raise MicrocredError("object keys must be strings", where=path)
            _check_no_floats(v, f"{path}.{k}")
    elif isinstance(value, list):
        for i, v in enumerate(value):
            _check_no_floats(v, f"{path}[{i}]")


def canonical_json(value: Any) -> bytes:
    """Canonical bytes of a JSON value (sorted keys, compact, UTF-8, no floats)."""
    _check_no_floats(value)
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@dataclass(frozen=True)
class AuditEvent:
    seq: int
    timestamp: str
    actor: str
    action: str
    payload: Any
    prev_hash: str
    hash: str

    def body(self) -> dict[str, Any]:
        return {
            "seq": self.seq,
            "timestamp": self.timestamp,
            "actor": self.actor,
            "action": self.action,
            "payload": self.payload,
            "prev_hash": self.prev_hash,
        }

    def as_dict(self) -> dict[str, Any]:
        return {**self.body(), "hash": self.hash}


def _utc_now() -> datetime:
    return datetime.now(UTC)


class AuditLog:
    """The event log of one case. Events can only be appended; there is no edit or delete."""

    def __init__(self, events: Sequence[AuditEvent] = (), *, clock: Clock = _utc_now) -> None:
        self._events: list[AuditEvent] = list(events)
        self._clock = clock

    @property
    def events(self) -> tuple[AuditEvent, ...]:
        return tuple(self._events)

    @property
    def head(self) -> str:
        return self._events[-1].hash if self._events else GENESIS

    def append(self, *, actor: str, action: str, payload: Any) -> AuditEvent:
        if not actor or not action:
            raise MicrocredError("an audit event needs an actor and an action", where="audit")
        now = self._clock()
        if now.tzinfo is None:
            raise MicrocredError("audit timestamps must be timezone-aware", where="audit.clock")
        body = {
            "seq": len(self._events) + 1,
            "timestamp": now.astimezone(UTC).isoformat().replace("+00:00", "Z"),
            "actor": actor,
            "action": action,
            "payload": payload,
            "prev_hash": self.head,
        }
        event = AuditEvent(hash=sha256_hex(canonical_json(body)), **body)
        self._events.append(event)
        return event

    # -- the case's events (§6.2-6.5)

    @classmethod
    def open_case(cls, doc: CaseDoc, *, actor: str, clock: Clock = _utc_now) -> AuditLog:
        """Start a log with the inputs snapshot: the canonical case document and its SHA-256."""
        log = cls(clock=clock)
        inputs = doc.model_dump(mode="json", by_alias=True)
        log.append(
            actor=actor,
            action="CASE_OPENED",
            payload={
                "case_id": doc.case_id,
                "inputs": inputs,
                "inputs_sha256": sha256_hex(canonical_json(inputs)),
                "engine": ENGINE_VERSION,
                "reference_data": dict(sorted(reference_data().versions.items())),
            },
        )
        return log

    def record_human_action(self, *, actor: str, action: str, payload: Any) -> AuditEvent:
        """LO confirmations, overrides with justification, four-eyes approvals (§6.5)."""
        return self.append(actor=actor, action=action, payload=payload)

    def record_decision(self, rec: Recognition, *, actor: str) -> AuditEvent:
        report = rec.report
        return self.append(
            actor=actor,
            action="DECISION_PROPOSED",
            payload={
                "outcome": report["outcome"],
                "decision": report,
                "decision_sha256": sha256_hex(canonical_json(report)),
                "versions": report["versions"],
            },
        )

    # -- storage

    def to_jsonl(self) -> str:
        return "".join(
            json.dumps(e.as_dict(), ensure_ascii=False, sort_keys=True) + "\n" for e in self._events
        )

    @classmethod
    def from_jsonl(cls, text: str, *, where: str = "audit log") -> AuditLog:
        events = []
        for n, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                continue
            try:
                raw = read_json(line, where=f"line {n}")  # limits on untrusted input (ADR 0608)
                events.append(
                    AuditEvent(
                        seq=raw["seq"],
                        timestamp=raw["timestamp"],
                        actor=raw["actor"],
                        action=raw["action"],
                        payload=raw["payload"],
                        prev_hash=raw["prev_hash"],
                        hash=raw["hash"],
                    )
                )
            except (UntrustedInputError, KeyError, TypeError) as exc:
                raise InputError(f"line {n} is not an audit event ({exc})", where=where) from None
        return cls(events)


def verify_chain(events: Sequence[AuditEvent], *, expected_head: str | None = None) -> None:
    """Raise ``TamperError`` at the first event that breaks the chain."""
    prev = GENESIS
    for position, e in enumerate(events, start=1):
        if e.seq != position:
            raise TamperError(
                f"expected seq {position}, found {e.seq} (an event was removed or reordered)", seq=position
            )
        if e.prev_hash != prev:
            raise TamperError("prev_hash does not match the previous event's hash", seq=e.seq)
        if sha256_hex(canonical_json(e.body())) != e.hash:
            raise TamperError("the event's content does not match its hash (edited)", seq=e.seq)
        prev = e.hash
    if expected_head is not None and prev != expected_head:
        raise TamperError(
            "the log's head differs from the recorded head (events removed at the end?)", seq=len(events)
        )


@dataclass(frozen=True)
class ReplayResult:
    matches: bool
    recorded_sha256: str
    replayed_sha256: str
    outcome: str
    reason: str


def replay(log: AuditLog, *, expected_head: str | None = None) -> ReplayResult:
    """Re-decide from the inputs snapshot and compare bit for bit with the recorded decision (§6.7)."""
    from microcred.recognition import recognise

    verify_chain(log.events, expected_head=expected_head)
    opened = [e for e in log.events if e.action == "CASE_OPENED"]
    proposed = [e for e in log.events if e.action == "DECISION_PROPOSED"]
    if not opened or not proposed:
        raise InputError("the log has no CASE_OPENED or no DECISION_PROPOSED event", where="audit log")
    inputs = opened[0].payload["inputs"]
    if sha256_hex(canonical_json(inputs)) != opened[0].payload["inputs_sha256"]:
        raise TamperError("the inputs snapshot does not match its SHA-256", seq=opened[0].seq)
    recorded = proposed[-1].payload
    rec = recognise(parse_case_doc(inputs, source="audit inputs"))
    replayed_bytes = canonical_json(rec.report)
    replayed = sha256_hex(replayed_bytes)
    if recorded["versions"] != rec.report["versions"]:
        reason = "versions differ: the engine, a rule, the agreement or a reference table changed since the decision"
        return ReplayResult(False, recorded["decision_sha256"], replayed, rec.report["outcome"], reason)
    ok = replayed_bytes == canonical_json(recorded["decision"]) and replayed == recorded["decision_sha256"]
    return ReplayResult(
        ok,
        recorded["decision_sha256"],
        replayed,
        rec.report["outcome"],
        "identical" if ok else "the decision differs",
    )
