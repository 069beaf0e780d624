"""The administration site, guarded by the platform policy instead of Django's ``is_staff`` flag.

Who may use the admin is a row of the policy table (``use_admin``); what each person sees and
changes there is decided per record by the same policy (see the ``admin`` modules of the apps).
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.admin.forms import AdminAuthenticationForm
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from microcred_web.accounts.permissions import Action, can


class PolicyAdminAuthenticationForm(AdminAuthenticationForm):
    def confirm_login_allowed(self, user: object) -> None:
        if not can(user, Action.USE_ADMIN):
            raise ValidationError(_("This account cannot use the administration site."), code="invalid_login")


class MicrocredAdminSite(admin.AdminSite):
    site_header = _("microcred administration")
    site_title = _("microcred administration")
    login_form = PolicyAdminAuthenticationForm

    def has_permission(self, request: HttpRequest) -> bool:
        return can(request.user, Action.USE_ADMIN)

    def login(self, request: HttpRequest, extra_context: Any = None) -> HttpResponse:
        """Everyone signs in through the one sign-in page (lock-out, second factor; ADR 0310):
        the admin's own password form is never used."""
        if not request.user.is_authenticated:
            target = request.GET.get("next") or reverse("admin:index")
            return redirect(f"{reverse('accounts:login')}?{urlencode({'next': target})}")
        if not self.has_permission(request):
            raise PermissionDenied(_("This account cannot use the administration site."))
        return super().login(request, extra_context)
