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
