"""The one authorisation policy of the platform (ADR 0301).

Views, the studio API, the admin and the catalogue services all ask ``can(user, action, obj)``
and nothing else, so a rule changes in one place. The rules are data: ``ROLE_ACTIONS`` says
which role may do what *at its own institution*; three rules apply on top of the table:

1. Institution isolation: a role acts only on records of the institution where the user holds
   it. There is no role that reaches another institution's records, drafts included.
2. Four eyes: nobody approves a version they authored (created or submitted), whatever roles
   they hold.
3. Superusers (consortium administrators) may do everything; the four-eyes rule still binds
   them, because it protects the register, not the institution.

Whether an action is possible *now* (a draft cannot be published) is the workflow's business
(``catalogue.workflow``), not the policy's.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum
from typing import TYPE_CHECKING, Any, cast

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from microcred_web.accounts.models import Membership, Role

if TYPE_CHECKING:
    from django.contrib.auth.models import User

    from microcred_web.institutions.models import Institution


class Action(StrEnum):
    VIEW_STUDIO = "view_studio"
    VIEW_VERSION = "view_version"
    CREATE_DRAFT = "create_draft"
    EDIT_DRAFT = "edit_draft"
    SUBMIT = "submit"
    START_REVIEW = "start_review"
    COMMENT = "comment"
    REQUEST_CHANGES = "request_changes"
    APPROVE = "approve"
    PUBLISH = "publish"
    RETIRE = "retire"
    NEW_VERSION = "new_version"
    MANAGE_STAFF = "manage_staff"
    USE_ADMIN = "use_admin"


ACTION_LABELS: dict[Action, Any] = {
    Action.VIEW_STUDIO: _("View the studio"),
    Action.VIEW_VERSION: _("View a micro-credential in the studio (drafts included)"),
    Action.CREATE_DRAFT: _("Create a draft"),
    Action.EDIT_DRAFT: _("Edit a draft"),
    Action.SUBMIT: _("Submit for QA review"),
    Action.START_REVIEW: _("Start the QA review"),
    Action.COMMENT: _("Comment"),
    Action.REQUEST_CHANGES: _("Request changes"),
    Action.APPROVE: _("Approve"),
    Action.PUBLISH: _("Publish"),
    Action.RETIRE: _("Retire"),
    Action.NEW_VERSION: _("Create a new version"),
    Action.MANAGE_STAFF: _("Manage the institution's staff"),
    Action.USE_ADMIN: _("Use the administration site"),
}

# Actions that are about no particular record; every other action targets an institution's
# record (an institution, a micro-credential or a version) and is subject to isolation.
GLOBAL_ACTIONS: frozenset[Action] = frozenset({Action.VIEW_STUDIO, Action.USE_ADMIN})

_AUTHORING = frozenset(
    {
        Action.VIEW_STUDIO,
        Action.VIEW_VERSION,
        Action.CREATE_DRAFT,
        Action.EDIT_DRAFT,
        Action.SUBMIT,
        Action.COMMENT,
        Action.NEW_VERSION,
    }
)

# The matrix: what each role may do at its own institution. Employers, learners and
# recognition officers have no studio rights; they use the public register, their wallet and
# (later) the recognition desk.
ROLE_ACTIONS: dict[Role, frozenset[Action]] = {
    Role.INSTITUTION_ADMIN: _AUTHORING
    | {Action.PUBLISH, Action.RETIRE, Action.MANAGE_STAFF, Action.USE_ADMIN},
    Role.COURSE_DESIGNER: _AUTHORING,
    Role.QA_REVIEWER: frozenset(
        {
            Action.VIEW_STUDIO,
            Action.VIEW_VERSION,
            Action.START_REVIEW,
            Action.COMMENT,
            Action.REQUEST_CHANGES,
            Action.APPROVE,
        }
    ),
    Role.RECOGNITION_OFFICER: frozenset(),
    Role.EMPLOYER: frozenset(),
    Role.LEARNER: frozenset(),
}

STUDIO_ROLES: frozenset[Role] = frozenset(r for r, acts in ROLE_ACTIONS.items() if Action.VIEW_STUDIO in acts)


def _institution_id_of(obj: Any) -> int | None:
    """The institution a record belongs to: an Institution, a MicroCredential, a version, or
    anything with one of those (comments, events, memberships)."""
    from microcred_web.catalogue.models import MicroCredential, MicroCredentialVersion
    from microcred_web.institutions.models import Institution

    if isinstance(obj, Institution):
        return obj.pk
    if isinstance(obj, MicroCredential):
        return obj.institution_id
    if isinstance(obj, MicroCredentialVersion):
        return obj.micro_credential.institution_id
    if isinstance(obj, Membership):
        return obj.institution_id
    for attr in ("version", "micro_credential", "institution"):
        inner = getattr(obj, attr, None)
        if inner is not None:
            return _institution_id_of(inner)
    raise TypeError(f"the policy does not know which institution a {type(obj).__name__} belongs to")


def memberships(user: Any) -> list[Membership]:
    """The user's memberships, read once per request object and cached on it."""
    if not getattr(user, "is_authenticated", False):
        return []
    cached: list[Membership] | None = getattr(user, "_microcred_memberships", None)
    if cached is None:
        cached = list(Membership.objects.filter(user=user).select_related("institution"))
        user._microcred_memberships = cached
    return cached


def roles_at(user: Any, institution_id: int | None) -> set[Role]:
    return {Role(m.role) for m in memberships(user) if m.institution_id == institution_id}


def institutions_where(user: Any, action: Action) -> list[Institution]:
    """Institutions at which ``user`` may perform ``action`` (all of them for superusers)."""
    from microcred_web.institutions.models import Institution

    if not getattr(user, "is_active", False):
        return []
    if user.is_superuser:
        return list(Institution.objects.all())
    seen: dict[int, Institution] = {}
    for m in memberships(user):
        if m.institution is not None and action in ROLE_ACTIONS[Role(m.role)]:
            seen[m.institution.pk] = m.institution
    return sorted(seen.values(), key=lambda i: i.short_name)


def _is_version(obj: Any) -> bool:
    from microcred_web.catalogue.models import MicroCredentialVersion

    return isinstance(obj, MicroCredentialVersion)


def authors_of(version: Any) -> set[int]:
    """User ids that count as authors of a version for the four-eyes rule: who created it
    and who submitted it for review."""
    from microcred_web.catalogue.models import Status

    ids = {version.created_by_id} if version.created_by_id else set()
    ids.update(
        version.events.filter(to_status=Status.SUBMITTED, actor__isnull=False).values_list(
            "actor_id", flat=True
        )
    )
    return ids


def can(user: Any, action: Action | str, obj: Any = None) -> bool:
    """May ``user`` perform ``action`` on ``obj``? (``obj`` is None for global actions.)"""
    action = Action(action)
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if action == Action.APPROVE and _is_version(obj) and user.pk in authors_of(obj):
        return False
    if user.is_superuser:
        return True
    if action in GLOBAL_ACTIONS or obj is None:
        # Without a record: may the user do this anywhere? (e.g. show the "new draft" button)
        return any(action in ROLE_ACTIONS[Role(m.role)] for m in memberships(user) if m.institution_id)
    return any(action in ROLE_ACTIONS[role] for role in roles_at(user, _institution_id_of(obj)))


def require(user: Any, action: Action | str, obj: Any = None) -> None:
    """Raise ``PermissionDenied`` (HTTP 403) unless ``can(user, action, obj)``."""
    if not can(user, action, obj):
        raise PermissionDenied(f"not allowed: {Action(action).value}")


def acting_user(request: HttpRequest) -> User:
    """The signed-in user of a request (views behind ``login_required``, the API behind its
    session auth); anyone else is refused."""
    user = request.user
    if not user.is_authenticated:
        raise PermissionDenied("sign in first")
    return cast("User", user)


def allowed_actions(user: Any, obj: Any, actions: Iterable[Action] = tuple(Action)) -> list[Action]:
    return [a for a in actions if can(user, a, obj)]
