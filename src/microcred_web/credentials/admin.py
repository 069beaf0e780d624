"""Read-only admin views: keys, status lists and credentials change only through the
services (signing, status bits and their signed lists must stay consistent).

Every class derives from ``PolicyAdmin``, so the admin asks the one policy (ADR 0330): an
institution administrator sees their own institution's records (``view_issued``; tokens:
``manage_tokens``) and no other institution's; nobody adds, changes or deletes here."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from microcred_web.accounts.permissions import Action, can
from microcred_web.core.admin_policy import PolicyAdmin
from microcred_web.credentials.models import (
    ApiToken,
    InstitutionKey,
    IssuedCredential,
    StatusEvent,
    StatusList,
)


class _ReadOnly(PolicyAdmin):
    view_action = Action.VIEW_ISSUED

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


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
    view_action = Action.MANAGE_TOKENS
    list_display = ("institution", "name", "prefix", "created_at", "last_used_at", "revoked_at")
    list_filter = ("institution",)
    exclude = ("token_hash",)
