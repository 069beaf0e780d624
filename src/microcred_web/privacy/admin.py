"""The privacy records in the administration site, read-only (ADR 1372): consents through the
one policy (an institution administrator reads their institution's), erasure and download
records for consortium administrators only (they belong to no institution). Nobody adds,
changes or deletes any of them here: consents change by the learner's answer, the others are logs."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import Model
from django.http import HttpRequest

from microcred_web.accounts.permissions import Action, can
from microcred_web.core.admin_policy import PolicyAdmin
from microcred_web.privacy.models import Consent, ErasureRecord, PersonalDataDownload


@admin.register(Consent)
class ConsentAdmin(PolicyAdmin):
    view_action = Action.VIEW_PRIVACY_RECORDS
    institution_path = "enrolment__offering__version__micro_credential__institution"
    list_display = ("enrolment", "state", "notice_version", "recorded_at", "recorded_by", "answered_at")
    list_filter = ("state", "notice_version")
    list_select_related = ("enrolment", "recorded_by")
    search_fields = ("enrolment__external_id",)


class _ConsortiumLog(admin.ModelAdmin):  # type: ignore[type-arg]
    """A log of the consortium's: read by consortium administrators, written by nobody here."""

    def has_module_permission(self, request: HttpRequest) -> bool:
        return can(request.user, Action.USE_ADMIN)

    def has_view_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return can(request.user, Action.USE_ADMIN) and can(
            request.user, Action.VIEW_CONSORTIUM_PRIVACY_RECORDS
        )

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False


@admin.register(ErasureRecord)
class ErasureRecordAdmin(_ConsortiumLog):
    list_display = ("receipt", "requested_at", "counts")


@admin.register(PersonalDataDownload)
class PersonalDataDownloadAdmin(_ConsortiumLog):
    list_display = ("user", "downloaded_at")
