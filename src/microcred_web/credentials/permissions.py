"""Who may issue, revoke and manage keys, following the platform policy's rules (ADR 0301):
a role acts only at the institution where the user holds it; superusers may do everything.

The platform's ``accounts.permissions`` table has no credential actions yet, so the same rules
are applied here to the same memberships; when the table gains them these functions can ask
``can()`` instead and nothing else changes.
"""

from __future__ import annotations

from typing import Any, Final

from django.core.exceptions import PermissionDenied

from microcred_web.accounts.models import Role
from microcred_web.accounts.permissions import roles_at
from microcred_web.institutions.models import Institution

ISSUERS: Final = frozenset({Role.INSTITUTION_ADMIN, Role.COURSE_DESIGNER})
STATUS_MANAGERS: Final = frozenset({Role.INSTITUTION_ADMIN, Role.COURSE_DESIGNER})
KEY_MANAGERS: Final = frozenset({Role.INSTITUTION_ADMIN})


def _active(user: Any) -> bool:
    return bool(user is not None and getattr(user, "is_authenticated", False) and user.is_active)


def _has(user: Any, institution_id: int, roles: frozenset[Role]) -> bool:
    if not _active(user):
        return False
    if user.is_superuser:
        return True
    return bool(roles_at(user, institution_id) & roles)


def can_issue(user: Any, institution: Institution) -> bool:
    return _has(user, institution.pk, ISSUERS)


def can_change_status(user: Any, institution: Institution) -> bool:
    """Revoke, suspend or lift a suspension of a credential issued by ``institution``."""
    return _has(user, institution.pk, STATUS_MANAGERS)


def can_manage_keys(user: Any, institution: Institution) -> bool:
    """Create or rotate signing keys and VC-API tokens."""
    return _has(user, institution.pk, KEY_MANAGERS)


def issuing_institutions(user: Any) -> list[Institution]:
    if not _active(user):
        return []
    if user.is_superuser:
        return list(Institution.objects.all())
    ids = {m.institution_id for m in user.memberships.all() if m.institution_id and m.role in ISSUERS}
    return list(Institution.objects.filter(pk__in=ids))


def key_managing_institutions(user: Any) -> list[Institution]:
    if not _active(user):
        return []
    if user.is_superuser:
        return list(Institution.objects.all())
    ids = {m.institution_id for m in user.memberships.all() if m.institution_id and m.role in KEY_MANAGERS}
    return list(Institution.objects.filter(pk__in=ids))


def require(allowed: bool, what: str) -> None:
    if not allowed:
        raise PermissionDenied(f"not allowed: {what}")
