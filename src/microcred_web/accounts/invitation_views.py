"""Pages of staff invitations: the administrator's list and form, and the invitee's link."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from microcred_web.accounts import invitations as service
from microcred_web.accounts.models import Invitation, Role
from microcred_web.accounts.views import managed_institutions, posted_institution


def _reason(exc: service.InvitationError) -> str:
    """What an invitation error means, in the reader's language."""
    reasons = {
        "email": _("That is not an e-mail address."),
        "role": _("That role does not exist."),
        "self": _("You cannot invite yourself: another administrator must give you a role."),
        "unknown": _("This invitation link is not valid. Ask your administrator for a new one."),
        "used": _("This invitation has been used already. Sign in with the account it created."),
        "expired": _("This invitation has expired. Ask your administrator for a new one."),
        "account_exists": _(
            "An account with this e-mail address exists: sign in with it, then open the link again."
        ),
        "username": _("Choose a username."),
        "username_taken": _("This username is taken: choose another."),
        "other_address": _("This invitation was sent to another e-mail address than your account's."),
    }
    if exc.code == "password":
        return exc.message  # Django's password validators' own (translated) messages
    return reasons.get(exc.code, exc.message)


@login_required
def invitations(request: HttpRequest) -> HttpResponse:
    institutions = managed_institutions(request)
    status = 200
    if request.method == "POST":
        institution = posted_institution(request, institutions)
        try:
            sent = service.invitation_create(
                institution=institution,
                email=request.POST.get("email", ""),
                role=request.POST.get("role", ""),
                by=request.user,
                request=request,
            )
        except service.InvitationError as exc:
            messages.error(request, _reason(exc))
            status = 400
        else:
            messages.success(
                request,
                _("Invitation sent to %(email)s. The link works once, for %(days)d days.")
                % {
                    "email": sent.invitation.email,
                    "days": (sent.invitation.expires_at - sent.invitation.created_at).days,
                },
            )
            return redirect("accounts:invitations")
    context: dict[str, Any] = {
        "institutions": institutions,
        "roles": Role.choices,
        "invitations": Invitation.objects.filter(institution__in=institutions).select_related("institution")[
            :100
        ],
    }
    return render(request, "accounts/invitations.html", context, status=status)


@login_required
@require_POST
def invitation_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    invitation = get_object_or_404(Invitation, pk=pk)
    service.invitation_withdraw(invitation=invitation, by=request.user)
    messages.success(request, _("The invitation no longer works."))
    return redirect("accounts:invitations")


def invitation_accept(request: HttpRequest, token: str) -> HttpResponse:
    """The invitee's link: set a username and password (or accept with the signed-in account)."""
    try:
        invitation = service.invitation_for(token)
    except service.InvitationError as exc:
        return render(request, "accounts/invitation_invalid.html", {"reason": _reason(exc)}, status=410)
    error = ""
    if request.method == "POST":
        try:
            if request.POST.get("accept_with_account") and request.user.is_authenticated:
                service.invitation_accept_existing_account(token=token, user=request.user, request=request)
                messages.success(request, _("You now hold the role."))
                return redirect("accounts:home")
            if request.POST.get("password1", "") != request.POST.get("password2", ""):
                error = _("The two passwords differ.")
            else:
                service.invitation_accept_new_account(
                    token=token,
                    username=request.POST.get("username", ""),
                    password=request.POST.get("password1", ""),
                    request=request,
                )
                messages.success(request, _("Your account is ready: sign in with your new password."))
                return redirect("accounts:login")
        except service.InvitationError as exc:
            error = _reason(exc)
    return render(
        request,
        "accounts/invitation_accept.html",
        {
            "invitation": invitation,
            "role": invitation.role_label,
            "error": error,
            "username": request.POST.get("username", invitation.email.split("@", 1)[0]),
        },
        status=400 if error else 200,
    )
