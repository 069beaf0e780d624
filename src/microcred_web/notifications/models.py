"""The outbox of e-mails, claim links and each person's mail language (ADR 1110).

An e-mail is a ``Message`` row first: what (``kind``), about which record (``object_type`` and
``object_id``), to whom, in which language, and where it stands. Its text is made when it is sent,
from the record, so the outbox keeps no copy of personal content, and a message is one row per
(kind, record, recipient): queuing it again changes nothing.

A ``ClaimToken`` is the claim link of one issued credential: only the SHA-256 of the random token
is stored, as for staff invitations (ADR 0310)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    CLAIM_LINK = "claim_link", _("Claim link of an issued credential")
    CHANGES_REQUESTED = "changes_requested", _("Changes requested by QA review")
    INFORMATION_REQUEST = "information_request", _("Information requested for a recognition case")


class State(models.TextChoices):
    QUEUED = "queued", _("Queued")
    SENDING = "sending", _("Being sent")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")
    CANCELLED = "cancelled", _("No longer needed")


class Message(models.Model):
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    #: ``app_label.model`` and primary key (or uuid) of the record the message is about.
    object_type = models.CharField(_("record type"), max_length=60)
    object_id = models.CharField(_("record"), max_length=64)
    recipient_email = models.EmailField(_("recipient"), max_length=254)
    recipient_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    language = models.CharField(_("language"), max_length=5, default="en")
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.QUEUED)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    #: A code, never the error's text (which may quote an address): ``smtp``, ``render``, ``gone``.
    error_code = models.CharField(_("error"), max_length=30, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sending_since = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("e-mail")
        verbose_name_plural = _("e-mails")
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "object_type", "object_id", "recipient_email"], name="one_message_per_record"
            ),
            models.CheckConstraint(
                condition=~models.Q(state="sent") | models.Q(sent_at__isnull=False), name="sent_has_a_time"
            ),
        ]
        indexes = [models.Index(fields=["state", "sending_since"], name="outbox_state")]

    def __str__(self) -> str:
        return f"{self.kind} {self.object_type}:{self.object_id} ({self.state})"


class ClaimToken(models.Model):
    """The claim link of an issued credential: single use, expiring, only its hash stored. A new
    link (the e-mail sent again) replaces the old one."""

    credential = models.OneToOneField(
        "credentials.IssuedCredential", on_delete=models.CASCADE, related_name="claim_token"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    used_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("claim link")
        verbose_name_plural = _("claim links")

    def __str__(self) -> str:
        return f"claim of credential {self.credential_id}"


class MailLanguage(models.Model):
    """The language a person last used the platform in (set when they sign in or claim), for the
    e-mails written to them."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="mail_language"
    )
    language = models.CharField(max_length=5)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("mail language")
        verbose_name_plural = _("mail languages")

    def __str__(self) -> str:
        return f"{self.user_id}: {self.language}"
