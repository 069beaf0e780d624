"""Reads for the public statistics page (issue 15 item 5): counts only, no person is named.

Every figure is a COUNT over the database, so the page equals what the raw data gives.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q

from microcred_web.credentials.models import IssuedCredential
from microcred_web.institutions.models import Institution
from microcred_web.recognition.models import RecognitionCase
from microcred_web.register.selectors import current_published_versions

TOP_SKILLS = 10


@dataclass(frozen=True)
class InstitutionFigures:
    slug: str
    short_name: str
    country: str
    published: int
    credentials: int


@dataclass(frozen=True)
class Statistics:
    institutions: list[InstitutionFigures]
    countries: list[tuple[str, int, int]]  # (country, published micro-credentials, credentials)
    outcomes: list[tuple[str, int]]  # (recognition outcome code, decided cases)
    skills: list[tuple[str, int]]  # (ESCO skill URI, current micro-credentials teaching it)
    skills_total: int  # distinct ESCO skills in the register


def register_statistics() -> Statistics:
    current = current_published_versions().values("pk")
    rows = Institution.objects.annotate(
        published=Count(
            "micro_credentials__versions", filter=Q(micro_credentials__versions__in=current), distinct=True
        ),
    ).order_by("country", "short_name")
    issued = dict(
        IssuedCredential.objects.filter(revoked_at__isnull=True)
        .order_by()
        .values_list("institution_id")
        .annotate(n=Count("pk"))
    )
    institutions = [
        InstitutionFigures(i.slug, i.short_name, i.country, i.published, issued.get(i.pk, 0)) for i in rows
    ]
    countries: dict[str, list[int]] = {}
    for i in institutions:
        figures = countries.setdefault(i.country, [0, 0])
        figures[0] += i.published
        figures[1] += i.credentials
    outcomes = list(
        RecognitionCase.objects.exclude(final_outcome="")
        .order_by()
        .values_list("final_outcome")
        .annotate(n=Count("pk"))
        .order_by("-n", "final_outcome")
    )
    skill_counts: dict[str, int] = {}
    for value in current_published_versions().values_list("skills", flat=True).iterator(chunk_size=2000):
        for uri in value.split():
            skill_counts[uri] = skill_counts.get(uri, 0) + 1
    skills = sorted(skill_counts.items(), key=lambda kv: (-kv[1], kv[0]))[:TOP_SKILLS]
    return Statistics(
        institutions=institutions,
        countries=[(c, f[0], f[1]) for c, f in sorted(countries.items())],
        outcomes=[(str(o), int(n)) for o, n in outcomes],
        skills=skills,
        skills_total=len(skill_counts),
    )
