"""The life cycle of a recognition case as data (recognition.md §4.4-§4.5, §6; ADR 0850).

One table says, for every step of the desk, from which statuses it may be taken, which
statuses it may leave the case in, which events it writes to the case's log and which
permission of the policy table (``accounts.permissions.Action``, by its value) it needs. The
web services check the table before they act (:func:`require_step`) and set a status only
through it (:func:`check_move`); ``microcred replay`` checks that the events of a log only make
moves the table allows (:func:`check_events`).

The statuses are the web's ``RecognitionCase.status`` values; the engine's outcome
``PENDING_INFORMATION`` corresponds to ``information_requested`` (recognition.md §4.4: it
"expires to CLOSED_INCOMPLETE"). ``NEW`` is the status before the case exists.

A step that may leave the status as it was says so with ``keeps``: supplying an item leaves a
case waiting for the learner until the learner has answered too; a first signature under four
eyes leaves the decision waiting for the second. Errors are codes with parameters
(``lifecycle.*``); the web and the CLI word them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Final

from microcred.errors import MicrocredError

__all__ = [
    "CLOSING",
    "DECIDED",
    "EVENTS",
    "NEW",
    "OPEN",
    "PROPOSABLE",
    "STEPS",
    "CaseStatus",
    "EventMove",
    "LifecycleError",
    "Step",
    "StepName",
    "check_events",
    "check_move",
    "possible_steps",
    "require_step",
]


class CaseStatus(StrEnum):
    """A case's status (recognition.md §4.4; the web's ``recognition.models.Status``)."""

    REQUESTED = "requested"
    INFORMATION_REQUESTED = "information_requested"
    UNDER_REVIEW = "under_review"
    PROPOSED = "proposed"
    DECIDED = "decided"
    APPEALED = "appealed"
    APPEAL_DECIDED = "appeal_decided"
    CLOSED = "closed"
    CLOSED_INCOMPLETE = "closed_incomplete"


NEW: Final = "new"  # before the case exists (opening steps only)

S = CaseStatus
# Inputs may change (target, matrix, findings, levels, items) while no decision was taken.
OPEN: Final = frozenset({S.REQUESTED, S.UNDER_REVIEW, S.PROPOSED, S.INFORMATION_REQUESTED})
# The engine can be run, and a decision signed, once the desk has the case (ADR 0810).
PROPOSABLE: Final = frozenset({S.UNDER_REVIEW, S.PROPOSED, S.INFORMATION_REQUESTED})
# A final decision exists (the web's ``DECIDED_STATUSES``).
DECIDED: Final = frozenset({S.DECIDED, S.APPEALED, S.APPEAL_DECIDED, S.CLOSED})
CLOSING: Final = frozenset({S.DECIDED, S.APPEAL_DECIDED, S.INFORMATION_REQUESTED})


class StepName(StrEnum):
    """The steps of the desk; the web's services are named after them."""

    FILE_REQUEST = "file_request"
    OPEN_CASE = "open_case"
    IMPORT_CASE = "import_case"
    SET_TARGET = "set_target"
    CHANGE_MATRIX = "change_matrix"
    SIGN_OFF_MATRIX = "sign_off_matrix"
    RECLASSIFY = "reclassify"
    APPROVE_RECLASSIFICATION = "approve_reclassification"
    RECORD_LEVEL = "record_level"
    PROPOSE = "propose"
    ANSWER = "answer"
    SUPPLY = "supply"
    DECIDE = "decide"
    APPROVE = "approve"
    APPEAL = "appeal"
    DECIDE_APPEAL = "decide_appeal"
    CONDITIONS_MET = "conditions_met"
    CLOSE = "close"
    EXPIRE = "expire"
    ISSUE_DECISION = "issue_decision"
    REVOKE_DECISION = "revoke_decision"
    REPLAY = "replay"


@dataclass(frozen=True)
class Step:
    """One step: taken from ``sources``, it leaves the case in one of ``targets`` (or as it was
    when ``keeps``), writes ``events`` and needs the permission ``who`` (a policy action)."""

    name: StepName
    sources: frozenset[str]
    targets: frozenset[CaseStatus]
    keeps: bool
    events: tuple[str, ...]
    who: str


def _step(
    name: StepName,
    sources: Iterable[str],
    targets: Iterable[CaseStatus] = (),
    *,
    keeps: bool = False,
    events: tuple[str, ...],
    who: str,
) -> Step:
    return Step(name, frozenset(sources), frozenset(targets), keeps, events, who)


_MATRIX = ("LO_CONFIRMED", "LO_REJECTED", "LO_EDITED")

STEPS: Final[Mapping[StepName, Step]] = {
    s.name: s
    for s in (
        _step(StepName.FILE_REQUEST, {NEW}, {S.REQUESTED}, events=("REQUEST_FILED",), who="follow_case"),
        _step(StepName.OPEN_CASE, {NEW}, {S.UNDER_REVIEW}, events=("CASE_OPENED",), who="open_case"),
        _step(StepName.IMPORT_CASE, {NEW}, {S.UNDER_REVIEW}, events=("CASE_OPENED",), who="open_case"),
        # a change to the inputs makes an earlier proposal stale: the case is proposed again
        _step(StepName.SET_TARGET, OPEN, {S.UNDER_REVIEW}, events=("TARGET_SET",), who="work_case"),
        _step(StepName.CHANGE_MATRIX, OPEN, {S.UNDER_REVIEW}, events=_MATRIX, who="work_case"),
        _step(
            StepName.SIGN_OFF_MATRIX, OPEN, {S.UNDER_REVIEW}, events=("LO_SIGNED_OFF",), who="sign_off_matrix"
        ),
        _step(
            StepName.RECLASSIFY,
            OPEN,
            {S.UNDER_REVIEW},
            events=("FINDING_RECLASSIFIED",),
            who="override_finding",
        ),
        _step(
            StepName.APPROVE_RECLASSIFICATION,
            OPEN,
            {S.UNDER_REVIEW},
            events=("FINDING_RECLASSIFICATION_APPROVED",),
            who="countersign",
        ),
        _step(StepName.RECORD_LEVEL, OPEN, {S.UNDER_REVIEW}, events=("LEVEL_RECORDED",), who="work_case"),
        # a decision proposed; PENDING_INFORMATION asks the learner or the issuer, or (nothing
        # left to ask of others) leaves the case at the desk (ADR 0810)
        _step(
            StepName.PROPOSE,
            PROPOSABLE,
            {S.PROPOSED, S.INFORMATION_REQUESTED, S.UNDER_REVIEW},
            events=("CASE_INPUTS", "DECISION_PROPOSED", "INFORMATION_REQUESTED"),
            who="propose_decision",
        ),
        _step(
            StepName.ANSWER,
            {S.INFORMATION_REQUESTED},
            {S.UNDER_REVIEW},
            events=("LEARNER_RESPONDED",),
            who="follow_case",
        ),
        _step(
            StepName.SUPPLY,
            OPEN,
            {S.UNDER_REVIEW},
            keeps=True,
            events=("INFORMATION_SUPPLIED",),
            who="work_case",
        ),
        _step(
            StepName.DECIDE,
            PROPOSABLE,
            {S.DECIDED},
            keeps=True,
            events=("DECISION_SIGNED", "DECISION_FINAL"),
            who="decide",
        ),
        _step(StepName.APPROVE, PROPOSABLE, {S.DECIDED}, events=("DECISION_FINAL",), who="countersign"),
        _step(StepName.APPEAL, {S.DECIDED}, {S.APPEALED}, events=("APPEAL_LODGED",), who="lodge_appeal"),
        _step(
            StepName.DECIDE_APPEAL,
            {S.APPEALED},
            {S.APPEAL_DECIDED},
            events=("APPEAL_DECIDED", "DECISION_CREDENTIAL_REVOKED"),
            who="decide_appeal",
        ),
        _step(
            StepName.CONDITIONS_MET,
            {S.DECIDED, S.APPEAL_DECIDED},
            keeps=True,
            events=("CONDITIONS_MET", "DECISION_CREDENTIAL_REVOKED"),
            who="work_case",
        ),
        _step(
            StepName.CLOSE,
            CLOSING,
            {S.CLOSED, S.CLOSED_INCOMPLETE},
            events=("CASE_CLOSED",),
            who="close_case",
        ),
        _step(
            StepName.EXPIRE,
            {S.INFORMATION_REQUESTED},
            {S.CLOSED_INCOMPLETE},
            events=("CASE_CLOSED",),
            who="system",
        ),
        _step(StepName.ISSUE_DECISION, DECIDED, keeps=True, events=("DECISION_ISSUED",), who="work_case"),
        _step(
            StepName.REVOKE_DECISION,
            DECIDED,
            keeps=True,
            events=("DECISION_CREDENTIAL_REVOKED",),
            who="revoke_decision",
        ),
        _step(StepName.REPLAY, set(S), keeps=True, events=("REPLAY_CHECKED",), who="work_case"),
    )
}


class LifecycleError(MicrocredError):
    """A step or an event the life cycle does not allow; ``code`` and ``params`` say which, for
    the edge to word (``lifecycle.step_not_allowed``, ``lifecycle.move_not_allowed``,
    ``lifecycle.event_not_allowed``, ``lifecycle.unknown_event``)."""

    def __init__(self, code: str, *, where: str = "", **params: str) -> None:
        details = ", ".join(f"{k}={v}" for k, v in sorted(params.items()))
        super().__init__(f"{code}({details})", where=where)
        self.code = code
        self.params: dict[str, str] = dict(params)


def possible_steps(status: str) -> list[StepName]:
    """The steps the life cycle allows on a case in ``status`` (whoever asks)."""
    return [name for name, step in STEPS.items() if status in step.sources]


def require_step(step: StepName, status: str, *, where: str = "") -> Step:
    """The step, or ``LifecycleError("lifecycle.step_not_allowed")`` when a case in ``status``
    cannot take it."""
    found = STEPS[step]
    if status not in found.sources:
        raise LifecycleError("lifecycle.step_not_allowed", where=where, step=step.value, status=str(status))
    return found


def check_move(step: StepName, before: str, after: str, *, where: str = "") -> None:
    """Raise ``lifecycle.move_not_allowed`` unless ``step`` may take a case from ``before`` to
    ``after``."""
    found = require_step(step, before, where=where)
    if after in found.targets or (found.keeps and after == before):
        return
    raise LifecycleError(
        "lifecycle.move_not_allowed", where=where, step=step.value, status=str(before), to=str(after)
    )


# ------------------------------------------------------------------------------ event logs


@dataclass(frozen=True)
class EventMove:
    """What an event of a log says about the case's status: the statuses it may be written in
    and those the case may be in after it (``keeps``: or as it was)."""

    sources: frozenset[str]
    targets: frozenset[str]
    keeps: bool


def _event_moves() -> dict[str, EventMove]:
    """Each event's move, from the steps that write it. A step's only event, or the one it
    writes once it has set the status (``DECISION_FINAL``, ``APPEAL_LODGED``, ``CASE_CLOSED``...),
    stands for the step's whole move; the other events a step writes are in ``_FOLLOWING``
    (``INFORMATION_REQUESTED`` after a proposal set the case waiting, ``DECISION_CREDENTIAL_REVOKED``
    after an appeal changed the decision). An event several steps write allows what any of them
    allows."""
    moves: dict[str, EventMove] = {}
    for step in STEPS.values():
        for action in step.events:
            move = _FOLLOWING.get((step.name, action)) or EventMove(
                step.sources, frozenset(step.targets), step.keeps
            )
            old = moves.get(action)
            if old is not None:
                move = EventMove(
                    old.sources | move.sources, old.targets | move.targets, old.keeps or move.keeps
                )
            moves[action] = move
    return moves


_FOLLOWING: Final[Mapping[tuple[StepName, str], EventMove]] = {
    # the inputs snapshot is written before the proposal, the status as it was
    (StepName.PROPOSE, "CASE_INPUTS"): EventMove(PROPOSABLE, frozenset(), True),
    # the proposal itself: PROPOSED, or waiting for information, or back at the desk
    (StepName.PROPOSE, "DECISION_PROPOSED"): EventMove(
        PROPOSABLE, frozenset({S.PROPOSED, S.INFORMATION_REQUESTED, S.UNDER_REVIEW}), False
    ),
    # written once the proposal set the case waiting
    (StepName.PROPOSE, "INFORMATION_REQUESTED"): EventMove(
        frozenset({S.INFORMATION_REQUESTED}), frozenset(), True
    ),
    (StepName.DECIDE, "DECISION_SIGNED"): EventMove(PROPOSABLE, frozenset(), True),
    (StepName.DECIDE, "DECISION_FINAL"): EventMove(PROPOSABLE, frozenset({S.DECIDED}), False),
    (StepName.DECIDE_APPEAL, "DECISION_CREDENTIAL_REVOKED"): EventMove(
        frozenset({S.APPEAL_DECIDED}), frozenset(), True
    ),
    (StepName.CONDITIONS_MET, "DECISION_CREDENTIAL_REVOKED"): EventMove(
        frozenset({S.DECIDED, S.APPEAL_DECIDED}), frozenset(), True
    ),
}

EVENTS: Final[Mapping[str, EventMove]] = _event_moves()


def _narrowed(action: str, payload: Any, targets: frozenset[str]) -> frozenset[str]:
    """What the payload says of the status after the event, where it says something."""
    if not isinstance(payload, Mapping):
        return targets
    if action == "DECISION_PROPOSED" and isinstance(payload.get("outcome"), str):
        waiting = payload["outcome"] == "PENDING_INFORMATION"
        narrowed = {S.INFORMATION_REQUESTED, S.UNDER_REVIEW} if waiting else {S.PROPOSED}
        return targets & frozenset(narrowed)
    if action == "CASE_CLOSED" and isinstance(payload.get("incomplete"), bool):
        return targets & frozenset({S.CLOSED_INCOMPLETE if payload["incomplete"] else S.CLOSED})
    return targets


def _sources_said(action: str, payload: Any) -> frozenset[str]:
    """What the payload says of the status before the event: a case closes incomplete only
    while it waits for information (recognition.md §4.4), and closes complete only otherwise."""
    if (
        action == "CASE_CLOSED"
        and isinstance(payload, Mapping)
        and isinstance(payload.get("incomplete"), bool)
    ):
        waiting = frozenset({S.INFORMATION_REQUESTED})
        return waiting if payload["incomplete"] else frozenset(STEPS[StepName.CLOSE].sources) - waiting
    return _ANY


_ANY: Final = frozenset({NEW, *CaseStatus})


def check_events(events: Iterable[tuple[str, Any]]) -> frozenset[str]:
    """Follow a case's events (action, payload) from before the case existed and return the
    statuses it may be in at the end; ``LifecycleError`` at the first event that no status the
    case may be in allows (``where``: ``event N``). The case's exact status is not always in its
    log (a proposal that asks what was asked already writes no request), so the check follows
    every status the events leave possible."""
    possible: frozenset[str] = frozenset({NEW})
    for seq, (action, payload) in enumerate(events, start=1):
        move = EVENTS.get(action)
        if move is None:
            raise LifecycleError("lifecycle.unknown_event", where=f"event {seq}", action=action)
        allowed = possible & move.sources & _sources_said(action, payload)
        if not allowed:
            raise LifecycleError(
                "lifecycle.event_not_allowed",
                where=f"event {seq}",
                action=action,
                status=" | ".join(sorted(possible)),
            )
        after = _narrowed(action, payload, move.targets) if move.targets else frozenset()
        possible = after | (allowed if move.keeps else frozenset())
        if not possible:
            raise LifecycleError(
                "lifecycle.event_not_allowed",
                where=f"event {seq}",
                action=action,
                status=" | ".join(sorted(allowed)),
            )
    return possible
