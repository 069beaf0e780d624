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


class Consent(models.Model):
    """The learner was given the privacy notice and agreed, when enrolled (GDPR art. 6(1)(a), 7;
    Vietnam's Law on Personal Data Protection: consent recorded in a form that can be shown)."""

    enrolment = models.OneToOneField("pilot.Enrolment", on_delete=models.CASCADE, related_name="consent")
    notice_version = models.CharField(_("privacy notice version"), max_length=20)
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")

    def __str__(self) -> str:
        return f"{self.enrolment_id} {self.notice_version}"
