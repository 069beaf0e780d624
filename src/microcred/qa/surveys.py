"""The learner satisfaction survey and the employer feedback form, defined once (issue 15 item 3;
ADR 1540).

Each survey is a list of statements answered on a five-point Likert agreement scale (1 strongly
disagree ... 5 strongly agree; every statement must be answered) and an optional free comment.
Statements are codes (the web layer words them in en, vi, lo); a survey has a version, stored
with every response, so results are read against the questions asked.

The statements follow the EU Recommendation on micro-credentials (Council Recommendation
2022/C 243/02), Annex II principles "relevance", "valid assessment", "learner-centred" and
"information and guidance" (learners) and "relevance" (employers), and ESG 2015 Part 1 standard
1.7 (information management: "student satisfaction with their programmes").

Rounds (:func:`round_of`): results are counted per calendar quarter of the offering's end (a
learner survey) or of the response (an employer's), fixed periods that never overlap, so that
results of two rounds cannot be subtracted from each other (:mod:`.disclosure`).

Satisfaction (:func:`satisfied`): a learner is *satisfied* when they answer 4 or 5 to the
overall statement ``overall``; the QA plan's ``learner_satisfaction`` is the share of satisfied
respondents (:mod:`.indicators`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from microcred.errors import MicrocredError

__all__ = [
    "COMMENT_LIMIT",
    "EMPLOYER_FEEDBACK",
    "LEARNER_SATISFACTION",
    "LIKERT",
    "SURVEYS",
    "SURVEY_OPEN_DAYS",
    "Response",
    "Survey",
    "SurveyError",
    "SurveyKind",
    "closes_on",
    "parse_response",
    "round_of",
    "satisfied",
]

LIKERT: tuple[int, ...] = (1, 2, 3, 4, 5)
"""Five-point agreement scale: 1 strongly disagree, 2 disagree, 3 neither, 4 agree, 5 strongly agree."""

_SCORES = frozenset(str(n) for n in LIKERT)

COMMENT_LIMIT = 2000
SURVEY_OPEN_DAYS = 90
"""A learner survey stays open (answerable, editable) for 90 days after the offering ends."""


class SurveyKind(StrEnum):
    LEARNER = "learner_satisfaction"
    EMPLOYER = "employer_feedback"


@dataclass(frozen=True)
class Survey:
    kind: SurveyKind
    version: str
    statements: tuple[str, ...]
    """Statement codes, in the order asked; ``overall`` first for learners."""


LEARNER_SATISFACTION = Survey(
    SurveyKind.LEARNER,
    "2026.1",
    (
        "overall",  # ESG 1.7 student satisfaction
        "outcomes_clear",  # Annex II information and guidance
        "relevant_to_work",  # Annex II relevance
        "assessment_fair",  # Annex II valid assessment
        "workload_as_stated",  # Annex II learner-centred (the stated workload)
        "would_recommend",
    ),
)

EMPLOYER_FEEDBACK = Survey(
    SurveyKind.EMPLOYER,
    "2026.1",
    (
        "skills_relevant",  # Annex II relevance
        "level_appropriate",
        "holders_prepared",
        "would_value_in_hiring",
    ),
)

SURVEYS: Mapping[SurveyKind, Survey] = {s.kind: s for s in (LEARNER_SATISFACTION, EMPLOYER_FEEDBACK)}


class SurveyError(MicrocredError):
    """A response that cannot be recorded: ``code`` and ``params`` say what and where."""

    def __init__(self, code: str, *, where: str = "", **params: str) -> None:
        details = ", ".join(f"{k}={v}" for k, v in sorted(params.items()))
        super().__init__(f"{code}({details})", where=where)
        self.code = code
        self.params: Mapping[str, str] = params


@dataclass(frozen=True)
class Response:
    """A parsed response: one score per statement (in the survey's order) and a comment."""

    survey: Survey
    scores: Mapping[str, int]
    comment: str


def parse_response(survey: Survey, raw: Mapping[str, Sequence[str]]) -> Response:
    """Read a submitted form (every field may hold several values, as a query string does).

    Refused, each with the field: an unknown field, a field given twice, a statement not
    answered, a score that is not a whole number from 1 to 5, a comment over
    :data:`COMMENT_LIMIT` characters or with control characters."""
    allowed = {*survey.statements, "comment"}
    for name in sorted(raw):
        if name not in allowed:
            raise SurveyError("survey.unknown_field", where=name[:40], field=name[:40])
        if len(raw[name]) > 1:
            raise SurveyError("survey.duplicated", where=name, field=name)
    scores: dict[str, int] = {}
    for code in survey.statements:
        values = raw.get(code) or []
        text = values[0].strip() if values else ""
        if not text:
            raise SurveyError("survey.unanswered", where=code, statement=code)
        if text not in _SCORES:  # ASCII digits only: int() would read "٤" or " 4 " too
            raise SurveyError("survey.not_a_score", where=code, statement=code, value=text[:10])
        scores[code] = int(text)
    comment = (raw.get("comment") or [""])[0].strip()
    if len(comment) > COMMENT_LIMIT:
        raise SurveyError("survey.comment_too_long", where="comment", limit=str(COMMENT_LIMIT))
    if any(ord(ch) < 32 and ch not in "\n\r\t" for ch in comment):
        raise SurveyError("survey.comment_control_characters", where="comment")
    return Response(survey, scores, comment)


def satisfied(scores: Mapping[str, int]) -> bool:
    """A satisfied learner: 4 (agree) or 5 (strongly agree) to ``overall``."""
    return scores.get("overall", 0) >= 4


def closes_on(offering_ends_on: date) -> date:
    """The last day a learner answers or edits the survey of an offering."""
    return offering_ends_on + timedelta(days=SURVEY_OPEN_DAYS)


def round_of(day: date) -> str:
    """The survey round of a day: its calendar quarter, ``2026-Q4``."""
    return f"{day.year:04d}-Q{(day.month - 1) // 3 + 1}"
