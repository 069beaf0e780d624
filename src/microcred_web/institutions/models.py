"""The consortium's institutions. An institution owns its micro-credentials, its staff and,
later, its signing keys (which never live in model fields)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _

from microcred.standards.elm import LegalIdentifier


@dataclass(frozen=True)
class QaStanding:
    """An institution's external quality assurance (EU Annex I M11; recognition.md §4.2
    ``issuer.qa`` with scope ``institution``): the registry it is listed in and the agency."""

    registry: str
    body: str | None


class Institution(models.Model):
    slug = models.SlugField(_("key"), max_length=40, unique=True)
    name = models.JSONField(_("name"), help_text=_("Name per language code; English is required."))
    short_name = models.CharField(_("short name"), max_length=40)
    country = models.CharField(_("country"), max_length=2, help_text=_("ISO 3166-1 alpha-2"))
    city = models.CharField(_("city"), max_length=80, blank=True)
    credit_system = models.CharField(_("credit system"), max_length=20)
    national_framework = models.CharField(_("national qualifications framework"), max_length=20)
    homepage = models.URLField(_("homepage"), blank=True)
    erasmus_code = models.CharField(_("Erasmus code"), max_length=30, blank=True)
    # ELM 3.1 Organisation.eidasLegalIdentifier: "the official identification number of the
    # organisation, as awarded by the relevant national authority", in the institution's country
    # (EDC shape edc:IssuerNodeShape; ADR 1330). Blank where it is not known: the ELM export then
    # lacks it and does not pass the ELM 3.1 (v1.1.0) EDC shape (docs/elm-shapes.md).
    legal_identifier = models.CharField(_("legal identifier"), max_length=60, blank=True, db_default="")
    legal_identifier_scheme = models.CharField(
        _("register of the legal identifier"),
        max_length=120,
        blank=True,
        db_default="",
        help_text=_("e.g. IČO (Czech business register)"),
    )
    qa_registry = models.CharField(_("QA registry"), max_length=40, blank=True)
    qa_body = models.CharField(_("QA body"), max_length=200, blank=True)
    qa_reference = models.CharField(_("QA reference"), max_length=200, blank=True)
    is_partner = models.BooleanField(_("consortium partner"), default=True)

    class Meta:
        ordering = ["country", "short_name"]
        verbose_name = _("institution")
        verbose_name_plural = _("institutions")

    def __str__(self) -> str:
        return self.short_name

    def display_name(self, language: str = "en") -> str:
        names: dict[str, str] = self.name or {}
        return names.get(language) or names.get("en") or self.short_name

    @property
    def legal_id(self) -> LegalIdentifier | None:
        """The issuer's ``eidasLegalIdentifier`` for the ELM export, or ``None`` (ADR 1330)."""
        if not self.legal_identifier:
            return None
        return LegalIdentifier(
            notation=self.legal_identifier,
            country=self.country,
            scheme_name=self.legal_identifier_scheme or "National register",
        )

    @property
    def qa_standing(self) -> QaStanding | None:
        """The institution's QA standing: the one source read by the trust registry (the evidence
        check at intake) and by the recognition engine's S4 (ADR 0810). ``None`` when no
        registry is recorded."""
        if not self.qa_registry:
            return None
        return QaStanding(registry=self.qa_registry, body=self.qa_body or None)
