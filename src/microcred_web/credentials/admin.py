"""Read-only admin views: keys, status lists and credentials change only through the
services (signing, status bits and their signed lists must stay consistent).

Every class derives from ``PolicyAdmin``, so the admin asks the one policy (ADR 0330): an
institution administrator sees their own institution's records (``view_issued``; tokens:
``manage_tokens``) and no other institution's; nobody adds, changes or deletes here (a
token's "add" sends to /studio/keys/, where it is shown once)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _

from microcred_web.accounts.permissions import Action, can
from microcred_web.core.admin_policy import PolicyAdmin
from microcred_web.credentials.models import (
    ApiToken,
    ApiTokenScope,
    InstitutionKey,
    IssuedCredential,
    StatusEvent,
    StatusList,
)


class _ReadOnly(PolicyAdmin):
    """Viewed through the policy; added, changed and deleted by nobody (``PolicyAdmin`` refuses an
    admin permission whose action is ``None``, as the change, add and delete actions are here)."""

    view_action = Action.VIEW_ISSUED


@admin.register(InstitutionKey)
class InstitutionKeyAdmin(_ReadOnly):
    list_display = ("institution", "public_key_multibase", "algorithm", "created_at", "retired_at")
    list_filter = ("institution",)


@admin.register(StatusList)
class StatusListAdmin(_ReadOnly):
    list_display = ("institution", "list_id", "purpose", "next_index", "length", "signed_at")
    list_filter = ("institution", "purpose")
    exclude = ("bits",)


class StatusEventInline(admin.TabularInline):
    model = StatusEvent
    extra = 0
    can_delete = False
    readonly_fields = ("change", "reason", "actor", "actor_label", "at")

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # ``obj`` is the credential the inline sits in: the same policy as the credential.
        return obj is not None and can(request.user, Action.VIEW_ISSUED, obj)


@admin.register(IssuedCredential)
class IssuedCredentialAdmin(_ReadOnly):
    list_display = (
        "credential_id",
        "institution",
        "learner_name",
        "suite",
        "issued_at",
        "revoked_at",
        "suspended",
    )
    list_filter = ("institution", "suite", "suspended")
    search_fields = ("credential_id", "learner_name", "learner_email", "uuid")
    exclude = ("email_salt",)
    inlines = [StatusEventInline]


@admin.register(ApiToken)
class ApiTokenAdmin(_ReadOnly):
    """VC-API tokens, read only (ADR 0310): their scopes, expiry, last use and revocation. The
    token hash is never shown nor editable; tokens are created, shown once and revoked on
    /studio/keys/, so the admin's "add" sends there (the one policy: ``manage_tokens``)."""

    view_action = Action.MANAGE_TOKENS
    list_display = (
        "institution",
        "name",
        "prefix",
        "scope_labels",
        "created_at",
        "expires_at",
        "last_used_at",
        "is_revoked",
    )
    list_filter = ("institution", ("revoked_at", admin.EmptyFieldListFilter))
    search_fields = ("name", "prefix")
    # ``fields`` names what the change page shows; ``token_hash`` is deliberately not among them.
    fields = (
        "institution",
        "name",
        "prefix",
        "scope_labels",
        "created_by",
        "created_at",
        "expires_at",
        "last_used_at",
        "revoked_at",
    )
    readonly_fields = fields

    @admin.display(description=_("scopes"))
    def scope_labels(self, obj: ApiToken) -> str:
        labels = dict(ApiTokenScope.choices)
        return ", ".join(str(labels.get(scope, scope)) for scope in obj.scopes.split())

    @admin.display(description=_("revoked"), boolean=True, ordering="revoked_at")
    def is_revoked(self, obj: ApiToken) -> bool:
        return obj.revoked_at is not None

    def add_view(self, request: HttpRequest, form_url: str = "", extra_context: Any = None) -> HttpResponse:
        """A token is shown once, when it is made: that happens on the keys page, not here."""
        if not self._allowed(request, Action.MANAGE_TOKENS, None):
            raise PermissionDenied
        return redirect("credentials:keys")
