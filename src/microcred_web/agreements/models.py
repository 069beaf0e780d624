"""Recognition agreements (recognition.md §5; ADR 0802, ADR 0858): each version of an agreement
and its change log. The rows live in the tables the recognition app created
(``recognition_agreement``, ``recognition_agreementchange`` and the parties' tables): the models
moved to this app without copying data (``SeparateDatabaseAndState``).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from microcred.errors import MicrocredError


class AgreementType(models.TextChoices):
    """recognition.md §5 Identity ``type``."""

    CONSORTIUM = "consortium", _("Consortium profile")
    BILATERAL = "bilateral", _("Bilateral agreement")
    INSTITUTIONAL_POLICY = "institutional_policy", _("Institutional policy")


class AgreementStatus(models.TextChoices):
    DRAFT = "draft", _("Draft: waiting for approval")
    ACTIVE = "active", _("Active")
    SUSPENDED = "suspended", _("Suspended")
    EXPIRED = "expired", _("Expired")


class Direction(models.TextChoices):
    ONE_WAY = "one_way", _("One way: sending to receiving")
    RECIPROCAL = "reciprocal", _("Reciprocal")


class ImmutableAgreementError(MicrocredError):
    """A published agreement version was about to be changed (ADR 0802)."""


# The only columns of a published version that may still change: its status (suspended,
# expired) and who moved it there. Everything else makes a new version.
_MUTABLE_AFTER_PUBLICATION = frozenset({"status", "updated_at"})


class Agreement(models.Model):
    """One version of a recognition agreement (recognition.md §5; the core's ``AgreementDoc``).

    The columns hold the document's identity, parties and validity, so lists filter in SQL;
    ``parameters``, ``procedure`` and ``legal_basis`` are the core's JSON, validated by
    ``microcred.recognition.agreements.parse_agreement`` before a row is written
    (``agreement_services``). A version that was ever published (not a draft) is immutable
    except for its status; a change is a new version.
    """

    agreement_id = models.CharField(max_length=80)
    version = models.PositiveIntegerField()
    title = models.CharField(max_length=300)
    type = models.CharField(max_length=30, choices=AgreementType.choices)
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children"
    )
    status = models.CharField(max_length=20, choices=AgreementStatus.choices, default=AgreementStatus.DRAFT)
    date_signed = models.DateField(null=True, blank=True)
    date_effective = models.DateField()
    expiration_date = models.DateField(null=True, blank=True)
    sending = models.ManyToManyField("institutions.Institution", blank=True, related_name="+")
    receiving = models.ManyToManyField("institutions.Institution", blank=True, related_name="+")
    # One column, two meanings by type (ADR 0802, ADR 0504); ``agreement_document`` writes it as:
    # * consortium: ``parties.any_member`` - the profile applies to every member pair;
    # * institutional_policy: ``parties.any_sender`` - the receiving (host) institution's policy
    #   applies to a credential from any sending institution (``sending`` stays empty, one way);
    # * bilateral: always False (a bilateral agreement names its parties).
    any_member = models.BooleanField(default=False)
    programmes = models.JSONField(default=list, blank=True)
    direction = models.CharField(max_length=20, choices=Direction.choices, default=Direction.ONE_WAY)
    purposes_allowed = models.JSONField(default=list)
    legal_basis = models.JSONField(default=list, blank=True)
    parameters = models.JSONField(default=dict)
    procedure = models.JSONField(default=dict, blank=True)
    editors = models.JSONField(default=list, blank=True)
    review_cycle_months = models.PositiveIntegerField(default=12)
    document_url = models.CharField(max_length=500, blank=True)
    document_sha256 = models.CharField(max_length=64, blank=True)
    four_eyes = models.BooleanField(default=True)
    summary = models.TextField(blank=True)  # what this version changes
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        db_table = "recognition_agreement"  # the table the recognition app created (ADR 0858)
        ordering = ["agreement_id", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["agreement_id", "version"], name="unique_agreement_version")
        ]

    def __str__(self) -> str:
        return self.ref

    @property
    def ref(self) -> str:
        return f"{self.agreement_id}@{self.version}"

    @property
    def is_published(self) -> bool:
        return self.status != AgreementStatus.DRAFT

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            stored = type(self).objects.filter(pk=self.pk).first()
            if stored is not None and stored.status != AgreementStatus.DRAFT:
                changed = [
                    f.attname
                    for f in self._meta.concrete_fields
                    if f.attname not in _MUTABLE_AFTER_PUBLICATION
                    and getattr(stored, f.attname) != getattr(self, f.attname)
                ]
                if changed:
                    raise ImmutableAgreementError(
                        f"a published agreement version is immutable ({', '.join(changed)}); "
                        "propose a new version",
                        where=self.ref,
                    )
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        if self.status != AgreementStatus.DRAFT:
            raise ImmutableAgreementError("a published agreement version cannot be deleted", where=self.ref)
        return super().delete(*args, **kwargs)


class AgreementChange(models.Model):
    """The agreement's change log (recognition.md §5 Governance): who proposed, who approved,
    suspended or expired a version, when, and the difference to the version before."""

    class Action(models.TextChoices):
        LOADED = "loaded", _("Loaded from the shipped profile")
        PROPOSED = "proposed", _("Proposed")
        APPROVED = "approved", _("Approved and active")
        SUSPENDED = "suspended", _("Suspended")
        EXPIRED = "expired", _("Expired")

    agreement = models.ForeignKey(Agreement, on_delete=models.PROTECT, related_name="changes")
    action = models.CharField(max_length=20, choices=Action.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)
    note = models.TextField(blank=True)
    diff = models.JSONField(default=list, blank=True)

    class Meta:
        db_table = "recognition_agreementchange"  # the table the recognition app created (ADR 0858)
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.agreement} {self.action}"


def _refuse_party_changes(sender: Any, instance: Any, action: str, **kwargs: Any) -> None:
    """The parties of a published version are as immutable as its columns."""
    if action in ("pre_add", "pre_remove", "pre_clear") and isinstance(instance, Agreement):
        stored = Agreement.objects.filter(pk=instance.pk).values_list("status", flat=True).first()
        if stored not in (None, AgreementStatus.DRAFT):
            raise ImmutableAgreementError(
                "the parties of a published agreement version are immutable; propose a new version",
                where=instance.ref,
            )


models.signals.m2m_changed.connect(_refuse_party_changes, sender=Agreement.sending.through)
models.signals.m2m_changed.connect(_refuse_party_changes, sender=Agreement.receiving.through)
