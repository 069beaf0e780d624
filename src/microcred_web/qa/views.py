"""The QA pages (issue 15 items 1-2): ``/qa/`` the QA plan's indicators against their targets
(staff), ``/qa/targets/`` the consortium's QA role sets a target, ``/qa/review/<uuid>/`` the
reviewer's checklist of a version. Thin adapters: parse, call one service, render."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from microcred import four_eyes
from microcred.qa import indicators
from microcred_web.accounts.permissions import Action, acting_user, can, four_eyes_message
from microcred_web.catalogue.models import MicroCredentialVersion
from microcred_web.qa import charts, selectors, services
from microcred_web.qa.errors import QaError
from microcred_web.qa.messages import (
    INDICATOR_LABELS,
    LIGHT_LABELS,
    SCOPE_LABELS,
    message,
    scope_subject,
    target_source,
)


def _labelled(row: dict[str, Any]) -> dict[str, Any]:
    return {
        **row,
        "scope_label": SCOPE_LABELS[row["scope"]],
        "subject_label": scope_subject(row["scope"], row["subject"]),
        "indicators": [
            {**i, "label": INDICATOR_LABELS[i["indicator"]], "light": LIGHT_LABELS[i["status"]]}
            for i in row["indicators"]
        ],
    }


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    if not can(user, Action.VIEW_STUDIO):
        raise PermissionDenied(_("Only staff see the QA plan."))
    data = selectors.qa_indicators()
    goals = selectors.targets()
    return render(
        request,
        "qa/dashboard.html",
        {
            "data": data,
            "chart": charts.monthly_chart(data["trends"]),
            "scopes": [_labelled(s) for s in data["scopes"]],
            "may_edit": selectors.may_edit_targets(user),
            "targets": [
                {"key": i.key, "label": INDICATOR_LABELS[i.key], "value": goals[i.key], "kind": i.kind.value}
                for i in indicators.INDICATORS
            ],
            "target_sources": [
                {
                    "label": INDICATOR_LABELS[t["indicator"]],
                    "target": t["target"],
                    "source": target_source(t["source"], t["set_on"]),
                }
                for t in data["targets"]
            ],
        },
    )


@login_required
@require_POST
def target_edit(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    try:
        services.target_set(
            indicator=request.POST.get("indicator", ""), value=request.POST.get("value", ""), by=user
        )
    except QaError as exc:
        messages.error(request, message(exc.code, exc.params))
    else:
        messages.success(request, _("The target is saved."))
    return redirect("qa:dashboard")


@login_required
@require_http_methods(["GET", "POST"])
def review(request: HttpRequest, uuid: str) -> HttpResponse:
    user = acting_user(request)
    version = get_object_or_404(
        MicroCredentialVersion.objects.select_related("micro_credential__institution"), uuid=uuid
    )
    if not can(user, Action.VIEW_VERSION, version):
        raise PermissionDenied(_("Not your institution's micro-credential."))
    if request.method == "POST":
        try:
            if request.POST.get("sign_off"):
                services.review_sign_off(version=version, by=user)
                messages.success(request, _("The checklist is signed off; a second reviewer approves."))
            else:
                services.checklist_answer_record(
                    version=version,
                    by=user,
                    item=request.POST.get("item", ""),
                    met=request.POST.get("met") == "yes",
                    evidence=request.POST.get("evidence", ""),
                    link=request.POST.get("link", ""),
                )
                messages.success(request, _("The answer is recorded."))
        except QaError as exc:
            messages.error(request, message(exc.code, exc.params))
        except four_eyes.FourEyesError as exc:
            messages.error(request, four_eyes_message(four_eyes.Verdict(exc.code, exc.params)))
        return redirect("qa:review", uuid=version.uuid)
    return render(
        request,
        "qa/review.html",
        {
            "version": version,
            "rows": selectors.review_rows(version),
            "may_answer": can(user, Action.APPROVE, version) and version.status == "in_review",
            "second_reviewer": selectors.second_reviewer_required(version.micro_credential.institution_id),
        },
    )
