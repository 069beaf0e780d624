"""QA in the administration site through the one policy (ADR 0330): an institution's
administrator sets whether its QA review needs a second reviewer (ADR 1501); checklist answers
and sign-offs are read-only (they change through the review page, which keeps every answer)."""

from __future__ import annotations

from django.contrib import admin

from microcred_web.accounts.permissions import Action
from microcred_web.core.admin_policy import PolicyAdmin
from microcred_web.qa.models import ChecklistAnswer, InstitutionQaPolicy, ReviewSignOff


@admin.register(InstitutionQaPolicy)
class InstitutionQaPolicyAdmin(PolicyAdmin):
    view_action = Action.MANAGE_STAFF
    change_action = Action.MANAGE_STAFF
    add_action = Action.MANAGE_STAFF
    list_display = ("institution", "second_reviewer_required")


@admin.register(ChecklistAnswer)
class ChecklistAnswerAdmin(PolicyAdmin):
    institution_path = "version__micro_credential__institution"
    list_display = ("version", "item", "met", "by", "at", "checklist_version")
    list_filter = ("item", "met")


@admin.register(ReviewSignOff)
class ReviewSignOffAdmin(PolicyAdmin):
    institution_path = "version__micro_credential__institution"
    list_display = ("version", "by", "at", "checklist_version")
