"""Offerings, their learners (one enrolment per external id) and the record of each import."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Mode(models.TextChoices):
    """How an offering is delivered (Annex I M10 "form of participation", the part of it an
    offering fixes; ELM ``mode``)."""

    ONLINE = "online", _("online")
    BLENDED = "blended", _("blended")
    ONSITE = "onsite", _("on-site")


class Supervision(models.TextChoices):
    """Annex I O2 "supervision and identity verification", as actually applied to a learner's
    assessment (the values of ``microcred.model.spec.Supervision``, weakest first)."""

    UNSUPERVISED_NO_ID = "unsupervised_no_id", _("unsupervised, no identity check")
    SUPERVISED_NO_ID = "supervised_no_id", _("supervised, no identity check")
    SUPERVISED_WITH_ID = "supervised_with_id", _("supervised, identity checked")


class Offering(models.Model):
    """One run of a published micro-credential version: a term, dates, mode, language,
    capacity and place. The cohort is its enrolments."""

    version = models.ForeignKey(
        "catalogue.MicroCredentialVersion", on_delete=models.PROTECT, related_name="offerings"
    )
    term = models.CharField(_("term"), max_length=60, help_text=_("e.g. 2027 spring, or Semester 1 2026/27"))
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    mode = models.CharField(_("mode"), max_length=10, choices=Mode.choices)
    language = models.CharField(_("language of instruction"), max_length=2, help_text=_("ISO 639-1, e.g. vi"))
    capacity = models.PositiveIntegerField(_("capacity"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-starts_on", "pk"]
        verbose_name = _("offering")
        verbose_name_plural = _("offerings")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")), name="offering_dates_in_order"
            )
        ]

    def __str__(self) -> str:
        return f"{self.version.micro_credential.code} · {self.term}"

    @property
    def institution_id(self) -> int:
        """The owning institution (the policy's isolation rule reads it)."""
        return int(self.version.micro_credential.institution_id)


class Enrolment(models.Model):
    """A learner in an offering's cohort, keyed by the institution's own id for them
    (``external_id``: a student number, Moodle's "ID number"); importing again updates it.

    The names are kept exactly as given, in Unicode NFC. The result is in the grading scheme of
    the specification (Annex I O3; ``grading_scheme`` names it), ``passed`` as the core's rule
    read it, and ``supervision_applied`` the identity check actually applied (Annex I O2)."""

    offering = models.ForeignKey(Offering, on_delete=models.CASCADE, related_name="enrolments")
    external_id = models.CharField(_("external id"), max_length=64)
    given_names = models.CharField(_("given names"), max_length=100)
    family_name = models.CharField(_("family name"), max_length=100, blank=True)
    full_name = models.CharField(_("full name"), max_length=200)
    email = models.EmailField(_("e-mail"), max_length=254)
    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="enrolments"
    )
    enrolled_at = models.DateTimeField(auto_now_add=True)
    # the result (empty while the learner has none)
    grade = models.CharField(_("grade"), max_length=100, blank=True)
    grading_scheme = models.CharField(_("grading scheme"), max_length=200, blank=True)
    passed = models.BooleanField(_("passed"), null=True, blank=True)
    assessed_on = models.DateField(_("assessed on"), null=True, blank=True)
    supervision_applied = models.CharField(
        _("identity check applied"), max_length=20, choices=Supervision.choices, blank=True
    )
    result_source = models.CharField(_("result from"), max_length=20, blank=True)
    result_at = models.DateTimeField(_("result recorded"), null=True, blank=True)
    # Set by bulk issuing (microcred_web.bulk) when it issues this learner's credential.
    credential = models.ForeignKey(
        "credentials.IssuedCredential",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="enrolments",
    )

    class Meta:
        ordering = ["offering", "family_name", "given_names", "pk"]
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        constraints = [
            models.UniqueConstraint(fields=["offering", "external_id"], name="one_enrolment_per_external_id")
        ]

    def __str__(self) -> str:
        return f"{self.external_id} {self.full_name}"

    @property
    def institution_id(self) -> int:
        return self.offering.institution_id


class ResultImport(models.Model):
    """One import: a file previewed (its bytes kept until committed or abandoned, so the commit
    reads exactly what was previewed) or a committed API call; who, when, how many."""

    class Source(models.TextChoices):
        CSV = "csv", "CSV"
        XLSX = "xlsx", "XLSX"
        API = "api", "API"
        FORM = "form", _("form")

    class State(models.TextChoices):
        PREVIEWED = "previewed", _("previewed")
        COMMITTED = "committed", _("committed")

    offering = models.ForeignKey(Offering, on_delete=models.CASCADE, related_name="imports")
    source = models.CharField(max_length=10, choices=Source.choices)
    layout = models.CharField(max_length=20, blank=True)
    state = models.CharField(max_length=10, choices=State.choices, default=State.PREVIEWED)
    filename = models.CharField(max_length=200, blank=True)
    content = models.BinaryField(blank=True, editable=False)
    # what the upload said for every row (identity check and date where the file has none)
    supervision_default = models.CharField(max_length=20, choices=Supervision.choices, blank=True)
    assessed_on_default = models.DateField(null=True, blank=True)
    rows = models.PositiveIntegerField(default=0)
    created = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    grading_table_version = models.CharField(max_length=20, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    token = models.ForeignKey(
        "credentials.ApiToken", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)
    committed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]

    @property
    def institution_id(self) -> int:
        return self.offering.institution_id
