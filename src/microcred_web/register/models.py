"""The register's own search table (ADR 1520).

One row per micro-credential: its current published version, with copies of the columns the
register filters, sorts and counts on, and the normalised words of its text and title. Search, counts and
facets read only this narrow table; the page's twenty versions are then fetched by key. The rows
are derived: ``register.signals`` rewrites a micro-credential's row whenever one of its versions
is saved or deleted (and an institution's copies when it is saved) through ``register.services``,
and ``manage.py register_reindex`` rebuilds them (ADR 1525), so nothing else writes here.
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
    # its normalised words, single-spaced (``search_words``); the full-text index reads it: an
    # FTS5 table kept by triggers on SQLite, a GIN expression index on PostgreSQL (ADR 1526)
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

    @classmethod
    def of(cls, version: MicroCredentialVersion, institution: Institution) -> SearchEntry:
        """The row for ``version`` (its register fields must be set), not saved."""
        from microcred.search import title_text

        return cls(
            micro_credential_id=version.micro_credential_id,
            version=version,
            # cut as the search words are: the title words are indexed too (ADR 1543)
            title_text=search_words(title_text((version.spec or {}).get("title"))),
            search_text=search_words(version.search_text),
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


#: SQLite: the FTS5 table over ``SearchEntry.search_text`` (rowid = the micro-credential's key),
#: created and kept by triggers in migration 0003 (ADR 1526)
FTS_TABLE = "register_searchentry_fts"
#: PostgreSQL: the expression the GIN index of migration 0003 covers; a query must repeat it
#: word for word for the planner to use the index
PG_TSVECTOR = "array_to_tsvector(array_remove(string_to_array({column}, ' '), ''))"
#: the same over ``SearchEntry.title_text``: SQLite's FTS5 table and the column PostgreSQL's GIN
#: index covers with ``PG_TSVECTOR`` (migration 0005; relevance ranks read from them, ADR 1543)
TITLE_FTS_TABLE = "register_searchentry_title_fts"

#: the longest word kept in ``search_text`` (a query word is cut to the same length): a
#: PostgreSQL lexeme may not exceed 2,047 bytes, and no real word comes near 100 characters
WORD_MAX = 100


def search_words(text: str) -> str:
    """``text``'s words, each cut to ``WORD_MAX`` and kept once, joined by single spaces (the
    form both engines' full-text indexes read; ADR 1526)."""
    return " ".join(dict.fromkeys(w[:WORD_MAX] for w in text.split()))


class FacetCell(models.Model):
    """How many register entries share one combination of facet values (ADR 1524).

    A counted aggregate of ``SearchEntry``, kept by ``register.services`` beside every entry it
    writes or removes: the register's unfiltered counts, its filter choices and the result count
    of a search without words read these few hundred rows instead of every entry. ``eqf_level``
    0 stands for "no level" and ``credits`` "" for "no credits", so that the unique constraint
    (under which cells are created) holds on both engines, where NULLs are distinct.
    """

    institution = models.ForeignKey(Institution, on_delete=models.CASCADE, related_name="+")
    country = models.CharField(max_length=2, blank=True)
    eqf_level = models.PositiveSmallIntegerField(default=0)
    isced_f = models.CharField(max_length=4, blank=True)
    languages = models.CharField(max_length=60, blank=True)
    participation_mode = models.CharField(max_length=30, blank=True)
    credits = models.CharField(max_length=12, blank=True, help_text="ECTS credits as text ('' = none)")
    n = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=[
                    "institution",
                    "country",
                    "eqf_level",
                    "isced_f",
                    "languages",
                    "participation_mode",
                    "credits",
                ],
                name="register_facet_cell_once",
            )
        ]
        verbose_name = "register facet cell"
        verbose_name_plural = "register facet cells"

    def __str__(self) -> str:
        return f"{self.n} entries"
