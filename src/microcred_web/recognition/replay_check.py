"""Replaying a case (recognition.md §6.7): re-decide from the inputs snapshot and compare bit for
bit with the stored proposal.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction

from microcred.errors import MicrocredError
from microcred.recognition.audit import (
    ReplayResult,
)
from microcred_web.recognition import adapters
from microcred_web.recognition.case_events import actor_of, event, locked
from microcred_web.recognition.models import (
    RecognitionCase,
)
from microcred_web.recognition.permissions import (
    require_handle,
)
from microcred_web.recognition.service_messages import err


class ReplayMismatchError(MicrocredError):
    """Replaying the case does not reproduce the recorded proposal (recognition.md §6.7)."""


@transaction.atomic
def recognition_case_replay(*, case: RecognitionCase, by: Any) -> ReplayResult:
    """Re-decide from the inputs snapshot and compare bit for bit with the stored proposal (§6.7).
    A broken chain raises ``TamperError``; a different decision raises ``ReplayMismatchError``."""
    require_handle(by, case)
    case = locked(case)
    events = adapters.audit_events(case.events.order_by("seq"))
    result = adapters.replay_case(events, head=case.head_hash)
    adapters.check_anchors(case, events)
    if not result.matches:
        raise ReplayMismatchError(
            err(
                "service.replay.mismatch",
                reason=result.reason,
                value=result.recorded_sha256[:12],
                value2=result.replayed_sha256[:12],
            ),
            where=f"case {case.reference}",
        )
    event(
        case,
        actor=actor_of(by, "recognition_officer"),
        action="REPLAY_CHECKED",
        payload={"matches": True, "decision_sha256": result.replayed_sha256, "outcome": result.outcome},
    )
    return result
