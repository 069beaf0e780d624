"""Admin for the catalogue. Drafts are edited through the same service as the studio (so the
format is validated), workflow statuses change only through the studio and the API (so every
change has its event), published versions are read-only, and events are append-only."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest

from microcred.errors import MicrocredError
from microcred.model import parse_spec
from microcred.model.spec import SpecFormatError
from microcred_web.accounts.permissions import Action, acting_user, can
from microcred_web.catalogue import services
from microcred_web.catalogue.models import (
    MicroCredential,
    MicroCredentialVersion,
    ReviewComment,
    Status,
    VersionEdit,
    WorkflowEvent,
)
from microcred_web.core.admin_policy import PolicyAdmin


@admin.register(MicroCredential)
class MicroCredentialAdmin(PolicyAdmin):
    """Micro-credentials are created in the studio; the admin shows them."""

    list_display = ("code", "institution", "created_at")
    list_filter = ("institution",)
    search_fields = ("code",)
    readonly_fields = ("institution", "code", "created_by", "created_at")


class VersionForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = MicroCredentialVersion
        fields = ("spec",)

    def clean_spec(self) -> Any:
        spec = self.cleaned_data["spec"]
        try:
            parse_spec(spec)
        except SpecFormatError as exc:
            raise ValidationError([f"{path}: {message}" for path, message in exc.problems]) from None
        except MicrocredError as exc:
            raise ValidationError(str(exc)) from None
        return spec


@admin.register(MicroCredentialVersion)
class VersionAdmin(PolicyAdmin):
    institution_path = "micro_credential__institution"
    change_action = Action.EDIT_DRAFT
    form = VersionForm
    list_display = ("micro_credential", "version", "status", "title_en", "eqf_level", "credits_ects")
    list_filter = ("status", "micro_credential__institution")
    search_fields = ("micro_credential__code", "title_en")
    readonly_fields = (
        "uuid",
        "micro_credential",
        "version",
        "status",
        "created_by",
        "created_at",
        "updated_at",
        "submitted_at",
        "approved_at",
        "published_at",
        "retired_at",
        "title_en",
        "eqf_level",
        "credits_ects",
        "hours",
        "isced_f",
        "participation_mode",
        "languages",
        "skills",
    )
    exclude = ("search_text",)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # Only drafts change; a published (or any non-draft) version is shown read-only.
        if obj is not None and obj.status != Status.DRAFT:
            return False
        return super().has_change_permission(request, obj)

    def save_model(self, request: HttpRequest, obj: Any, form: forms.ModelForm, change: bool) -> None:  # type: ignore[type-arg]
        if not change or not can(request.user, Action.EDIT_DRAFT, obj):
            raise PermissionDenied("not allowed: edit_draft")
        try:
            services.version_update(version=obj, spec=parse_spec(obj.spec), by=acting_user(request))
        except MicrocredError as exc:
            raise PermissionDenied(str(exc)) from None

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return bool(request.user.is_superuser) and (obj is None or obj.status == Status.DRAFT)


class _ReadOnly(PolicyAdmin):
    institution_path = "version__micro_credential__institution"

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return [f.name for f in self.model._meta.fields]


@admin.register(ReviewComment)
class ReviewCommentAdmin(_ReadOnly):
    list_display = ("version", "kind", "author", "created_at")
    list_filter = ("kind",)


@admin.register(WorkflowEvent)
class WorkflowEventAdmin(_ReadOnly):
    """The workflow history is append-only, for everyone."""

    list_display = ("version", "from_status", "to_status", "actor", "at")
    list_filter = ("to_status",)


@admin.register(VersionEdit)
class VersionEditAdmin(_ReadOnly):
    """Who edited each version, and when (four eyes: editors are authors); append-only."""

    list_display = ("version", "editor", "at")
