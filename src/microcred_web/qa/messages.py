"""QA codes in the user's language (the core and the services return codes with parameters;
only this module words them). A code not listed is shown as itself, never dropped."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext_lazy as _

from microcred_web.core.wording import worded

MESSAGES: dict[str, Any] = {
    "qa.checklist.mandatory_unanswered": _(
        "The mandatory item %(item)s has no answer (%(count)s problem(s))."
    ),
    "qa.checklist.mandatory_not_met": _("The mandatory item %(item)s is not met (%(count)s problem(s))."),
    "qa.checklist.no_evidence": _("The item %(item)s is met without evidence (%(count)s problem(s))."),
    "qa.checklist.precheck_failed": _(
        "The item %(item)s cannot be met: the specification's pre-check fails; fix the specification first."
    ),
    "qa.checklist.unknown_item": _("“%(item)s” is not an item of the checklist."),
    "qa.checklist.evidence_required": _("Give the evidence for %(item)s."),
    "qa.checklist.evidence_too_long": _("The evidence is longer than %(limit)s characters."),
    "qa.checklist.link_too_long": _("The link is longer than %(limit)s characters."),
    "qa.checklist.link_invalid": _("The link must be an http or https address."),
    "qa.review.not_in_review": _(
        "The version is %(status)s; the checklist is answered during the QA review."
    ),
    "qa.review.first_sign_off_missing": _(
        "This institution requires a second reviewer: a first reviewer signs the checklist off, then another approves."
    ),
    "qa.target.unknown_indicator": _("“%(indicator)s” is not an indicator of the QA plan."),
    "qa.target.not_a_number": _("“%(value)s” is not a number."),
    "qa.target.out_of_range": _("%(value)s is outside the range of a target."),
    "qa.target.rate_above_one": _("%(value)s is above 1: a rate's target is a fraction from 0 to 1."),
}

INDICATOR_LABELS: dict[str, Any] = {
    "learners_piloted": _("Learners piloted"),
    "micro_credentials_developed": _("Micro-credentials developed"),
    "completion_rate": _("Completion rate"),
    "pass_rate": _("Pass rate"),
    "learner_satisfaction": _("Learner satisfaction"),
    "employer_endorsements": _("Employer endorsements"),
    "recognition_requests": _("Recognition requests"),
    "recognition_acceptance_rate": _("Recognition acceptance rate"),
    "recognition_median_decision_days": _("Median recognition decision time (days)"),
    "median_days_result_to_credential": _("Median time from result to credential (days)"),
    "verifications": _("Verifications"),
}

SCOPE_LABELS: dict[str, Any] = {
    "consortium": _("Consortium"),
    "country": _("Country"),
    "institution": _("Institution"),
    "micro_credential": _("Micro-credential"),
}

LIGHT_LABELS: dict[str, Any] = {
    "green": _("on target"),
    "amber": _("close to target"),
    "red": _("off target"),
    "no_data": _("no data yet"),
    "no_target": _("no target"),
}


def message(code: str, params: Mapping[str, str] | None = None) -> str:
    """``code`` with ``params`` in the active language."""
    return worded(MESSAGES, code, params)
