"""The survey pages (issue 15 item 3; ADR 1540; README "QA surveys and reports"):

* ``/qa/surveys/learner/<enrolment>/`` a learner answers the satisfaction survey of their
  completed offering (listed on their to-do list once the credential is issued);
* ``/qa/surveys/employer/`` the micro-credentials an employer member may give feedback on, and
  ``/qa/surveys/employer/<employer>/<micro-credential>/`` the form;
* ``/qa/surveys/results/`` the results of a round for QA roles (small groups suppressed), with
  the comments of their institutions' micro-credentials.

Thin adapters: parse, call one service or selector, render.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from microcred.qa import surveys
from microcred.qa.surveys import SurveyError
from microcred_web.accounts.permissions import Action, acting_user, can, institutions_where
from microcred_web.catalogue.models import FROZEN_STATUSES, MicroCredential
from microcred_web.pilot.models import Enrolment
from microcred_web.qa import survey_selectors, survey_services
from microcred_web.qa.errors import QaError
from microcred_web.qa.messages import LIKERT_LABELS, STATEMENT_LABELS, message, scope_heading
from microcred_web.qa.models import EmployerFeedback, LearnerSurveyResponse
from microcred_web.register.display import text


def _raw(data: QueryDict) -> dict[str, list[str]]:
    return {k: data.getlist(k) for k in data if k != "csrfmiddlewaretoken"}


def _form(survey: surveys.Survey, scores: dict[str, Any], comment: str) -> dict[str, Any]:
    return {
        "statements": [
            {"code": c, "label": STATEMENT_LABELS[c], "value": str(scores.get(c, ""))}
            for c in survey.statements
        ],
        "likert": [(n, LIKERT_LABELS[n]) for n in surveys.LIKERT],
        "comment": comment,
        "comment_limit": surveys.COMMENT_LIMIT,
    }


def _title(mc: MicroCredential) -> str:
    version = mc.versions.filter(status__in=FROZEN_STATUSES).order_by("-version").first()
    title = text((version.spec or {}).get("title")) if version else None
    return str(title or mc.code)


@login_required
@require_http_methods(["GET", "POST"])
def learner_survey(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    enrolment = get_object_or_404(
        Enrolment.objects.select_related("offering__version__micro_credential__institution", "credential"),
        Q(learner=user.pk) | Q(credential__learner=user.pk),
        pk=pk,
    )
    existing = LearnerSurveyResponse.objects.filter(enrolment=enrolment).first()
    scores: dict[str, Any] = dict(existing.scores) if existing else {}
    comment = existing.comment if existing else ""
    error, status = "", 200
    if request.method == "POST":
        try:
            survey_services.learner_survey_answer(enrolment=enrolment, by=user, raw=_raw(request.POST))
        except (QaError, SurveyError) as exc:
            error, status = message(exc.code, exc.params), 400
            scores = {k: request.POST.get(k, "") for k in surveys.LEARNER_SATISFACTION.statements}
            comment = request.POST.get("comment", "")[: surveys.COMMENT_LIMIT]
        else:
            messages.success(
                request, _("Thank you: your answers are saved. You may change them until the survey closes.")
            )
            return redirect("qa:learner_survey", pk=enrolment.pk)
    return render(
        request,
        "qa/survey.html",
        {
            "heading": _("How was this micro-credential?"),
            "subject": _title(enrolment.offering.version.micro_credential),
            "term": enrolment.offering.term,
            "open": survey_services.learner_survey_open(enrolment),
            "closes_on": surveys.closes_on(enrolment.offering.ends_on),
            "answered": existing is not None,
            "error": error,
            **_form(surveys.LEARNER_SATISFACTION, scores, comment),
        },
        status=status,
    )


def _today() -> date:
    return timezone.localdate()


def _employers(user: Any) -> list[Any]:
    from microcred_web.skills.models import Employer

    return list(Employer.objects.filter(members__user=user.pk).order_by("name"))


@login_required
@require_GET
def employer_surveys(request: HttpRequest) -> HttpResponse:
    from microcred_web.skills.models import CoDesignShare, Endorsement

    user = acting_user(request)
    employers = [e for e in _employers(user) if can(user, Action.GIVE_EMPLOYER_FEEDBACK, e)]
    if not employers:
        raise PermissionDenied(_("Only members of an employer organisation give its feedback."))
    rows = []
    for employer in employers:
        endorsed = set(
            Endorsement.objects.filter(employer=employer, revoked_at__isnull=True).values_list(
                "version__micro_credential_id", flat=True
            )
        )
        co_designed = set(
            CoDesignShare.objects.filter(employer=employer).values_list(
                "version__micro_credential_id", flat=True
            )
        )
        given = set(
            EmployerFeedback.objects.filter(
                employer=employer, survey_round=surveys.round_of(_today())
            ).values_list("micro_credential_id", flat=True)
        )
        published = (
            MicroCredential.objects.filter(versions__status__in=FROZEN_STATUSES)
            .distinct()
            .select_related("institution")
            .order_by("institution__short_name", "code")
        )
        items = [
            {
                "mc": mc,
                "title": _title(mc),
                "endorsed": mc.pk in endorsed,
                "co_designed": mc.pk in co_designed,
                "given": mc.pk in given,
            }
            for mc in published
        ]
        items.sort(
            key=lambda i: (
                not (i["endorsed"] or i["co_designed"]),
                i["mc"].institution.short_name,
                i["mc"].code,
            )
        )
        rows.append({"employer": employer, "items": items})
    return render(request, "qa/employer_surveys.html", {"rows": rows, "round": surveys.round_of(_today())})


@login_required
@require_http_methods(["GET", "POST"])
def employer_feedback(request: HttpRequest, employer: str, pk: int) -> HttpResponse:
    from microcred_web.skills.models import Employer

    user = acting_user(request)
    organisation = get_object_or_404(Employer, slug=employer)
    if not can(user, Action.GIVE_EMPLOYER_FEEDBACK, organisation):
        raise PermissionDenied(_("Only members of the employer organisation give its feedback."))
    mc = get_object_or_404(MicroCredential.objects.select_related("institution"), pk=pk)
    survey_round = surveys.round_of(_today())
    existing = EmployerFeedback.objects.filter(
        employer=organisation, micro_credential=mc, survey_round=survey_round
    ).first()
    scores: dict[str, Any] = dict(existing.scores) if existing else {}
    comment = existing.comment if existing else ""
    error, status = "", 200
    if request.method == "POST":
        try:
            survey_services.employer_feedback_give(
                employer=organisation, micro_credential=mc, by=user, raw=_raw(request.POST)
            )
        except (QaError, SurveyError) as exc:
            error, status = message(exc.code, exc.params), 400
            scores = {k: request.POST.get(k, "") for k in surveys.EMPLOYER_FEEDBACK.statements}
            comment = request.POST.get("comment", "")[: surveys.COMMENT_LIMIT]
        else:
            messages.success(request, _("Thank you: the feedback is saved for this quarter."))
            return redirect("qa:employer_feedback", employer=organisation.slug, pk=mc.pk)
    return render(
        request,
        "qa/survey.html",
        {
            "heading": _("Feedback from %(employer)s") % {"employer": organisation.name},
            "subject": _title(mc),
            "term": survey_round,
            "open": True,
            "closes_on": survey_selectors.quarter_bounds(survey_round)[1],
            "answered": existing is not None,
            "error": error,
            **_form(surveys.EMPLOYER_FEEDBACK, scores, comment),
        },
        status=status,
    )


def _cell_label(cell: dict[str, Any]) -> str:
    return scope_heading(cell["scope"], cell["subject"])


@login_required
@require_GET
def survey_results(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    if not can(user, Action.VIEW_QA_REPORTS):
        raise PermissionDenied(_("Only QA reviewers see survey results."))
    kind = (
        surveys.SurveyKind.EMPLOYER
        if request.GET.get("survey") == "employer_feedback"
        else surveys.SurveyKind.LEARNER
    )
    found = survey_selectors.rounds(kind)
    chosen = request.GET.get("round", "")
    survey_round = chosen if chosen in found else (found[0] if found else "")
    data = survey_selectors.results(kind, survey_round) if survey_round else None
    places = None if user.is_superuser else [i.pk for i in institutions_where(user, Action.VIEW_QA_REPORTS)]
    return render(
        request,
        "qa/survey_results.html",
        {
            "kind": kind.value,
            "rounds": found,
            "round": survey_round,
            "statements": [(c, STATEMENT_LABELS[c]) for c in surveys.SURVEYS[kind].statements],
            "cells": [{**c, "label": _cell_label(c)} for c in data["cells"]] if data else [],
            "threshold": data["threshold"] if data else 5,
            "comments": survey_selectors.comments(kind, survey_round, places) if survey_round else [],
        },
    )
