"""Writes of the surveys (issue 15 item 3; ADR 1540), one transaction each.

* :func:`learner_survey_answer`: a learner answers (or edits, until it closes) the satisfaction
  survey of an offering whose credential they received;
* :func:`employer_feedback_give`: a member of an employer organisation gives (or edits, during
  the round) its feedback on a published micro-credential.

The questions and the parsing of a form are the core's (``microcred.qa.surveys``): refusals are
``SurveyError`` or ``QaError``, both a code with parameters.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone

from microcred.qa import surveys
from microcred_web.accounts.permissions import Action, can
from microcred_web.catalogue.models import FROZEN_STATUSES, MicroCredential
from microcred_web.pilot.models import Enrolment
from microcred_web.qa.errors import QaError
from microcred_web.qa.models import EmployerFeedback, LearnerSurveyResponse


def _today(today: date | None) -> date:
    return today or timezone.localdate()


def learner_survey_open(enrolment: Enrolment, today: date | None = None) -> bool:
    """The learner has their credential and the survey has not closed."""
    return enrolment.credential_id is not None and _today(today) <= surveys.closes_on(
        enrolment.offering.ends_on
    )


def is_learner_of(enrolment: Enrolment, user: Any) -> bool:
    """``user`` is the enrolment's learner: linked to it, or holding its credential (a claimed
    credential links both, ``notifications.services``)."""
    pk = getattr(user, "pk", None)
    if pk is None:
        return False
    holder = enrolment.credential.learner_id if enrolment.credential is not None else None
    return pk in (enrolment.learner_id, holder)


@transaction.atomic
def learner_survey_answer(
    *, enrolment: Enrolment, by: Any, raw: Mapping[str, Sequence[str]], today: date | None = None
) -> LearnerSurveyResponse:
    """Record ``by``'s answers for their own enrolment (one response, replaced on edit)."""
    locked = (
        Enrolment.objects.select_for_update(of=("self",))
        .select_related("offering", "credential")
        .get(pk=enrolment.pk)
    )
    if not is_learner_of(locked, by):
        raise QaError("survey.not_yours", where="enrolment")
    if locked.credential_id is None:
        raise QaError("survey.no_credential", where="enrolment")
    closes = surveys.closes_on(locked.offering.ends_on)
    if _today(today) > closes:
        raise QaError("survey.closed", where="enrolment", closed=closes.isoformat())
    response = surveys.parse_response(surveys.LEARNER_SATISFACTION, raw)
    row, _ = LearnerSurveyResponse.objects.update_or_create(
        enrolment=locked,
        defaults={
            "survey_version": surveys.LEARNER_SATISFACTION.version,
            "scores": dict(response.scores),
            "satisfied": surveys.satisfied(response.scores),
            "comment": response.comment,
        },
    )
    return row


@transaction.atomic
def employer_feedback_give(
    *,
    employer: Any,
    micro_credential: MicroCredential,
    by: Any,
    raw: Mapping[str, Sequence[str]],
    today: date | None = None,
) -> EmployerFeedback:
    """Record the organisation's feedback for this round (replaced on edit within the round)."""
    if not can(by, Action.GIVE_EMPLOYER_FEEDBACK, employer):
        raise QaError("survey.not_a_member", where="employer")
    if not micro_credential.versions.filter(status__in=FROZEN_STATUSES).exists():
        raise QaError("survey.not_published", where="micro_credential", code=micro_credential.code)
    response = surveys.parse_response(surveys.EMPLOYER_FEEDBACK, raw)
    row, _ = EmployerFeedback.objects.update_or_create(  # locks the row it finds
        employer=employer,
        micro_credential=micro_credential,
        survey_round=surveys.round_of(_today(today)),
        defaults={
            "survey_version": surveys.EMPLOYER_FEEDBACK.version,
            "scores": dict(response.scores),
            "comment": response.comment,
            "by": by,
        },
    )
    return row
