"""Sign-in pages, the home page of each role, and staff management for institution administrators."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from microcred.errors import MicrocredError
from microcred_web.accounts import selectors, services
from microcred_web.accounts.models import Membership, Role
from microcred_web.accounts.permissions import Action, acting_user, can, institutions_where, memberships
from microcred_web.institutions.models import Institution


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """What the signed-in user can do, by role."""
    user = request.user
    roles = memberships(user)
    context: dict[str, Any] = {
        "memberships": roles,
        "can_studio": can(user, Action.VIEW_STUDIO),
        "can_create": can(user, Action.CREATE_DRAFT),
        "can_admin": can(user, Action.USE_ADMIN),
        "can_staff": bool(institutions_where(user, Action.MANAGE_STAFF)),
        "is_learner": any(m.role == Role.LEARNER for m in roles),
        "is_employer": any(m.role == Role.EMPLOYER for m in roles),
        "is_recognition": any(m.role == Role.RECOGNITION_OFFICER for m in roles),
    }
    # The home page is where every role starts, so it links to the other apps' work too.
    from microcred_web.credentials.permissions import issuing_institutions, key_managing_institutions
    from microcred_web.notifications.messages import message
    from microcred_web.notifications.selectors import todo_for
    from microcred_web.recognition.permissions import officer_institutions

    context.update(
        can_issue=bool(issuing_institutions(user)),
        can_keys=bool(key_managing_institutions(user)),
        is_officer=bool(officer_institutions(user)),
        # the open tasks by role: to review, issue, answer, decide (issue 11 item 4, ADR 1110)
        todo=todo_for(user),
        todo_none=message("todo.none"),
    )
    return render(request, "accounts/home.html", context)


def managed_institutions(request: HttpRequest) -> list[Institution]:
    """The institutions whose staff the user manages; none is a 403 (staff and invitation pages)."""
    institutions = institutions_where(request.user, Action.MANAGE_STAFF)
    if not institutions:
        raise PermissionDenied(_("You cannot manage staff."))
    return institutions


def posted_institution(request: HttpRequest, institutions: list[Institution]) -> Institution:
    """The institution a staff form names (``institution``: a slug), only among ``institutions``."""
    slug = request.POST.get("institution", "")
    institution = next((i for i in institutions if i.slug == slug), None)
    if institution is None:
        raise PermissionDenied(_("You cannot manage staff at that institution."))
    return institution


@login_required
def staff(request: HttpRequest) -> HttpResponse:
    institutions = managed_institutions(request)
    status = 200
    if request.method == "POST":
        institution = posted_institution(request, institutions)
        try:
            services.membership_create(
                institution=institution,
                username=request.POST.get("username", ""),
                role=request.POST.get("role", ""),
                by=acting_user(request),
            )
        except MicrocredError as exc:
            messages.error(request, str(exc))
            status = 400
        except services.SelfGrantError as exc:
            messages.error(request, str(exc))
            status = 403
        else:
            messages.success(request, _("Role given."))
            return redirect("accounts:staff")
    return render(
        request,
        "accounts/staff.html",
        {
            "institutions": institutions,
            "staff": selectors.staff_of([i.pk for i in institutions]),
            "roles": Role.choices,
        },
        status=status,
    )


@login_required
@require_POST
def staff_remove(request: HttpRequest, pk: int) -> HttpResponse:
    membership = get_object_or_404(Membership, pk=pk)
    try:
        services.membership_delete(membership=membership, by=acting_user(request))
    except MicrocredError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Role removed."))
    return redirect("accounts:staff")
