"""Who may issue, revoke and manage keys: thin names over the one policy table
(``accounts.permissions``, ADR 0330), kept because the credential views and services call them.
No rule lives here; each function asks ``can()``.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied

from microcred_web.accounts.permissions import Action, can, institutions_where
from microcred_web.institutions.models import Institution


def can_issue(user: Any, institution: Institution) -> bool:
    return can(user, Action.ISSUE_CREDENTIAL, institution)


def can_change_status(user: Any, institution: Institution) -> bool:
    """Revoke, suspend or lift a suspension of a credential issued by ``institution``."""
    return can(user, Action.CHANGE_CREDENTIAL_STATUS, institution)


def can_correct(user: Any, institution: Institution) -> bool:
    """Correct a credential issued by ``institution``: issue a replacement, revoke the old one."""
    return can(user, Action.CORRECT_CREDENTIAL, institution)


def can_manage_keys(user: Any, institution: Institution) -> bool:
    """Create or rotate signing keys."""
    return can(user, Action.MANAGE_KEYS, institution)


def can_manage_tokens(user: Any, institution: Institution) -> bool:
    """Create or revoke VC-API tokens."""
    return can(user, Action.MANAGE_TOKENS, institution)


def issuing_institutions(user: Any) -> list[Institution]:
    return institutions_where(user, Action.ISSUE_CREDENTIAL)


def key_managing_institutions(user: Any) -> list[Institution]:
    return institutions_where(user, Action.MANAGE_KEYS)


def require(allowed: bool, what: str) -> None:
    if not allowed:
        raise PermissionDenied(f"not allowed: {what}")
