"""``GET /api/qa/indicators``: every indicator of the QA plan with its value, target and traffic
light per scope, and the monthly trends (README "QA"; ADR 1502). Staff only (anyone holding a
studio role): counts, no person named."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.http import require_GET

from microcred_web.accounts.permissions import Action, can
from microcred_web.qa import selectors


@require_GET
def indicators(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return JsonResponse({"code": "auth.required", "detail": "sign in first"}, status=401)
    if not can(request.user, Action.VIEW_STUDIO):
        return JsonResponse({"code": "auth.forbidden", "detail": "staff only"}, status=403)
    return JsonResponse(selectors.qa_indicators(), json_dumps_params={"ensure_ascii": False})


@require_GET
def report(request: HttpRequest) -> HttpResponse:
    """``GET /api/qa/report?from=YYYY-MM-DD&to=YYYY-MM-DD[&institution=slug]``: the QA report of
    a period as JSON (ADR 1541), for QA roles (``view_qa_reports``)."""
    from microcred_web.qa import reports
    from microcred_web.qa.errors import QaError
    from microcred_web.qa.report_views import may_see, refusal

    if not request.user.is_authenticated:
        return JsonResponse({"code": "auth.required", "detail": "sign in first"}, status=401)
    try:
        period = reports.parse_period(request.GET)
    except QaError as exc:
        return JsonResponse({"code": exc.code, "params": dict(exc.params), "where": exc.where}, status=400)
    if not may_see(request.user, period):
        scope = period.institution.slug if period.institution is not None else "consortium"
        return JsonResponse(
            {"code": "auth.forbidden", "params": {"scope": scope}, "detail": refusal(period)},
            status=403,
            json_dumps_params={"ensure_ascii": False},
        )
    return JsonResponse(reports.report_data(period), json_dumps_params={"ensure_ascii": False})
