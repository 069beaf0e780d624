"""Reads: skill labels, suggestions for a version's outcomes, and the skills-gap analysis."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Count, Exists, Max, OuterRef, Q

from microcred.esco.store import SkillRecord, skill_record
from microcred.esco.suggest import Bm25Backend, OutcomeSuggestions, suggest_skills
from microcred.model import parse_spec
from microcred_web.catalogue.models import MicroCredentialVersion, Status
from microcred_web.pilot.models import Mode, Offering
from microcred_web.skills.models import DemandProfile, EscoConcept, EscoText

_lock = threading.Lock()
_index: dict[str, Bm25Backend] = {}


def forget_index() -> None:
    """Drop the cached suggestion index (after an import changed something)."""
    with _lock:
        _index.clear()


def _records() -> list[SkillRecord]:
    texts: dict[str, dict[str, dict[str, object]]] = {}
    rows = EscoText.objects.filter(concept__kind=EscoConcept.Kind.SKILL).values_list(
        "concept__uri", "lang", "payload"
    )
    for uri, lang, payload in rows:
        texts.setdefault(uri, {})[lang] = payload
    return [skill_record(uri, t) for uri, t in sorted(texts.items())]


def _signature() -> str:
    """What the cached index was built from: texts counted, the highest id and version. An import
    by another process (``manage.py esco_import``) changes it, so every process rebuilds."""
    agg = EscoText.objects.aggregate(n=Count("id"), top=Max("id"), version=Max("esco_version"))
    return f"{agg['n']}:{agg['top']}:{agg['version']}"


def skill_index() -> Bm25Backend:
    """The lexical index over every imported skill, built once per process and rebuilt when the
    imported classification changes."""
    signature = _signature()
    with _lock:
        if signature not in _index:
            _index.clear()
            _index[signature] = Bm25Backend(_records())
        return _index[signature]


def skill_labels(uris: Iterable[str], lang: str = "en") -> dict[str, str]:
    """Preferred labels of the given skills in ``lang`` (English when ESCO has none in ``lang``)."""
    wanted = set(uris)
    out: dict[str, str] = {}
    for uri, text_lang, label in EscoText.objects.filter(
        concept__uri__in=wanted, lang__in={lang, "en"}
    ).values_list("concept__uri", "lang", "preferred_label"):
        if text_lang == lang or uri not in out:
            out[uri] = label
    return out


@dataclass(frozen=True)
class OutcomeRow:
    outcome_id: str
    texts: dict[str, str]
    confirmed: tuple[str, ...]
    suggestions: OutcomeSuggestions


def suggestions_for(version: MicroCredentialVersion) -> list[OutcomeRow]:
    """Each learning outcome of ``version`` with its confirmed skills and the suggestions."""
    spec = parse_spec(version.spec)
    index = skill_index()
    return [
        OutcomeRow(lo.id, dict(lo.text), tuple(lo.esco_skills), suggest_skills(lo.id, lo.text, index))
        for lo in spec.learning_outcomes
    ]


@dataclass(frozen=True)
class Gap:
    uri: str
    label: str
    employers: int
    profiles: int
    headcount: int


def open_offerings(country: str, today: dt.date) -> Q:
    """An offering is open to learners in ``country`` (ADR 1403) when it has not ended and it is
    online (anyone may take it) or run by an institution of that country (on-site or blended
    runs take place where the institution is)."""
    return Q(ends_on__gte=today) & (
        Q(mode=Mode.ONLINE) | Q(version__micro_credential__institution__country=country)
    )


def covered_skills(country: str, today: dt.date) -> set[str]:
    """Skills with a confirmed alignment in a published version that has an open offering."""
    offered = Offering.objects.filter(open_offerings(country, today), version=OuterRef("pk"))
    versions = MicroCredentialVersion.objects.filter(Exists(offered), status=Status.PUBLISHED)
    return {uri for skills in versions.values_list("skills", flat=True) for uri in skills.split()}


def skill_gaps(country: str, today: dt.date) -> tuple[list[Gap], int]:
    """The skills employers demand in ``country`` (profiles whose horizon has not ended) that no
    micro-credential covers there, most people needed first; and how many demanded skills are covered."""
    profiles = DemandProfile.objects.filter(country=country, horizon_to__gte=today).prefetch_related("skills")
    demand: dict[str, tuple[set[int], int, int]] = {}
    for profile in profiles:
        for skill in profile.skills.all():
            employers, count, people = demand.get(skill.uri, (set(), 0, 0))
            employers.add(profile.employer_id)
            demand[skill.uri] = (employers, count + 1, people + profile.headcount)
    covered = covered_skills(country, today)
    labels = skill_labels(demand)
    gaps = [
        Gap(uri, labels.get(uri, uri), len(e), n, people)
        for uri, (e, n, people) in demand.items()
        if uri not in covered
    ]
    gaps.sort(key=lambda g: (-g.headcount, g.label))
    return gaps, len(demand) - len(gaps)
