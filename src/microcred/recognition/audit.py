"""Append-only, hash-chained audit log of a recognition case, and replay (recognition.md §6).

Every event is ``{seq, timestamp, actor, action, payload, prev_hash, hash}`` and, from ADR 0510
on, ``hash_format``; ``hash`` is the SHA-256 of the canonical JSON of the other fields,
``prev_hash`` the previous event's hash (64 zeros for the first). Payloads hold no floats at all
(credits are strings).

Canonical JSON is versioned by ``hash_format`` (ADR 0510, which amends ADR 0508):

* ``2`` (:data:`HASH_FORMAT_JCS`, written by this code): RFC 8785 JCS, the one canonical-JSON
  function of the project, :func:`microcred.crypto.jcs.canonicalize`;
* ``1`` (:data:`HASH_FORMAT_LEGACY`, read only): ``json.dumps`` with sorted keys, compact, UTF-8,
  as written before ADR 0510. An event without ``hash_format`` is of this format, and its hashed
  body has no ``hash_format`` key, so chains written before the change verify and replay as they
  did. A chain may go from format 1 to 2 (a case opened before the upgrade and continued after),
  never back.

The payload hashes inside an event (``inputs_sha256``, ``decision_sha256``) use the event's format.

* ``verify_chain`` raises ``TamperError`` naming the first seq where the chain breaks: an edited
  event (its hash no longer matches), a removed or reordered event (seq or prev_hash
  mismatch). Removing events at the *end*, or re-chaining (every hash recomputed after an
  edit), is only detectable against a head kept elsewhere: ``expected_head`` (e.g. the web
  layer's case row), or the head signed into a decision credential, which someone who can write
  the database but not sign cannot change (:mod:`microcred.recognition.anchor`, ADR 0520).
* ``replay`` re-decides the case from the inputs snapshot of ``CASE_OPENED`` and compares the
  canonical bytes with the recorded ``DECISION_PROPOSED`` (§6.7), after checking that the
  engine, rule and table versions are the same ones.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, Final

from microcred.crypto.errors import JcsError
from microcred.crypto.jcs import canonicalize
from microcred.errors import InputError, MicrocredError
from microcred.recognition.case import CaseDoc, parse_case_doc
from microcred.recognition.engine import ENGINE_VERSION
from microcred.reference import reference_data
from microcred.untrusted_input import UntrustedInputError, read_json

if TYPE_CHECKING:
    from microcred.recognition import Recognition

GENESIS = "0" * 64
#: ``json.dumps(sort_keys=True)`` canonical JSON (ADR 0508): read, never written.
HASH_FORMAT_LEGACY: Final = 1
#: RFC 8785 JCS canonical JSON (ADR 0510).
HASH_FORMAT_JCS: Final = 2
#: The format new events are written with.
HASH_FORMAT: Final = HASH_FORMAT_JCS
HASH_FORMATS: Final = frozenset({HASH_FORMAT_LEGACY, HASH_FORMAT_JCS})
Clock = Callable[[], datetime]
#: Events that hold an inputs snapshot (``AuditLog.open_case``; the web writes ``CASE_INPUTS``).
SNAPSHOT_ACTIONS: Final = frozenset({"CASE_OPENED", "CASE_INPUTS"})


class TamperError(MicrocredError):
    """The audit chain is broken; ``seq`` is the first event that does not fit.

    ``code`` names the finding for other layers (they translate the code, not the English
    message; docs/security.md): ``audit.seq_gap``, ``audit.broken_link``,
    ``audit.unknown_format``, ``audit.format_went_back``, ``audit.edited``, ``audit.head_differs``,
    ``audit.inputs_edited``, and for the anchored head of a signed decision credential (ADR 0520)
    ``audit.truncated``, ``audit.anchor_mismatch``.
    """

    def __init__(self, message: str, *, seq: int, code: str = "audit.tampered", **params: Any) -> None:
        super().__init__(f"{message} [{code}]", where=f"audit event seq {seq}")
        self.seq = seq
        self.code = code
        self.params: dict[str, Any] = {"seq": seq, **params}


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


def canonical_json(value: Any, *, hash_format: int = HASH_FORMAT) -> bytes:
    """Canonical bytes of a float-free JSON value in ``hash_format`` (RFC 8785 JCS by default;
    ``HASH_FORMAT_LEGACY`` only to check what was written before ADR 0510)."""
    _check_no_floats(value)
    if hash_format == HASH_FORMAT_JCS:
        try:
            return canonicalize(value)
        except JcsError as exc:
            raise MicrocredError(exc.message, where=exc.where) from None
    if hash_format == HASH_FORMAT_LEGACY:
        return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
    raise MicrocredError(f"unknown audit hash format {hash_format!r}", where="hash_format")


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
    #: How ``hash`` was computed (ADR 0510); events written before it have none, hence legacy.
    hash_format: int = HASH_FORMAT_LEGACY

    def body(self) -> dict[str, Any]:
        """The hashed fields; ``hash_format`` is one of them except for legacy events (ADR 0510)."""
        body = {
            "seq": self.seq,
            "timestamp": self.timestamp,
            "actor": self.actor,
            "action": self.action,
            "payload": self.payload,
            "prev_hash": self.prev_hash,
        }
        if self.hash_format != HASH_FORMAT_LEGACY:
            body["hash_format"] = self.hash_format
        return body

    def computed_hash(self) -> str:
        """SHA-256 of the canonical JSON of :meth:`body`, in this event's format."""
        return sha256_hex(canonical_json(self.body(), hash_format=self.hash_format))

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

    @property
    def hash_format(self) -> int:
        """The format of the last event (``HASH_FORMAT`` for an empty log)."""
        return self._events[-1].hash_format if self._events else HASH_FORMAT

    def append(self, *, actor: str, action: str, payload: Any, hash_format: int = HASH_FORMAT) -> AuditEvent:
        """Append an event. ``hash_format`` is for re-chaining events recorded in an older format
        (a replay); anything new is written in ``HASH_FORMAT``."""
        if not actor or not action:
            raise MicrocredError("an audit event needs an actor and an action", where="audit")
        if hash_format not in HASH_FORMATS:
            raise MicrocredError(f"unknown audit hash format {hash_format!r}", where="hash_format")
        now = self._clock()
        if now.tzinfo is None:
            raise MicrocredError("audit timestamps must be timezone-aware", where="audit.clock")
        event = AuditEvent(
            seq=len(self._events) + 1,
            timestamp=now.astimezone(UTC).isoformat().replace("+00:00", "Z"),
            actor=actor,
            action=action,
            payload=payload,
            prev_hash=self.head,
            hash="",
            hash_format=hash_format,
        )
        event = dataclasses.replace(event, hash=event.computed_hash())
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
                        hash_format=raw.get("hash_format", HASH_FORMAT_LEGACY),
                    )
                )
            except (UntrustedInputError, KeyError, TypeError, AttributeError) as exc:
                raise InputError(f"line {n} is not an audit event ({exc})", where=where) from None
            if type(events[-1].hash_format) is not int or events[-1].hash_format not in HASH_FORMATS:
                raise InputError(
                    f"line {n} has an unknown hash_format {events[-1].hash_format!r}", where=where
                )
        return cls(events)


def verify_chain(events: Sequence[AuditEvent], *, expected_head: str | None = None) -> None:
    """Raise ``TamperError`` at the first event that breaks the chain.

    Each event is checked in its own ``hash_format``; the format may rise along the chain
    (legacy events, then JCS ones), never fall (ADR 0510).
    """
    prev = GENESIS
    highest = HASH_FORMAT_LEGACY
    for position, e in enumerate(events, start=1):
        if e.seq != position:
            raise TamperError(
                f"expected seq {position}, found {e.seq} (an event was removed or reordered)",
                seq=position,
                code="audit.seq_gap",
            )
        if e.prev_hash != prev:
            raise TamperError(
                "prev_hash does not match the previous event's hash", seq=e.seq, code="audit.broken_link"
            )
        if e.hash_format not in HASH_FORMATS:
            raise TamperError(
                f"unknown hash format {e.hash_format!r}", seq=e.seq, code="audit.unknown_format"
            )
        if e.hash_format < highest:
            raise TamperError(
                f"hash format {e.hash_format} after an event of format {highest} (formats never go back)",
                seq=e.seq,
                code="audit.format_went_back",
            )
        highest = e.hash_format
        if e.computed_hash() != e.hash:
            raise TamperError(
                "the event's content does not match its hash (edited)", seq=e.seq, code="audit.edited"
            )
        prev = e.hash
    if expected_head is not None and prev != expected_head:
        raise TamperError(
            "the log's head differs from the recorded head (events removed at the end?)",
            seq=len(events),
            code="audit.head_differs",
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
    proposed = [e for e in log.events if e.action == "DECISION_PROPOSED"]
    # The inputs snapshot the last proposal was made from: ``CASE_OPENED`` in a log of this module,
    # the last ``CASE_INPUTS`` before the proposal in a web case's log (ADR 0520), same payload.
    opened = [
        e
        for e in log.events
        if e.action in SNAPSHOT_ACTIONS
        and isinstance(e.payload, dict)
        and "inputs" in e.payload
        and (not proposed or e.seq < proposed[-1].seq)
    ][-1:]
    if not opened or not proposed:
        raise InputError("the log has no CASE_OPENED or no DECISION_PROPOSED event", where="audit log")
    inputs = opened[0].payload["inputs"]
    if (
        sha256_hex(canonical_json(inputs, hash_format=opened[0].hash_format))
        != opened[0].payload["inputs_sha256"]
    ):
        raise TamperError(
            "the inputs snapshot does not match its SHA-256", seq=opened[0].seq, code="audit.inputs_edited"
        )
    recorded = proposed[-1].payload
    # the replayed decision is hashed in the format the recorded one was (ADR 0510)
    decision_format = proposed[-1].hash_format
    rec = recognise(parse_case_doc(inputs, source="audit inputs"))
    replayed_bytes = canonical_json(rec.report, hash_format=decision_format)
    replayed = sha256_hex(replayed_bytes)
    if recorded["versions"] != rec.report["versions"]:
        reason = "versions differ: the engine, a rule, the agreement or a reference table changed since the decision"
        return ReplayResult(False, recorded["decision_sha256"], replayed, rec.report["outcome"], reason)
    ok = (
        replayed_bytes == canonical_json(recorded["decision"], hash_format=decision_format)
        and replayed == recorded["decision_sha256"]
    )
    return ReplayResult(
        ok,
        recorded["decision_sha256"],
        replayed,
        rec.report["outcome"],
        "identical" if ok else "the decision differs",
    )
