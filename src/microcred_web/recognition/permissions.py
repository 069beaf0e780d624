"""Who may do what with recognition cases, by the platform policy's rules (ADR 0301, ADR 0801).

* A recognition officer acts only on cases whose *host* institution is where they hold the
  role (institution isolation). Superusers (consortium administrators) may act everywhere.
* A learner sees and acts only on their own cases (the applicant), and only through the learner
  pages: they never see the officer's workspace, the proposal before it is final, or the
  internal events.
* Four eyes on a decision (ADR 0801): the second signature must come from a different person;
  an appeal is decided by someone who did not sign the decision under appeal.

``accounts.permissions.ROLE_ACTIONS`` has no recognition actions yet (its comment says officers
use "the recognition desk"), so the rules are applied here to the same memberships with
``roles_at``, like ``credentials.permissions`` does.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied

from microcred_web.accounts.models import Role
from microcred_web.accounts.permissions import memberships, roles_at
from microcred_web.institutions.models import Institution
from microcred_web.recognition.models import RecognitionCase


def _active(user: Any) -> bool:
    return bool(user is not None and getattr(user, "is_authenticated", False) and user.is_active)


def is_officer_at(user: Any, institution: Institution) -> bool:
    if not _active(user):
        return False
    if user.is_superuser:
        return True
    return Role.RECOGNITION_OFFICER in roles_at(user, institution.pk)


def officer_institutions(user: Any) -> list[Institution]:
    if not _active(user):
        return []
    if user.is_superuser:
        return list(Institution.objects.all())
    seen = {
        m.institution.pk: m.institution
        for m in memberships(user)
        if m.institution is not None and m.role == Role.RECOGNITION_OFFICER
    }
    return sorted(seen.values(), key=lambda i: i.short_name)


def is_learner(user: Any) -> bool:
    """Any signed-in person may ask for recognition of their own credentials; the learner role
    only makes the pages appear in their home."""
    return _active(user)


def can_handle(user: Any, case: RecognitionCase) -> bool:
    """Officer actions on ``case``: view the workspace, set the target, propose, decide."""
    return is_officer_at(user, case.host)


def can_follow(user: Any, case: RecognitionCase) -> bool:
    """Learner actions on ``case``: follow its status, read the notice, appeal."""
    return _active(user) and case.applicant_id is not None and case.applicant_id == user.pk


def require_handle(user: Any, case: RecognitionCase) -> None:
    if not can_handle(user, case):
        raise PermissionDenied("not allowed: only recognition officers of the host institution")


def require_follow(user: Any, case: RecognitionCase) -> None:
    if not can_follow(user, case):
        raise PermissionDenied("not allowed: only the applicant")


def require_officer_at(user: Any, institution: Institution) -> None:
    if not is_officer_at(user, institution):
        raise PermissionDenied("not allowed: only recognition officers of this institution")
