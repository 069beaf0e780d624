"""Reads for the public register. Filtering happens in SQL on the register fields that
``catalogue`` derives from each specification when a version is published."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, fields
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import connection
from django.db.models import Case, Count, Q, QuerySet, TextField, Value, When
from django.db.models.functions import Concat

from microcred.search import query_terms
from microcred_web.catalogue.models import MicroCredential, MicroCredentialVersion, Status
from microcred_web.institutions.models import Institution
from microcred_web.register.models import WORD_MAX, SearchEntry, SearchWord

ESCO_SKILL_PREFIX = "http://data.europa.eu/esco/skill/"
_UUID = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")
_CODE = re.compile(r"^[A-Za-z0-9_-]{1,60}$")


@dataclass(frozen=True)
class RegisterFilters:
    """The register's filters as typed values; every one is optional and they combine (AND).

    The same filters serve the HTML register, ``/register.csv`` and ``/api/micro-credentials``.
    """

    q: str = ""
    institution: str = ""
    country: str = ""
    eqf: int | None = None
    credits_min: Decimal | None = None
    credits_max: Decimal | None = None
    isced: str = ""
    language: str = ""
    mode: str = ""
    skill: str = ""

    @classmethod
    def from_params(cls, params: Any) -> RegisterFilters:
        """Parse GET parameters (a QueryDict or a dict); a malformed value is ignored, not an error,
        because a register URL is often typed or shortened by hand."""

        def text(name: str, limit: int = 200) -> str:
            value = params.get(name)
            return str(value).strip()[:limit] if value not in (None, "") else ""

        def code(name: str) -> str:
            value = text(name, 60)
            return value if _CODE.match(value) else ""

        eqf: int | None = None
        if text("eqf").isdigit() and 1 <= int(text("eqf")) <= 8:
            eqf = int(text("eqf"))
        return cls(
            q=text("q"),
            institution=code("institution"),
            country=code("country").upper(),
            eqf=eqf,
            credits_min=_decimal(text("credits_min")),
            credits_max=_decimal(text("credits_max")),
            isced=text("isced", 4) if text("isced", 4).isdigit() else "",
            language=code("language").lower(),
            mode=code("mode"),
            skill=_skill_uri(text("skill", 300)),
        )

    def as_params(self) -> dict[str, str]:
        """The filters that are set, as GET parameters (for links that keep them)."""
        out: dict[str, str] = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if value not in (None, ""):
                out[f.name] = str(value)
        return out

    @property
    def active(self) -> bool:
        return bool(self.as_params())


def _decimal(value: str) -> Decimal | None:
    try:
        number = Decimal(value.replace(",", "."))
    except InvalidOperation:
        return None
    return number if number.is_finite() and number >= 0 else None


def _skill_uri(value: str) -> str:
    """Accept an ESCO skill URI or just its UUID."""
    if _UUID.match(value):
        return ESCO_SKILL_PREFIX + value.lower()
    if value.startswith(ESCO_SKILL_PREFIX) and _UUID.match(value.removeprefix(ESCO_SKILL_PREFIX)):
        return value
    return ""


def _padded(field: str) -> Concat:
    # " a b c " lets one LIKE test a whole space-separated word (or a word's start) on every
    # database, without a full-text extension.
    return Concat(Value(" "), field, Value(" "), output_field=TextField())


def current_published_versions() -> QuerySet[MicroCredentialVersion]:
    """The latest published version of each micro-credential; earlier published versions and
    retired, draft or in-review versions are not in the register list.

    "Latest" is read from ``SearchEntry`` (one row per micro-credential, kept by
    ``register.signals``; ADR 1520) instead of a correlated "no newer version" subquery.
    """
    return MicroCredentialVersion.objects.filter(
        status=Status.PUBLISHED, search_entry__isnull=False
    ).select_related("micro_credential__institution")


class RegisterResults:
    """The versions matching a search, read through the narrow ``SearchEntry`` table (ADR 1520).

    Behaves as Django's paginator and the exports need: ``count()``, slicing (one query for the
    slice's entries with their versions) and ``iterator(chunk_size)`` for streaming.
    """

    def __init__(self, entries: QuerySet[SearchEntry]) -> None:
        self.entries = entries

    def _with_versions(self) -> QuerySet[SearchEntry]:
        return self.entries.select_related("version__micro_credential__institution")

    def count(self) -> int:
        return self.entries.count()

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index: slice) -> list[MicroCredentialVersion]:
        return [e.version for e in self._with_versions()[index]]

    def iterator(self, chunk_size: int = 500) -> Iterator[MicroCredentialVersion]:
        for entry in self._with_versions().iterator(chunk_size=chunk_size):
            yield entry.version

    def __iter__(self) -> Iterator[MicroCredentialVersion]:
        return self.iterator()


ORDER = ("institution_name", "title_en", "code")


def register_search(filters: RegisterFilters) -> RegisterResults:
    """Current published versions matching every filter.

    With search words, the versions whose title holds more of the words come first (a title
    match before a description match; ADR 1520); then, as without words, by institution and title.
    """
    qs = _filtered(filters)
    terms = query_terms(filters.q)
    if not terms:
        return RegisterResults(qs.order_by(*ORDER))
    qs = qs.annotate(_title=_padded("title_text"))
    rank = sum(
        (Case(When(_title__contains=f" {term}", then=Value(1)), default=Value(0)) for term in terms),
        start=Value(0),
    )
    return RegisterResults(qs.annotate(_rank=rank).order_by("-_rank", *ORDER))


def _filtered(filters: RegisterFilters, *, facets: bool = False) -> QuerySet[SearchEntry]:
    """Entries matching every filter; with ``facets``, only the filters that are not facets."""
    qs = SearchEntry.objects.all()
    for term in query_terms(filters.q):
        # A term matches the start of an indexed word: "econom" finds "econometrics",
        # "ngan" finds "ngan" (Ngân) but "an" does not match inside "ngan". Each term is a
        # prefix lookup in the word index (ADR 1520).
        qs = qs.filter(pk__in=_entries_with_word_prefix(term))
    if filters.credits_min is not None:
        qs = qs.filter(credits_ects__gte=filters.credits_min)
    if filters.credits_max is not None:
        qs = qs.filter(credits_ects__lte=filters.credits_max)
    if filters.skill:
        qs = qs.annotate(_skills=_padded("skills")).filter(_skills__contains=f" {filters.skill} ")
    if facets:
        return qs
    if filters.institution:
        qs = qs.filter(institution__slug=filters.institution)
    if filters.country:
        qs = qs.filter(country=filters.country)
    if filters.eqf is not None:
        qs = qs.filter(eqf_level=filters.eqf)
    if filters.isced:
        qs = qs.filter(isced_f__startswith=filters.isced)
    if filters.language:
        qs = qs.annotate(_languages=_padded("languages")).filter(_languages__contains=f" {filters.language} ")
    if filters.mode:
        qs = qs.filter(participation_mode=filters.mode)
    return qs


def _entries_with_word_prefix(term: str) -> QuerySet[SearchWord]:
    term = term[:WORD_MAX]
    words = SearchWord.objects.all()
    if connection.vendor == "postgresql":
        # LIKE 'term%' uses the varchar_pattern_ops index Django adds beside a db_index CharField
        words = words.filter(word__startswith=term)
    else:
        # a range on the B-tree (binary order): every word that starts with ``term``
        words = words.filter(word__gte=term, word__lt=term[:-1] + chr(min(ord(term[-1]) + 1, 0x10FFFF)))
    return words.values("entry_id")


FACETS = ("institution", "country", "eqf", "isced", "language", "mode")


def _facet_keys(row: dict[str, Any]) -> dict[str, list[str]]:
    isced = row["isced_f"] or ""
    return {
        "institution": [row["institution__slug"]],
        "country": [row["country"]],
        "eqf": [] if row["eqf_level"] is None else [str(row["eqf_level"])],
        "isced": sorted({isced[:2], isced[:3], isced}) if isced else [],
        "language": (row["languages"] or "").split(),
        "mode": [row["participation_mode"]] if row["participation_mode"] else [],
    }


def _matches(filters: RegisterFilters, keys: dict[str, list[str]], facet: str) -> bool:
    wanted = {
        "institution": filters.institution,
        "country": filters.country,
        "eqf": "" if filters.eqf is None else str(filters.eqf),
        "isced": filters.isced,
        "language": filters.language,
        "mode": filters.mode,
    }
    return all(not value or name == facet or value in keys[name] for name, value in wanted.items())


def facet_counts(filters: RegisterFilters) -> dict[str, dict[str, int]]:
    """For each filter, how many results each of its values would give with the other filters
    as they are (the usual faceted-search count: choosing a value never shows a surprise zero).

    One query: the entries matching the search words and the other filters, counted per
    combination of facet values (a few hundred at most); each facet is then summed from those
    combinations. ISCED-F counts are per code and per broad (2-digit) and narrow (3-digit)
    prefix; a bilingual micro-credential counts under both languages.
    """
    columns = ("institution__slug", "country", "eqf_level", "isced_f", "languages", "participation_mode")
    rows = _filtered(filters, facets=True).order_by().values(*columns).annotate(n=Count("pk"))
    out: dict[str, dict[str, int]] = {name: {} for name in FACETS}
    for row in rows:
        keys = _facet_keys(row)
        for facet in FACETS:
            if _matches(filters, keys, facet):
                for key in keys[facet]:
                    out[facet][key] = out[facet].get(key, 0) + row["n"]
    return out


def version_by_uuid(uuid: str) -> MicroCredentialVersion | None:
    """A published or retired version (the register keeps old versions reachable by their URL)."""
    return (
        MicroCredentialVersion.objects.filter(uuid=uuid, status__in=[Status.PUBLISHED, Status.RETIRED])
        .select_related("micro_credential__institution")
        .first()
    )


def current_version_of(institution_slug: str, code: str) -> MicroCredentialVersion | None:
    return (
        current_published_versions()
        .filter(micro_credential__institution__slug=institution_slug, micro_credential__code=code)
        .first()
    )


def version_history(micro_credential: MicroCredential) -> QuerySet[MicroCredentialVersion]:
    """Every version that has been public, newest first."""
    return micro_credential.versions.filter(status__in=[Status.PUBLISHED, Status.RETIRED]).order_by(
        "-version"
    )


def is_current(version: MicroCredentialVersion) -> bool:
    return current_published_versions().filter(pk=version.pk).exists()


def recognitions_of(micro_credential: MicroCredential, limit: int = 20) -> list[dict[str, Any]]:
    """Decided recognition cases of this micro-credential at partner institutions (the
    recognition desk's anonymised precedents), newest first."""
    from microcred_web.recognition import selectors as recognition

    cases = recognition.precedents(
        recognition.PrecedentFilters(source=micro_credential.institution.slug, code=micro_credential.code)
    )
    return [recognition.precedent_row(case) for case in cases[:limit]]


def institutions_with_counts() -> QuerySet[Institution]:
    current = current_published_versions().values("pk")
    return Institution.objects.annotate(
        published_count=Count(
            "micro_credentials__versions", filter=Q(micro_credentials__versions__in=current), distinct=True
        )
    ).order_by("country", "short_name")


def institution_by_slug(slug: str) -> Institution | None:
    return Institution.objects.filter(slug=slug).first()


def facet_values() -> dict[str, list[str]]:
    """Values present in the register, to offer as filter choices (only what can match)."""
    qs = SearchEntry.objects.order_by()
    languages: set[str] = set()
    for value in qs.values_list("languages", flat=True).distinct():
        languages.update(value.split())
    return {
        "countries": sorted(set(qs.values_list("country", flat=True).distinct())),
        "isced": sorted({c for c in qs.values_list("isced_f", flat=True).distinct() if c}),
        "languages": sorted(languages),
        "modes": sorted({m for m in qs.values_list("participation_mode", flat=True).distinct() if m}),
    }


def endorsements_of(version: Any) -> list[Any]:
    """The employers' standing endorsements of a published version (ADR 1431), revoked ones left out."""
    from microcred_web.skills.models import Endorsement

    return list(
        Endorsement.objects.filter(version=version, revoked_at__isnull=True)
        .select_related("employer")
        .order_by("employer__name")
    )
