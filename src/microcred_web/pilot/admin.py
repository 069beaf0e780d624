"""The pilot in the administration site, read-only and through the one policy (ADR 0330):
offerings, enrolments and imports change through the services (validation, all-or-nothing)."""

from __future__ import annotations

from django.contrib import admin

from microcred_web.accounts.permissions import Action
from microcred_web.core.admin_policy import PolicyAdmin
from microcred_web.pilot.models import Enrolment, Offering, ResultImport


class _ReadOnly(PolicyAdmin):
    """Viewed through the policy; added, changed and deleted by nobody (``PolicyAdmin`` refuses an
    admin permission whose action is ``None``, as the change, add and delete actions are here)."""

    view_action = Action.MANAGE_OFFERINGS


@admin.register(Offering)
class OfferingAdmin(_ReadOnly):
    institution_path = "version__micro_credential__institution"
    list_display = ("version", "term", "starts_on", "ends_on", "mode", "language", "capacity", "place")
    list_filter = ("mode", "language")


@admin.register(Enrolment)
class EnrolmentAdmin(_ReadOnly):
    institution_path = "offering__version__micro_credential__institution"
    list_display = ("offering", "external_id", "full_name", "email", "grade", "passed", "supervision_applied")
    search_fields = ("external_id", "full_name", "email")


@admin.register(ResultImport)
class ResultImportAdmin(_ReadOnly):
    view_action = Action.IMPORT_RESULTS
    institution_path = "offering__version__micro_credential__institution"
    list_display = ("offering", "source", "layout", "state", "rows", "created", "updated", "at")
    exclude = ("content",)
