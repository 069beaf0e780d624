"""The record of each erasure a learner asked for (GDPR art. 17; docs/privacy.md), which holds no
personal data: a receipt number, when, and how many records of each kind were erased or kept; and
the consent recorded when a learner is enrolled (the notice's version, when, by whom)."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ErasureRecord(models.Model):
    receipt = models.UUIDField(_("receipt"), default=uuid.uuid4, unique=True, editable=False)
    requested_at = models.DateTimeField(_("requested"), auto_now_add=True)
    # {"account": 1, "credential_emails": 2, "enrolments": 1, "kept_credentials": 2, ...}
    counts = models.JSONField(_("counts"), default=dict)

    class Meta:
        ordering = ["-requested_at"]
        verbose_name = _("erasure record")
        verbose_name_plural = _("erasure records")

    def __str__(self) -> str:
        return str(self.receipt)


#: The version of the privacy notice (``/privacy/``); a consent names the version it was given to.
NOTICE_VERSION = "2026-12-07"


class ConsentState(models.TextChoices):
    """Where a learner's consent stands (ADR 1371). Enrolled by a registrar or from a results file,
    the learner has not read the notice on this platform: *pending* until they answer it."""

    PENDING = "pending", _("Pending: the learner has not answered yet")
    GIVEN = "given", _("Given by the learner")
    REFUSED = "refused", _("Refused by the learner")


class Consent(models.Model):
    """The learner's consent to the privacy notice for one enrolment (GDPR art. 6(1)(a), 7(1):
    the controller can show the data subject consented; Vietnam's Law on Personal Data
    Protection: consent recorded in a form that can be shown). Created *pending* when the
    enrolment is made (form, file or API; ``recorded_by`` is the registrar who says the notice was
    handed over); *given* or *refused* only by the learner's own answer (``answered_at``), with the
    version of the notice they were shown."""

    enrolment = models.OneToOneField("pilot.Enrolment", on_delete=models.CASCADE, related_name="consent")
    notice_version = models.CharField(_("privacy notice version"), max_length=20)
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    state = models.CharField(
        _("state"), max_length=10, choices=ConsentState.choices, default=ConsentState.PENDING
    )
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")

    @property
    def institution_id(self) -> int:
        """The enrolment's institution: whose staff may read this record (ADR 1372)."""
        return self.enrolment.institution_id

    def __str__(self) -> str:
        return f"{self.enrolment_id} {self.notice_version}"


class PersonalDataDownload(models.Model):
    """One download of ``/learner/my-data.json`` (GDPR art. 15, 20): who and when, nothing of what
    was in it, so the consortium can show that access requests are answered (ADR 1372). Kept as
    long as the erasure records (``MICROCRED_RETENTION_ERASURE_RECORD_DAYS``)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    downloaded_at = models.DateTimeField(_("downloaded"), auto_now_add=True)

    class Meta:
        ordering = ["-downloaded_at", "-pk"]
        verbose_name = _("personal-data download")
        verbose_name_plural = _("personal-data downloads")

    def __str__(self) -> str:
        return f"{self.user_id} {self.downloaded_at:%Y-%m-%d %H:%M}"
