"""Reads of the surveys (issue 15 item 3; ADR 1540): the open surveys of a learner, and the
results of a round as cells of the fixed hierarchy consortium -> country -> institution ->
micro-credential, with the core's small-group suppression (``microcred.qa.disclosure``) applied
before anything leaves this module. The results of one round are one table: nobody chooses
other groupings or periods (rounds are disjoint calendar quarters).

A cell's figures: ``n`` respondents; per statement ``agree`` (share answering 4 or 5, 0-1) and
``mean`` (1-5); for learners ``satisfied`` (the share of ``overall`` 4 or 5). A suppressed cell
carries ``suppressed: true`` and no figure at all.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date
from decimal import ROUND_HALF_EVEN, Decimal
from typing import Any

from django.db.models import Q

from microcred.qa import disclosure, indicators, surveys
from microcred.qa.disclosure import Path
from microcred.qa.indicators import Scope
from microcred_web.pilot.models import Enrolment
from microcred_web.qa.models import EmployerFeedback, LearnerSurveyResponse

_MEAN = Decimal("0.01")


def quarter_bounds(survey_round: str) -> tuple[date, date]:
    """The first and last day of a round (``2026-Q4``)."""
    year, quarter = int(survey_round[:4]), int(survey_round[-1])
    first = date(year, 3 * quarter - 2, 1)
    last = date(year + 1, 1, 1) if quarter == 4 else date(year, 3 * quarter + 1, 1)
    return first, date.fromordinal(last.toordinal() - 1)


def open_surveys(user: Any, today: date | None = None) -> list[Enrolment]:
    """``user``'s enrolments with a credential, an open survey and no response yet."""
    from microcred_web.qa.survey_services import learner_survey_open

    if not getattr(user, "is_authenticated", False):
        return []
    rows = (
        Enrolment.objects.filter(Q(learner=user.pk) | Q(credential__learner=user.pk))
        .filter(credential__isnull=False, survey_response__isnull=True)
        .select_related("offering__version__micro_credential")
        .order_by("pk")
    )
    return [e for e in rows if learner_survey_open(e, today)]


def _learner_rows(survey_round: str) -> list[tuple[Path, dict[str, int], bool]]:
    first, last = quarter_bounds(survey_round)
    rows = LearnerSurveyResponse.objects.filter(
        enrolment__offering__ends_on__gte=first, enrolment__offering__ends_on__lte=last
    ).values_list(
        "enrolment__offering__version__micro_credential__institution__country",
        "enrolment__offering__version__micro_credential__institution__slug",
        "enrolment__offering__version__micro_credential__code",
        "scores",
        "satisfied",
    )
    return [((c, s, f"{s}/{code}"), scores, sat) for c, s, code, scores, sat in rows]


def _employer_rows(survey_round: str) -> list[tuple[Path, dict[str, int], bool]]:
    rows = EmployerFeedback.objects.filter(survey_round=survey_round).values_list(
        "micro_credential__institution__country",
        "micro_credential__institution__slug",
        "micro_credential__code",
        "scores",
    )
    return [((c, s, f"{s}/{code}"), scores, False) for c, s, code, scores in rows]


def rounds(kind: surveys.SurveyKind) -> list[str]:
    """The rounds that hold responses, newest first."""
    if kind == surveys.SurveyKind.EMPLOYER:
        found = set(EmployerFeedback.objects.values_list("survey_round", flat=True))
    else:
        ends = LearnerSurveyResponse.objects.values_list("enrolment__offering__ends_on", flat=True)
        found = {surveys.round_of(d) for d in ends}
    return sorted(found, reverse=True)


def scope_of(path: Path) -> tuple[str, str]:
    """A cell's scope and subject, in the QA plan's terms (``indicators.Scope``)."""
    names = (Scope.CONSORTIUM, Scope.COUNTRY, Scope.INSTITUTION, Scope.MICRO_CREDENTIAL)
    return names[len(path)].value, (path[-1] if path else "consortium")


def results(kind: surveys.SurveyKind, survey_round: str) -> dict[str, Any]:
    """The round's cells, small groups suppressed (the module docstring)."""
    survey = surveys.SURVEYS[kind]
    rows = _learner_rows(survey_round) if kind == surveys.SurveyKind.LEARNER else _employer_rows(survey_round)
    leaves: dict[Path, int] = defaultdict(int)
    totals: dict[Path, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for leaf, scores, sat in rows:
        leaves[leaf] += 1
        for depth in range(len(leaf) + 1):
            t = totals[leaf[:depth]]
            t["satisfied"] += int(sat)
            for code in survey.statements:
                score = int(scores.get(code, 0))
                t[f"sum:{code}"] += score
                t[f"agree:{code}"] += int(score >= 4)
    tree = disclosure.tree_of(leaves)
    hidden = disclosure.protect(tree)
    cells: list[dict[str, Any]] = []
    for path in tree.depth_first():
        scope, subject = scope_of(path)
        cell: dict[str, Any] = {"scope": scope, "subject": subject, "path": list(path)}
        n = tree.size[path]
        if path in hidden:
            cell["suppressed"] = True
        else:
            t = totals[path]
            cell["suppressed"] = False
            cell["n"] = n
            cell["statements"] = {
                code: {
                    "agree": _str(indicators.rate(t[f"agree:{code}"], n)),
                    "mean": _str(
                        None if not n else (Decimal(t[f"sum:{code}"]) / n).quantize(_MEAN, ROUND_HALF_EVEN)
                    ),
                }
                for code in survey.statements
            }
            if kind == surveys.SurveyKind.LEARNER:
                cell["satisfied"] = _str(indicators.rate(t["satisfied"], n))
        cells.append(cell)
    return {
        "survey": kind.value,
        "survey_version": survey.version,
        "round": survey_round,
        "threshold": disclosure.THRESHOLD,
        "statements": list(survey.statements),
        "cells": cells,
    }


def _str(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def satisfaction_by_scope() -> tuple[str | None, dict[tuple[str, str], Decimal | None]]:
    """The QA plan's ``learner_satisfaction`` per (scope, subject): the latest learner round's
    published cells (a suppressed or missing cell has no value)."""
    found = rounds(surveys.SurveyKind.LEARNER)
    if not found:
        return None, {}
    data = results(surveys.SurveyKind.LEARNER, found[0])
    return found[0], {
        (c["scope"], c["subject"]): None if c["suppressed"] else Decimal(c["satisfied"])
        for c in data["cells"]
        if c["suppressed"] or c.get("satisfied") is not None
    }


def comments(
    kind: surveys.SurveyKind, survey_round: str, institutions: Iterable[int] | None
) -> list[dict[str, str]]:
    """The round's non-empty comments, for QA roles only: the micro-credential and the text,
    never who wrote it; ``institutions`` limits them to those institutions' micro-credentials
    (``None``: all)."""
    if kind == surveys.SurveyKind.EMPLOYER:
        qs = EmployerFeedback.objects.filter(survey_round=survey_round).exclude(comment="")
        prefix = "micro_credential__"
    else:
        first, last = quarter_bounds(survey_round)
        qs = LearnerSurveyResponse.objects.filter(
            enrolment__offering__ends_on__gte=first, enrolment__offering__ends_on__lte=last
        ).exclude(comment="")
        prefix = "enrolment__offering__version__micro_credential__"
    if institutions is not None:
        qs = qs.filter(**{f"{prefix}institution__in": list(institutions)})
    rows = qs.values_list(f"{prefix}institution__slug", f"{prefix}code", "comment")
    return [{"micro_credential": f"{s}/{c}", "comment": text} for s, c, text in sorted(rows)]
