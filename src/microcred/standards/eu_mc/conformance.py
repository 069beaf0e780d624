"""Conformance of a specification to Annex I of Council Recommendation 2022/C 243/02.

Findings carry a code, its parameters, a severity, the field path and an English message
worded from the code and parameters (``FINDING_MESSAGES``; the CLI and the API's ``message``).
A page words the code and parameters in the reader's language instead, never the message
(docs/decisions/1610-checker-findings-are-codes.md). A parameter named ``detail`` holds a
second code (``DETAIL_MESSAGES``) worded first. A specification is conformant when no finding
is an error. Warnings point at things a QA reviewer should look at; infos report optional
elements.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Literal

from microcred.conversion import convert_level
from microcred.errors import MicrocredError
from microcred.model.spec import MicroCredentialSpec, SpecFormatError, parse_spec
from microcred.reference import ReferenceData, parse_level, reference_data
from microcred.standards.eu_mc.elements import BY_CODE, ELEMENT_OF_KEY, ELEMENTS
from microcred.standards.eu_mc.lo_verbs import is_not_observable

Severity = Literal["error", "warning", "info"]

# Size plausibility, in ECTS-equivalent credits (25 h each). Annex I speaks of a "small volume
# of learning" without a bound; a full year (60 ECTS) is a programme, not a micro-credential.
MIN_PLAUSIBLE_HOURS = Decimal(25)
WARN_ABOVE_HOURS = Decimal(30 * 25)
MAX_HOURS = Decimal(60 * 25)


# The English wording of every finding code (``%(name)s`` placeholders are the parameters).
FINDING_MESSAGES: dict[str, str] = {
    "EU-MISSING": "%(element)s %(label)s: missing - %(detail)s",
    "EU-ABSENT": "%(element)s %(label)s: not given (optional)",
    "LANG-EN-MISSING": "English text is required (the consortium's common language); add an 'en' entry",
    "LO-DUPLICATE-ID": "outcome id '%(id)s' is used twice",
    "LO-VERB-NOT-OBSERVABLE": "outcome %(outcome)s starts with '%(verb)s', which cannot be observed or "
    "assessed; use a verb that says what the learner can do (e.g. explain, calculate, design)",
    "EU-M7-INVALID": "%(detail)s",
    "REF-UNKNOWN-CREDIT-SYSTEM": "unknown credit system '%(system)s'; known systems are %(known)s",
    "EU-M7-HOURS-CREDITS-INCONSISTENT": "%(hours)s h for %(credits)s %(system)s is %(per_credit)s h per "
    "credit; %(system)s counts %(min)s-%(max)s h per credit, so expect %(low)s-%(high)s h%(detail)s",
    "MC-SIZE-TOO-SMALL": "%(hours)s h is less than one ECTS credit (25 h); check the workload",
    "MC-SIZE-NOT-MICRO": "%(hours)s h is more than a full-time year (60 ECTS); that is a programme, "
    "not a small volume of learning",
    "MC-SIZE-LARGE": "%(hours)s h is more than 30 ECTS; micro-credentials are usually smaller",
    "EU-M7-NOT-ECTS": "workload is in %(system)s; the register also shows it in ECTS (Annex I asks for "
    "ECTS wherever possible)",
    "LEVEL-INVALID": "%(detail)s",
    "LEVEL-INCONSISTENT": "%(national)s corresponds to %(target)s %(expected)s%(detail)s, "
    "not %(target)s %(declared)s",
    "LEVEL-FRAMEWORK-COUNTRY": "%(framework)s is the framework of %(framework_countries)s, but the "
    "awarding body is in %(countries)s",
    "EU-M9-ATTENDANCE-ONLY": "attendance alone is not an assessment of learning outcomes; a "
    "micro-credential records outcomes assessed against transparent criteria",
    "QA-DEQAR-REF-MISSING": "the QA is said to be in DEQAR; give the DEQAR report or institution id",
    "QA-INTERNAL-UNSTATED": "say whether the micro-credential is covered by the institution's internal QA",
    "REG-ISCED-MISSING": "no ISCED-F field of study; the register cannot file the micro-credential by field",
    "REF-UNKNOWN-ISCED": "'%(value)s' is not an ISCED-F 2013 field code",
    "EU-O4-TARGET-MISSING": "stackable toward what? name the larger credential",
    "FORMAT-INVALID": "%(detail)s",
}

# Second-level codes, the ``detail`` parameter of a finding.
DETAIL_MESSAGES: dict[str, str] = {
    "": "",
    "missing.outcomes": "give at least one learning outcome",
    "missing.workload": "give notional hours, credits and the credit system",
    "missing.hours": "give the notional learning hours",
    "missing.credits": "give the credits in the institution's credit system",
    "missing.credit_system": "name the credit system, e.g. ECTS or VN-TC",
    "missing.level": "give the EQF level and/or the national framework level (CODE:LEVEL)",
    "missing.assessment_types": "name at least one type of assessment",
    "missing.participation_mode": "say whether learning is online, on site, blended, ...",
    "missing.qa_type": "name the type of quality assurance",
    "missing.title": "give the title, at least in English",
    "missing.awarding_body": "name the awarding body",
    "missing.country": "the country comes with the awarding body",
    "invalid.hours": "notional hours must be more than zero",
    "invalid.credits": "credits must be more than zero",
    "factor.assumption": " (the factor is an assumption)",
    "mapping.assumption": " (by a mapping that is an assumption)",
    "level.format": "a level is written CODE:LEVEL, for example EQF:6 or CROQF:7.1; got '%(value)s'",
    "level.unknown_framework": "unknown qualifications framework '%(framework)s'; known frameworks are "
    "%(known)s",
    "level.no_such_level": "%(framework)s has no level '%(level)s'; its levels are %(known)s",
}


def english(code: str, params: Mapping[str, str]) -> str:
    """The English wording of ``code`` with ``params`` (``detail`` worded first)."""
    values = dict(params)
    values["detail"] = DETAIL_MESSAGES.get(values.get("detail", ""), values.get("detail", "")) % values
    key = message_key(code)
    return FINDING_MESSAGES.get(key, key) % values


def message_key(code: str) -> str:
    """``EU-M7-MISSING`` and ``EU-O2-ABSENT`` share one wording per kind; the element is a parameter."""
    if code.startswith("EU-") and code.endswith("-MISSING") and code.count("-") == 2:
        return "EU-MISSING"
    if code.startswith("EU-") and code.endswith("-ABSENT") and code.count("-") == 2:
        return "EU-ABSENT"
    if code.startswith("FORMAT-"):
        return "FORMAT-INVALID"
    return code


@dataclass(frozen=True)
class Finding:
    """One finding; ``code`` and ``params`` say it, ``message`` is their English wording."""

    code: str
    severity: Severity
    path: str
    message: str
    element: str | None = None
    params: Mapping[str, str] = field(default_factory=dict, compare=False)

    def as_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "params": dict(self.params),
            "severity": self.severity,
            "path": self.path,
            "element": self.element,
            "message": self.message,
        }


def _finding(code: str, severity: Severity, path: str, el: str | None = None, **params: object) -> Finding:
    values = {k: str(v) for k, v in params.items()}
    return Finding(code, severity, path, english(code, values), el, values)


@dataclass(frozen=True)
class ConformanceReport:
    findings: tuple[Finding, ...]
    spec: MicroCredentialSpec | None
    reference_versions: dict[str, str] = field(default_factory=dict)

    @property
    def conformant(self) -> bool:
        return not any(f.severity == "error" for f in self.findings)

    @property
    def errors(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.severity == "error")

    @property
    def warnings(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.severity == "warning")

    def element_status(self) -> dict[str, str]:
        """Per Annex I element of the offering: present, missing or invalid."""
        status: dict[str, str] = {}
        for el in ELEMENTS:
            if el.applies_to != "spec":
                continue
            mine = [f for f in self.findings if f.element == el.code and f.severity == "error"]
            if any(f.code == f"EU-{el.code}-MISSING" for f in mine):
                status[el.code] = "missing"
            elif mine:
                status[el.code] = "invalid"
            elif any(f.element == el.code and f.code.endswith("-ABSENT") for f in self.findings):
                status[el.code] = "absent"
            else:
                status[el.code] = "present"
        return status

    def as_dict(self) -> dict[str, Any]:
        return {
            "conformant": self.conformant,
            "errors": len(self.errors),
            "warnings": len(self.warnings),
            "elements": self.element_status(),
            "findings": [f.as_dict() for f in self.findings],
            "reference_versions": self.reference_versions,
            "standard": "EU Council Recommendation 2022/C 243/02, Annex I",
        }


def _missing(code: str, path: str, detail: str) -> Finding:
    return _finding(
        f"EU-{code}-MISSING", "error", path, code, element=code, label=BY_CODE[code].label, detail=detail
    )


def _lang_texts(spec: MicroCredentialSpec) -> Iterator[tuple[str, dict[str, str] | None]]:
    yield "title", spec.title
    yield "description", spec.description
    for i, body in enumerate(spec.awarding_bodies):
        yield f"awarding_bodies[{i}].name", body.name
    for i, lo in enumerate(spec.learning_outcomes):
        yield f"learning_outcomes[{i}].text", lo.text
    if spec.assessment:
        yield "assessment.description", spec.assessment.description
    if spec.participation:
        yield "participation.description", spec.participation.description
    if spec.quality_assurance:
        yield "quality_assurance.description", spec.quality_assurance.description
    yield "prerequisites", spec.prerequisites
    if spec.grading:
        yield "grading.description", spec.grading.description
    if spec.stackability:
        yield "stackability.toward", spec.stackability.toward
    yield "further_information", spec.further_information


def _check_languages(spec: MicroCredentialSpec) -> Iterator[Finding]:
    for path, text in _lang_texts(spec):
        if text is not None and "en" not in text:
            el = ELEMENT_OF_KEY.get(path.split(".")[0].split("[")[0])
            yield _finding("LANG-EN-MISSING", "error", path, el)


def _check_outcomes(spec: MicroCredentialSpec) -> Iterator[Finding]:
    if not spec.learning_outcomes:
        yield _missing("M6", "learning_outcomes", "missing.outcomes")
        return
    seen: set[str] = set()
    for i, lo in enumerate(spec.learning_outcomes):
        if lo.id in seen:
            yield _finding("LO-DUPLICATE-ID", "error", f"learning_outcomes[{i}].id", "M6", id=lo.id)
        seen.add(lo.id)
        for lang, text in lo.text.items():
            verb = is_not_observable(text, lang)
            if verb:
                yield _finding(
                    "LO-VERB-NOT-OBSERVABLE",
                    "warning",
                    f"learning_outcomes[{i}].text.{lang}",
                    "M6",
                    outcome=lo.id,
                    verb=verb,
                )


def _check_workload(spec: MicroCredentialSpec, data: ReferenceData) -> Iterator[Finding]:
    w = spec.workload
    if w is None:
        yield _missing("M7", "workload", "missing.workload")
        return
    if w.hours is None:
        yield _missing("M7", "workload.hours", "missing.hours")
    elif w.hours <= 0:
        yield _finding("EU-M7-INVALID", "error", "workload.hours", "M7", detail="invalid.hours")
    if w.credits is None:
        yield _missing("M7", "workload.credits", "missing.credits")
    elif w.credits <= 0:
        yield _finding("EU-M7-INVALID", "error", "workload.credits", "M7", detail="invalid.credits")
    if w.credit_system is None:
        yield _missing("M7", "workload.credit_system", "missing.credit_system")
        return
    if w.credit_system not in data.credit_systems:
        known = ", ".join(sorted(data.credit_systems))
        yield _finding(
            "REF-UNKNOWN-CREDIT-SYSTEM",
            "error",
            "workload.credit_system",
            "M7",
            system=w.credit_system,
            known=known,
        )
        return
    cs = data.credit_system(w.credit_system)
    if w.hours and w.credits and w.hours > 0 and w.credits > 0:
        low, high = w.credits * cs.hours_range[0], w.credits * cs.hours_range[1]
        if not low <= w.hours <= high:
            per = w.hours / w.credits
            yield _finding(
                "EU-M7-HOURS-CREDITS-INCONSISTENT",
                "warning" if cs.assumption else "error",
                "workload.hours",
                "M7",
                hours=w.hours,
                credits=w.credits,
                system=cs.code,
                per_credit=per.quantize(Decimal("0.1")),
                min=cs.hours_range[0],
                max=cs.hours_range[1],
                low=low,
                high=high,
                detail="factor.assumption" if cs.assumption else "",
            )
    if w.hours is not None and w.hours > 0:
        if w.hours < MIN_PLAUSIBLE_HOURS:
            yield _finding("MC-SIZE-TOO-SMALL", "warning", "workload.hours", "M7", hours=w.hours)
        elif w.hours > MAX_HOURS:
            yield _finding("MC-SIZE-NOT-MICRO", "error", "workload.hours", "M7", hours=w.hours)
        elif w.hours > WARN_ABOVE_HOURS:
            yield _finding("MC-SIZE-LARGE", "warning", "workload.hours", "M7", hours=w.hours)
    if cs.code != "ECTS" and cs.family != "annual-60":
        yield _finding("EU-M7-NOT-ECTS", "info", "workload.credit_system", "M7", system=cs.code)


def _level_problem(text: str, data: ReferenceData) -> dict[str, str]:
    """Why ``text`` is not a level (the parameters of LEVEL-INVALID)."""
    code, sep, level = text.strip().partition(":")
    if not sep or not code or not level:
        return {"detail": "level.format", "value": text}
    if code not in data.frameworks:
        return {
            "detail": "level.unknown_framework",
            "framework": code,
            "known": ", ".join(sorted(data.frameworks)),
        }
    return {
        "detail": "level.no_such_level",
        "framework": code,
        "level": level,
        "known": ", ".join(data.frameworks[code].levels),
    }


def _check_level(spec: MicroCredentialSpec, data: ReferenceData) -> Iterator[Finding]:
    lv = spec.level
    if lv is None or (lv.eqf is None and lv.national is None and lv.aqrf is None):
        yield _missing("M8", "level", "missing.level")
        return
    national = None
    if lv.national is not None:
        try:
            national = parse_level(lv.national, data)
        except MicrocredError:
            yield _finding(
                "LEVEL-INVALID", "error", "level.national", "M8", **_level_problem(lv.national, data)
            )
    if national is None:
        return
    fw = data.framework(national.framework)
    for declared, target, path in ((lv.eqf, "EQF", "level.eqf"), (lv.aqrf, "AQRF", "level.aqrf")):
        if declared is None or fw.code == target:
            continue
        conv = convert_level(national, target, data=data)
        expected = {int(r.level) for r in conv.results}
        if declared not in expected:
            yield _finding(
                "LEVEL-INCONSISTENT",
                "warning" if conv.assumption else "error",
                path,
                "M8",
                national=national,
                target=target,
                expected=" / ".join(map(str, sorted(expected))),
                declared=declared,
                detail="mapping.assumption" if conv.assumption else "",
            )
    countries = {b.country for b in spec.awarding_bodies}
    if fw.countries and countries and not countries & set(fw.countries):
        yield _finding(
            "LEVEL-FRAMEWORK-COUNTRY",
            "warning",
            "level.national",
            "M8",
            framework=fw.code,
            framework_countries=", ".join(fw.countries),
            countries=", ".join(sorted(countries)),
        )


def _check_vocab(spec: MicroCredentialSpec, data: ReferenceData) -> Iterator[Finding]:
    a = spec.assessment
    if a is None or not a.types:
        yield _missing("M9", "assessment.types", "missing.assessment_types")
    elif set(a.types) == {"level_of_attendance"}:
        yield _finding("EU-M9-ATTENDANCE-ONLY", "error", "assessment.types", "M9")
    p = spec.participation
    if p is None or p.mode is None:
        yield _missing("M10", "participation.mode", "missing.participation_mode")
    qa = spec.quality_assurance
    if qa is None or qa.type is None:
        yield _missing("M11", "quality_assurance.type", "missing.qa_type")
    else:
        if qa.registry == "DEQAR" and not qa.accreditation_ref:
            yield _finding("QA-DEQAR-REF-MISSING", "warning", "quality_assurance.accreditation_ref", "M11")
        if qa.internal_qa is None:
            yield _finding("QA-INTERNAL-UNSTATED", "info", "quality_assurance.internal_qa", "M11")
    if spec.isced_f is None:
        yield _finding("REG-ISCED-MISSING", "warning", "isced_f")
    elif spec.isced_f not in data.isced:
        yield _finding("REF-UNKNOWN-ISCED", "error", "isced_f", value=spec.isced_f)


def _check_parties(spec: MicroCredentialSpec) -> Iterator[Finding]:
    if spec.title is None:
        yield _missing("M2", "title", "missing.title")
    if not spec.awarding_bodies:
        yield _missing("M4", "awarding_bodies", "missing.awarding_body")
        yield _missing("M3", "awarding_bodies[].country", "missing.country")


def _check_optional(spec: MicroCredentialSpec) -> Iterator[Finding]:
    for code, present in (
        ("O1", spec.prerequisites is not None),
        ("O2", spec.supervision is not None),
        ("O3", spec.grading is not None),
        ("O4", spec.stackability is not None),
        ("O5", spec.further_information is not None or spec.homepage is not None),
    ):
        if not present:
            el = BY_CODE[code]
            yield _finding(f"EU-{code}-ABSENT", "info", el.path, code, element=code, label=el.label)
    if spec.stackability and spec.stackability.kind == "stackable" and not spec.stackability.toward:
        yield _finding("EU-O4-TARGET-MISSING", "warning", "stackability.toward", "O4")


def check_spec(spec: MicroCredentialSpec, *, data: ReferenceData | None = None) -> ConformanceReport:
    """Check a parsed specification; never raises for content problems."""
    data = data or reference_data()
    findings = [
        *_check_parties(spec),
        *_check_languages(spec),
        *_check_outcomes(spec),
        *_check_workload(spec, data),
        *_check_level(spec, data),
        *_check_vocab(spec, data),
        *_check_optional(spec),
    ]
    order = {"error": 0, "warning": 1, "info": 2}
    findings.sort(key=lambda f: order[f.severity])
    return ConformanceReport(tuple(findings), spec, data.versions)


def check_document(document: Any, *, data: ReferenceData | None = None) -> ConformanceReport:
    """Check raw JSON; structural problems become findings. Raises ``InputError`` only for non-objects."""
    data = data or reference_data()
    try:
        spec = parse_spec(document)
    except SpecFormatError as exc:
        findings = tuple(
            Finding(
                "FORMAT-INVALID",
                "error",
                problem.path,
                problem.message,
                ELEMENT_OF_KEY.get(problem.path.split(".")[0].split("[")[0]),
                {"detail": problem.code, **problem.params},
            )
            for problem in exc.coded
        )
        return ConformanceReport(findings, None, data.versions)
    return check_spec(spec, data=data)
