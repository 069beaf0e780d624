"""The specification checker's findings in the reader's language.

The core (``microcred.standards.eu_mc.conformance``) returns each finding as a code with
parameters and an English ``message`` for the CLI and the API; pages word the code and its
parameters here, never the message (docs/decisions/1610-checker-findings-are-codes.md). A
parameter named ``detail`` is itself a code, worded first from ``DETAILS``. A code missing from
the tables is shown as itself, so it is visible, never silently English.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext_lazy as _

from microcred.standards.eu_mc.conformance import Finding, message_key
from microcred_web.core.wording import worded
from microcred_web.register.display import ELEMENT_LABELS

FINDINGS: dict[str, Any] = {
    "EU-MISSING": _("%(element)s %(label)s is missing: %(detail)s"),
    "EU-ABSENT": _("%(element)s %(label)s is not given (optional)."),
    "LANG-EN-MISSING": _(
        "English text is required (the consortium's common language): add the English text."
    ),
    "LO-DUPLICATE-ID": _("The outcome identifier “%(id)s” is used twice."),
    "LO-VERB-NOT-OBSERVABLE": _(
        "Outcome %(outcome)s starts with “%(verb)s”, which nobody can observe or assess: use a verb that says what the learner can do (e.g. explain, calculate, design)."
    ),
    "EU-M7-INVALID": "%(detail)s",
    "REF-UNKNOWN-CREDIT-SYSTEM": _("Unknown credit system “%(system)s”; the known systems are %(known)s."),
    "EU-M7-HOURS-CREDITS-INCONSISTENT": _(
        "%(hours)s h for %(credits)s %(system)s credits is %(per_credit)s h per credit; %(system)s counts %(min)s–%(max)s h per credit, so expect %(low)s–%(high)s h%(detail)s."
    ),
    "MC-SIZE-TOO-SMALL": _("%(hours)s h is less than one ECTS credit (25 h): check the workload."),
    "MC-SIZE-NOT-MICRO": _(
        "%(hours)s h is more than a full-time year (60 ECTS): that is a programme, not a small volume of learning."
    ),
    "MC-SIZE-LARGE": _("%(hours)s h is more than 30 ECTS; micro-credentials are usually smaller."),
    "EU-M7-NOT-ECTS": _(
        "The workload is in %(system)s; the register also shows it in ECTS (Annex I asks for ECTS wherever possible)."
    ),
    "LEVEL-INVALID": "%(detail)s",
    "LEVEL-INCONSISTENT": _(
        "%(national)s corresponds to %(target)s %(expected)s%(detail)s, not %(target)s %(declared)s."
    ),
    "LEVEL-FRAMEWORK-COUNTRY": _(
        "%(framework)s is the framework of %(framework_countries)s, but the awarding body is in %(countries)s."
    ),
    "EU-M9-ATTENDANCE-ONLY": _(
        "Attendance alone is not an assessment of learning outcomes: a micro-credential records outcomes assessed against transparent criteria."
    ),
    "QA-DEQAR-REF-MISSING": _(
        "The QA is said to be in DEQAR: give the DEQAR report or institution identifier."
    ),
    "QA-INTERNAL-UNSTATED": _("Say whether the institution's internal QA covers the micro-credential."),
    "REG-ISCED-MISSING": _(
        "No ISCED-F field of study: the register cannot file the micro-credential by field."
    ),
    "REF-UNKNOWN-ISCED": _("“%(value)s” is not an ISCED-F 2013 field code."),
    "EU-O4-TARGET-MISSING": _("Stackable toward what? Name the larger credential."),
    "FORMAT-INVALID": "%(detail)s",
}

DETAILS: dict[str, Any] = {
    "": "",
    "missing.outcomes": _("give at least one learning outcome."),
    "missing.workload": _("give the notional hours, the credits and the credit system."),
    "missing.hours": _("give the notional learning hours."),
    "missing.credits": _("give the credits in the institution's credit system."),
    "missing.credit_system": _("name the credit system, e.g. ECTS or VN-TC."),
    "missing.level": _("give the EQF level and/or the national framework level."),
    "missing.assessment_types": _("name at least one type of assessment."),
    "missing.participation_mode": _("say whether learning is online, on site, blended…"),
    "missing.qa_type": _("name the type of quality assurance."),
    "missing.title": _("give the title, at least in English."),
    "missing.awarding_body": _("name the awarding body."),
    "missing.country": _("the country comes with the awarding body."),
    "invalid.hours": _("The notional hours must be more than zero."),
    "invalid.credits": _("The credits must be more than zero."),
    "factor.assumption": _(" (the factor is an assumption)"),
    "mapping.assumption": _(" (by a mapping that is an assumption)"),
    "level.format": _("A level is written CODE:LEVEL, for example EQF:6 or VN-NQF:6; “%(value)s” is not."),
    "level.unknown_framework": _(
        "“%(framework)s” is not a known qualifications framework; the known frameworks are %(known)s."
    ),
    "level.no_such_level": _("%(framework)s has no level “%(level)s”; its levels are %(known)s."),
    # The exchange format's own checks (microcred.model.spec.FormatProblem codes).
    "format.missing": _("This value is required."),
    "format.extra_forbidden": _("“%(name)s” is not an element of the exchange format."),
    "format.literal_error": _("“%(value)s” is not one of the allowed values (%(expected)s)."),
    "format.greater_than_equal": _("The value must be at least %(ge)s."),
    "format.less_than_equal": _("The value must be at most %(le)s."),
    "format.string_too_long": _("The text is longer than %(max_length)s characters."),
    "format.too_long": _("There are more than %(max_length)s entries."),
    "format.country_code": _("“%(value)s” is not a two-letter country code such as CZ or VN."),
    "format.esco_uri": _("“%(value)s” is not an ESCO skill address (http://data.europa.eu/esco/skill/…)."),
    "format.language_code": _("“%(value)s” is not a two-letter language code such as en, vi or lo."),
    "format.iso_duration": _("“%(value)s” is not a duration such as P3Y or P18M."),
    "format.language_unknown": _("“%(value)s” is not one of the platform's languages (%(known)s)."),
    "format.text_empty": _("The “%(value)s” text is empty: leave the language out instead."),
    "format.text_none": _("At least one language is needed."),
    "format.other": _("This value does not have the expected form."),
}


def finding_message(code: str, params: Mapping[str, str]) -> str:
    """The finding ``code`` with ``params`` in the active language."""
    values: dict[str, Any] = dict(params)
    element = values.get("element")
    if element in ELEMENT_LABELS:
        values["label"] = str(ELEMENT_LABELS[element])
    detail = str(values.get("detail", ""))
    if detail in DETAILS:
        values["detail"] = worded(DETAILS, detail, values) if detail else ""
    elif detail.startswith("format."):
        values["detail"] = str(DETAILS["format.other"])
    return worded(FINDINGS, message_key(code), values)


def worded_finding(finding: Finding) -> str:
    return finding_message(finding.code, finding.params)


def progress_worded(progress: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The progress rows with each frequent finding worded in the reader's language through the
    findings panel's table (``finding_messages``): element label, message, count."""
    return [
        {
            **row,
            "findings": [
                {
                    "element": f.element or "",
                    "label": str(ELEMENT_LABELS[f.element]) if f.element in ELEMENT_LABELS else "",
                    "message": worded_finding(f),
                    "severity": f.severity,
                    "count": count,
                }
                for f, count in row["findings"]
            ],
        }
        for row in progress
    ]
