"""The QA report pages (issue 15 item 4; ADR 1541; README "QA surveys and reports"):
``/qa/reports/`` chooses a period and a scope, ``/qa/reports/report.{pdf,csv,xlsx}?from=&to=
[&institution=]`` downloads it. QA roles only (``view_qa_reports``): an institution's report for
its QA reviewers, the consortium's for the coordinating institution's (or superusers)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from microcred_web.accounts.permissions import Action, acting_user, can, institutions_where
from microcred_web.qa import report_files, selectors
from microcred_web.qa import reports as report_data
from microcred_web.qa.errors import QaError
from microcred_web.qa.messages import message

TYPES = {
    "pdf": "application/pdf",
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def may_see_consortium(user: Any) -> bool:
    """The consortium-wide report: QA reviewers of the coordinating institution, superusers."""
    if getattr(user, "is_superuser", False) and user.is_active:
        return True
    place = selectors.coordinator()
    return place is not None and can(user, Action.VIEW_QA_REPORTS, place)


def may_see(user: Any, period: report_data.Period) -> bool:
    if period.institution is None:
        return may_see_consortium(user)
    return can(user, Action.VIEW_QA_REPORTS, period.institution)


def refusal(period: report_data.Period) -> str:
    """Why a signed-in user may not see ``period``'s report, naming its scope: she may be a QA
    reviewer elsewhere, so "QA reviewers only" would not tell her what is missing."""
    if period.institution is None:
        return str(_("The consortium-wide QA report is for QA reviewers of the coordinating institution."))
    return str(
        _("You are not a QA reviewer of %(institution)s, so you cannot see its QA report.")
        % {"institution": period.institution.short_name}
    )


def _title(period: report_data.Period) -> tuple[str, str]:
    scope = period.institution.short_name if period.institution else _("Consortium")
    return (
        _("QA report: %(scope)s") % {"scope": scope},
        _("%(start)s to %(end)s · generated %(today)s")
        % {
            "start": period.start.isoformat(),
            "end": period.end.isoformat(),
            "today": timezone.localdate().isoformat(),
        },
    )


@login_required
@require_GET
def reports_page(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    if not can(user, Action.VIEW_QA_REPORTS):
        raise PermissionDenied(_("Only QA reviewers see QA reports."))
    today = timezone.localdate()
    return render(
        request,
        "qa/reports.html",
        {
            "consortium": may_see_consortium(user),
            "institutions": institutions_where(user, Action.VIEW_QA_REPORTS),
            "start": date(today.year, 1, 1).isoformat(),
            "end": today.isoformat(),
        },
    )


@login_required
@require_GET
def report_file(request: HttpRequest, fmt: str) -> HttpResponse:
    if fmt not in TYPES:
        raise Http404("no such format")
    user = acting_user(request)
    try:
        period = report_data.parse_period(request.GET)
    except QaError as exc:
        return HttpResponse(
            message(exc.code, exc.params), status=400, content_type="text/plain; charset=utf-8"
        )
    if not may_see(user, period):
        raise PermissionDenied(refusal(period))
    data = report_data.report_data(period)
    tables = report_data.report_tables(data)
    title, subtitle = _title(period)
    if fmt == "pdf":
        body = report_files.report_pdf(
            tables, title=title, subtitle=subtitle, language=translation.get_language() or "en"
        )
    elif fmt == "csv":
        body = report_files.report_csv(tables)
    else:
        body = report_files.report_xlsx(tables, title)
    scope = period.institution.slug if period.institution else "consortium"
    response = HttpResponse(body, content_type=TYPES[fmt])
    response["Content-Disposition"] = (
        f'attachment; filename="qa-report-{scope}-{period.start}-{period.end}.{fmt}"'
    )
    return response
