from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db import models
from django.http import HttpRequest

from microcred_web.accounts.permissions import Action
from microcred_web.core.admin_policy import PolicyAdmin
from microcred_web.institutions.models import Institution


@admin.register(Institution)
class InstitutionAdmin(PolicyAdmin):
    """Institution administrators see and edit their own institution; only consortium
    administrators add or remove institutions."""

    institution_path = "pk"
    change_action = Action.MANAGE_STAFF
    list_display = ("short_name", "slug", "country", "credit_system", "national_framework", "is_partner")
    list_filter = ("country", "is_partner")
    search_fields = ("short_name", "slug")
    # a homepage typed without a scheme is https (Django 6.0's default; 5.2 still warns and says http)
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> tuple[str, ...]:
        return () if request.user.is_superuser else ("slug", "is_partner")

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return bool(request.user.is_superuser)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return bool(request.user.is_superuser)
