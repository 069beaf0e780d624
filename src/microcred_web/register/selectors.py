"""Reads for the public register. Filtering happens in SQL on the register fields that
``catalogue`` derives from each specification when a version is published."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, fields
from decimal import Decimal, InvalidOperation
from itertools import combinations
from typing import Any

from django.db import connection
from django.db.models import BooleanField, Case, Count, Q, QuerySet, TextField, Value, When
from django.db.models.expressions import RawSQL
from django.db.models.functions import Concat

from microcred.search import query_terms
from microcred_web.catalogue.models import MicroCredential, MicroCredentialVersion, Status
from microcred_web.institutions.models import Institution
from microcred_web.register.models import (
    FTS_TABLE,
    PG_TSVECTOR,
    TITLE_FTS_TABLE,
    WORD_MAX,
    FacetCell,
    SearchEntry,
)

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

    Behaves as Django's paginator and the exports need: ``count()``, slicing and
    ``iterator(chunk_size)`` for streaming. A slice is two queries (ADR 1524): the ordered keys
    alone (the sort touches only the narrow entry columns), then those entries with their
    versions. The count and the facet counts come from the facet cells when the search has
    neither words nor a skill, and otherwise from one grouped query over the matching entries.
    """

    def __init__(
        self,
        entries: QuerySet[SearchEntry],
        filters: RegisterFilters,
        *,
        ordered_by_institution: bool = False,
        matching: QuerySet[SearchEntry] | None = None,
        terms: list[str] | None = None,
    ) -> None:
        self.entries = entries
        self.filters = filters
        self.ordered_by_institution = ordered_by_institution
        # with search words: the matching entries unordered, and the words that rank them
        self.matching = matching
        self.terms = terms or []
        self._rows: list[dict[str, Any]] | None = None
        self._word_counts: tuple[int, int] | None = None

    @property
    def _words_alone(self) -> bool:
        """A search with words and no other filter (the full-text tables alone answer its count)."""
        return self.matching is not None and not (set(self.filters.as_params()) - {"q"})

    def _full_text_counts(self) -> tuple[int, int]:
        """SQLite: the entries holding every word, and those whose title holds every word."""
        if self._word_counts is None:
            self._word_counts = _full_text_counts(self.terms)
        return self._word_counts

    def _versions(self, keys: list[int]) -> list[MicroCredentialVersion]:
        found = {
            e.pk: e.version
            for e in SearchEntry.objects.filter(pk__in=keys).select_related(
                "version__micro_credential__institution"
            )
        }
        return [found[k] for k in keys if k in found]

    def facet_rows(self) -> list[dict[str, Any]]:
        """Entry counts per combination of facet values, within the non-facet filters."""
        if self._rows is None:
            self._rows = _facet_rows(self.filters)
        return self._rows

    def count(self) -> int:
        if self._rows is None and not _plain(self.filters):
            if self._words_alone and connection.vendor == "sqlite":
                # every row of the full-text table is an entry: its own count (under 1 ms)
                return self._full_text_counts()[0]
            if self.matching is not None and connection.vendor == "sqlite" and not self.filters.skill:
                # the keys and filter columns from the facet columns' covering index (ADR 1543)
                keys = self.matching.order_by().values("pk")
                return int(_rows_through(keys, "register_entry_facets", count=True)[0][0])
            return self.entries.count()
        return sum(r["n"] for r in self.facet_rows() if _matches(self.filters, _facet_keys(r), None))

    def facet_counts(self) -> dict[str, dict[str, int]]:
        return _summed(self.filters, self.facet_rows())

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index: slice) -> list[MicroCredentialVersion]:
        entries = self.entries
        if self.matching is not None and index.start is not None and index.stop is not None:
            return self._versions(self._ranked_keys(index.start, index.stop))
        if self.ordered_by_institution and _plain(self.filters) and index.start is not None:
            entries, index = self._within_institutions(index)
        return self._versions(list(entries.values_list("pk", flat=True)[index]))

    def _ranked_keys(self, start: int, stop: int) -> list[int]:
        """The keys of a slice of a search with words, read one relevance rank at a time
        (ADR 1543): the entries whose title holds all ``n`` words, then ``n - 1`` of them, … then
        none, each rank in the register's order. A rank is a set the title index gives, so its
        slice is read in the order index (or sorted, when the rank is small) and no query ranks
        or sorts every match. A rank left behind is counted only when the slice starts past it
        and none of its entries were read."""
        keys: list[int] = []
        if self.matching is None:
            return keys
        n = len(self.terms)
        for rank in range(n, -1, -1):
            if start >= stop:
                break
            level = _title_rank(self.matching, self.terms, rank)
            found = _ordered_keys(level, start, stop, walk=self._walk(rank))
            keys.extend(found)
            if len(found) == stop - start:
                break
            # this rank ended inside the slice (or before it): the rest of the slice continues
            # at the start of the next rank; its size is known unless none of it was read
            size = start + len(found) if found or start == 0 else level.count()
            start, stop = max(start - size, 0), stop - size
        return keys

    def _walk(self, rank: int) -> bool:
        """SQLite: whether ``rank`` is big enough to be read by walking the order index: the
        entries whose title holds every word for the top rank, the entries with every word for
        the others. Another filter thins the walk out by an amount these counts do not tell, so
        a search with filters sorts. PostgreSQL's planner makes this choice from its statistics."""
        if connection.vendor != "sqlite" or not self._words_alone:
            return False
        matches, in_title = self._full_text_counts()
        return (in_title if rank == len(self.terms) else matches) >= WALK_FROM

    def _within_institutions(self, index: slice) -> tuple[QuerySet[SearchEntry], slice]:
        """The same slice, read only from the institutions it falls in (ADR 1524).

        The register's order starts with the institution, and the facet cells say how many
        results each institution has, so the slice's first and last institution are known
        before any entry is read: the query then starts at those institutions in the order
        index instead of walking past every result of the institutions before them.
        """
        per_institution: dict[int, int] = {}
        for row in self.facet_rows():
            if _matches(self.filters, _facet_keys(row), None):
                per_institution[row["institution_id"]] = (
                    per_institution.get(row["institution_id"], 0) + row["n"]
                )
        per_name: dict[str, int] = {}
        # the database's order of the names (its collation), as the entries are sorted
        for pk, name in (
            Institution.objects.filter(pk__in=per_institution)
            .order_by("short_name")
            .values_list("pk", "short_name")
        ):
            per_name[name] = per_name.get(name, 0) + per_institution[pk]
        start = index.start
        stop = index.stop if index.stop is not None else sum(per_name.values())
        before, first, names = 0, 0, []
        for name, n in per_name.items():
            if before + n > start and before < stop:
                first = first if names else before
                names.append(name)
            before += n
        offset = start - first
        return self.entries.filter(institution_name__in=names), slice(offset, offset + (stop - start))

    def iterator(self, chunk_size: int = 500) -> Iterator[MicroCredentialVersion]:
        keys: list[int] = []
        for key in self.entries.values_list("pk", flat=True).iterator(chunk_size=chunk_size):
            keys.append(key)
            if len(keys) >= chunk_size:
                yield from self._versions(keys)
                keys = []
        if keys:
            yield from self._versions(keys)

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
        return RegisterResults(qs.order_by(*ORDER), filters, ordered_by_institution=True)
    matching = qs
    qs = qs.annotate(_title=_padded("title_text"))
    rank = sum(
        (Case(When(_title__contains=f" {term}", then=Value(1)), default=Value(0)) for term in terms),
        start=Value(0),
    )
    # the whole list (the CSV export) is sorted by rank in one query; a page reads its slice rank
    # by rank through the title index (ADR 1543), when the engine has one and the words are few
    ranked = connection.vendor in ("sqlite", "postgresql") and len(terms) <= RANKED_TERMS_MAX
    return RegisterResults(
        qs.annotate(_rank=rank).order_by("-_rank", *ORDER),
        filters,
        matching=matching if ranked else None,
        terms=[t[:WORD_MAX] for t in terms],
    )


#: with more search words than this, a page sorts every match by its rank (the ranks would be
#: 2**n sets of the title index)
RANKED_TERMS_MAX = 3
#: SQLite: a rank with at least this many full-text matches is read by walking the order index;
#: a smaller one is sorted from the facet columns' covering index (ADR 1543). A walk costs about
#: 20 x entries / matches index rows when the matches are spread over the institutions, but a
#: Vietnamese or Lao word lives in its country's institutions, so the walk may first pass every
#: entry of the institutions before them (10 ms for a Lao word with 861 title matches at 50,000
#: entries); sorting 2,000 keys from the index costs about 3 ms.
WALK_FROM = 2000


def _fts_phrase(term: str) -> str:
    return '"' + term.replace('"', '""') + '"*'


def _fts_filter(
    qs: QuerySet[SearchEntry], fts_table: str, match: str, operator: str
) -> QuerySet[SearchEntry]:
    """``qs`` filtered to the entries whose key is (``IN``) or is not (``NOT IN``) among the rows
    of the SQLite FTS5 table ``fts_table`` that ``match`` finds (its rowid is the entry's key)."""
    return qs.filter(
        RawSQL(  # noqa: S611 - table names are ours; the match expression is a parameter
            f"{SearchEntry._meta.db_table}.micro_credential_id {operator} (SELECT rowid FROM {fts_table} "  # noqa: S608
            f"WHERE {fts_table} MATCH %s)",
            (match,),
            output_field=BooleanField(),
        )
    )


def _tsquery_term(term: str) -> str:
    return "'" + term.replace("\\", "\\\\").replace("'", "''") + "':*"


def _title_rank(qs: QuerySet[SearchEntry], terms: list[str], rank: int) -> QuerySet[SearchEntry]:
    """The entries of ``qs`` whose title words are started by exactly ``rank`` of ``terms`` (the
    relevance of ADR 1520), through the title index of migration 0005: a union over the
    ``rank``-sized subsets of the words of "these words and none of the others"."""
    table = SearchEntry._meta.db_table
    subsets = list(combinations(range(len(terms)), rank))
    if connection.vendor == "sqlite":
        if rank == 0:
            match, operator = " OR ".join(_fts_phrase(t) for t in terms), "NOT IN"
        else:
            parts = []
            for subset in subsets:
                part = "(" + " AND ".join(_fts_phrase(terms[i]) for i in subset) + ")"
                others = [_fts_phrase(t) for i, t in enumerate(terms) if i not in subset]
                parts.append("(" + part + (" NOT (" + " OR ".join(others) + ")" if others else "") + ")")
            match, operator = " OR ".join(parts), "IN"
        return _fts_filter(qs, TITLE_FTS_TABLE, match, operator)
    if rank == 0:
        query = "!(" + " | ".join(_tsquery_term(t) for t in terms) + ")"
    else:
        query = " | ".join(
            "("
            + " & ".join(
                _tsquery_term(t) if i in subset else "!" + _tsquery_term(t) for i, t in enumerate(terms)
            )
            + ")"
            for subset in subsets
        )
    vector = PG_TSVECTOR.format(column=f'"{table}"."title_text"')
    # the column name is ours; the query is a parameter
    return qs.filter(RawSQL(f"{vector} @@ %s::tsquery", (query,), output_field=BooleanField()))  # noqa: S611


def _full_text_counts(terms: list[str]) -> tuple[int, int]:
    """SQLite: how many entries hold every one of ``terms``, and how many titles do, from the
    two full-text tables alone (one query, well under a millisecond at 50,000 entries)."""
    every = " AND ".join(_fts_phrase(t) for t in terms)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT (SELECT count(*) FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s), "  # noqa: S608
            f"(SELECT count(*) FROM {TITLE_FTS_TABLE} WHERE {TITLE_FTS_TABLE} MATCH %s)",
            (every, every),
        )
        matches, in_title = cursor.fetchone()
    return int(matches), int(in_title)


def _ordered_keys(qs: QuerySet[SearchEntry], start: int, stop: int, *, walk: bool) -> list[int]:
    """``qs``'s keys ``[start:stop]`` in the register's order. With ``walk`` (SQLite), the query
    reads the order index from its start and tests each key against the full-text sets (a few
    hundred index rows for a page of a common word) instead of sorting every match: SQLite
    cannot estimate the size of a full-text match, so the index is named (``INDEXED BY``)."""
    keys = qs.order_by(*ORDER).values_list("pk", flat=True)[start:stop]
    if connection.vendor != "sqlite":
        return list(keys)
    # a rank that is sorted starts from its full-text keys, filtered on the facet columns' index
    # (SQLite would otherwise start from a filter's own index, e.g. every entry of a country)
    return [
        row[0] for row in _rows_through(keys, "register_entry_order" if walk else "register_entry_facets")
    ]


def _rows_through(qs: QuerySet[Any], index: str, *, count: bool = False) -> list[tuple[Any, ...]]:
    """SQLite: ``qs``'s rows (or their number, with ``count``) with its entry table read through
    ``index`` (``INDEXED BY``), for the queries whose best index SQLite cannot tell without statistics of a full-text match: the
    order index walked for a page, and the facet columns' covering index (migration 0005)."""
    sql, params = qs.query.sql_with_params()
    table = f'FROM "{SearchEntry._meta.db_table}"'
    sql = sql.replace(table, f"{table} INDEXED BY {index}", 1)
    if count:
        sql = f"SELECT COUNT(*) FROM ({sql})"  # noqa: S608 - Django's SQL of our queryset
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return list(cursor.fetchall())


def _filtered(filters: RegisterFilters, *, facets: bool = False) -> QuerySet[SearchEntry]:
    """Entries matching every filter; with ``facets``, only the filters that are not facets."""
    qs = SearchEntry.objects.all()
    terms = query_terms(filters.q)
    if terms:
        # A term matches the start of an indexed word: "econom" finds "econometrics",
        # "ngan" finds "ngan" (Ngân) but "an" does not match inside "ngan".
        qs = _with_words(qs, terms)
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


def _with_words(qs: QuerySet[SearchEntry], terms: list[str]) -> QuerySet[SearchEntry]:
    """Entries in which every term starts a word (ADR 0401), through each engine's full-text
    index over the same normalised words (ADR 1526): FTS5 prefix queries on SQLite, a GIN
    index on the words as a ``tsvector`` with prefix ``tsquery`` terms on PostgreSQL. Neither
    engine's parser or dictionary sees the words: our normaliser made them, so vi and lo match
    the same way on both. Other engines read the text itself.
    """
    terms = [t[:WORD_MAX] for t in terms]
    if connection.vendor == "sqlite":
        match = " AND ".join(_fts_phrase(t) for t in terms)
        return _fts_filter(qs, FTS_TABLE, match, "IN")
    if connection.vendor == "postgresql":
        query = " & ".join(_tsquery_term(t) for t in terms)
        vector = PG_TSVECTOR.format(column=f'"{SearchEntry._meta.db_table}"."search_text"')
        # the column name is ours; the query is a parameter
        return qs.filter(RawSQL(f"{vector} @@ %s::tsquery", (query,), output_field=BooleanField()))  # noqa: S611
    for term in terms:
        qs = qs.annotate(_words=_padded("search_text")).filter(_words__contains=f" {term}")
    return qs


FACETS = ("institution", "country", "eqf", "isced", "language", "mode")


def _plain(filters: RegisterFilters) -> bool:
    """Whether the facet cells answer this search: no words and no skill (ADR 1524)."""
    return not query_terms(filters.q) and not filters.skill


def _facet_rows(filters: RegisterFilters) -> list[dict[str, Any]]:
    """Entry counts per combination of facet values (and credits), within the search words,
    the skill and the credits range: from the cells when they answer, else one grouped query."""
    slugs = dict(Institution.objects.values_list("pk", "slug"))
    columns = ("institution_id", "country", "eqf_level", "isced_f", "languages", "participation_mode")
    if _plain(filters):
        rows = []
        for cell in FacetCell.objects.filter(n__gt=0).values(*columns, "credits", "n"):
            credits = Decimal(cell["credits"]) if cell["credits"] else None
            if filters.credits_min is not None and (credits is None or credits < filters.credits_min):
                continue
            if filters.credits_max is not None and (credits is None or credits > filters.credits_max):
                continue
            rows.append({**cell, "eqf_level": cell["eqf_level"] or None})
    else:
        grouped = _filtered(filters, facets=True).order_by().values(*columns).annotate(n=Count("pk"))
        if connection.vendor == "sqlite" and not filters.skill:
            # the facet columns from their covering index, not from the wide entry rows (ADR 1543)
            names = (*columns, "n")
            rows = [
                dict(zip(names, row, strict=True)) for row in _rows_through(grouped, "register_entry_facets")
            ]
        else:
            rows = list(grouped)
    for row in rows:
        row["institution__slug"] = slugs.get(row["institution_id"], "")
    return rows


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


def _matches(filters: RegisterFilters, keys: dict[str, list[str]], facet: str | None) -> bool:
    """Whether a row passes every facet filter but ``facet``'s own (``None``: every one)."""
    wanted = {
        "institution": filters.institution,
        "country": filters.country,
        "eqf": "" if filters.eqf is None else str(filters.eqf),
        "language": filters.language,
        "mode": filters.mode,
    }
    if filters.isced and facet != "isced":
        # the SQL filter is a prefix of the detailed code ("0" and "04" alike)
        codes = keys["isced"]
        if not (codes and codes[-1].startswith(filters.isced)):
            return False
    return all(not value or name == facet or value in keys[name] for name, value in wanted.items())


def _summed(filters: RegisterFilters, rows: list[dict[str, Any]]) -> dict[str, dict[str, int]]:
    out: dict[str, dict[str, int]] = {name: {} for name in FACETS}
    for row in rows:
        keys = _facet_keys(row)
        for facet in FACETS:
            if _matches(filters, keys, facet):
                for key in keys[facet]:
                    out[facet][key] = out[facet].get(key, 0) + row["n"]
    return out


def facet_counts(filters: RegisterFilters) -> dict[str, dict[str, int]]:
    """For each filter, how many results each of its values would give with the other filters
    as they are (the usual faceted-search count: choosing a value never shows a surprise zero).

    Summed from the entry counts per combination of facet values (``_facet_rows``: the facet
    cells, or one grouped query when the search has words or a skill; ADR 1524). ISCED-F counts
    are per code and per broad (2-digit) and narrow (3-digit) prefix; a bilingual
    micro-credential counts under both languages.
    """
    return _summed(filters, _facet_rows(filters))


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
    """Values present in the register, to offer as filter choices (only what can match); read
    from the facet cells (ADR 1524)."""
    countries: set[str] = set()
    isced: set[str] = set()
    languages: set[str] = set()
    modes: set[str] = set()
    # one reading of the few hundred cells (four DISTINCT queries before: each a round trip)
    cells = FacetCell.objects.filter(n__gt=0).order_by()
    for country, code, langs, mode in cells.values_list(
        "country", "isced_f", "languages", "participation_mode"
    ):
        countries.add(country)
        isced.add(code)
        languages.update(langs.split())
        modes.add(mode)
    return {
        "countries": sorted(countries),
        "isced": sorted(isced - {""}),
        "languages": sorted(languages),
        "modes": sorted(modes - {""}),
    }


def endorsements_of(version: Any) -> list[Any]:
    """The employers' standing endorsements of a published version (ADR 1431), revoked ones left out."""
    from microcred_web.skills.models import Endorsement

    return list(
        Endorsement.objects.filter(version=version, revoked_at__isnull=True)
        .select_related("employer")
        .order_by("employer__name")
    )
