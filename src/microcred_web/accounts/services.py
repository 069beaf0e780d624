"""Writes of the accounts app: staff roles at an institution (``<entity>_<action>``, one
transaction each, policy first)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib.auth import get_user_model
from django.db import transaction

from microcred.errors import MicrocredError
from microcred_web.accounts.models import Membership, Role
from microcred_web.accounts.permissions import Action, require
from microcred_web.institutions.models import Institution

if TYPE_CHECKING:
    from django.contrib.auth.models import User


def membership_create(*, institution: Institution, username: str, role: str, by: User) -> Membership:
    """Give an existing user a role at the institution."""
    require(by, Action.MANAGE_STAFF, institution)
    if role not in Role.values:
        raise MicrocredError(f"unknown role {role!r}; roles are {', '.join(Role.values)}", where="role")
    user_model = get_user_model()
    with transaction.atomic():
        try:
            user = user_model.objects.get(username=username.strip())
        except user_model.DoesNotExist:
            raise MicrocredError(f"there is no user {username.strip()!r}", where="username") from None
        membership, created = Membership.objects.get_or_create(user=user, institution=institution, role=role)
        if not created:
            raise MicrocredError(
                f"{user.get_username()} already holds this role at {institution.short_name}", where="role"
            )
    return membership


def membership_delete(*, membership: Membership, by: User) -> None:
    """Take a role away. Administrators cannot remove their own administrator role (lock-out)."""
    require(by, Action.MANAGE_STAFF, membership)
    if membership.user_id == by.pk and membership.role == Role.INSTITUTION_ADMIN:
        raise MicrocredError("you cannot remove your own administrator role", where="membership")
    with transaction.atomic():
        membership.delete()
