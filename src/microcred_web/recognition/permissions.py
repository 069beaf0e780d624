"""Who may do what with recognition cases and agreements: thin names over the one policy table
(``accounts.permissions``, ADR 0330; the desk: ADR 0801, agreements: ADR 0802), kept because the
recognition views and services call them. No rule lives here: each function asks ``can()``, and
the four-eyes checks call the core's rule (``microcred.four_eyes``) through
:func:`require_four_eyes`.

* A recognition officer acts only on cases whose *host* institution is where they hold the
  role; the host's institution administrators read the case and may revoke its decision
  credential; consortium administrators act everywhere.
* A learner follows and appeals only their own cases (the applicant).
* Four eyes on a decision (ADR 0801): the second signature comes from a different person who
  holds the officer role at the host now; an appeal is decided by someone who did not sign the
  decision under appeal.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied

from microcred import four_eyes
from microcred_web.accounts.models import Role
from microcred_web.accounts.permissions import (
    Action,
    AgreementParties,
    can,
    four_eyes_message,
    institutions_where,
    log_four_eyes_refusal,
)
from microcred_web.accounts.permissions import require as _require
from microcred_web.institutions.models import Institution
from microcred_web.recognition.models import RecognitionCase


def is_officer_at(user: Any, institution: Institution) -> bool:
    return can(user, Action.OPEN_CASE, institution)


def officer_institutions(user: Any) -> list[Institution]:
    return institutions_where(user, Action.OPEN_CASE)


def is_learner(user: Any) -> bool:
    """Any signed-in person may ask for recognition of their own credentials; the learner role
    only makes the pages appear in their home."""
    return bool(user is not None and getattr(user, "is_authenticated", False) and user.is_active)


def can_handle(user: Any, case: RecognitionCase, action: Action = Action.WORK_CASE) -> bool:
    """Officer actions on ``case`` (``action``: work on it, by default)."""
    return can(user, action, case)


def can_follow(user: Any, case: RecognitionCase) -> bool:
    """Learner actions on ``case``: follow its status, read the notice, appeal."""
    return can(user, Action.FOLLOW_CASE, case)


def can_revoke_decision(user: Any, case: RecognitionCase) -> bool:
    """Revoking a decision credential the host issued (ADR 0803)."""
    return can(user, Action.REVOKE_DECISION, case)


def can_view_case(user: Any, case: RecognitionCase) -> bool:
    """The officer's case page: whoever handles the case, and read-only the host's
    institution administrators."""
    return can(user, Action.VIEW_CASE, case)


def require_revoke_decision(user: Any, case: RecognitionCase) -> None:
    _require(user, Action.REVOKE_DECISION, case)


def require_handle(user: Any, case: RecognitionCase, action: Action = Action.WORK_CASE) -> None:
    _require(user, action, case)


def require_follow(user: Any, case: RecognitionCase) -> None:
    _require(user, Action.FOLLOW_CASE, case)


def require_officer_at(user: Any, institution: Institution) -> None:
    _require(user, Action.OPEN_CASE, institution)


class FourEyesRefused(PermissionDenied):
    """A four-eyes refusal on the desk; ``verdict`` holds the core's code and parameters and the
    message is translated (``accounts.permissions.four_eyes_message``)."""

    def __init__(self, verdict: four_eyes.Verdict) -> None:
        super().__init__(four_eyes_message(verdict))
        self.verdict = verdict


def four_eyes_check(
    user: Any, case: RecognitionCase, *, authors: Iterable[int | None], step: str, action: Action
) -> four_eyes.Verdict:
    """The core's four-eyes rule on a desk step: ``user`` must hold ``action``'s role at the
    host *now* and be none of ``authors`` (the first signer, the proposer of an override, the
    signers of a decision under appeal)."""
    return four_eyes.check(
        actor=getattr(user, "pk", None),
        authors=authors,
        holds_role=can(user, action, case),
        role=Role.RECOGNITION_OFFICER.value,
        step=step,
        subject="case",
    )


def require_four_eyes(
    user: Any, case: RecognitionCase, *, authors: Iterable[int | None], step: str, action: Action
) -> None:
    """:func:`four_eyes_check`, logging a refusal (``four_eyes.refused``) and raising
    :class:`FourEyesRefused` (a ``PermissionDenied``)."""
    verdict = four_eyes_check(user, case, authors=authors, step=step, action=action)
    if not verdict.allowed:
        log_four_eyes_refusal(verdict, user=user, case_id=case.pk, action=action.value)
        raise FourEyesRefused(verdict)


# ------------------------------------------------------------------------------ issuers' tasks
# Items a case asks of the institution that issued the credential (ADR 0810) are answered by
# that institution's staff who know its courses and its quality assurance (the table's
# ``supply_as_issuer``: administrators, course designers, QA reviewers, recognition officers).


def can_supply_as_issuer(user: Any, institution: Institution) -> bool:
    return can(user, Action.SUPPLY_AS_ISSUER, institution)


def issuer_institutions(user: Any) -> list[Institution]:
    """The institutions for which ``user`` answers requests as issuer."""
    return sorted(institutions_where(user, Action.SUPPLY_AS_ISSUER), key=lambda i: i.short_name)


# ------------------------------------------------------------------------------ agreements
# Who may see and change recognition agreements (ADR 0802); the rules are the policy table's.


def is_agreement_staff(user: Any, agreement: Any) -> bool:
    """Staff of a party (or a consortium administrator) see drafts and the named change log."""
    return can(user, Action.VIEW_AGREEMENT_DRAFTS, agreement)


def admin_institution_ids(user: Any) -> set[int]:
    """Institutions where ``user`` may propose agreements (administrators of a party; every
    institution for a consortium administrator)."""
    return {i.pk for i in institutions_where(user, Action.PROPOSE_AGREEMENT)}


def can_propose_agreement(user: Any, *, consortium: bool, party_ids: set[int]) -> bool:
    """A consortium profile: consortium administrators; any other agreement: an institution
    administrator of one of its parties (or a consortium administrator)."""
    return can(user, Action.PROPOSE_AGREEMENT, AgreementParties(frozenset(party_ids), consortium))


def can_approve_agreement(user: Any, agreement: Any) -> bool:
    """Four eyes (ADR 0802): never the proposer; for a bilateral agreement an institution
    administrator of a party *other* than the proposer's (or a consortium administrator); for a
    consortium profile a consortium administrator; for an institutional policy another
    administrator of the institution."""
    return can(user, Action.APPROVE_AGREEMENT, agreement)


def can_suspend_agreement(user: Any, agreement: Any) -> bool:
    """Suspending or expiring a version: an administrator of a party, or a consortium
    administrator for the consortium profile."""
    return can(user, Action.SUSPEND_AGREEMENT, agreement)


def require_agreement_staff(user: Any, agreement: Any) -> None:
    if not is_agreement_staff(user, agreement):
        raise PermissionDenied("not allowed: only staff of the agreement's parties")
