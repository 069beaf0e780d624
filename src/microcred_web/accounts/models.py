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


class Invitation(models.Model):
    """An institution administrator's invitation of an e-mail address to a role (ADR 0310).

    The link carries a random token; only its SHA-256 is stored. It works once, until
    ``expires_at``. ``role`` holds a ``Role`` value (checked by the service, not by choices, so a
    new role needs no migration here).
    """

    institution = models.ForeignKey(
        "institutions.Institution",
        on_delete=models.CASCADE,
        related_name="invitations",
        null=True,
        blank=True,
    )
    # ADR 1430: an invitation to act for an employer organisation (role ``employer``) names the
    # employer instead of an institution; a consortium administrator sends it.
    employer = models.ForeignKey(
        "skills.Employer", on_delete=models.CASCADE, related_name="invitations", null=True, blank=True
    )
    email = models.EmailField(_("e-mail address"))
    role = models.CharField(_("role"), max_length=30)
    token_hash = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")

    def __str__(self) -> str:
        return f"{self.place_slug}: {self.role} ({self.pk})"

    @property
    def place_name(self) -> str:
        """Where the role is held: the institution's short name, or the employer's name."""
        if self.employer_id is not None:
            return self.employer.name  # type: ignore[union-attr]
        return self.institution.short_name if self.institution is not None else ""

    @property
    def place_slug(self) -> str:
        if self.employer_id is not None:
            return self.employer.slug  # type: ignore[union-attr]
        return self.institution.slug if self.institution is not None else ""

    @property
    def role_label(self) -> str:
        return str(Role(self.role).label) if self.role in Role.values else self.role
