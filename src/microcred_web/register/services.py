"""Writes to the register's derived tables (ADR 1520, 1524, 1525, 1526).

``SearchEntry`` (with its full-text index, which the database keeps) is "the current published version of each micro-credential";
``FacetCell`` counts the entries per combination of facet values. Every write of either goes
through this module, which keeps the two in step: the signals call
:func:`search_entry_refresh` when a version or an institution is saved, the benchmark and
``manage.py register_reindex`` call :func:`search_entries_add` and :func:`register_reindex`,
and :func:`register_index_problems` says where the tables differ from the catalogue (a bulk
``QuerySet.update`` sends no signal).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.db import DatabaseError, connection, transaction
from django.db.models import Count, F

from microcred_web.catalogue.models import MicroCredentialVersion, Status
from microcred_web.institutions.models import Institution
from microcred_web.register.models import FTS_TABLE, TITLE_FTS_TABLE, FacetCell, SearchEntry

#: the entry columns a facet cell groups by, in FacetCell's order
CELL_COLUMNS = (
    "institution_id",
    "country",
    "eqf_level",
    "isced_f",
    "languages",
    "participation_mode",
    "credits",
)
#: the SearchEntry columns copied from the version and its institution (compared by the check)
COPIED = (
    "version_id",
    "title_text",
    "search_text",
    "institution_id",
    "institution_name",
    "country",
    "code",
    "title_en",
    "eqf_level",
    "credits_ects",
    "isced_f",
    "participation_mode",
    "languages",
    "skills",
)


def credits_key(value: Decimal | None) -> str:
    """A cell's ``credits``: the ECTS figure as the database gives it back ('' when none)."""
    return "" if value is None else str(Decimal(value).quantize(Decimal("0.01")))


def _cell_key(entry: SearchEntry | dict[str, Any]) -> tuple[Any, ...]:
    get = entry.get if isinstance(entry, dict) else lambda name: getattr(entry, name)
    return (
        get("institution_id"),
        get("country"),
        get("eqf_level") or 0,
        get("isced_f"),
        get("languages"),
        get("participation_mode"),
        credits_key(get("credits_ects")),
    )


def _cells_add(counts: Counter[tuple[Any, ...]]) -> None:
    """Add ``counts`` (a signed number per cell key) to the cells, creating missing ones."""
    if not counts:
        return
    FacetCell.objects.bulk_create(
        [FacetCell(**dict(zip(CELL_COLUMNS, key, strict=True)), n=0) for key in counts],
        ignore_conflicts=True,
    )
    for key, delta in counts.items():
        if delta:
            FacetCell.objects.filter(**dict(zip(CELL_COLUMNS, key, strict=True))).update(n=F("n") + delta)


def _current(micro_credential_id: int) -> MicroCredentialVersion | None:
    return (
        MicroCredentialVersion.objects.filter(
            micro_credential_id=micro_credential_id, status=Status.PUBLISHED
        )
        .select_related("micro_credential__institution")
        .order_by("-version")
        .first()
    )


@transaction.atomic
def search_entry_refresh(*, micro_credential_id: int) -> None:
    """Point the micro-credential's entry at its newest published version, or remove it; its
    words and the facet cells follow."""
    counts: Counter[tuple[Any, ...]] = Counter()
    old = SearchEntry.objects.filter(micro_credential_id=micro_credential_id).first()
    if old is not None:
        counts[_cell_key(old)] -= 1
        old.delete()
    current = _current(micro_credential_id)
    if current is not None:
        entry = SearchEntry.of(current, current.micro_credential.institution)
        entry.save(force_insert=True)
        counts[_cell_key(entry)] += 1
    _cells_add(counts)


@transaction.atomic
def search_entries_add(entries: Iterable[SearchEntry]) -> int:
    """Insert new entries (none of their micro-credentials may have one) and count them in
    their cells; the bulk path of the benchmark and the rebuild."""
    rows = SearchEntry.objects.bulk_create(list(entries), batch_size=1000)
    _cells_add(Counter(_cell_key(e) for e in rows))
    return len(rows)


@transaction.atomic
def institution_entries_refresh(*, institution: Institution) -> None:
    """An institution's name and country are copied into its entries and cells."""
    SearchEntry.objects.filter(institution=institution).update(
        institution_name=institution.short_name, country=institution.country
    )
    FacetCell.objects.filter(institution=institution).delete()
    _cells_add(_grouped_counts(SearchEntry.objects.filter(institution=institution)))


def _grouped_counts(entries: Any) -> Counter[tuple[Any, ...]]:
    columns = [c for c in CELL_COLUMNS if c != "credits"] + ["credits_ects"]
    counts: Counter[tuple[Any, ...]] = Counter()
    for row in entries.order_by().values(*columns).annotate(n=Count("pk")):
        counts[_cell_key(row)] += row["n"]
    return counts


def _wanted_versions() -> dict[int, MicroCredentialVersion]:
    """The newest published version of each micro-credential, read in chunks."""
    wanted: dict[int, MicroCredentialVersion] = {}
    versions = (
        MicroCredentialVersion.objects.filter(status=Status.PUBLISHED)
        .select_related("micro_credential__institution")
        .order_by("micro_credential_id", "version")
    )
    for version in versions.iterator(chunk_size=2000):
        wanted[version.micro_credential_id] = version  # the last one read is the newest
    return wanted


@transaction.atomic
def register_reindex() -> int:
    """Rebuild every entry, word and cell from the catalogue; return the number of entries."""
    FacetCell.objects.all().delete()
    SearchEntry.objects.all().delete()
    wanted = _wanted_versions()
    return search_entries_add(SearchEntry.of(v, v.micro_credential.institution) for v in wanted.values())


def register_index_problems(limit: int = 20) -> list[str]:
    """Where the derived tables differ from the catalogue (at most ``limit`` lines; empty when
    they agree): an entry missing, left over or stale, words or cell counts that disagree."""
    problems: list[str] = []
    wanted = _wanted_versions()
    have = {
        row["micro_credential_id"]: row for row in SearchEntry.objects.values("micro_credential_id", *COPIED)
    }
    for mc_id in sorted(wanted.keys() - have.keys()):
        problems.append(f"micro-credential {mc_id}: published but not in the register")
    for mc_id in sorted(have.keys() - wanted.keys()):
        problems.append(f"micro-credential {mc_id}: in the register but has no published version")
    for mc_id in sorted(wanted.keys() & have.keys()):
        expected = SearchEntry.of(wanted[mc_id], wanted[mc_id].micro_credential.institution)
        stale = [c for c in COPIED if _same(getattr(expected, c), have[mc_id][c]) is False]
        if stale:
            problems.append(f"micro-credential {mc_id}: stale {', '.join(stale)}")
    problems.extend(_full_text_problems())
    cells = Counter({_cell_key_of_cell(c): c["n"] for c in FacetCell.objects.values(*CELL_COLUMNS, "n")})
    counted = _grouped_counts(SearchEntry.objects.all())
    for key in sorted((cells - counted) | (counted - cells), key=str):
        problems.append(f"facet cell {key}: counts {cells.get(key, 0)}, entries {counted.get(key, 0)}")
    return problems[:limit]


def _full_text_problems() -> list[str]:
    """SQLite: FTS5's own integrity check of its index against the entries (ADR 1526). The
    PostgreSQL index is an expression index, which the database keeps itself."""
    if connection.vendor != "sqlite":
        return []
    problems = []
    for table in (FTS_TABLE, TITLE_FTS_TABLE):  # the search words and the title words (ADR 1543)
        try:
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute(f"INSERT INTO {table}({table}, rank) VALUES ('integrity-check', 1)")  # noqa: S608
        except DatabaseError as exc:
            problems.append(f"full-text index {table}: {exc}")
    return problems


def _cell_key_of_cell(row: dict[str, Any]) -> tuple[Any, ...]:
    return tuple(row[c] for c in CELL_COLUMNS)


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, Decimal) or isinstance(b, Decimal):
        return (a is None and b is None) or (a is not None and b is not None and Decimal(a) == Decimal(b))
    return bool(a == b)
