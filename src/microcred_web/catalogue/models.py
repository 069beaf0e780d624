"""Micro-credentials and their versions.

A ``MicroCredential`` is the stable identity (institution + code). Each
``MicroCredentialVersion`` holds one specification in the JSON exchange format and moves
through the workflow draft -> submitted -> in_review -> approved -> published -> retired.
A published version is immutable: editing it creates the next version. The register
fields below are derived from the specification when a version is published, so the public
register can filter in the database.
"""

from __future__ import annotations

import uuid
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    IN_REVIEW = "in_review", _("In QA review")
    APPROVED = "approved", _("Approved")
    PUBLISHED = "published", _("Published")
    RETIRED = "retired", _("Retired")


# A published version is immutable; a retired one was published and stays as it was.
FROZEN_STATUSES = frozenset({Status.PUBLISHED, Status.RETIRED})


class MicroCredential(models.Model):
    institution = models.ForeignKey(
        "institutions.Institution", on_delete=models.PROTECT, related_name="micro_credentials"
    )
    code = models.CharField(_("code"), max_length=60)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["institution", "code"], name="unique_code_per_institution")
        ]
        ordering = ["institution__short_name", "code"]
        verbose_name = _("micro-credential")
        verbose_name_plural = _("micro-credentials")

    def __str__(self) -> str:
        return f"{self.institution.short_name}/{self.code}"


class MicroCredentialVersion(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    micro_credential = models.ForeignKey(MicroCredential, on_delete=models.CASCADE, related_name="versions")
    version = models.PositiveIntegerField(_("version"))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    spec = models.JSONField(
        _("specification"), help_text=_("The specification in the microcred JSON exchange format.")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Provenance (ADR 1613): the published version, of any partner, this one was copied from.
    derived_from = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="copies",
        verbose_name=_("copied from"),
    )
    # db_default: rows written by code that predates the column (an older release's workers
    # during an upgrade, migration tests at an earlier state) get "" from the database itself
    template = models.CharField(_("started from template"), max_length=40, blank=True, db_default="")
    submitted_at = models.DateTimeField(null=True, blank=True)
    approved_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    retired_at = models.DateTimeField(null=True, blank=True)

    # Register fields, derived from ``spec`` (see catalogue.services) so the register filters in SQL.
    title_en = models.CharField(max_length=300, blank=True, db_index=True)
    eqf_level = models.PositiveSmallIntegerField(null=True, blank=True, db_index=True)
    credits_ects = models.DecimalField(max_digits=6, decimal_places=2, null=True, blank=True)
    hours = models.DecimalField(max_digits=7, decimal_places=1, null=True, blank=True)
    isced_f = models.CharField(max_length=4, blank=True, db_index=True)
    participation_mode = models.CharField(max_length=30, blank=True)
    languages = models.CharField(
        max_length=60, blank=True, help_text=_("Space-separated language codes of instruction.")
    )
    skills = models.TextField(blank=True, help_text=_("Space-separated ESCO skill URIs."))
    search_text = models.TextField(
        blank=True, help_text=_("Normalised words for search (diacritics folded, Lao segmented).")
    )

    class Meta:
        constraints = [models.UniqueConstraint(fields=["micro_credential", "version"], name="unique_version")]
        ordering = ["micro_credential", "-version"]
        verbose_name = _("micro-credential version")
        verbose_name_plural = _("micro-credential versions")

    def __str__(self) -> str:
        return f"{self.micro_credential} v{self.version} ({self.status})"

    def save(self, *args: Any, **kwargs: Any) -> None:
        """Refuse to change the specification of a published or retired version, whoever saves
        it (services, admin, shell): the register and issued credentials point at it."""
        if self.pk is not None:
            before = type(self).objects.filter(pk=self.pk).values("status", "spec").first()
            if before and before["status"] in FROZEN_STATUSES and before["spec"] != self.spec:
                from microcred_web.catalogue.errors import ImmutableVersionError

                raise ImmutableVersionError(
                    f"version {self.version} is {before['status']}; its specification cannot change, "
                    "create a new version instead",
                    where=str(self.micro_credential),
                )
        super().save(*args, **kwargs)

    @property
    def is_editable(self) -> bool:
        return self.status == Status.DRAFT

    @property
    def credits_ects_value(self) -> Decimal | None:
        return self.credits_ects


class ReviewComment(models.Model):
    class Kind(models.TextChoices):
        COMMENT = "comment", _("Comment")
        CHANGES_REQUESTED = "changes_requested", _("Changes requested")
        APPROVAL = "approval", _("Approval")

    version = models.ForeignKey(MicroCredentialVersion, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=30, choices=Kind.choices, default=Kind.COMMENT)
    field_path = models.CharField(
        max_length=120, blank=True, help_text=_("The element the comment is about, if any.")
    )
    body = models.TextField(_("comment"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at"]


class WorkflowEvent(models.Model):
    """Append-only record of every status change: who, when, from what to what, why."""

    version = models.ForeignKey(MicroCredentialVersion, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    from_status = models.CharField(max_length=20, choices=Status.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=Status.choices)
    note = models.TextField(blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "pk"]


class VersionEdit(models.Model):
    """Every saved edit of a version: who and when (issue 9 item 4, ADR 0330). Each editor
    counts as an author for the four-eyes rule (``accounts.permissions.authors_of``), so whoever
    changed a version's text cannot review, approve or publish it. Append-only."""

    version = models.ForeignKey(MicroCredentialVersion, on_delete=models.CASCADE, related_name="edits")
    editor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("edit of a version")
        verbose_name_plural = _("edits of versions")

    def __str__(self) -> str:
        return f"{self.version} · {self.editor_id} · {self.at:%Y-%m-%d %H:%M}"
