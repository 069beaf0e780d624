"""The QA workflow as data: which action moves a version from which statuses to which.

draft -> submitted -> in_review -> approved -> published -> retired; "request changes" sends a
submitted or in-review version back to draft; "withdraw" lets the authors take back a submitted
version before a reviewer has started (issue 16 item 7, ADR 1603). Who may act is the policy's business
(``accounts.permissions``); this table only says what is possible from a status.
"""

from __future__ import annotations

from dataclasses import dataclass

from microcred_web.accounts.permissions import Action
from microcred_web.catalogue.models import Status


@dataclass(frozen=True)
class Transition:
    action: Action
    sources: frozenset[Status]
    target: Status


TRANSITIONS: dict[Action, Transition] = {
    t.action: t
    for t in (
        Transition(Action.SUBMIT, frozenset({Status.DRAFT}), Status.SUBMITTED),
        Transition(Action.WITHDRAW, frozenset({Status.SUBMITTED}), Status.DRAFT),
        Transition(Action.START_REVIEW, frozenset({Status.SUBMITTED}), Status.IN_REVIEW),
        Transition(Action.REQUEST_CHANGES, frozenset({Status.SUBMITTED, Status.IN_REVIEW}), Status.DRAFT),
        Transition(Action.APPROVE, frozenset({Status.IN_REVIEW}), Status.APPROVED),
        Transition(Action.PUBLISH, frozenset({Status.APPROVED}), Status.PUBLISHED),
        Transition(Action.RETIRE, frozenset({Status.PUBLISHED}), Status.RETIRED),
    )
}

# Actions that are possible in a status without changing it.
EDIT_STATUSES = frozenset({Status.DRAFT})
NEW_VERSION_STATUSES = frozenset({Status.PUBLISHED, Status.RETIRED})
COMMENT_STATUSES = frozenset({Status.DRAFT, Status.SUBMITTED, Status.IN_REVIEW, Status.APPROVED})


def possible_in(status: str) -> list[Action]:
    """Actions that the workflow allows on a version in ``status`` (whoever asks)."""
    st = Status(status)
    actions = [a for a, t in TRANSITIONS.items() if st in t.sources]
    if st in EDIT_STATUSES:
        actions.append(Action.EDIT_DRAFT)
    if st in COMMENT_STATUSES:
        actions.append(Action.COMMENT)
    if st in NEW_VERSION_STATUSES:
        actions.append(Action.NEW_VERSION)
    return actions
