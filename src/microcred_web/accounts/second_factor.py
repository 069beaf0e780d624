"""Who must use a second factor (issue 9 item 1, ADR 0310).

The rule is one function, :func:`second_factor_required`, over one list of roles,
:data:`SECOND_FACTOR_ROLES`: the roles that sign, revoke, decide, approve QA or administer. A
role added to the platform (e.g. ``registrar``, who issues) joins by being named here. The roles
are named by their stored value, so a role can be listed before its ``Role`` member exists.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings

from microcred_web.accounts.models import Membership

# The roles whose holders must sign in with a second factor. Learners and employers may add
# one; they are never made to.
SECOND_FACTOR_ROLES: frozenset[str] = frozenset(
    {
        "institution_admin",  # administers: staff, keys, VC-API tokens, publication
        "registrar",  # signs and revokes credentials (issue 9 item 4)
        "course_designer",  # signs credentials from /studio/issue/ until the registrar role takes it
        "qa_reviewer",  # approves QA
        "recognition_officer",  # decides recognition, signs decision credentials
    }
)


def second_factor_required(user: Any) -> bool:
    """Must this user have a second factor before reaching anything but its set-up page?

    Superusers (consortium administrators) always must; others when they hold one of
    :data:`SECOND_FACTOR_ROLES` at any institution. ``MICROCRED_REQUIRE_SECOND_FACTOR`` off (the
    demo's default) makes it optional for everyone.
    """
    if not getattr(settings, "MICROCRED_REQUIRE_SECOND_FACTOR", True):
        return False
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    if user.is_superuser:
        return True
    return Membership.objects.filter(user_id=user.pk, role__in=SECOND_FACTOR_ROLES).exists()


def has_second_factor(user: Any) -> bool:
    """Has the user set up a TOTP authenticator (recovery codes alone do not count)?"""
    from allauth.mfa.models import Authenticator

    return Authenticator.objects.filter(user_id=user.pk, type=Authenticator.Type.TOTP).exists()
