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

from django.utils.translation import pgettext

from microcred.errors import MicrocredError
from microcred.recognition import recognise
from microcred.recognition.case import parse_case_doc
from microcred.recognition.text import Text, messages_of

CONTEXT = "recognition"
"""The gettext context of every engine and service template (keeps them apart from page strings)."""


def render(text: Text) -> str:
    """``text`` in the active language: its template through the catalogue, then its parameters."""
    template = pgettext(CONTEXT, text.template)
    params = {k: _param(v) for k, v in text.params.items()}
    try:
        return template.format(**params)
    except (KeyError, IndexError, ValueError):  # a catalogue entry that names other parameters
        return text.template.format(**params)


def _param(value: object) -> object:
    if isinstance(value, Text):
        return render(value)
    if isinstance(value, (tuple, list)):
        return "; ".join(str(_param(v)) for v in value)
    return value


def engine_messages(case: Any) -> dict[str, Text]:
    """The coded messages of the case's stored proposal, by their English rendering.

    The proposal is re-derived from the inputs it was decided on (``case.case_input``, the
    canonical case with its agreements inline; the engine is deterministic, recognition.md §6.7),
    and only sentences that the re-derived decision rendered identically are mapped. A proposal
    that the current engine would word otherwise keeps its English (nothing is guessed)."""
    cached = getattr(case, "_engine_messages", None)
    if cached is not None:
        return dict(cached)
    found: dict[str, Text] = {}
    if case.case_input and case.proposal:
        try:
            rec = recognise(parse_case_doc(case.case_input, source=f"case {case.reference}"))
        except (MicrocredError, ValueError, TypeError, KeyError):
            rec = None
        if rec is not None:
            found = messages_of(rec.decision)
            found.update(messages_of(rec.agreement.notes))
    case._engine_messages = found
    return dict(found)


def localise(value: Any, lookup: Mapping[str, Text]) -> Any:
    """A copy of ``value`` (a proposal, a part of it) with every engine sentence translated.

    Indicators that the report joined with "; " (two values of one name) are translated part
    by part."""
    if isinstance(value, str):
        hit = lookup.get(value)
        if hit is not None:
            return render(hit)
        if "; " in value:
            parts = value.split("; ")
            if any(p in lookup for p in parts):
                return "; ".join(render(lookup[p]) if p in lookup else p for p in parts)
        return value
    if isinstance(value, dict):
        return {k: localise(v, lookup) for k, v in value.items()}
    if isinstance(value, list):
        return [localise(v, lookup) for v in value]
    return copy.copy(value)


def localised_proposal(case: Any) -> dict[str, Any] | None:
    """The case's proposal with the engine's sentences in the active language."""
    if not case.proposal:
        return None
    out: dict[str, Any] = localise(case.proposal, engine_messages(case))
    return out


def error_text(exc: MicrocredError) -> str:
    """What a page shows for a service error: its coded message translated, else its text."""
    if isinstance(exc.message, Text):
        return render(exc.message)
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
    # coverage of an outcome (§4.3 S7)
    "NONE": "not covered",
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
