"""The micro-credential specification: the *offering* described by EU Council Recommendation
2022/C 243/02, Annex I, plus what a register needs.

Every element of Annex I that describes the offering is here; M1 (identification of the
learner) and M5 (date of issuing) belong to the award and are checked on issued credentials.
A specification may be incomplete while it is a draft, so every element is optional in the
type; the conformance checker (``microcred.standards.eu_mc``) says what is missing.

The JSON exchange format is this model with snake_case keys; ``docs/spec-format.md``
documents it and ``schemas/microcredential-spec.schema.json`` is its JSON Schema.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, PlainSerializer, ValidationError, field_validator
from pydantic_core import PydanticCustomError

from microcred.errors import InputError
from microcred.model.language import LANGUAGES, LangText
from microcred.untrusted_input import read_json_file

FORMAT_NAME: Literal["microcred-spec"] = "microcred-spec"
FORMAT_VERSION: Literal["1.0"] = "1.0"

DecimalValue = Annotated[
    Decimal,
    Field(allow_inf_nan=False),
    PlainSerializer(lambda d: format(d.normalize(), "f"), return_type=str, when_used="json"),
]

AssessmentType = Literal[
    "peer_assessment",
    "marked_assignment",
    "continuous_evaluation",
    "portfolio",
    "group_performance",
    "practical_assessment",
    "written_examination",
    "level_of_attendance",
    "project_work",
    "peer_review",
    "quiz",
    "problem_based_learning",
    "oral_examination",
    "artefact_assessment",
]
ParticipationMode = Literal[
    "online", "blended", "onsite", "work_based", "project_based", "research_lab_based"
]
LearningSetting = Literal["formal", "non_formal"]
Supervision = Literal["unsupervised_no_id", "supervised_no_id", "supervised_with_id"]
QaType = Literal["institutional_qa", "programme_qa", "institutional_licence", "programme_licence"]
QaRegistry = Literal["DEQAR", "VN-MOET-ACCREDITATION", "AUN-QA", "LA-EQAC", "NATIONAL-OTHER"]
# Kinds of learning activity in a workload breakdown (ECTS Users' Guide 2015, §3.2: workload
# counts all learning activities, including independent study and assessment).
ActivityKind = Literal[
    "lecture", "seminar", "lab", "self_study", "project", "assessment_preparation", "exam", "other"
]
BloomLevel = Literal["remember", "understand", "apply", "analyse", "evaluate", "create"]
Cycle = Literal["short", "first", "second", "third"]

_ISO_DURATION = re.compile(r"^P(?!$)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?$")
_COUNTRY = re.compile(r"^[A-Z]{2}$")
_ESCO = re.compile(r"^http://data\.europa\.eu/esco/(skill|occupation)/[0-9a-fA-F-]{36}$")


class _Part(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class AwardingBody(_Part):
    """M4 awarding body and M3 its country (ELM ``awardedBy.awardingBody``, ``location.address.countryCode``)."""

    name: LangText
    country: str = Field(description="M3: ISO 3166-1 alpha-2 country code of the awarding body")
    region: str | None = Field(default=None, description="M3: region, where relevant")
    id: str | None = Field(default=None, description="DID or URL identifying the body")
    slug: str | None = Field(default=None, description="institution key in the register")
    homepage: str | None = None

    @field_validator("country")
    @classmethod
    def _country(cls, value: str) -> str:
        if not _COUNTRY.match(value):
            raise PydanticCustomError(
                "country_code",
                "'{value}' is not an ISO 3166-1 alpha-2 country code such as CZ or VN",
                {"value": value},
            )
        return value


class LearningOutcome(_Part):
    """M6 one learning outcome (ELM ``LearningOutcome``: title, relatedESCOSkill)."""

    id: str = Field(min_length=1, max_length=40)
    text: LangText
    bloom_level: BloomLevel | None = None
    esco_skills: tuple[str, ...] = ()
    assessed_by: tuple[AssessmentType, ...] = Field(
        default=(),
        max_length=14,
        description="M9 the assessment types that assess this outcome (the assessment matrix)",
    )

    @field_validator("esco_skills")
    @classmethod
    def _esco(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        for uri in value:
            if not _ESCO.match(uri):
                raise PydanticCustomError(
                    "esco_uri",
                    "'{value}' is not an ESCO skill URI (http://data.europa.eu/esco/skill/<uuid>)",
                    {"value": uri},
                )
        return value


class WorkloadActivity(_Part):
    """One learning activity of the M7 breakdown: total ``hours``, or ``per_week`` for ``weeks``.

    Transparent workload is a quality criterion (ECTS Users' Guide 2015, §3.2); ELM has no field
    for the breakdown, so it stays in the exchange format (docs/spec-format.md, Workload).
    """

    kind: ActivityKind
    hours: DecimalValue | None = Field(default=None, ge=0, le=10000)
    per_week: DecimalValue | None = Field(default=None, ge=0, le=168)
    weeks: int | None = Field(default=None, ge=1, le=520)
    description: LangText | None = None


class Workload(_Part):
    """M7 notional workload: hours (ELM ``volumeOfLearning``) and credits (ELM ``creditPoint``)."""

    hours: DecimalValue | None = Field(default=None, description="notional learning hours, all activities")
    credits: DecimalValue | None = Field(
        default=None, description="credits in the awarding institution's system"
    )
    credit_system: str | None = Field(
        default=None, description="code from the credit-systems table, e.g. ECTS"
    )
    activities: tuple[WorkloadActivity, ...] = Field(
        default=(), max_length=40, description="the breakdown of the hours by learning activity"
    )


class Level(_Part):
    """M8 level (ELM ``eqfLevel``, ``nqfLevel``); national levels are written ``CODE:LEVEL``."""

    eqf: int | None = Field(default=None, ge=1, le=8)
    national: str | None = Field(
        default=None, description="national framework level, e.g. VQF:6 or CROQF:7.1"
    )
    aqrf: int | None = Field(default=None, ge=1, le=8)
    cycle: Cycle | None = Field(default=None, description="QF-EHEA cycle, if applicable")


class Assessment(_Part):
    """M9 type of assessment (ELM ``LearningAssessmentSpecification.dcType``)."""

    types: tuple[AssessmentType, ...] = ()
    description: LangText | None = None


class Participation(_Part):
    """M10 form of participation (ELM ``mode``, ``learningSetting``)."""

    mode: ParticipationMode | None = None
    learning_setting: LearningSetting | None = None
    description: LangText | None = None


class QualityAssurance(_Part):
    """M11 type of quality assurance (ELM ``Accreditation``: dcType, accreditingAgent, report)."""

    type: QaType | None = None
    internal_qa: bool | None = Field(
        default=None, description="the micro-credential is covered by the institution's internal QA system"
    )
    body: str | None = Field(default=None, description="external QA or accreditation body")
    body_url: str | None = None
    registry: QaRegistry | None = None
    accreditation_ref: str | None = Field(
        default=None, description="accreditation decision or DEQAR report id"
    )
    valid_until: str | None = Field(default=None, description="ISO date until which the accreditation holds")
    description: LangText | None = None


class Grading(_Part):
    """O3 grading scheme (ELM ``gradingScheme``); the grade achieved belongs to the award."""

    scheme: str | None = None
    description: LangText | None = None


class Stackability(_Part):
    """O4 integration/stackability options: stand-alone, or stackable toward a larger credential."""

    kind: Literal["standalone", "stackable"]
    toward: LangText | None = None
    toward_url: str | None = None


class EmployerCoDesigner(_Part):
    name: str = Field(min_length=1)
    country: str | None = None
    url: str | None = None


class MicroCredentialSpec(_Part):
    """A micro-credential as offered (EU Council Recommendation 2022/C 243/02, Annex I)."""

    format: Literal["microcred-spec"] = FORMAT_NAME
    format_version: Literal["1.0"] = FORMAT_VERSION
    code: str | None = Field(default=None, description="the awarding institution's own identifier")
    version: int = Field(default=1, ge=1)
    title: LangText | None = Field(default=None, description="M2 title")
    description: LangText | None = None
    awarding_bodies: tuple[AwardingBody, ...] = Field(
        default=(), description="M4 awarding body(ies), M3 country"
    )
    learning_outcomes: tuple[LearningOutcome, ...] = Field(default=(), description="M6 learning outcomes")
    workload: Workload | None = Field(default=None, description="M7 notional workload")
    level: Level | None = Field(default=None, description="M8 level")
    isced_f: str | None = Field(default=None, description="ISCED-F 2013 field code (ELM thematicArea)")
    assessment: Assessment | None = Field(default=None, description="M9 type of assessment")
    participation: Participation | None = Field(default=None, description="M10 form of participation")
    quality_assurance: QualityAssurance | None = Field(default=None, description="M11 type of QA")
    prerequisites: LangText | None = Field(default=None, description="O1 prerequisites")
    supervision: Supervision | None = Field(
        default=None, description="O2 supervision and identity verification"
    )
    grading: Grading | None = Field(default=None, description="O3 grading scheme")
    stackability: Stackability | None = Field(default=None, description="O4 integration/stackability")
    further_information: LangText | None = Field(default=None, description="O5 further information")
    homepage: str | None = None
    languages_of_instruction: tuple[str, ...] = ()
    employer_co_designers: tuple[EmployerCoDesigner, ...] = ()
    validity_period: str | None = Field(
        default=None, description="ISO 8601 duration, e.g. P3Y; none = no expiry"
    )
    keywords: tuple[str, ...] = ()

    @field_validator("languages_of_instruction")
    @classmethod
    def _languages(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        for lang in value:
            if not re.fullmatch(r"[a-z]{2}", lang):
                raise PydanticCustomError(
                    "language_code",
                    "'{value}' is not an ISO 639-1 language code such as en, vi or lo",
                    {"value": lang},
                )
        return value

    @field_validator("validity_period")
    @classmethod
    def _duration(cls, value: str | None) -> str | None:
        if value is not None and not _ISO_DURATION.match(value):
            raise PydanticCustomError(
                "iso_duration", "'{value}' is not an ISO 8601 duration such as P3Y or P18M", {"value": value}
            )
        return value

    def text_languages(self) -> set[str]:
        """Languages in which the title is given."""
        return set(self.title or {})


@dataclass(frozen=True)
class FormatProblem:
    """One way a document does not fit the exchange format: ``code`` (``format.<kind>``, the
    pydantic error type or one of ours) with ``params``, and its English ``message``."""

    path: str
    code: str
    params: dict[str, str]
    message: str


class SpecFormatError(InputError):
    """The document is JSON but does not fit the exchange format; ``problems`` lists (path,
    message), ``coded`` the same problems as codes with parameters (for translated pages)."""

    def __init__(self, problems: list[tuple[str, str]], coded: list[FormatProblem] | None = None) -> None:
        self.problems = problems
        self.coded = (
            coded if coded is not None else [FormatProblem(p, "format.other", {}, m) for p, m in problems]
        )
        first_path, first_message = problems[0]
        super().__init__(
            f"{len(problems)} problem(s) in the specification; first: {first_message}", where=first_path
        )


def _loc(loc: tuple[int | str, ...]) -> str:
    path = ""
    for part in loc:
        if isinstance(part, int):
            path += f"[{part}]"
        else:
            path += ("." if path else "") + part
    return path or "(document)"


def parse_spec(data: Any) -> MicroCredentialSpec:
    """Turn parsed JSON into a specification, or raise ``SpecFormatError`` naming every problem."""
    if not isinstance(data, dict):
        raise InputError("a micro-credential specification must be a JSON object", where="(document)")
    try:
        return MicroCredentialSpec.model_validate(data)
    except ValidationError as exc:
        problems = []
        coded = []
        for err in exc.errors():
            message = err["msg"].removeprefix("Value error, ")
            params = {k: str(v) for k, v in (err.get("ctx") or {}).items() if k != "error"}
            if err["type"] == "extra_forbidden":
                message = f"unknown element {err['loc'][-1]!r}"
                params["name"] = str(err["loc"][-1])
            elif err["type"] == "literal_error":
                message = f"{err['input']!r} is not allowed; {message[0].lower()}{message[1:]}"
                params["value"] = str(err["input"])[:80]
            problems.append((_loc(err["loc"]), message))
            coded.append(FormatProblem(_loc(err["loc"]), f"format.{err['type']}", params, message))
        raise SpecFormatError(problems, coded) from None


def read_json(path: str | Path) -> Any:
    """Read a JSON file within the limits on untrusted input (``microcred.untrusted_input``),
    turning every way it can fail into an ``InputError`` that names the file."""
    return read_json_file(path)


def load_spec(path: str | Path) -> MicroCredentialSpec:
    return parse_spec(read_json(path))


def dump_spec(spec: MicroCredentialSpec) -> dict[str, Any]:
    """The exchange-format JSON object (Decimals as strings, absent elements left out)."""
    return spec.model_dump(mode="json", exclude_none=True, exclude_defaults=False)


__all__ = ["FORMAT_NAME", "FORMAT_VERSION", "LANGUAGES", "FormatProblem", "SpecFormatError", "read_json"]
