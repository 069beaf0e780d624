from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import ForeignKey, Q, QuerySet
from django.http import HttpRequest

from microcred_web.accounts import services
from microcred_web.accounts.models import Membership
from microcred_web.accounts.permissions import Action, can, institutions_where
from microcred_web.core.admin_policy import PolicyAdmin
from microcred_web.institutions.models import Institution


@admin.register(Membership)
class MembershipAdmin(PolicyAdmin):
    """Institution administrators manage the roles at their own institution only."""

    view_action = Action.MANAGE_STAFF
    change_action = Action.MANAGE_STAFF
    add_action = Action.MANAGE_STAFF
    delete_action = Action.MANAGE_STAFF
    list_display = ("user", "role", "institution", "organisation")
    list_filter = ("role", "institution")
    search_fields = ("user__username", "organisation")

    def formfield_for_foreignkey(self, db_field: ForeignKey, request: HttpRequest, **kwargs: Any) -> Any:  # type: ignore[type-arg]
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "institution" and not request.user.is_superuser and field is not None:
            field.queryset = Institution.objects.filter(
                pk__in=[i.pk for i in institutions_where(request.user, Action.MANAGE_STAFF)]
            )
            field.required = True
        if db_field.name == "user" and not request.user.is_superuser and field is not None:
            # Offer only people who are new or already at the administrator's institutions,
            # so the list does not show every other institution's staff.
            managed = [i.pk for i in institutions_where(request.user, Action.MANAGE_STAFF)]
            field.queryset = (
                get_user_model()
                .objects.filter(Q(memberships__isnull=True) | Q(memberships__institution__in=managed))
                .distinct()
                .order_by("username")
            )
        return field

    def save_model(self, request: HttpRequest, obj: Membership, form: forms.ModelForm, change: bool) -> None:  # type: ignore[type-arg]
        if not can(request.user, Action.MANAGE_STAFF, obj):
            raise PermissionDenied("not allowed: manage_staff")
        # Four eyes (ADR 0330): nobody gives a role to themselves here either.
        services.refuse_self_grant(
            by=request.user, user_id=obj.user_id, role=obj.role, institution_id=obj.institution_id
        )
        if change:
            before = Membership.objects.get(pk=obj.pk)
            services.log_role_revoked(before, by=request.user)
        super().save_model(request, obj, form, change)
        services.log_role_granted(obj, by=request.user)

    def delete_model(self, request: HttpRequest, obj: Membership) -> None:
        services.log_role_revoked(obj, by=request.user)
        super().delete_model(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Membership]) -> None:
        for membership in queryset:
            services.log_role_revoked(membership, by=request.user)
        super().delete_queryset(request, queryset)
