"""The award: who earned a micro-credential (:class:`Learner`) and what the assessment found
(:class:`AssessmentResult`).

These are the two elements of EU Recommendation 2022/C 243/02 Annex I that belong to an issued
credential rather than to the offering: M1 (identification of the learner) and M5 (date of
issuing), plus O3 (grade achieved). What of the learner goes into a signed credential is decided
in ADR 0601: the display name, the e-mail only as a salted hash, the date of birth only when the
institution requires it, and an optional learner DID.

JSON exchange format: these models with snake_case keys (``examples/learner-sample.json``,
``examples/result-sample.json``).
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from microcred.errors import InputError
from microcred.model.spec import DecimalValue, Supervision, read_json

__all__ = [
    "AssessmentResult",
    "AwardFormatError",
    "Learner",
    "load_learner",
    "load_result",
    "parse_learner",
    "parse_result",
]

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_DID = re.compile(r"^did:[a-z0-9]+:[A-Za-z0-9._:%-]+$")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


class _Edge(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class Learner(_Edge):
    """The learner (Annex I M1), with only the data ADR 0601 allows into a credential.

    ``display_name`` is the name as the learner wants it shown (OB 3.0 §B.2.4 IdentityObject,
    ``identityType: name``; ELM ``Person.fullName``). ``email`` is carried only as a salted hash.
    ``date_of_birth`` only where the awarding institution requires it. ``did`` becomes
    ``credentialSubject.id`` (VCDM 2.0 §4.4) when given.
    """

    display_name: str = Field(min_length=1, max_length=200)
    email: str | None = Field(default=None, max_length=320)
    date_of_birth: date | None = None
    did: str | None = Field(default=None, max_length=2048)

    @field_validator("display_name")
    @classmethod
    def _name(cls, value: str) -> str:
        if _CONTROL.search(value):
            # RDFC-1.0 and pyld escape control characters differently (rdfc-feasibility pitfall
            # 10), and no name needs them.
            raise ValueError("the name must not contain control characters (tabs, line breaks)")
        return value

    @field_validator("email")
    @classmethod
    def _email(cls, value: str | None) -> str | None:
        if value is not None and not _EMAIL.match(value):
            raise ValueError(f"{value!r} is not an e-mail address")
        return value

    @field_validator("did")
    @classmethod
    def _did(cls, value: str | None) -> str | None:
        if value is not None and (not _DID.match(value) or "#" in value):
            raise ValueError(f"{value!r} is not a DID such as did:key:z6Mk… (no fragment)")
        return value

    @field_validator("date_of_birth")
    @classmethod
    def _dob(cls, value: date | None) -> date | None:
        if value is not None and not date(1900, 1, 1) <= value <= datetime.now(UTC).date():
            raise ValueError(f"{value.isoformat()} is not a plausible date of birth")
        return value


class AssessmentResult(_Edge):
    """What the assessment found and when it was awarded (Annex I M5 date of issuing, O2, O3).

    ``awarded_on`` becomes ``validFrom`` / ``awardedDate`` (VCDM 2.0 §4.9, OB 3.0 §B.1.1);
    ``valid_until``, when set, overrides the end computed from the spec's validity period.
    ``grade`` is the grade achieved (O3) in ``grading_scheme`` (OB 3.0 §B.1.11 Result,
    §B.1.12 ResultDescription). ``supervision_applied`` records O2 as it actually happened.
    """

    passed: bool = True
    grade: str | None = Field(default=None, max_length=100)
    grading_scheme: str | None = Field(default=None, max_length=200)
    awarded_on: datetime
    assessed_on: date | None = None
    supervision_applied: Supervision | None = None
    credits_earned: DecimalValue | None = Field(default=None, ge=0)
    valid_until: datetime | None = None

    @field_validator("awarded_on", "valid_until")
    @classmethod
    def _aware(cls, value: datetime | None) -> datetime | None:
        if value is not None and value.tzinfo is None:
            raise ValueError("give a time zone, e.g. 2026-06-30T10:00:00Z or +07:00")
        return value

    @model_validator(mode="after")
    def _consistent(self) -> AssessmentResult:
        if not self.passed:
            raise ValueError("a micro-credential is awarded only for a passed assessment (passed: false)")
        if self.valid_until is not None and self.valid_until <= self.awarded_on:
            raise ValueError("valid_until must be after awarded_on")
        if self.assessed_on is not None and self.assessed_on > self.awarded_on.date():
            raise ValueError("assessed_on must not be after awarded_on")
        return self


class AwardFormatError(InputError):
    """A learner or result document that does not fit its exchange format."""

    def __init__(self, kind: str, problems: list[tuple[str, str]]) -> None:
        self.problems = problems
        path, message = problems[0]
        super().__init__(f"{len(problems)} problem(s) in the {kind}; first: {message}", where=path)


def _parse(model: type[Learner] | type[AssessmentResult], kind: str, data: Any) -> Any:
    if not isinstance(data, dict):
        raise InputError(f"a {kind} must be a JSON object", where="(document)")
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        problems = []
        for err in exc.errors():
            loc = ".".join(str(p) for p in err["loc"]) or "(document)"
            message = err["msg"].removeprefix("Value error, ")
            if err["type"] == "extra_forbidden":
                message = f"unknown element {err['loc'][-1]!r}"
            problems.append((loc, message))
        raise AwardFormatError(kind, problems) from None


def parse_learner(data: Any) -> Learner:
    """Parsed JSON → :class:`Learner`, or :class:`AwardFormatError` naming every problem."""
    learner: Learner = _parse(Learner, "learner", data)
    return learner


def parse_result(data: Any) -> AssessmentResult:
    """Parsed JSON → :class:`AssessmentResult`, or :class:`AwardFormatError` naming every problem."""
    result: AssessmentResult = _parse(AssessmentResult, "assessment result", data)
    return result


def load_learner(path: str | Path) -> Learner:
    return parse_learner(read_json(path))


def load_result(path: str | Path) -> AssessmentResult:
    return parse_result(read_json(path))
