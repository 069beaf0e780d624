"""What a register page shows about a specification, in the viewer's language.

Labels of controlled values come from the reference vocabularies (en/vi/lo); the Annex I
element names, ISCED-F field names and phrases of the conversions are interface strings and
are translated through gettext. The core's ``explain()`` texts are English and stay in the
JSON exports; pages build their sentences from the conversion's numbers instead.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from django.utils.functional import Promise
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from microcred.conversion import CreditConversion, LevelConversion, convert_credits, convert_level
from microcred.errors import MicrocredError
from microcred.model import MicroCredentialSpec, best_text
from microcred.reference import Framework, reference_data
from microcred_web.skills.selectors import skill_labels

# Annex I of Council Recommendation 2022/C 243/02 (microcred.standards.eu_mc.ELEMENTS), as
# headings people read; M1 and M5 belong to the award, not to the offering, so pages say so.
ELEMENT_LABELS: dict[str, Promise] = {
    "M1": _("Identification of the learner"),
    "M2": _("Title of the micro-credential"),
    "M3": _("Country or region of the issuer"),
    "M4": _("Awarding body"),
    "M5": _("Date of issuing"),
    "M6": _("Learning outcomes"),
    "M7": _("Notional workload"),
    "M8": _("Level"),
    "M9": _("Type of assessment"),
    "M10": _("Form of participation"),
    "M11": _("Type of quality assurance"),
    "O1": _("Prerequisites"),
    "O2": _("Supervision and identity verification"),
    "O3": _("Grading"),
    "O4": _("Integration and stackability"),
    "O5": _("Further information"),
}

# ISCED-F 2013 broad and narrow fields; the reference table has English labels only.
ISCED_LABELS: dict[str, Promise] = {
    "00": _("Generic programmes and qualifications"),
    "001": _("Basic programmes and qualifications"),
    "002": _("Literacy and numeracy"),
    "003": _("Personal skills and development"),
    "01": _("Education"),
    "011": _("Education"),
    "02": _("Arts and humanities"),
    "021": _("Arts"),
    "022": _("Humanities (except languages)"),
    "023": _("Languages"),
    "03": _("Social sciences, journalism and information"),
    "031": _("Social and behavioural sciences"),
    "032": _("Journalism and information"),
    "04": _("Business, administration and law"),
    "041": _("Business and administration"),
    "042": _("Law"),
    "05": _("Natural sciences, mathematics and statistics"),
    "051": _("Biological and related sciences"),
    "052": _("Environment"),
    "053": _("Physical sciences"),
    "054": _("Mathematics and statistics"),
    "06": _("Information and Communication Technologies"),
    "061": _("Information and Communication Technologies"),
    "07": _("Engineering, manufacturing and construction"),
    "071": _("Engineering and engineering trades"),
    "072": _("Manufacturing and processing"),
    "073": _("Architecture and construction"),
    "08": _("Agriculture, forestry, fisheries and veterinary"),
    "081": _("Agriculture"),
    "082": _("Forestry"),
    "083": _("Fisheries"),
    "084": _("Veterinary"),
    "09": _("Health and welfare"),
    "091": _("Health"),
    "092": _("Welfare"),
    "10": _("Services"),
    "101": _("Personal services"),
    "102": _("Hygiene and occupational health services"),
    "103": _("Security services"),
    "104": _("Transport services"),
    "99": _("Field unknown"),
}

CYCLE_LABELS: dict[str, Promise] = {
    "short": _("Short cycle"),
    "first": _("First cycle (bachelor)"),
    "second": _("Second cycle (master)"),
    "third": _("Third cycle (doctorate)"),
}

LANGUAGE_NAMES: dict[str, Promise] = {
    "en": _("English"),
    "vi": _("Vietnamese"),
    "lo": _("Lao"),
    "cs": _("Czech"),
    "it": _("Italian"),
    "hr": _("Croatian"),
    "fr": _("French"),
    "th": _("Thai"),
    "de": _("German"),
}

COUNTRY_NAMES: dict[str, Promise] = {
    "CZ": _("Czechia"),
    "IT": _("Italy"),
    "HR": _("Croatia"),
    "BE": _("Belgium"),
    "VN": _("Vietnam"),
    "LA": _("Laos"),
}

# The credit system a reader most likely thinks in, by interface language.
LOCAL_CREDITS_BY_LANGUAGE = {"vi": "VN-TC", "lo": "LA-CR", "en": "ECTS"}
# The national framework a reader most likely knows, by interface language.
LOCAL_FRAMEWORK_BY_LANGUAGE = {"vi": "VQF", "lo": "LA-NQF"}


def lang() -> str:
    return (get_language() or "en").split("-")[0]


def text(value: dict[str, str] | None) -> LangValue | None:
    """A language map shown in the viewer's language, else English, else any language."""
    if not value:
        return None
    want = lang()
    chosen = want if want in value else "en" if "en" in value else next(iter(value))
    return LangValue(value[chosen], chosen)


@dataclass(frozen=True)
class LangValue:
    """A text and the language it is actually in, so templates can set ``lang`` on it."""

    text: str
    lang: str

    def __str__(self) -> str:
        return self.text


def vocabulary_label(vocabulary: str, key: str | None) -> str:
    if not key:
        return ""
    try:
        return best_text(reference_data().term(vocabulary, key).label, lang())
    except MicrocredError:
        return key


def isced_label(code: str) -> LangValue:
    """The ISCED-F field name in the viewer's language. Detailed (four-digit) fields have
    English names only; outside English the translated narrow field stands in for them."""
    want = lang()
    if code in ISCED_LABELS:
        return LangValue(str(ISCED_LABELS[code]), want)
    if len(code) == 4 and want != "en" and code[:3] in ISCED_LABELS:
        return LangValue(str(ISCED_LABELS[code[:3]]), want)
    try:
        return LangValue(best_text(reference_data().isced_field(code).label, "en"), "en")
    except MicrocredError:
        return LangValue(code, "en")


def isced_detailed_en(code: str) -> str:
    """The English name of a detailed field, shown next to the translated narrow field."""
    try:
        return best_text(reference_data().isced_field(code).label, "en")
    except MicrocredError:
        return ""


def language_name(code: str) -> str:
    return str(LANGUAGE_NAMES.get(code, code))


def country_name(code: str) -> str:
    return str(COUNTRY_NAMES.get(code, code))


def framework_name(code: str) -> str:
    fw = reference_data().frameworks.get(code)
    return best_text(fw.name, lang()) if fw else code


def credit_system_name(code: str) -> str:
    cs = reference_data().credit_systems.get(code)
    return best_text(cs.name, lang()) if cs else code


def local_credit_system(request: HttpRequest) -> str:
    """The credit system to show next to ECTS: an explicit ``?credits=`` choice, else the
    signed-in user's institution's system, else the interface language's usual system."""
    systems = reference_data().credit_systems
    chosen = request.GET.get("credits", "")
    if chosen in systems:
        return chosen
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        from microcred_web.accounts.models import Membership

        membership = (
            Membership.objects.filter(user=user, institution__isnull=False)
            .select_related("institution")
            .first()
        )
        if membership and membership.institution and membership.institution.credit_system in systems:
            return membership.institution.credit_system
    return LOCAL_CREDITS_BY_LANGUAGE.get(lang(), "ECTS")


@dataclass(frozen=True)
class LevelRow:
    framework: Framework
    levels: tuple[str, ...]
    declared: bool
    conversion: LevelConversion | None = None
    problem: str = ""

    @property
    def assumption(self) -> bool:
        return bool(self.conversion and self.conversion.assumption)

    @property
    def name(self) -> str:
        return best_text(self.framework.name, lang())

    @property
    def labels(self) -> list[LangValue]:
        """Level descriptions, in the language they exist in (often English only)."""
        return [v for v in (text(self.framework.level_labels.get(lv)) for lv in self.levels) if v]


def level_rows(spec: MicroCredentialSpec, institution_framework: str) -> list[LevelRow]:
    """The level in EQF, AQRF, the awarding body's national framework and the reader's own
    framework: declared values as declared, the others converted with their path."""
    data = reference_data()
    lv = spec.level
    if lv is None:
        return []
    declared: dict[str, str] = {}
    if lv.eqf is not None:
        declared["EQF"] = str(lv.eqf)
    if lv.aqrf is not None:
        declared["AQRF"] = str(lv.aqrf)
    if lv.national and ":" in lv.national:
        fw_code, _sep, level = lv.national.partition(":")
        declared[fw_code] = level
    if not declared:
        return []
    # Convert from the national level when there is one: it is what the institution is accredited for.
    source_fw = next(
        (c for c in declared if c not in ("EQF", "AQRF")), "EQF" if "EQF" in declared else "AQRF"
    )
    source = f"{source_fw}:{declared[source_fw]}"
    wanted = ["EQF", "AQRF", institution_framework, LOCAL_FRAMEWORK_BY_LANGUAGE.get(lang(), "")]
    wanted.extend(c for c in declared if c not in wanted)
    rows: list[LevelRow] = []
    for code in dict.fromkeys(c for c in wanted if c and c in data.frameworks):
        fw = data.frameworks[code]
        if code in declared:
            rows.append(LevelRow(fw, (declared[code],), declared=True))
            continue
        try:
            conv = convert_level(source, code)
        except MicrocredError as exc:
            rows.append(LevelRow(fw, (), declared=False, problem=exc.message))
            continue
        rows.append(LevelRow(fw, tuple(r.level for r in conv.results), declared=False, conversion=conv))
    return rows


@dataclass(frozen=True)
class CreditRow:
    system: str
    conversion: CreditConversion | None
    declared_amount: Decimal | None = None
    problem: str = ""

    @property
    def name(self) -> str:
        return credit_system_name(self.system)


@dataclass
class Workload:
    hours: Decimal | None
    declared_system: str | None
    declared_credits: Decimal | None
    rows: list[CreditRow] = field(default_factory=list)


def workload(spec: MicroCredentialSpec, local_system: str) -> Workload:
    """Credits as declared, in ECTS and in the reader's local system, each with its arithmetic."""
    w = spec.workload
    if w is None:
        return Workload(None, None, None)
    result = Workload(w.hours, w.credit_system, w.credits)
    if w.credits is None or w.credit_system is None:
        return result
    for target in dict.fromkeys(["ECTS", local_system]):
        if target == w.credit_system:
            result.rows.append(CreditRow(target, None, declared_amount=w.credits))
            continue
        try:
            conv = convert_credits(w.credits, w.credit_system, target)
        except MicrocredError as exc:
            result.rows.append(CreditRow(target, None, problem=exc.message))
            continue
        result.rows.append(CreditRow(target, conv))
    return result


def recognitions(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Precedent rows with the institution's name and the outcome and purpose in words."""
    from microcred_web.institutions.models import Institution
    from microcred_web.recognition.models import Outcome, Purpose

    names = {i.slug: i for i in Institution.objects.filter(slug__in={r["host_institution"] for r in rows})}
    out = []
    for r in rows:
        host = names.get(r["host_institution"])
        out.append(
            {
                **r,
                "host": text(host.name) if host else LangValue(r["host_institution"], "en"),
                "host_slug": r["host_institution"],
                "outcome_label": str(Outcome(r["outcome"]).label)
                if r["outcome"] in Outcome.values
                else r["outcome"],
                "purpose_label": str(Purpose(r["purpose"]).label)
                if r["purpose"] in Purpose.values
                else r["purpose"],
                "credits_value": Decimal(r["credits"]) if r["credits"] else None,
                "decided_on": date.fromisoformat(r["decision_date"]) if r["decision_date"] else None,
            }
        )
    return out


def entry(version: Any, spec: MicroCredentialSpec, *, local_system: str) -> dict[str, Any]:
    """What the register page of one version shows, every label in the viewer's language."""
    inst = version.micro_credential.institution
    labels = skill_labels(uri for lo in spec.learning_outcomes for uri in lo.esco_skills)
    return {
        "institution_name": text(inst.name),
        "title": text(spec.title) or LangValue(version.title_en, "en"),
        "description": text(spec.description),
        "outcomes": [
            {
                "id": lo.id,
                "text": text(lo.text),
                "bloom": vocabulary_label("bloom_levels", lo.bloom_level),
                # ESCO's English preferred label (ESCO has no Vietnamese or Lao labels), ADR 1402
                "skills": [
                    {"uri": uri, "label": labels.get(uri, uri.rsplit("/", 1)[-1][:8] + "…")}
                    for uri in lo.esco_skills
                ],
            }
            for lo in spec.learning_outcomes
        ],
        "bodies": [
            {
                "name": text(b.name),
                "country": country_name(b.country),
                "country_code": b.country,
                "region": b.region,
                "homepage": b.homepage,
            }
            for b in spec.awarding_bodies
        ],
        "levels": level_rows(spec, inst.national_framework),
        "cycle": CYCLE_LABELS.get(spec.level.cycle or "", "") if spec.level else "",
        "workload": workload(spec, local_system),
        "local_system": local_system,
        "credit_systems": [(c, credit_system_name(c)) for c in reference_data().credit_systems],
        "isced": isced_label(spec.isced_f) if spec.isced_f else None,
        "isced_detailed": isced_detailed_en(spec.isced_f) if spec.isced_f else "",
        "assessment_types": [
            vocabulary_label("assessment_types", t)
            for t in (spec.assessment.types if spec.assessment else ())
        ],
        "assessment_description": text(spec.assessment.description) if spec.assessment else None,
        "mode": vocabulary_label(
            "participation_modes", spec.participation.mode if spec.participation else None
        ),
        "setting": vocabulary_label(
            "learning_settings", spec.participation.learning_setting if spec.participation else None
        ),
        "participation_description": text(spec.participation.description) if spec.participation else None,
        "qa": spec.quality_assurance,
        "qa_type": vocabulary_label(
            "qa_types", spec.quality_assurance.type if spec.quality_assurance else None
        ),
        "qa_registry": vocabulary_label(
            "qa_registries", spec.quality_assurance.registry if spec.quality_assurance else None
        ),
        "qa_description": text(spec.quality_assurance.description) if spec.quality_assurance else None,
        "prerequisites": text(spec.prerequisites),
        "supervision": vocabulary_label("supervision", spec.supervision),
        "grading_description": text(spec.grading.description) if spec.grading else None,
        "toward": text(spec.stackability.toward) if spec.stackability else None,
        "further_information": text(spec.further_information),
        "languages": [language_name(c) for c in spec.languages_of_instruction],
        "labels": ELEMENT_LABELS,
    }
