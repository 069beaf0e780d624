"""Writes of the accounts app: staff roles at an institution (``<entity>_<action>``, one
transaction each, policy first).

Granting is a four-eyes act (ADR 0330): nobody gives a role to themselves, whoever they are
(``microcred.four_eyes.check_grant``); another administrator must grant it. Every grant,
refusal and removal goes to the security log.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import transaction

from microcred import four_eyes
from microcred.errors import MicrocredError
from microcred_web.accounts.models import Membership, Role
from microcred_web.accounts.permissions import Action, forget_memberships, four_eyes_message, require
from microcred_web.core.security_log import SecurityEvent, security_event
from microcred_web.institutions.models import Institution

if TYPE_CHECKING:
    from django.contrib.auth.models import User


class SelfGrantError(PermissionDenied):
    """A role given to oneself (the four-eyes rule refuses it); the message is translated."""


def refuse_self_grant(*, by: Any, user_id: int | None, role: str, institution_id: int | None) -> None:
    """Raise :class:`SelfGrantError` (and log ``role.grant_refused``) when ``by`` would give
    ``role`` to themselves. The admin and every service that grants a role call this."""
    verdict = four_eyes.check_grant(granter=getattr(by, "pk", None), grantee=user_id, role=role)
    if verdict.allowed:
        return
    security_event(
        SecurityEvent.ROLE_GRANT_REFUSED,
        user_id=user_id,
        by_id=getattr(by, "pk", None),
        role=role,
        institution_id=institution_id,
        refusal=verdict.refusal.value if verdict.refusal else "",
    )
    raise SelfGrantError(four_eyes_message(verdict))


def log_role_granted(membership: Membership, *, by: Any) -> None:
    security_event(
        SecurityEvent.ROLE_GRANTED,
        user_id=membership.user_id,
        by_id=getattr(by, "pk", None),
        role=membership.role,
        institution_id=membership.institution_id,
        membership_id=membership.pk,
    )


def log_role_revoked(membership: Membership, *, by: Any) -> None:
    security_event(
        SecurityEvent.ROLE_REVOKED,
        user_id=membership.user_id,
        by_id=getattr(by, "pk", None),
        role=membership.role,
        institution_id=membership.institution_id,
        membership_id=membership.pk,
    )


def membership_create(*, institution: Institution, username: str, role: str, by: User) -> Membership:
    """Give an existing user a role at the institution (never to oneself)."""
    require(by, Action.MANAGE_STAFF, institution)
    if role not in Role.values:
        raise MicrocredError(f"unknown role {role!r}; roles are {', '.join(Role.values)}", where="role")
    user_model = get_user_model()
    with transaction.atomic():
        try:
            user = user_model.objects.get(username=username.strip())
        except user_model.DoesNotExist:
            raise MicrocredError(f"there is no user {username.strip()!r}", where="username") from None
        refuse_self_grant(by=by, user_id=user.pk, role=role, institution_id=institution.pk)
        membership, created = Membership.objects.get_or_create(user=user, institution=institution, role=role)
        if not created:
            raise MicrocredError(
                f"{user.get_username()} already holds this role at {institution.short_name}", where="role"
            )
    log_role_granted(membership, by=by)
    forget_memberships(user)
    return membership


def membership_delete(*, membership: Membership, by: User) -> None:
    """Take a role away. Administrators cannot remove their own administrator role (lock-out)."""
    require(by, Action.MANAGE_STAFF, membership)
    if membership.user_id == by.pk and membership.role == Role.INSTITUTION_ADMIN:
        raise MicrocredError("you cannot remove your own administrator role", where="membership")
    with transaction.atomic():
        log_role_revoked(membership, by=by)
        membership.delete()
    forget_memberships(by)
