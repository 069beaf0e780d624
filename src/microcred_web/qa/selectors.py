"""Reads of QA review and the QA plan.

The indicators (ADR 1502) are the core's definitions (``microcred.qa.indicators``) applied to
counts taken here. Every count is grouped by the database per micro-credential or per
institution and rolled up in Python to institution, country and consortium, so the number of
queries does not grow with the data; medians need the durations themselves, read in one query
each. Learners piloted and completion come from the pilot's own summary
(``pilot.selectors.pilot_summary``), so the QA plan and the pilot dashboard cannot disagree.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q
from django.db.models.functions import TruncMonth

from microcred.qa import checklist, indicators
from microcred.qa.indicators import Scope
from microcred.standards.eu_mc import check_document
from microcred_web.catalogue.models import FROZEN_STATUSES, MicroCredentialVersion
from microcred_web.institutions.models import Institution
from microcred_web.pilot import selectors as pilot
from microcred_web.pilot.models import Enrolment
from microcred_web.qa.counting import verification_counts_flush
from microcred_web.qa.models import ChecklistAnswer, InstitutionQaPolicy, Target, VerificationDay
from microcred_web.recognition.models import Outcome, RecognitionCase
from microcred_web.skills.models import Endorsement

# recognition.md §4.4: a decision recognises (in full, in part or on condition) or refuses;
# "information needed" is not a decision.
ACCEPTED = (Outcome.FULL, Outcome.PARTIAL, Outcome.CONDITIONAL)
DECIDED = (*ACCEPTED, Outcome.NOT_RECOGNISED)


# -- review -------------------------------------------------------------------------------------


def current_answers(version: MicroCredentialVersion) -> dict[str, checklist.Answer]:
    """The latest answer per item of the current checklist version."""
    answers: dict[str, checklist.Answer] = {}
    rows = ChecklistAnswer.objects.filter(
        version=version, checklist_version=checklist.CHECKLIST_VERSION
    ).order_by("at", "pk")
    for row in rows:
        answers[row.item] = checklist.Answer(met=row.met, evidence=row.evidence, link=row.link)
    return answers


def prechecks(version: MicroCredentialVersion) -> dict[str, bool]:
    """The items pre-checked from the specification by the Annex I conformance checker."""
    return checklist.precheck(check_document(version.spec).element_status())


def second_reviewer_required(institution_id: int) -> bool:
    return InstitutionQaPolicy.objects.filter(
        institution_id=institution_id, second_reviewer_required=True
    ).exists()


def review_rows(version: MicroCredentialVersion) -> list[dict[str, Any]]:
    """The checklist for a page: each item, its pre-check and its current answer."""
    answers = current_answers(version)
    checks = prechecks(version)
    return [
        {"item": i, "precheck": checks.get(i.key), "answer": answers.get(i.key)} for i in checklist.CHECKLIST
    ]


# -- targets ------------------------------------------------------------------------------------


def coordinator() -> Institution | None:
    """The consortium's coordinating institution (``MICROCRED_QA_COORDINATOR``), if any."""
    from django.conf import settings

    slug = getattr(settings, "MICROCRED_QA_COORDINATOR", "")
    return Institution.objects.filter(slug=slug).first() if slug else None


def may_edit_targets(user: Any) -> bool:
    from microcred_web.accounts.permissions import Action, can

    place = coordinator()
    if place is None:
        return bool(getattr(user, "is_superuser", False) and user.is_active)
    return can(user, Action.EDIT_QA_TARGETS, place)


def targets(pilot_target: int | None = None) -> dict[str, Decimal | None]:
    """The target of every indicator: the latest one set, else the default (for learners
    piloted, the pilot's own target, ``MICROCRED_PILOT_TARGET``; else the core's)."""
    current: dict[str, Decimal | None] = {i.key: i.default_target for i in indicators.INDICATORS}
    if pilot_target is not None:
        current["learners_piloted"] = Decimal(pilot_target)
    for key, value in Target.objects.order_by("at", "pk").values_list("indicator", "value"):
        if key in current:
            current[key] = value
    return current


def _plain(value: Decimal | None) -> str | None:
    return None if value is None else format(value.normalize(), "f")


def target_sources() -> dict[str, dict[str, str | None]]:
    """Where each indicator's current target comes from: ``set_by_qa_role`` (with the day it was
    last set) or the core's default source (``indicators.TargetSource``)."""
    out: dict[str, dict[str, str | None]] = {
        i.key: {"source": i.target_source.value, "set_on": None} for i in indicators.INDICATORS
    }
    for key, at in Target.objects.order_by("at", "pk").values_list("indicator", "at"):
        if key in out:
            out[key] = {"source": "set_by_qa_role", "set_on": at.date().isoformat()}
    return out


# -- counting -----------------------------------------------------------------------------------

Counts = dict[str, int]
Durations = dict[str, list[Decimal]]


class _Group:
    """The raw counts and durations of one scope's subject (a micro-credential, an
    institution, a country or the consortium)."""

    def __init__(self) -> None:
        self.counts: Counts = defaultdict(int)
        self.durations: Durations = defaultdict(list)

    def add(self, counts: Counts, durations: Durations) -> None:
        for k, v in counts.items():
            self.counts[k] += v
        for k, vs in durations.items():
            self.durations[k].extend(vs)


def _seconds(later: datetime, earlier: datetime) -> Decimal:
    return indicators.days_between(max((later - earlier).total_seconds(), 0))


def _raw() -> tuple[dict[str, dict[str, Any]], dict[str, dict[str, Any]], Counts, int]:
    """Counts and durations per micro-credential (``slug/code``) and per institution (slug),
    plus consortium-only counts."""
    per_mc: dict[str, dict[str, Any]] = defaultdict(
        lambda: {"counts": defaultdict(int), "durations": defaultdict(list)}
    )
    per_inst: dict[str, dict[str, Any]] = defaultdict(
        lambda: {"counts": defaultdict(int), "durations": defaultdict(list)}
    )
    summary = pilot.pilot_summary()
    for row in summary["offerings"]:
        key = f"{row['institution']}/{row['micro_credential']}"
        for fig in ("enrolled", "completed"):
            per_mc[key]["counts"][fig] += row[fig]
    results = (
        Enrolment.objects.values(
            "offering__version__micro_credential__institution__slug",
            "offering__version__micro_credential__code",
        )
        .annotate(
            assessed=Count("pk", filter=Q(passed__isnull=False)), passed=Count("pk", filter=Q(passed=True))
        )
        .order_by()
    )
    for row in results:
        key = f"{row['offering__version__micro_credential__institution__slug']}/{row['offering__version__micro_credential__code']}"
        per_mc[key]["counts"]["assessed"] += row["assessed"]
        per_mc[key]["counts"]["passed"] += row["passed"]
    times = (
        pilot.enrolments_with_credential_time()
        .filter(result_at__isnull=False, credentialed_at__isnull=False)
        .values_list(
            "offering__version__micro_credential__institution__slug",
            "offering__version__micro_credential__code",
            "result_at",
            "credentialed_at",
        )
    )
    for slug, code, result_at, credentialed_at in times:
        per_mc[f"{slug}/{code}"]["durations"]["result_to_credential"].append(
            _seconds(credentialed_at, result_at)
        )
    # employer endorsements (ADR 1431, 1481): the standing ones, per micro-credential of the
    # endorsed version; a revoked endorsement no longer counts
    endorsed = (
        Endorsement.objects.filter(revoked_at__isnull=True)
        .values("version__micro_credential__institution__slug", "version__micro_credential__code")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for row in endorsed:
        key = (
            f"{row['version__micro_credential__institution__slug']}/{row['version__micro_credential__code']}"
        )
        per_mc[key]["counts"]["endorsements"] += row["n"]
    # developed: a micro-credential with a version that is (or was) published
    developed = (
        MicroCredentialVersion.objects.filter(status__in=FROZEN_STATUSES)
        .values("micro_credential__institution__slug")
        .annotate(n=Count("micro_credential", distinct=True))
        .order_by()
    )
    for row in developed:
        per_inst[row["micro_credential__institution__slug"]]["counts"]["developed"] += row["n"]
    cases = (
        RecognitionCase.objects.values("host__slug")
        .annotate(
            requests=Count("pk"),
            decided=Count("pk", filter=Q(final_outcome__in=DECIDED, decided_at__isnull=False)),
            accepted=Count("pk", filter=Q(final_outcome__in=ACCEPTED, decided_at__isnull=False)),
        )
        .order_by()
    )
    for row in cases:
        for k in ("requests", "decided", "accepted"):
            per_inst[row["host__slug"]]["counts"][k] += row[k]
    decisions = RecognitionCase.objects.filter(
        final_outcome__in=DECIDED, decided_at__isnull=False
    ).values_list("host__slug", "created_at", "decided_at")
    for slug, created_at, decided_at in decisions:
        per_inst[slug]["durations"]["decision"].append(_seconds(decided_at, created_at))
    verification_counts_flush()  # this process's pending count first (ADR 1240)
    consortium: Counts = {"verifications": sum(VerificationDay.objects.values_list("count", flat=True))}
    return per_mc, per_inst, consortium, int(summary["target"])


def _value(key: str, group: _Group) -> Decimal | None:
    c, d = group.counts, group.durations
    values: dict[str, Any] = {
        "learners_piloted": lambda: Decimal(c["enrolled"]),
        "micro_credentials_developed": lambda: Decimal(c["developed"]),
        "completion_rate": lambda: indicators.rate(c["completed"], c["enrolled"]),
        "pass_rate": lambda: indicators.rate(c["passed"], c["assessed"]),
        "learner_satisfaction": lambda: None,  # from the surveys' published cells (_row)
        "employer_endorsements": lambda: Decimal(c["endorsements"]),
        "recognition_requests": lambda: Decimal(c["requests"]),
        "recognition_acceptance_rate": lambda: indicators.rate(c["accepted"], c["decided"]),
        "recognition_median_decision_days": lambda: indicators.median(d["decision"]),
        "median_days_result_to_credential": lambda: indicators.median(d["result_to_credential"]),
        "verifications": lambda: Decimal(c["verifications"]),
    }
    result: Decimal | None = values[key]()
    return result


def _row(
    scope: Scope,
    subject: str,
    group: _Group,
    goals: dict[str, Decimal | None],
    satisfaction: dict[tuple[str, str], Decimal | None],
) -> dict[str, Any]:
    out: list[dict[str, Any]] = []
    for ind in indicators.INDICATORS:
        if scope not in ind.scopes:
            continue
        if ind.key == "learner_satisfaction":
            # the latest survey round's cell, never a group under five (ADR 1540)
            value = satisfaction.get((scope.value, subject))
        else:
            value = _value(ind.key, group)
        target = goals[ind.key] if scope in ind.target_scopes else None
        out.append(
            {
                "indicator": ind.key,
                "kind": ind.kind.value,
                "direction": ind.direction.value,
                "value": None if value is None else str(value),
                "target": None if target is None else format(target.normalize(), "f"),
                "status": indicators.light(value, target, ind.direction).value,
            }
        )
    return {"scope": scope.value, "subject": subject, "indicators": out}


def _months(pairs: Iterable[tuple[date | datetime | None, int]]) -> dict[str, int]:
    out: dict[str, int] = defaultdict(int)
    for month, n in pairs:
        if month is not None:
            out[f"{month.year:04d}-{month.month:02d}"] += int(n)
    return out


def trends() -> list[dict[str, Any]]:
    """Consortium counts per calendar month (UTC months of the stored times): learners enrolled,
    micro-credentials first published, recognition requests, verifications; every month from
    the first to the last, empty months included. Four grouped queries."""
    verification_counts_flush()  # this process's pending count first (ADR 1240)
    series = {
        "learners_piloted": _months(
            Enrolment.objects.annotate(m=TruncMonth("enrolled_at"))
            .values("m")
            .annotate(n=Count("pk"))
            .values_list("m", "n")
        ),
        "micro_credentials_developed": _months(
            MicroCredentialVersion.objects.filter(published_at__isnull=False, version=1)
            .annotate(m=TruncMonth("published_at"))
            .values("m")
            .annotate(n=Count("pk"))
            .values_list("m", "n")
        ),
        "recognition_requests": _months(
            RecognitionCase.objects.annotate(m=TruncMonth("created_at"))
            .values("m")
            .annotate(n=Count("pk"))
            .values_list("m", "n")
        ),
        "verifications": _months(
            VerificationDay.objects.annotate(m=TruncMonth("day"))
            .values("m")
            .annotate(n=Count("pk"))
            .values_list("m", "count")
        ),
    }
    months = sorted({m for s in series.values() for m in s})
    if not months:
        return []
    year, month = map(int, months[0].split("-"))
    last = months[-1]
    out: list[dict[str, Any]] = []
    while True:
        key = f"{year:04d}-{month:02d}"
        out.append({"month": key, **{name: s.get(key, 0) for name, s in series.items()}})
        if key == last:
            return out
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)


def qa_indicators() -> dict[str, Any]:
    """Every indicator with its value, target and traffic light per scope — the one source of
    ``GET /api/qa/indicators`` and the ``/qa/`` page."""
    per_mc, per_inst, consortium_counts, pilot_target = _raw()
    from microcred_web.qa.survey_selectors import satisfaction_by_scope

    satisfaction_round, satisfaction = satisfaction_by_scope()
    sources = target_sources()
    goals = targets(pilot_target)
    institutions = {i.slug: i for i in Institution.objects.only("slug", "country", "short_name")}
    inst_groups: dict[str, _Group] = defaultdict(_Group)
    country_groups: dict[str, _Group] = defaultdict(_Group)
    total = _Group()
    mc_rows: list[dict[str, Any]] = []
    for key in sorted(per_mc):
        group = _Group()
        group.add(per_mc[key]["counts"], per_mc[key]["durations"])
        mc_rows.append(_row(Scope.MICRO_CREDENTIAL, key, group, goals, satisfaction))
        inst_groups[key.split("/", 1)[0]].add(group.counts, group.durations)
    for slug, raw in per_inst.items():
        inst_groups[slug].add(raw["counts"], raw["durations"])
    for slug, group in inst_groups.items():
        country = institutions[slug].country if slug in institutions else ""
        country_groups[country].add(group.counts, group.durations)
        total.add(group.counts, group.durations)
    total.add(consortium_counts, {})
    return {
        "checklist_version": checklist.CHECKLIST_VERSION,
        "amber_share": str(indicators.AMBER_SHARE),
        "satisfaction_round": satisfaction_round,
        "targets": [
            {
                "indicator": i.key,
                "target": _plain(goals[i.key]),
                **sources[i.key],
            }
            for i in indicators.INDICATORS
        ],
        "scopes": [
            _row(Scope.CONSORTIUM, "consortium", total, goals, satisfaction),
            *(_row(Scope.COUNTRY, c, country_groups[c], goals, satisfaction) for c in sorted(country_groups)),
            *(_row(Scope.INSTITUTION, s, inst_groups[s], goals, satisfaction) for s in sorted(inst_groups)),
            *mc_rows,
        ],
        "trends": trends(),
    }
