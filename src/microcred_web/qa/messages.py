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
    # surveys (ADR 1540)
    "survey.unknown_field": _("“%(field)s” is not a question of this survey."),
    "survey.duplicated": _("“%(field)s” was sent twice; answer each question once."),
    "survey.unanswered": _("Answer the statement “%(statement)s”."),
    "survey.not_a_score": _(
        "The answer to “%(statement)s” must be a whole number from 1 to 5, not “%(value)s”."
    ),
    "survey.comment_too_long": _("The comment is longer than %(limit)s characters."),
    "survey.comment_control_characters": _("The comment holds control characters."),
    "survey.not_yours": _("This survey belongs to another learner."),
    "survey.no_credential": _("The survey opens once your credential is issued."),
    "survey.closed": _("The survey closed on %(closed)s."),
    "survey.not_a_member": _("Only members of the employer organisation give its feedback."),
    "survey.not_published": _("%(code)s is not a published micro-credential."),
    "report.bad_date": _("“%(value)s” is not a date (YYYY-MM-DD) for %(field)s."),
    "report.period_reversed": _("The period ends before it starts."),
    "report.period_too_long": _("A report covers at most %(limit)s days."),
    "report.unknown_institution": _("“%(value)s” is not an institution."),
}

TARGET_SOURCE_LABELS: dict[str, Any] = {
    "consortium_plan": _("the consortium's stated figure (work package 3)"),
    "lisbon_recognition_2010": _(
        "Lisbon Recognition Convention, Revised Recommendation (2010) §§ 40–41: a decision within four months"
    ),
    "placeholder": _("placeholder, to be set by the QA role"),
    "none": _("no target"),
    "set_by_qa_role": _("set by the QA role on %(date)s"),
}


def target_source(source: str, set_on: str | None) -> str:
    """Where a target comes from, in the active language."""
    return worded(TARGET_SOURCE_LABELS, source, {"date": set_on} if set_on else None)


STATEMENT_LABELS: dict[str, Any] = {
    # learners (microcred.qa.surveys.LEARNER_SATISFACTION)
    "overall": _("Overall, I am satisfied with this micro-credential."),
    "outcomes_clear": _("The learning outcomes were clear from the start."),
    "relevant_to_work": _("What I learned is relevant to my work or the work I want."),
    "assessment_fair": _("The assessment was fair and tested the stated outcomes."),
    "workload_as_stated": _("The workload matched what was stated."),
    "would_recommend": _("I would recommend this micro-credential to others."),
    # employers (microcred.qa.surveys.EMPLOYER_FEEDBACK)
    "skills_relevant": _("The skills it certifies are relevant to our organisation."),
    "level_appropriate": _("Its level is right for the jobs we have in mind."),
    "holders_prepared": _("Holders are (or would be) prepared for the work."),
    "would_value_in_hiring": _("We would value it when hiring or promoting."),
}

LIKERT_LABELS: dict[int, Any] = {
    1: _("Strongly disagree"),
    2: _("Disagree"),
    3: _("Neither agree nor disagree"),
    4: _("Agree"),
    5: _("Strongly agree"),
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


def scope_subject(scope: str, subject: str) -> str:
    """What a QA scope's subject is called on a page or in a report, in the active language: a
    country by its name (not its ISO 3166-1 code), an institution by its slug and a
    micro-credential by its code as the register shows them, the consortium by nothing (the
    scope's label says it). The one wording of a scope, for the QA plan, the survey results and
    the QA reports alike."""
    if scope == "consortium":
        return ""
    if scope == "country":
        from microcred_web.register.display import country_name

        return str(country_name(subject))
    return subject


def scope_heading(scope: str, subject: str) -> str:
    """``Scope: subject`` (``Consortium`` alone), the label of a row of scopes."""
    label = str(SCOPE_LABELS[scope])
    named = scope_subject(scope, subject)
    return f"{label}: {named}" if named else label


def message(code: str, params: Mapping[str, str] | None = None) -> str:
    """``code`` with ``params`` in the active language."""
    return worded(MESSAGES, code, params)
