"""The results API for student-information systems (README "Web"; ADR 1001):
``POST /api/pilot/offerings/<id>/results`` with ``Authorization: Bearer <token>``, a VC-API
token of the offering's institution holding the scope ``results`` (RFC 6750; ADR 0310).

Body (JSON, within the limits on untrusted input of ADR 0608)::

    {"supervision_applied": "supervised_with_id",          # optional default for every item
     "results": [{"external_id": "S2027001", "given_names": "Văn An", "family_name": "Nguyễn",
                  "email": "an@example.edu.vn", "grade": "8.5", "assessed_on": "2027-01-20",
                  "supervision_applied": "supervised_with_id"}, …]}

200 ``{"offering", "import", "rows", "created", "updated", "grading_table_version"}`` when every
item was written; 400 ``{"problems": [{"row", "column", "code", "params", "message"}]}`` and
nothing written when any item has a problem (``row`` = the item's position, from 1);
401/403 as the VC-API for a missing, bad or out-of-scope token; 404 for an offering of another
institution; 415 for a body that is not JSON.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from microcred.untrusted_input import UntrustedInputError, read_json
from microcred_web.credentials.api_tokens import TokenRejected, bearer_token
from microcred_web.credentials.models import ApiToken, ApiTokenScope
from microcred_web.pilot import selectors, services
from microcred_web.pilot.errors import PilotError
from microcred_web.pilot.messages import message, problem_message
from microcred_web.pilot.models import Offering

_REFUSALS = {
    "missing": "send 'Authorization: Bearer <token>' with a token of the offering's institution",
    "malformed": "the bearer token is not one of this platform's tokens",
    "unknown": "the bearer token is not one of this platform's tokens",
    "revoked": "the bearer token has been revoked",
    "expired": "the bearer token has expired",
    "out_of_scope": "the bearer token does not hold the scope 'results'",
}


def _json(body: dict[str, Any], status: int = 200) -> JsonResponse:
    return JsonResponse(body, status=status, json_dumps_params={"ensure_ascii": False})


def _token(request: HttpRequest) -> ApiToken | JsonResponse:
    try:
        return bearer_token(request, ApiTokenScope.RESULTS)
    except TokenRejected as exc:
        response = _json({"code": f"token.{exc.reason}", "detail": _REFUSALS[exc.reason]}, exc.status)
        response["WWW-Authenticate"] = (
            'Bearer realm="vc-api", error="insufficient_scope", scope="results"'
            if exc.status == 403
            else 'Bearer realm="vc-api"' + (', error="invalid_token"' if exc.reason != "missing" else "")
        )
        return response


def _problems_response(problems: Any) -> JsonResponse:
    """Every problem with its code and parameters (stable) and a message in the language the
    client asked for (``Accept-Language``: en, vi, lo)."""
    items = [
        {
            "row": p.row,
            "column": p.column,
            "code": p.code,
            "params": dict(p.params),
            "message": problem_message(p),
        }
        for p in problems
    ]
    return _json({"problems": items}, 400)


@csrf_exempt
@require_POST
def submit_results(request: HttpRequest, pk: int) -> HttpResponse:
    token = _token(request)
    if not isinstance(token, ApiToken):
        return token
    offering = Offering.objects.select_related("version__micro_credential__institution").filter(pk=pk).first()
    if offering is None or offering.institution_id != token.institution_id:
        return _json(
            {"code": "offering.not_found", "detail": "no such offering at the token's institution"}, 404
        )
    if (request.content_type or "") != "application/json":
        return _json({"code": "body.not_json", "detail": "send application/json"}, 415)
    try:
        body = read_json(request.body, where="body", exact_decimals=True)
    except RequestDataTooBig:  # Django's own cap came first; name the limit as the core does
        problem = {
            "row": 0,
            "column": "",
            "code": "input.too_large",
            "params": {},
            "message": "the body is too large",
        }
        return _json({"problems": [problem]}, 400)
    except UntrustedInputError as exc:
        return _json(
            {"problems": [{"row": 0, "column": "", "code": exc.code, "params": {}, "message": exc.message}]},
            400,
        )
    results = body.get("results") if isinstance(body, dict) else None
    default = body.get("supervision_applied") if isinstance(body, dict) else None
    if not isinstance(results, list) or (default is not None and not isinstance(default, str)):
        return _json(
            {
                "problems": [
                    {
                        "row": 0,
                        "column": "results",
                        "code": "body.shape",
                        "params": {},
                        "message": "the body must be an object with a list 'results'",
                    }
                ]
            },
            400,
        )
    try:
        done = services.results_submit(
            offering=offering, token=token, items=results, supervision_applied=default, request=request
        )
    except PilotError as exc:
        if exc.problems:
            return _problems_response(exc.problems)
        return _json({"code": exc.code, "detail": message(exc.code, exc.params)}, 400)
    return _json(
        {
            "offering": offering.pk,
            "import": done.pk,
            "rows": done.rows,
            "created": done.created,
            "updated": done.updated,
            "grading_table_version": done.grading_table_version,
        }
    )


@require_GET
def summary(request: HttpRequest) -> HttpResponse:
    """``GET /api/pilot/summary``: the pilot's figures per offering, institution, country and in
    total against the target (issue 11, "Interfaces"); counts only, so no token is needed."""
    return _json(selectors.pilot_summary())
