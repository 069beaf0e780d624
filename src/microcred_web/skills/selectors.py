"""Reads: skill labels, suggestions for a version's outcomes, the skills-gap analysis, demand
against supply per skill and country, and a learner's skills profile (ADR 1403, 1452)."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Exists, Max, OuterRef, Q

from microcred.esco.store import RELATION_WEIGHTS, OccupationRecord, SkillRecord, skill_record
from microcred.esco.suggest import Bm25Backend, OutcomeSuggestions, suggest_skills
from microcred.model import parse_spec
from microcred_web.catalogue.models import MicroCredentialVersion, Status
from microcred_web.credentials.models import IssuedCredential
from microcred_web.institutions.models import Institution
from microcred_web.pilot.models import Mode, Offering
from microcred_web.skills.models import DemandProfile, EscoConcept, EscoRelation, EscoText

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


def _occupations() -> list[OccupationRecord]:
    """The imported occupations (English texts) with their related skills (ADR 1463)."""
    links: dict[str, dict[str, Decimal]] = {}
    for occupation, skill, payload in EscoRelation.objects.values_list(
        "occupation_uri", "skill_uri", "payload"
    ):
        weight = RELATION_WEIGHTS.get(str((payload or {}).get("relation_type", "")))
        if weight is not None:
            links.setdefault(occupation, {})[skill] = weight
    rows = EscoText.objects.filter(lang="en", concept__kind=EscoConcept.Kind.OCCUPATION).values_list(
        "concept__uri", "payload"
    )
    out = []
    for uri, payload in sorted(rows):
        alt = payload.get("alt") or []
        out.append(
            OccupationRecord(
                uri,
                str(payload.get("preferred", "")),
                tuple(str(a) for a in alt) if isinstance(alt, list) else (),
                str(payload.get("description", "")),
                links.get(uri, {}),
            )
        )
    return out


def _signature() -> str:
    """What the cached index was built from: texts counted, the highest id and version. An import
    by another process (``manage.py esco_import``) changes it, so every process rebuilds."""
    agg = EscoText.objects.aggregate(n=Count("id"), top=Max("id"), version=Max("esco_version"))
    rel = EscoRelation.objects.aggregate(n=Count("id"), top=Max("id"))
    return f"{agg['n']}:{agg['top']}:{agg['version']}:{rel['n']}:{rel['top']}"


def skill_index() -> Bm25Backend:
    """The lexical index over every imported skill, built once per process and rebuilt when the
    imported classification changes."""
    signature = _signature()
    with _lock:
        if signature not in _index:
            _index.clear()
            _index[signature] = Bm25Backend(_records(), occupations=_occupations())
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


SEARCH_MAX_CHARS = 100
SEARCH_MAX_WORDS = 6
SEARCH_SHOWN = 20


def skill_search(query: str, *, limit: int = SEARCH_SHOWN) -> list[tuple[str, str]]:
    """ESCO skills whose English preferred or alternative labels contain every word of ``query``
    (case-insensitive), as ``(uri, preferred label)``: labels containing the whole query first,
    then shorter labels (ADR 1461). The query is cut to 100 characters and 6 words; an empty one
    finds nothing. ESCO has no Vietnamese or Lao labels, so the search is in English."""
    words = [w for w in query[:SEARCH_MAX_CHARS].split() if w][:SEARCH_MAX_WORDS]
    if not words:
        return []
    rows = EscoText.objects.filter(lang="en", concept__kind=EscoConcept.Kind.SKILL)
    for word in words:
        rows = rows.filter(Q(preferred_label__icontains=word) | Q(payload__alt__icontains=word))
    whole = " ".join(words).casefold()
    found = list(rows.values_list("concept__uri", "preferred_label")[:500])
    found.sort(key=lambda r: (whole not in r[1].casefold(), len(r[1]), r[1], r[0]))
    return found[:limit]


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
    title = spec.title.get("en", "") if isinstance(spec.title, dict) else ""  # ADR 1463: the context
    return [
        OutcomeRow(
            lo.id, dict(lo.text), tuple(lo.esco_skills), suggest_skills(lo.id, lo.text, index, context=title)
        )
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


@dataclass(frozen=True)
class SkillBalance:
    """Demand against supply of one ESCO skill in one country (ADR 1452).

    Demand: the active profiles of the country needing the skill (``profiles``, their
    ``employers``, the people they need: ``headcount``). Supply: ``micro_credentials``, the
    micro-credentials with a published version confirmed-aligned to the skill (anywhere);
    ``offerings``, the offerings of such versions open to learners in the country
    (:func:`open_offerings`); ``credentials_issued``, credentials of any version aligned to the
    skill issued by institutions of the country and not revoked. ``covered`` is
    :func:`covered_skills`'s answer, the rule of the gap analysis."""

    uri: str
    label: str
    headcount: int
    profiles: int
    employers: int
    micro_credentials: int
    offerings: int
    credentials_issued: int
    covered: bool


def _uris(skills: str) -> set[str]:
    return set(skills.split())


def demand_supply(country: str, today: dt.date) -> list[SkillBalance]:
    """Every skill demanded in ``country`` or supplied there (an open offering or a credential
    issued), most people needed first, then by label. A fixed number of queries (seven),
    whatever the number of skills, profiles, versions or credentials."""
    Through = DemandProfile.skills.through
    demand: dict[str, tuple[set[int], set[int], int]] = {}
    for uri, profile, employer, headcount in Through.objects.filter(
        demandprofile__country=country, demandprofile__horizon_to__gte=today
    ).values_list(
        "escoconcept__uri", "demandprofile_id", "demandprofile__employer_id", "demandprofile__headcount"
    ):
        profiles, employers, people = demand.get(uri, (set(), set(), 0))
        if profile not in profiles:
            people += headcount
        profiles.add(profile)
        employers.add(employer)
        demand[uri] = (profiles, employers, people)

    version_skills: dict[int, set[str]] = {}
    mcs: dict[str, set[int]] = {}
    for pk, mc, status, skills in MicroCredentialVersion.objects.exclude(skills="").values_list(
        "pk", "micro_credential_id", "status", "skills"
    ):
        version_skills[pk] = _uris(skills)
        if status == Status.PUBLISHED:
            for uri in version_skills[pk]:
                mcs.setdefault(uri, set()).add(mc)

    offerings: dict[str, int] = {}
    for (version,) in (
        Offering.objects.filter(open_offerings(country, today), version__status=Status.PUBLISHED)
        .exclude(version__skills="")
        .values_list("version_id")
    ):
        for uri in version_skills.get(version, ()):
            offerings[uri] = offerings.get(uri, 0) + 1

    issued: dict[str, int] = {}
    for version, n in (
        IssuedCredential.objects.filter(revoked_at=None, institution__country=country)
        .exclude(version__skills="")
        .values("version_id")
        .annotate(n=Count("id"))
        .values_list("version_id", "n")
    ):
        for uri in version_skills.get(version, ()):
            issued[uri] = issued.get(uri, 0) + n

    covered = covered_skills(country, today)
    wanted = set(demand) | set(offerings) | set(issued)
    labels = skill_labels(wanted)
    rows = [
        SkillBalance(
            uri=uri,
            label=labels.get(uri, uri),
            headcount=demand.get(uri, (set(), set(), 0))[2],
            profiles=len(demand.get(uri, (set(), set(), 0))[0]),
            employers=len(demand.get(uri, (set(), set(), 0))[1]),
            micro_credentials=len(mcs.get(uri, ())),
            offerings=offerings.get(uri, 0),
            credentials_issued=issued.get(uri, 0),
            covered=uri in covered,
        )
        for uri in wanted
    ]
    rows.sort(key=lambda r: (-r.headcount, -r.credentials_issued, r.label))
    return rows


def demand_countries(today: dt.date) -> list[str]:
    """The countries with active demand profiles, then those with institutions: the choices of
    the demand-and-supply page."""
    demanded = set(
        DemandProfile.objects.filter(horizon_to__gte=today).values_list("country", flat=True).distinct()
    )
    others = set(Institution.objects.values_list("country", flat=True).distinct()) - demanded
    return sorted(demanded) + sorted(others)


@dataclass(frozen=True)
class LearnerSkill:
    uri: str
    label: str
    evidence: tuple[str, ...]  # the titles of the micro-credentials that show it


def learner_skill_profile(achievements: Iterable[tuple[str, str]], lang: str) -> list[LearnerSkill]:
    """A learner's skills from the credentials earned (ADR 1452): ``achievements`` are the
    (confirmed ESCO alignments of the achieved version — ``MicroCredentialVersion.skills`` —,
    the micro-credential's title) of each credential held and not revoked. One query, for the
    labels in ``lang`` (English where ESCO has none)."""
    evidence: dict[str, list[str]] = {}
    for skills, title in achievements:
        for uri in _uris(skills):
            titles = evidence.setdefault(uri, [])
            if title not in titles:
                titles.append(title)
    if not evidence:
        return []
    labels = skill_labels(evidence, lang)
    profile = [LearnerSkill(uri, labels.get(uri, uri), tuple(titles)) for uri, titles in evidence.items()]
    profile.sort(key=lambda s: (-len(s.evidence), s.label.casefold()))
    return profile
