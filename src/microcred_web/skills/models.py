"""ESCO in the platform's database (the rows of :mod:`microcred.esco.store`, ADR 1401), and the
employers' side of the labour market: employer organisations and their demand profiles (ADR 1403)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class EscoConcept(models.Model):
    """An ESCO skill or occupation: its language-independent attributes (``payload``: status,
    modified date, schemes, skill type, reuse level, ISCO group, code) and the ESCO version that
    last changed them."""

    class Kind(models.TextChoices):
        SKILL = "skill", _("skill")
        OCCUPATION = "occupation", _("occupation")

    kind = models.CharField(max_length=12, choices=Kind.choices, db_index=True)
    uri = models.CharField(max_length=120, unique=True)
    payload = models.JSONField()
    fingerprint = models.CharField(max_length=64)
    esco_version = models.CharField(max_length=20)

    class Meta:
        ordering = ["uri"]
        verbose_name = _("ESCO concept")

    def __str__(self) -> str:
        return self.uri


class EscoText(models.Model):
    """A concept's labels and description in one language (``payload``: preferred, alt, hidden,
    description, definition, scope_note); ``preferred_label`` is copied out for listing."""

    concept = models.ForeignKey(EscoConcept, on_delete=models.CASCADE, related_name="texts")
    lang = models.CharField(max_length=3)
    preferred_label = models.CharField(max_length=500)
    payload = models.JSONField()
    fingerprint = models.CharField(max_length=64)
    esco_version = models.CharField(max_length=20)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["concept", "lang"], name="esco_text_one_per_language")]


class EscoRelation(models.Model):
    """An occupation needs a skill (essential or optional), keyed by the two URIs."""

    occupation_uri = models.CharField(max_length=120, db_index=True)
    skill_uri = models.CharField(max_length=120, db_index=True)
    payload = models.JSONField()
    fingerprint = models.CharField(max_length=64)
    esco_version = models.CharField(max_length=20)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["occupation_uri", "skill_uri"], name="esco_relation_once")
        ]


class Employer(models.Model):
    """An employer organisation (a company, a bank, a hotel group) that states labour-market demand."""

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("short name in addresses"), max_length=60, unique=True)
    country = models.CharField(_("country"), max_length=2, help_text=_("ISO 3166-1 alpha-2"))

    class Meta:
        ordering = ["country", "name"]
        verbose_name = _("employer")

    def __str__(self) -> str:
        return self.name


class DemandProfile(models.Model):
    """A job role an employer needs people for: the ESCO skills it requires, how many people,
    where (a country, optionally a region) and until when (the time horizon)."""

    employer = models.ForeignKey(Employer, on_delete=models.CASCADE, related_name="demand_profiles")
    job_role = models.CharField(_("job role"), max_length=200)
    occupation_uri = models.CharField(_("ESCO occupation"), max_length=120, blank=True)
    skills = models.ManyToManyField(
        EscoConcept, related_name="demanded_by", verbose_name=_("required skills")
    )
    headcount = models.PositiveIntegerField(_("people needed"))
    country = models.CharField(_("country"), max_length=2, help_text=_("ISO 3166-1 alpha-2"))
    region = models.CharField(_("region"), max_length=120, blank=True)
    horizon_from = models.DateField(_("needed from"))
    horizon_to = models.DateField(_("needed until"))

    class Meta:
        ordering = ["country", "employer__name", "job_role"]
        verbose_name = _("demand profile")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(horizon_to__gte=models.F("horizon_from")), name="demand_horizon_in_order"
            ),
            models.CheckConstraint(condition=models.Q(headcount__gte=1), name="demand_headcount_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.employer} · {self.job_role}"
