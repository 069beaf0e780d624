"""Roles are memberships: a user holds a role at an institution (or, for employers and
learners, possibly at none). Permissions follow from role and institution, never from
the user alone, so one institution's staff cannot touch another's records."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    INSTITUTION_ADMIN = "institution_admin", _("Institution administrator")
    COURSE_DESIGNER = "course_designer", _("Course designer")
    QA_REVIEWER = "qa_reviewer", _("Quality assurance reviewer")
    # Signs and revokes the institution's credentials (ADR 0330): issuing is apart from designing.
    REGISTRAR = "registrar", _("Registrar")
    RECOGNITION_OFFICER = "recognition_officer", _("Recognition officer")
    EMPLOYER = "employer", _("Employer")
    LEARNER = "learner", _("Learner")


class Membership(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    institution = models.ForeignKey(
        "institutions.Institution",
        on_delete=models.CASCADE,
        related_name="memberships",
        null=True,
        blank=True,
    )
    role = models.CharField(_("role"), max_length=30, choices=Role.choices)
    organisation = models.CharField(
        _("organisation"),
        max_length=200,
        blank=True,
        help_text=_("For employers: the company they represent."),
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "institution", "role"], name="unique_membership"),
        ]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")

    def __str__(self) -> str:
        where = self.institution.short_name if self.institution else self.organisation or "-"
        return f"{self.user} · {self.get_role_display()} · {where}"
