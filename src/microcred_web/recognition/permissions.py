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


def can_revoke_decision(user: Any, case: RecognitionCase) -> bool:
    """Revoking a decision credential the host issued (ADR 0803): the host's recognition officers,
    and its institution administrators, who also revoke the credentials it issues
    (``credentials.permissions``); consortium administrators everywhere."""
    if can_handle(user, case):
        return True
    return _active(user) and Role.INSTITUTION_ADMIN in roles_at(user, case.host_id)


def can_view_case(user: Any, case: RecognitionCase) -> bool:
    """The officer's case page: whoever handles the case, and read-only whoever may revoke its
    decision credential (an institution administrator of the host)."""
    return can_handle(user, case) or can_revoke_decision(user, case)


def require_revoke_decision(user: Any, case: RecognitionCase) -> None:
    if not can_revoke_decision(user, case):
        raise PermissionDenied(
            "not allowed: only recognition officers and institution administrators of the host"
        )


def require_handle(user: Any, case: RecognitionCase) -> None:
    if not can_handle(user, case):
        raise PermissionDenied("not allowed: only recognition officers of the host institution")


def require_follow(user: Any, case: RecognitionCase) -> None:
    if not can_follow(user, case):
        raise PermissionDenied("not allowed: only the applicant")


def require_officer_at(user: Any, institution: Institution) -> None:
    if not is_officer_at(user, institution):
        raise PermissionDenied("not allowed: only recognition officers of this institution")


# ------------------------------------------------------------------------------ issuers' tasks
# Items a case asks of the institution that issued the credential (ADR 0810) are answered by
# that institution's staff who know its courses and its quality assurance: its administrators,
# course designers, QA reviewers and recognition officers (never a learner or an employer).

ISSUER_ROLES = frozenset(
    {Role.INSTITUTION_ADMIN, Role.COURSE_DESIGNER, Role.QA_REVIEWER, Role.RECOGNITION_OFFICER}
)


def can_supply_as_issuer(user: Any, institution: Institution) -> bool:
    if not _active(user):
        return False
    return bool(ISSUER_ROLES & set(roles_at(user, institution.pk)))


def issuer_institutions(user: Any) -> list[Institution]:
    """The institutions for which ``user`` answers requests as issuer."""
    if not _active(user):
        return []
    seen = {
        m.institution.pk: m.institution
        for m in memberships(user)
        if m.institution is not None and m.role in ISSUER_ROLES
    }
    return sorted(seen.values(), key=lambda i: i.short_name)


# ------------------------------------------------------------------------------ agreements
# Who may see and change recognition agreements (ADR 0802). Superusers are the consortium's
# administrators; institution administrators of a party propose and approve bilateral versions.

STAFF_ROLES = frozenset(
    {Role.INSTITUTION_ADMIN, Role.RECOGNITION_OFFICER, Role.COURSE_DESIGNER, Role.QA_REVIEWER}
)


def _party_ids(agreement: Any) -> set[int]:
    ids = {i.pk for i in agreement.sending.all()} | {i.pk for i in agreement.receiving.all()}
    return ids


def is_agreement_staff(user: Any, agreement: Any) -> bool:
    """Staff of a party (or a consortium administrator) see drafts and the named change log."""
    if not _active(user):
        return False
    if user.is_superuser:
        return True
    parties = _party_ids(agreement)
    return any(m.institution_id in parties and m.role in STAFF_ROLES for m in memberships(user))


def admin_institution_ids(user: Any) -> set[int]:
    if not _active(user):
        return set()
    return {
        m.institution_id for m in memberships(user) if m.role == Role.INSTITUTION_ADMIN and m.institution_id
    }


def can_propose_agreement(user: Any, *, consortium: bool, party_ids: set[int]) -> bool:
    """A consortium profile: consortium administrators; any other agreement: an institution
    administrator of one of its parties (or a consortium administrator)."""
    if not _active(user):
        return False
    if user.is_superuser:
        return True
    return not consortium and bool(admin_institution_ids(user) & party_ids)


def can_approve_agreement(user: Any, agreement: Any) -> bool:
    """Four eyes (ADR 0802): never the proposer; for a bilateral agreement an institution
    administrator of a party *other* than the proposer's (or a consortium administrator); for a
    consortium profile a consortium administrator; for an institutional policy another
    administrator of the institution."""
    if not _active(user) or agreement.proposed_by_id == user.pk:
        return False
    if user.is_superuser:
        return True
    if agreement.type == "consortium":
        return False
    parties = _party_ids(agreement)
    mine = admin_institution_ids(user) & parties
    if agreement.type == "institutional_policy":
        return bool(mine)
    proposer = agreement.proposed_by
    theirs = admin_institution_ids(proposer) & parties if proposer is not None else set()
    return bool(mine - theirs)


def can_suspend_agreement(user: Any, agreement: Any) -> bool:
    """Suspending or expiring a version: an administrator of a party, or a consortium
    administrator for the consortium profile."""
    if not _active(user):
        return False
    if user.is_superuser:
        return True
    return agreement.type != "consortium" and bool(admin_institution_ids(user) & _party_ids(agreement))


def require_agreement_staff(user: Any, agreement: Any) -> None:
    if not is_agreement_staff(user, agreement):
        raise PermissionDenied("not allowed: only staff of the agreement's parties")
