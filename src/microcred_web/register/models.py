"""The register's own search table (ADR 1520).

One row per micro-credential: its current published version, with copies of the columns the
register filters, sorts and counts on, and the normalised words of its title. Search, counts and
facets read only this narrow table; the page's twenty versions are then fetched by key. The rows
are derived: ``register.signals`` rewrites a micro-credential's row whenever one of its versions
is saved or deleted (and an institution's copies when it is saved), so nothing else writes here.
"""

from __future__ import annotations

from django.db import models

from microcred_web.catalogue.models import MicroCredential, MicroCredentialVersion
from microcred_web.institutions.models import Institution


class SearchEntry(models.Model):
    micro_credential = models.OneToOneField(
        MicroCredential, on_delete=models.CASCADE, primary_key=True, related_name="search_entry"
    )
    version = models.OneToOneField(
        MicroCredentialVersion, on_delete=models.CASCADE, related_name="search_entry"
    )
    title_text = models.TextField(blank=True, help_text="Normalised title words, every language (ADR 0401).")
    # copies of the version's register fields (catalogue.register_fields) and of its institution
    search_text = models.TextField(blank=True)
    institution = models.ForeignKey(Institution, on_delete=models.CASCADE, related_name="+")
    institution_name = models.CharField(max_length=40, blank=True)
    country = models.CharField(max_length=2, blank=True, db_index=True)
    code = models.CharField(max_length=60, blank=True)
    title_en = models.CharField(max_length=300, blank=True)
    eqf_level = models.PositiveSmallIntegerField(null=True, blank=True, db_index=True)
    credits_ects = models.DecimalField(max_digits=6, decimal_places=2, null=True, blank=True)
    isced_f = models.CharField(max_length=4, blank=True, db_index=True)
    participation_mode = models.CharField(max_length=30, blank=True, db_index=True)
    languages = models.CharField(max_length=60, blank=True, db_index=True)
    skills = models.TextField(blank=True)

    class Meta:
        verbose_name = "register search entry"
        verbose_name_plural = "register search entries"
        indexes = [models.Index(fields=["institution_name", "title_en", "code"], name="register_entry_order")]

    def __str__(self) -> str:
        return f"search entry of {self.version_id}"

    def word_rows(self) -> list[SearchWord]:
        """One row per indexed word of this entry (its ``search_text``), not saved."""
        return [SearchWord(entry=self, word=w[:WORD_MAX]) for w in dict.fromkeys(self.search_text.split())]

    @classmethod
    def of(cls, version: MicroCredentialVersion, institution: Institution) -> SearchEntry:
        """The row for ``version`` (its register fields must be set), not saved."""
        from microcred.search import title_text

        return cls(
            micro_credential_id=version.micro_credential_id,
            version=version,
            title_text=title_text((version.spec or {}).get("title")),
            search_text=version.search_text,
            institution=institution,
            institution_name=institution.short_name,
            country=institution.country,
            code=version.micro_credential.code,
            title_en=version.title_en,
            eqf_level=version.eqf_level,
            credits_ects=version.credits_ects,
            isced_f=version.isced_f,
            participation_mode=version.participation_mode,
            languages=version.languages,
            skills=version.skills,
        )


WORD_MAX = 100


class SearchWord(models.Model):
    """One normalised word of an entry's ``search_text`` (ADR 1520): a query word is looked up
    as a prefix in the index on ``word`` instead of scanning every entry's text."""

    entry = models.ForeignKey(SearchEntry, on_delete=models.CASCADE, related_name="words")
    word = models.CharField(max_length=WORD_MAX, db_index=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["entry", "word"], name="register_word_once_per_entry")]
        verbose_name = "register search word"
        verbose_name_plural = "register search words"

    def __str__(self) -> str:
        return self.word
