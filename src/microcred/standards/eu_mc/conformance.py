"""Conformance of a specification to Annex I of Council Recommendation 2022/C 243/02.

Findings carry a code, a severity, the field path and a message. A specification is
conformant when no finding is an error. Warnings point at things a QA reviewer should look
at; infos report optional elements.
"""

from __future__ import annotations

from collections.abc import Iterator
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


@dataclass(frozen=True)
class Finding:
    code: str
    severity: Severity
    path: str
    message: str
    element: str | None = None

    def as_dict(self) -> dict[str, str | None]:
        return {
            "code": self.code,
            "severity": self.severity,
            "path": self.path,
            "element": self.element,
            "message": self.message,
        }


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


def _missing(code: str, path: str, detail: str = "") -> Finding:
    el = BY_CODE[code]
    msg = f"{code} {el.label}: missing{(' - ' + detail) if detail else ''}"
    return Finding(f"EU-{code}-MISSING", "error", path, msg, code)


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
            yield Finding(
                "LANG-EN-MISSING",
                "error",
                path,
                "English text is required (the consortium's common language); add an 'en' entry",
                el,
            )


def _check_outcomes(spec: MicroCredentialSpec) -> Iterator[Finding]:
    if not spec.learning_outcomes:
        yield _missing("M6", "learning_outcomes", "give at least one learning outcome")
        return
    seen: set[str] = set()
    for i, lo in enumerate(spec.learning_outcomes):
        if lo.id in seen:
            yield Finding(
                "LO-DUPLICATE-ID",
                "error",
                f"learning_outcomes[{i}].id",
                f"outcome id {lo.id!r} is used twice",
                "M6",
            )
        seen.add(lo.id)
        for lang, text in lo.text.items():
            verb = is_not_observable(text, lang)
            if verb:
                yield Finding(
                    "LO-VERB-NOT-OBSERVABLE",
                    "warning",
                    f"learning_outcomes[{i}].text.{lang}",
                    f"outcome {lo.id} starts with {verb!r}, which cannot be observed or assessed; "
                    "use a verb that says what the learner can do (e.g. explain, calculate, design)",
                    "M6",
                )


def _check_workload(spec: MicroCredentialSpec, data: ReferenceData) -> Iterator[Finding]:
    w = spec.workload
    if w is None:
        yield _missing("M7", "workload", "give notional hours, credits and the credit system")
        return
    if w.hours is None:
        yield _missing("M7", "workload.hours", "give the notional learning hours")
    elif w.hours <= 0:
        yield Finding(
            "EU-M7-INVALID", "error", "workload.hours", "notional hours must be more than zero", "M7"
        )
    if w.credits is None:
        yield _missing("M7", "workload.credits", "give the credits in the institution's credit system")
    elif w.credits <= 0:
        yield Finding("EU-M7-INVALID", "error", "workload.credits", "credits must be more than zero", "M7")
    if w.credit_system is None:
        yield _missing("M7", "workload.credit_system", "name the credit system, e.g. ECTS or VN-TC")
        return
    if w.credit_system not in data.credit_systems:
        known = ", ".join(sorted(data.credit_systems))
        yield Finding(
            "REF-UNKNOWN-CREDIT-SYSTEM",
            "error",
            "workload.credit_system",
            f"unknown credit system {w.credit_system!r}; known systems are {known}",
            "M7",
        )
        return
    cs = data.credit_system(w.credit_system)
    if w.hours and w.credits and w.hours > 0 and w.credits > 0:
        low, high = w.credits * cs.hours_range[0], w.credits * cs.hours_range[1]
        if not low <= w.hours <= high:
            per = w.hours / w.credits
            yield Finding(
                "EU-M7-HOURS-CREDITS-INCONSISTENT",
                "warning" if cs.assumption else "error",
                "workload.hours",
                f"{w.hours} h for {w.credits} {cs.code} is {per.quantize(Decimal('0.1'))} h per credit; "
                f"{cs.code} counts {cs.hours_range[0]}-{cs.hours_range[1]} h per credit, "
                f"so expect {low}-{high} h" + (" (the factor is an assumption)" if cs.assumption else ""),
                "M7",
            )
    if w.hours is not None and w.hours > 0:
        if w.hours < MIN_PLAUSIBLE_HOURS:
            yield Finding(
                "MC-SIZE-TOO-SMALL",
                "warning",
                "workload.hours",
                f"{w.hours} h is less than one ECTS credit (25 h); check the workload",
                "M7",
            )
        elif w.hours > MAX_HOURS:
            yield Finding(
                "MC-SIZE-NOT-MICRO",
                "error",
                "workload.hours",
                f"{w.hours} h is more than a full-time year (60 ECTS); "
                "that is a programme, not a small volume of learning",
                "M7",
            )
        elif w.hours > WARN_ABOVE_HOURS:
            yield Finding(
                "MC-SIZE-LARGE",
                "warning",
                "workload.hours",
                f"{w.hours} h is more than 30 ECTS; micro-credentials are usually smaller",
                "M7",
            )
    if cs.code != "ECTS" and cs.family != "annual-60":
        yield Finding(
            "EU-M7-NOT-ECTS",
            "info",
            "workload.credit_system",
            f"workload is in {cs.code}; the register also shows it in ECTS (Annex I asks for ECTS "
            "wherever possible)",
            "M7",
        )


def _check_level(spec: MicroCredentialSpec, data: ReferenceData) -> Iterator[Finding]:
    lv = spec.level
    if lv is None or (lv.eqf is None and lv.national is None and lv.aqrf is None):
        yield _missing("M8", "level", "give the EQF level and/or the national framework level (CODE:LEVEL)")
        return
    national = None
    if lv.national is not None:
        try:
            national = parse_level(lv.national, data)
        except MicrocredError as exc:
            yield Finding("LEVEL-INVALID", "error", "level.national", exc.message, "M8")
    if national is None:
        return
    fw = data.framework(national.framework)
    for declared, target, path in ((lv.eqf, "EQF", "level.eqf"), (lv.aqrf, "AQRF", "level.aqrf")):
        if declared is None or fw.code == target:
            continue
        conv = convert_level(national, target, data=data)
        expected = {int(r.level) for r in conv.results}
        if declared not in expected:
            how = " (by a mapping that is an assumption)" if conv.assumption else ""
            yield Finding(
                "LEVEL-INCONSISTENT",
                "warning" if conv.assumption else "error",
                path,
                f"{national} corresponds to {target} {' or '.join(map(str, sorted(expected)))}{how}, "
                f"not {target} {declared}",
                "M8",
            )
    countries = {b.country for b in spec.awarding_bodies}
    if fw.countries and countries and not countries & set(fw.countries):
        yield Finding(
            "LEVEL-FRAMEWORK-COUNTRY",
            "warning",
            "level.national",
            f"{fw.code} is the framework of {', '.join(fw.countries)}, but the awarding body is in "
            f"{', '.join(sorted(countries))}",
            "M8",
        )


def _check_vocab(spec: MicroCredentialSpec, data: ReferenceData) -> Iterator[Finding]:
    a = spec.assessment
    if a is None or not a.types:
        yield _missing("M9", "assessment.types", "name at least one type of assessment")
    elif set(a.types) == {"level_of_attendance"}:
        yield Finding(
            "EU-M9-ATTENDANCE-ONLY",
            "error",
            "assessment.types",
            "attendance alone is not an assessment of learning outcomes; a micro-credential "
            "records outcomes assessed against transparent criteria",
            "M9",
        )
    p = spec.participation
    if p is None or p.mode is None:
        yield _missing("M10", "participation.mode", "say whether learning is online, on site, blended, ...")
    qa = spec.quality_assurance
    if qa is None or qa.type is None:
        yield _missing("M11", "quality_assurance.type", "name the type of quality assurance")
    else:
        if qa.registry == "DEQAR" and not qa.accreditation_ref:
            yield Finding(
                "QA-DEQAR-REF-MISSING",
                "warning",
                "quality_assurance.accreditation_ref",
                "the QA is said to be in DEQAR; give the DEQAR report or institution id",
                "M11",
            )
        if qa.internal_qa is None:
            yield Finding(
                "QA-INTERNAL-UNSTATED",
                "info",
                "quality_assurance.internal_qa",
                "say whether the micro-credential is covered by the institution's internal QA",
                "M11",
            )
    if spec.isced_f is None:
        yield Finding(
            "REG-ISCED-MISSING",
            "warning",
            "isced_f",
            "no ISCED-F field of study; the register cannot file the micro-credential by field",
        )
    elif spec.isced_f not in data.isced:
        yield Finding(
            "REF-UNKNOWN-ISCED", "error", "isced_f", f"{spec.isced_f!r} is not an ISCED-F 2013 field code"
        )


def _check_parties(spec: MicroCredentialSpec) -> Iterator[Finding]:
    if spec.title is None:
        yield _missing("M2", "title", "give the title, at least in English")
    if not spec.awarding_bodies:
        yield _missing("M4", "awarding_bodies", "name the awarding body")
        yield _missing("M3", "awarding_bodies[].country", "the country comes with the awarding body")


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
            yield Finding(
                f"EU-{code}-ABSENT", "info", el.path, f"{code} {el.label}: not given (optional)", code
            )
    if spec.stackability and spec.stackability.kind == "stackable" and not spec.stackability.toward:
        yield Finding(
            "EU-O4-TARGET-MISSING",
            "warning",
            "stackability.toward",
            "stackable toward what? name the larger credential",
            "O4",
        )


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
                "FORMAT-INVALID", "error", path, message, ELEMENT_OF_KEY.get(path.split(".")[0].split("[")[0])
            )
            for path, message in exc.problems
        )
        return ConformanceReport(findings, None, data.versions)
    return check_spec(spec, data=data)
