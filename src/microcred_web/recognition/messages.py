"""The recognition engine's and services' messages said to people, in their language (ADR 0840).

The core returns coded messages (``microcred.recognition.text.Text``: a code, its parameters and
its English rendering). Here, at the edge, a code is rendered through the catalogues: the English
template is the gettext message id (context ``CONTEXT``), translated, then filled with the
parameters, themselves translated when they are coded messages. Nothing here reads English to
guess a meaning: the decision is re-derived from the case's own inputs, which gives back the very
``Text`` objects the stored proposal was rendered from.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext_lazy, pgettext

from microcred.errors import MicrocredError
from microcred.recognition import recognise
from microcred.recognition.text import Text, messages_of

CONTEXT = "recognition"
"""The gettext context of every engine and service template (keeps them apart from page strings)."""


def render(text: Text, names: Mapping[str, str] | None = None) -> str:
    """``text`` in the active language: its template through the catalogue, then its parameters.
    ``names``: how to name a credential id that a parameter holds (its title), for people."""
    template = pgettext(CONTEXT, text.template)
    sep = ", " if text.code == "list.comma" else "; "
    params = {k: _param(v, sep, names or {}) for k, v in text.params.items()}
    try:
        return template.format(**params)
    except (KeyError, IndexError, ValueError):  # a catalogue entry that names other parameters
        return text.template.format(**params)


def _param(value: object, sep: str, names: Mapping[str, str]) -> object:
    if isinstance(value, Text):
        return render(value, names)
    if isinstance(value, (tuple, list)):
        return sep.join(str(_param(v, sep, names)) for v in value)
    if isinstance(value, str) and value in names:
        return f"“{names[value]}”"
    return value


def engine_messages(case: Any) -> dict[str, Text]:
    """The coded messages of the case's stored proposal, by their English rendering.

    The proposal is re-derived from the inputs it was decided on (``case.canonical_input``, the
    canonical case with its agreements inline; the engine is deterministic, recognition.md §6.7),
    and only sentences that the re-derived decision rendered identically are mapped. A proposal
    that the current engine would word otherwise keeps its English (nothing is guessed)."""
    cached = getattr(case, "_engine_messages", None)
    if cached is not None:
        return dict(cached)
    found: dict[str, Text] = {}
    decided_on = case.canonical_input
    if decided_on is not None and case.proposed is not None:
        try:
            rec = recognise(decided_on.parse(source=f"case {case.reference}"))
        except (MicrocredError, ValueError, TypeError, KeyError):
            rec = None
        if rec is not None:
            found = messages_of(rec.decision)
            found.update(messages_of(rec.agreement.notes))
    case._engine_messages = found
    return dict(found)


def localise(value: Any, lookup: Mapping[str, Text], names: Mapping[str, str] | None = None) -> Any:
    """A copy of ``value`` (a proposal, a part of it) with every engine sentence translated,
    credentials named by ``names`` (id -> title).

    Indicators that the report joined with "; " (two values of one name) are translated part
    by part."""
    if isinstance(value, str):
        hit = lookup.get(value)
        if hit is not None:
            return render(hit, names)
        if "; " in value:
            parts = value.split("; ")
            if any(p in lookup for p in parts):
                return "; ".join(render(lookup[p], names) if p in lookup else p for p in parts)
        return value
    if isinstance(value, dict):
        return {k: localise(v, lookup, names) for k, v in value.items()}
    if isinstance(value, list):
        return [localise(v, lookup, names) for v in value]
    return copy.copy(value)


def credential_names(case: Any) -> dict[str, str]:
    """Each credential of the case by its title (a learner and an officer know it so; its id is
    for machines): ``urn:uuid:…`` -> "Econometrics in R"."""
    from microcred_web.recognition.display import evidence_of

    out = {}
    for ev in evidence_of(case):
        if ev["credential_id"] and (ev["title"] or ev["code"]):
            out[str(ev["credential_id"])] = str(ev["title"] or ev["code"])
    return out


def localised_proposal(case: Any) -> dict[str, Any] | None:
    """The case's proposal with the engine's sentences in the active language."""
    proposal = case.proposed
    if proposal is None:
        return None
    from microcred.recognition.report import step_text

    out: dict[str, Any] = localise(proposal.to_json(), engine_messages(case), credential_names(case))
    # κ as a person reads it (its sum in brackets), chosen by the step's own label, not the shown one
    for raw, shown in zip(
        proposal.conversion_steps, (out.get("conversion") or {}).get("steps") or [], strict=False
    ):
        shown["expression"] = step_text(raw.label, str(shown.get("expression", "")))
    return out


def error_text(exc: MicrocredError) -> str:
    """What a page shows for a service error: its coded message translated, else its text."""
    if isinstance(exc.message, Text):
        said = render(exc.message)
        # a place in a file (``case file: target.institution.id``) helps; a form field's name does not
        return f"{said} ({exc.where})" if any(c in exc.where for c in ".:[") else said
    return str(exc)


LABEL_CONTEXT = "recognition code"
"""The gettext context of the names of the engine's codes (outcomes, results, elements…)."""

LABELS: dict[str, str] = {
    # results of a standard (§4.3)
    "PASS": "met",
    "PASS_WITH_NOTE": "met, with a note",
    "FAIL": "not met",
    "UNKNOWN": "not known yet",
    "NOT_APPLICABLE": "does not apply",
    "result.PARTIAL": "partly met",
    # materiality (§4.3)
    "SUBSTANTIAL": "substantial",
    "NON_SUBSTANTIAL": "not substantial",
    "REMEDIABLE": "can be made up",
    # LRC elements and the CRM's two other grounds
    "QUALITY": "quality",
    "LEVEL": "level",
    "WORKLOAD": "workload",
    "PROFILE": "profile",
    "LEARNING_OUTCOMES": "learning outcomes",
    "AUTHENTICITY": "authenticity",
    "POLICY": "policy",
    "PROCEDURE": "procedure",
    # who supplies a missing item (§4.4)
    "applicant": "the learner",
    "issuer": "the issuing institution",
    "recognition_officer": "the recognition officer",
    "academic_reviewer": "the academic reviewer",
    "applicant or issuer": "the learner or the issuing institution",
    # evidence kinds and verification (§4.2)
    "record": "record",
    "register_entry": "register entry",
    "signed_credential": "signed credential",
    "valid": "valid",
    "invalid": "invalid",
    "mismatch": "does not match",
    "not_checked": "not checked",
    "passed": "passed",
    "failed": "failed",
    "edc_seal": "EDC seal",
    "ob3_signature": "Open Badges 3.0 signature",
    "vc_signature": "Verifiable Credential signature",
    "register_lookup": "register look-up",
    "url_match": "verification page match",
    "none": "none",
    # remedies and conditions (§4.4)
    "SUPPLEMENTARY_EXAM": "supplementary assessment",
    "CHALLENGE_EXAM": "challenge exam",
    "SUPERVISED_REASSESSMENT": "supervised reassessment",
    "RPL_ASSESSMENT": "assessment of prior learning",
    "CURRENCY_ASSESSMENT": "assessment of current knowledge",
    "NOT_AWARDED": "not awarded",
    "REMEDY": "remedy",
    # partial reasons and refusal grounds
    "LO_COVERAGE": "learning outcomes partly covered",
    "POLICY_CAP": "the cap of the programme",
    "AUTHENTICITY_FAILED": "authenticity not established",
    # coverage of an outcome (§4.3 S7) and the suggestion bands of the outcome matrix (ADR 0507)
    "NONE": "not covered",
    "coverage.FULL": "fully covered",
    "coverage.PARTIAL": "partly covered",
    "coverage.NONE": "not covered",
    "likely": "likely match",
    "possible": "possible match",
}


def label(code: str) -> str:
    """The name of an engine code in the active language (the code itself when it has none).
    Outcomes and purposes are named as the case's model names them (one catalogue entry each)."""
    from microcred_web.recognition.models import Outcome, Purpose

    named = dict(Outcome.choices).get(code) or dict(Purpose.choices).get(code)
    if named is not None:
        return str(named)
    english = LABELS.get(code)
    return pgettext(LABEL_CONTEXT, english) if english else code


INDICATOR_CONTEXT = "recognition indicator"
"""The gettext context of the names of the engine's indicators (recognition.md §4.2, §4.3)."""

INDICATORS: dict[str, str] = {
    "absent": "missing",
    "accepted_qa_registries": "accepted QA registries",
    "age_years": "age (years)",
    "allowed": "allowed",
    "already_consumed": "already recognised",
    "assessment.supervision": "supervision of the assessment",
    "assessment.type": "type of assessment",
    "cap": "cap",
    "cap_category": "cap category",
    "confirmed_by": "confirmed by",
    "credits": "credits",
    "decision_date": "decision date",
    "delta": "difference",
    "grade": "grade",
    "holder_matches": "the holder is the applicant",
    "hours": "hours",
    "issued_on": "issued on",
    "issuer.qa": "quality assurance of the issuer",
    "kappa": "coverage κ",
    "level": "level",
    "level_map": "level table",
    "level_tolerance": "level tolerance",
    "matrix": "outcome matrix",
    "max_age_years": "maximum age (years)",
    "max_stack_components": "maximum components",
    "mc_internal_qa": "under internal QA",
    "min_creditable_unit": "smallest creditable unit",
    "prior_recognised": "recognised before",
    "related_fields": "related fields",
    "remaining": "remaining",
    "requested_now": "requested now",
    "required": "required",
    "result.grade": "grade",
    "result.passed": "passed",
    "revoked": "revoked",
    "rho": "workload ratio ρ",
    "source_hours": "hours of the credentials",
    "stack_components": "components",
    "target_hours": "target hours",
    "target_level": "target level",
    "unreviewed": "not reviewed",
    "valid_until": "valid until",
    "verification": "verification",
    "verification_failed": "verification failed",
    "thresholds": "thresholds",
}


def indicator_label(name: str) -> str:
    """The name of an indicator in the active language (its key when it has none)."""
    english = INDICATORS.get(name)
    return pgettext(INDICATOR_CONTEXT, english) if english else name


# ------------------------------------------------------------------------------ case events
# The actions of a case's log (``microcred.recognition.lifecycle.EVENTS``), named for the officer
# and for the learner; the log keeps the code, the pages say it (ADR 0850).

OFFICER_EVENTS: dict[str, Any] = {
    "REQUEST_FILED": gettext_lazy("Request filed"),
    "CASE_OPENED": gettext_lazy("Case opened"),
    "TARGET_SET": gettext_lazy("Target set"),
    "LO_CONFIRMED": gettext_lazy("Outcome pair confirmed"),
    "LO_REJECTED": gettext_lazy("Outcome pair rejected"),
    "LO_EDITED": gettext_lazy("Outcome row edited"),
    "LO_SIGNED_OFF": gettext_lazy("Outcome matrix signed off"),
    "FINDING_RECLASSIFIED": gettext_lazy("Finding reclassified"),
    "FINDING_RECLASSIFICATION_APPROVED": gettext_lazy("Reclassification approved"),
    "LEVEL_RECORDED": gettext_lazy("Level recorded"),
    "CASE_INPUTS": gettext_lazy("Inputs snapshot recorded"),
    "DECISION_PROPOSED": gettext_lazy("Decision proposed"),
    "INFORMATION_REQUESTED": gettext_lazy("Information requested"),
    "LEARNER_RESPONDED": gettext_lazy("The learner answered the request for information"),
    "INFORMATION_SUPPLIED": gettext_lazy("Information supplied"),
    "DECISION_SIGNED": gettext_lazy("Decision signed, waiting for the second signature"),
    "DECISION_FINAL": gettext_lazy("Decision taken"),
    "APPEAL_LODGED": gettext_lazy("Appeal lodged"),
    "APPEAL_DECIDED": gettext_lazy("Appeal decided"),
    "CONDITIONS_MET": gettext_lazy("Conditions met"),
    "CASE_CLOSED": gettext_lazy("Case closed"),
    "DECISION_ISSUED": gettext_lazy("Decision issued as a signed credential"),
    "DECISION_CREDENTIAL_REVOKED": gettext_lazy("Earlier decision credential revoked"),
    "REPLAY_CHECKED": gettext_lazy("Replay checked"),
}
# The learner reads their own actions in the second person.
LEARNER_EVENTS: dict[str, Any] = {
    **OFFICER_EVENTS,
    "LEARNER_RESPONDED": gettext_lazy("You answered the request for information"),
    "INFORMATION_SUPPLIED": gettext_lazy("Information supplied to the institution"),
}


def event_label(action: str, *, learner: bool = False) -> str:
    """The name of a case event in the active language (the code itself when it has none)."""
    named = (LEARNER_EVENTS if learner else OFFICER_EVENTS).get(action)
    return str(named) if named is not None else action
