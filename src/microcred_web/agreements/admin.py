"""Recognition agreements in the administration site, read-only (ADR 0802).

The admin follows the same rules as the agreement pages: whoever may use the admin (``can(user,
"use_admin")``) sees every published version and the drafts of agreements whose party they work
for (``agreement_services.visible``); who proposed and approved, and the change log with names,
only the parties' staff (``is_agreement_staff``). Nothing is added, edited or deleted here: a
version changes only by a new version proposed on the pages, and the only actions call the
services that the pages call (``agreement_approve``, ``agreement_withdraw``), so four eyes bind
the admin too. The change log is read-only to everyone, consortium administrators included.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from microcred.errors import MicrocredError
from microcred_web.accounts.permissions import Action, can, institutions_where
from microcred_web.agreements import services as agreement_services
from microcred_web.agreements.models import Agreement, AgreementChange
from microcred_web.recognition.permissions import is_agreement_staff

_NAMES = ("proposed_by", "approved_by")


def _staff_institution_ids(user: Any) -> set[int]:
    return {i.pk for i in institutions_where(user, Action.VIEW_AGREEMENT_DRAFTS)}


def _of_my_parties(user: Any, prefix: str = "") -> Q:
    ids = _staff_institution_ids(user)
    return Q(**{f"{prefix}sending__in": ids}) | Q(**{f"{prefix}receiving__in": ids})


class _ReadOnlyByPolicy(admin.ModelAdmin):  # type: ignore[type-arg]
    """No add, change or delete for anyone; viewing as the agreement pages allow."""

    def has_module_permission(self, request: HttpRequest) -> bool:
        return can(request.user, Action.USE_ADMIN)

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class AgreementChangeInline(admin.TabularInline):  # type: ignore[type-arg]
    model = AgreementChange
    extra = 0
    can_delete = False
    fields = ("action", "at", "by", "note", "diff")
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return obj is not None and is_agreement_staff(request.user, obj)


@admin.register(Agreement)
class AgreementAdmin(_ReadOnlyByPolicy):
    list_display = (
        "agreement_id",
        "version",
        "type",
        "status",
        "parties",
        "date_effective",
        "expiration_date",
    )
    list_filter = ("type", "status", "receiving", "sending")
    search_fields = (
        "agreement_id",
        "title",
        "summary",
        "sending__slug",
        "sending__short_name",
        "receiving__slug",
        "receiving__short_name",
    )
    ordering = ("agreement_id", "-version")
    inlines = (AgreementChangeInline,)
    actions = ("approve_drafts", "withdraw_drafts")

    def get_queryset(self, request: HttpRequest) -> QuerySet[Agreement]:
        qs = super().get_queryset(request).prefetch_related("sending", "receiving")
        if getattr(request.user, "is_superuser", False):
            return qs
        return qs.filter(Q(status__in=agreement_services.PUBLISHED) | _of_my_parties(request.user)).distinct()

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if not can(request.user, Action.USE_ADMIN):
            return False
        return obj is None or agreement_services.visible(request.user, obj)

    def get_exclude(self, request: HttpRequest, obj: Any = None) -> tuple[str, ...]:
        # Names are for the parties' staff, as on the agreement page.
        return () if obj is not None and is_agreement_staff(request.user, obj) else _NAMES

    @admin.display(description=_("Parties"))
    def parties(self, obj: Agreement) -> str:
        receiving = ", ".join(i.short_name for i in obj.receiving.all())
        if obj.any_member and obj.type == "consortium":
            return str(_("All partners"))
        if obj.any_member:
            return f"{_('Any sending institution')} → {receiving}"
        return f"{', '.join(i.short_name for i in obj.sending.all())} → {receiving}"

    def _each(self, request: HttpRequest, queryset: QuerySet[Agreement], service: Any, done: Any) -> None:
        for row in queryset.order_by("agreement_id", "version"):
            try:
                service(agreement=row, by=request.user)
            except (MicrocredError, PermissionDenied) as exc:
                self.message_user(request, f"{row.ref}: {exc}", messages.ERROR)
            else:
                self.message_user(request, done % {"ref": row.ref}, messages.SUCCESS)

    @admin.action(description=_("Approve the selected drafts (never your own: four eyes)"))
    def approve_drafts(self, request: HttpRequest, queryset: QuerySet[Agreement]) -> None:
        self._each(
            request, queryset, agreement_services.agreement_approve, _("%(ref)s is approved and active.")
        )

    @admin.action(description=_("Withdraw the selected drafts"))
    def withdraw_drafts(self, request: HttpRequest, queryset: QuerySet[Agreement]) -> None:
        self._each(request, queryset, agreement_services.agreement_withdraw, _("%(ref)s is withdrawn."))


@admin.register(AgreementChange)
class AgreementChangeAdmin(_ReadOnlyByPolicy):
    """The change log, with names: the parties' staff (consortium administrators: all of it)."""

    list_display = ("agreement", "action", "by", "at")
    list_filter = ("action",)
    search_fields = ("agreement__agreement_id", "note")
    ordering = ("-at", "-pk")

    def get_queryset(self, request: HttpRequest) -> QuerySet[AgreementChange]:
        qs = super().get_queryset(request).select_related("agreement", "by")
        if getattr(request.user, "is_superuser", False):
            return qs
        return qs.filter(_of_my_parties(request.user, "agreement__")).distinct()

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if not can(request.user, Action.USE_ADMIN):
            return False
        return obj is None or is_agreement_staff(request.user, obj.agreement)
