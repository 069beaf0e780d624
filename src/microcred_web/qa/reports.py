"""The QA report of a period (issue 15 item 4; ADR 1541): one set of tables, written as PDF, CSV
and XLSX, and as JSON by ``GET /api/qa/report`` — every format from :func:`report_tables`, so they
cannot disagree.

What it holds, for the consortium or one institution (and its micro-credentials):

* ``indicators``: every indicator of the QA plan with its value, target and status, as the QA plan
  computes them on the report's day (``selectors.qa_indicators``; the plan's figures are running
  totals, not per period);
* ``trends``: the QA plan's monthly counts for the months of the period;
* ``checklist``: the QA review outcomes of the versions whose checklist was answered in the
  period: items met, not met, and mandatory items not met;
* ``surveys``: the survey rounds (calendar quarters) that ended in the period, both surveys, with
  small groups suppressed (``survey_selectors.results``; an institution's report shows only its
  own published cells);
* ``recognition``: recognition requests received in the period (by the institution as host):
  requests, decided, accepted, acceptance rate and median decision time in days.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from microcred.qa import checklist, indicators, surveys
from microcred_web.institutions.models import Institution
from microcred_web.qa import selectors, survey_selectors
from microcred_web.qa.errors import QaError
from microcred_web.qa.messages import (
    INDICATOR_LABELS,
    LIGHT_LABELS,
    STATEMENT_LABELS,
    scope_heading,
    target_source,
)
from microcred_web.qa.models import ChecklistAnswer
from microcred_web.recognition.models import RecognitionCase

MAX_DAYS = 3660
"""A report covers at most ten years."""


@dataclass(frozen=True)
class Period:
    start: date
    end: date
    institution: Institution | None


def parse_period(params: Mapping[str, str]) -> Period:
    """``from``, ``to`` (YYYY-MM-DD, both included) and optional ``institution`` (a slug)."""
    found: dict[str, date] = {}
    for field in ("from", "to"):
        value = (params.get(field) or "").strip()
        try:
            found[field] = date.fromisoformat(value)
        except ValueError:
            raise QaError("report.bad_date", where=field, field=field, value=value[:20]) from None
        if len(value) != 10:
            raise QaError("report.bad_date", where=field, field=field, value=value[:20])
    if found["to"] < found["from"]:
        raise QaError("report.period_reversed", where="to")
    if (found["to"] - found["from"]).days > MAX_DAYS:
        raise QaError("report.period_too_long", where="to", limit=str(MAX_DAYS))
    slug = (params.get("institution") or "").strip()
    institution = None
    if slug:
        institution = Institution.objects.filter(slug=slug[:60]).first()
        if institution is None:
            raise QaError("report.unknown_institution", where="institution", value=slug[:60])
    return Period(found["from"], found["to"], institution)


def _in_scope(row_scope: str, subject: str, institution: Institution | None) -> bool:
    if institution is None:
        return row_scope in ("consortium", "country", "institution")
    if row_scope == "institution":
        return subject == institution.slug
    return row_scope == "micro_credential" and subject.split("/", 1)[0] == institution.slug


def _checklist(period: Period) -> list[dict[str, Any]]:
    answers = ChecklistAnswer.objects.filter(
        at__date__gte=period.start, at__date__lte=period.end, checklist_version=checklist.CHECKLIST_VERSION
    )
    if period.institution is not None:
        answers = answers.filter(version__micro_credential__institution=period.institution)
    latest: dict[tuple[str, int], dict[str, bool]] = {}
    status: dict[tuple[str, int], str] = {}
    rows = answers.order_by("at", "pk").values_list(
        "version__micro_credential__institution__slug",
        "version__micro_credential__code",
        "version__version",
        "version__status",
        "item",
        "met",
    )
    for slug, code, number, st, item, met in rows:
        key = (f"{slug}/{code}", number)
        latest.setdefault(key, {})[item] = met
        status[key] = st
    mandatory = {i.key for i in checklist.CHECKLIST if i.mandatory}
    return [
        {
            "micro_credential": mc,
            "version": number,
            "status": status[(mc, number)],
            "met": sum(1 for v in items.values() if v),
            "not_met": sum(1 for v in items.values() if not v),
            "mandatory_open": len(mandatory - {k for k, v in items.items() if v}),
        }
        for (mc, number), items in sorted(latest.items())
    ]


def _recognition(period: Period) -> dict[str, Any]:
    cases = RecognitionCase.objects.filter(
        created_at__date__gte=period.start, created_at__date__lte=period.end
    )
    if period.institution is not None:
        cases = cases.filter(host=period.institution)
    decided_q = Q(final_outcome__in=selectors.DECIDED, decided_at__isnull=False)
    counts = cases.aggregate(
        requests=Count("pk"),
        decided=Count("pk", filter=decided_q),
        accepted=Count("pk", filter=Q(final_outcome__in=selectors.ACCEPTED, decided_at__isnull=False)),
    )
    days = [
        indicators.days_between(max((d - c).total_seconds(), 0))
        for c, d in cases.filter(decided_q).values_list("created_at", "decided_at")
    ]
    rate = indicators.rate(counts["accepted"], counts["decided"])
    middle = indicators.median(days)
    return {
        "requests": counts["requests"],
        "decided": counts["decided"],
        "accepted": counts["accepted"],
        "acceptance_rate": None if rate is None else str(rate),
        "median_decision_days": None if middle is None else str(middle),
    }


def _surveys(period: Period) -> list[dict[str, Any]]:
    out = []
    for kind in surveys.SurveyKind:
        for survey_round in sorted(survey_selectors.rounds(kind)):
            if not period.start <= survey_selectors.quarter_bounds(survey_round)[1] <= period.end:
                continue
            data = survey_selectors.results(kind, survey_round)
            data["cells"] = [
                c for c in data["cells"] if _in_scope(c["scope"], c["subject"], period.institution)
            ]
            out.append(data)
    return out


def report_data(period: Period) -> dict[str, Any]:
    """The report as data (the JSON of ``GET /api/qa/report``)."""
    plan = selectors.qa_indicators()
    inst = period.institution
    months = (f"{period.start:%Y-%m}", f"{period.end:%Y-%m}")
    return {
        "period": {"from": period.start.isoformat(), "to": period.end.isoformat()},
        "scope": "consortium" if inst is None else "institution",
        "institution": None if inst is None else inst.slug,
        "generated_on": timezone.localdate().isoformat(),
        # The QA plan's indicators are running totals since the pilot began, as on the /qa/ page
        # and in /api/qa/indicators, read on the day the report is made; the period selects the
        # trends, the checklists, the survey rounds and the recognition decisions below.
        "indicators_cover": "to_date",
        "indicators": [s for s in plan["scopes"] if _in_scope(s["scope"], s["subject"], inst)],
        "satisfaction_round": plan["satisfaction_round"],
        "targets": plan["targets"],
        "trends": [m for m in plan["trends"] if months[0] <= m["month"] <= months[1]],
        "checklist": _checklist(period),
        "surveys": _surveys(period),
        "recognition": _recognition(period),
    }


@dataclass(frozen=True)
class Table:
    key: str
    title: str
    header: list[str]
    rows: list[list[str]]
    text_columns: int = 1
    """The leading columns that hold words (wider in the PDF); the rest hold figures."""


def _v(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    return str(value)


def _subject(scope: str, subject: str) -> str:
    return scope_heading(scope, subject)


def report_tables(data: dict[str, Any]) -> list[Table]:
    """The report as tables in the active language (labels translated, figures as in ``data``)."""
    tables = [
        Table(
            "indicators",
            _("Indicators against targets, since the pilot began, as on %(date)s")
            % {"date": data["generated_on"]},
            [_("Scope"), _("Indicator"), _("Value"), _("Target"), _("Status")],
            [
                [
                    _subject(s["scope"], s["subject"]),
                    str(INDICATOR_LABELS[i["indicator"]]),
                    _v(i["value"]),
                    _v(i["target"]),
                    str(LIGHT_LABELS[i["status"]]),
                ]
                for s in data["indicators"]
                for i in s["indicators"]
            ],
            text_columns=2,
        ),
        Table(
            "targets",
            _("Where the targets come from"),
            [_("Indicator"), _("Target"), _("Source")],
            [
                [
                    str(INDICATOR_LABELS[t["indicator"]]),
                    _v(t["target"]),
                    target_source(t["source"], t["set_on"]),
                ]
                for t in data["targets"]
            ],
            text_columns=1,
        ),
        Table(
            "trends",
            _("Trends by month"),
            [_("Month"), *(str(INDICATOR_LABELS[k]) for k in _TREND_KEYS)],
            [[m["month"], *(_v(m[k]) for k in _TREND_KEYS)] for m in data["trends"]],
        ),
        Table(
            "checklist",
            _("QA review checklist outcomes"),
            [
                _("Micro-credential"),
                _("Version"),
                _("Status"),
                _("Items met"),
                _("Items not met"),
                _("Mandatory items open"),
            ],
            [
                [
                    c["micro_credential"],
                    _v(c["version"]),
                    c["status"],
                    _v(c["met"]),
                    _v(c["not_met"]),
                    _v(c["mandatory_open"]),
                ]
                for c in data["checklist"]
            ],
        ),
    ]
    for result in data["surveys"]:
        title = (
            _("Learner satisfaction")
            if result["survey"] == surveys.SurveyKind.LEARNER
            else _("Employer feedback")
        )
        tables.append(
            Table(
                f"survey:{result['survey']}:{result['round']}",
                f"{title} {result['round']}",
                [_("Group"), _("Respondents"), *(str(STATEMENT_LABELS[c]) for c in result["statements"])],
                [
                    [
                        _subject(c["scope"], c["subject"]),
                        _("suppressed"),
                        *("" for _c in result["statements"]),
                    ]
                    if c["suppressed"]
                    else [
                        _subject(c["scope"], c["subject"]),
                        _v(c["n"]),
                        *(_v(c["statements"][s]["agree"]) for s in result["statements"]),
                    ]
                    for c in result["cells"]
                ],
            )
        )
    r = data["recognition"]
    tables.append(
        Table(
            "recognition",
            _("Recognition"),
            [
                _("Requests"),
                _("Decided"),
                _("Accepted"),
                _("Acceptance rate"),
                _("Median decision time (days)"),
            ],
            [
                [
                    _v(r["requests"]),
                    _v(r["decided"]),
                    _v(r["accepted"]),
                    _v(r["acceptance_rate"]),
                    _v(r["median_decision_days"]),
                ]
            ],
        )
    )
    return tables


_TREND_KEYS = ("learners_piloted", "micro_credentials_developed", "recognition_requests", "verifications")
