"""A ModelAdmin whose permission hooks and querysets ask the platform policy (ADR 0301)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import Model, QuerySet
from django.http import HttpRequest

from microcred_web.accounts.permissions import Action, can, institutions_where


class PolicyAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Subclasses name the path from the model to its institution and the policy action that
    each admin permission maps to; ``None`` means nobody but the rule in ``superuser_only``."""

    institution_path: str = "institution"
    view_action: Action | None = Action.VIEW_VERSION
    change_action: Action | None = None
    add_action: Action | None = None
    delete_action: Action | None = None

    def _admin(self, request: HttpRequest) -> bool:
        return can(request.user, Action.USE_ADMIN)

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        qs = super().get_queryset(request)
        if request.user.is_superuser:
            return qs
        visible = {i.pk for i in institutions_where(request.user, self.view_action or Action.USE_ADMIN)}
        return qs.filter(**{f"{self.institution_path}__in": visible})

    def _allowed(self, request: HttpRequest, action: Action | None, obj: Model | None) -> bool:
        if action is None or not self._admin(request):
            return False
        if obj is None:
            return bool(institutions_where(request.user, action))
        return can(request.user, action, obj)

    def has_module_permission(self, request: HttpRequest) -> bool:
        return self._admin(request)

    def has_view_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return self._allowed(request, self.view_action, obj)

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return self._allowed(request, self.change_action, obj)

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return self._allowed(request, self.add_action, None)

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return self._allowed(request, self.delete_action, obj)
