"""The VC-API (W3C VCALM; docs/conformance.md) under ``/vc-api/``: plain JSON views, no CSRF (API
clients send a bearer token, not cookies), exact status codes the W3C suites expect.

* ``POST /vc-api/credentials/issue`` → 201 ``{"verifiableCredential"}`` / 400 / 401 / 409 (the
  ``id`` is another credential's, ADR 0607)
* ``POST /vc-api/credentials/verify`` → 200 ``{"verified": true, …}`` / exactly 400
  ``{"verified": false, "problemDetails": [...]}``; ``verified`` is true only for the core's
  verdict ``valid``, and ``"verdict"`` says ``valid`` / ``invalid`` / ``unconfirmed`` (ADR 0606)
* ``POST /vc-api/presentations/verify`` → the same for a presentation (``authentication`` proof,
  ``challenge``/``domain`` from the options)
* ``POST /vc-api/credentials/status`` → 200 / 400 / 401 / 404
* ``POST /vc-api/status-lists`` → 201, ``GET /vc-api/status-lists/<slug>/<id>`` → 200
* ``POST /vc-api/status-lists/<slug>/<id>/publish`` and ``POST /status/<slug>/<id>/publish``
  → 204 (the list credential is signed again now)

Unknown options (``checks``, ``returnResults``…) are accepted and ignored. Request bodies must be
JSON (``application/json``, ``application/ld+json``, ``application/vc``…): anything else is 415
with a problem detail. Problem types are the registered W3C ones (VCDM 2.0 §7.1, VC Data
Integrity, Bitstring Status List) or ours under ``urn:microcred:problem:`` (``errors.problem_type``).
"""

from __future__ import annotations

from typing import Any, Final

from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST, require_safe

from microcred.crypto.errors import CryptoError, UnknownKey
from microcred.crypto.proofs import verify_proofs
from microcred.errors import MicrocredError
from microcred.untrusted_input import MAX_DOCUMENT_BYTES, UntrustedInputError, read_vc_api_body
from microcred_web.credentials import services
from microcred_web.credentials.api_tokens import TokenRejected, bearer_token
from microcred_web.credentials.errors import (
    CredentialError,
    CredentialIdInUseError,
    CredentialInputError,
    problem_type,
)
from microcred_web.credentials.identity import institution_did
from microcred_web.credentials.models import ApiToken, ApiTokenScope, IssuedCredential, StatusPurpose, Suite
from microcred_web.credentials.selectors import status_list_by_id
from microcred_web.credentials.trust import trust_registry
from microcred_web.credentials.vcdm import credential_problems, issuer_id
from microcred_web.credentials.verifying import Report, inspect_credential, parse_submission
from microcred_web.credentials.views_public import vc_media_type

JSON_CONTENT: Final = "application/json"
#: Request media types read as JSON: JSON, JSON-LD, the VCDM 2.0 §6.3 types, the pre-REC
#: ``application/vc+ld+json`` and any other ``+json`` type (RFC 6839 §3.1).
JSON_MEDIA_TYPES: Final = frozenset(
    {JSON_CONTENT, "application/ld+json", "application/vc", "application/vp", "application/vc+ld+json"}
)


def _json(body: dict[str, Any], status: int = 200) -> JsonResponse:
    return JsonResponse(body, status=status, json_dumps_params={"ensure_ascii": False})


def _problem(status: int, code: str, title: str, detail: str, **extra: Any) -> JsonResponse:
    problem = {"type": problem_type(code), "title": title, "detail": detail}
    return _json({**extra, "problemDetails": [problem]}, status)


def _unsupported_media_type(request: HttpRequest, **extra: Any) -> JsonResponse | None:
    """415 with a problem detail unless the request body is declared as JSON (VC-API request
    bodies are ``application/json``; RFC 9110 §15.5.16)."""
    declared = request.content_type or ""
    if declared in JSON_MEDIA_TYPES or (declared.startswith("application/") and declared.endswith("+json")):
        return None
    response = _problem(
        415,
        "UNSUPPORTED_MEDIA_TYPE",
        "The request body must be JSON",
        f"Content-Type {declared or '(none)'} is not accepted; send application/json",
        **extra,
    )
    response["Accept-Post"] = JSON_CONTENT
    return response


def _body(request: HttpRequest) -> dict[str, Any]:
    """The JSON object of the request, read within the core's limits on untrusted input (ADR 0608):
    a limit broken or text that is not JSON is a 400 naming it, never a 500."""
    try:
        raw = request.body
    except RequestDataTooBig:
        # Django's own cap (DATA_UPLOAD_MAX_MEMORY_SIZE) came first; name the limit as the core does
        raise CredentialInputError(
            f"the request body is more than the limit of {MAX_DOCUMENT_BYTES} bytes [input.too_large]",
            where="body",
            code="PARSING_ERROR",
        ) from None
    try:
        return read_vc_api_body(raw)
    except UntrustedInputError as exc:
        raise CredentialInputError(
            f"{exc.message} [{exc.code}]", where=exc.where or "body", code="PARSING_ERROR"
        ) from None


_TOKEN_REFUSALS = {
    "missing": "send 'Authorization: Bearer <token>' with a token of the issuing institution",
    "malformed": "the bearer token is not one of this platform's tokens",
    "unknown": "the bearer token is not one of this platform's tokens",
    "revoked": "the bearer token has been revoked",
    "expired": "the bearer token has expired",
    "out_of_scope": "the bearer token does not hold the scope {scope!r}",
}


def _token(request: HttpRequest, scope: str) -> ApiToken | JsonResponse:
    """The request's live VC-API token holding ``scope`` (ADR 0310), or the refusal to send:
    401 with ``WWW-Authenticate: Bearer … error="invalid_token"`` for a missing, malformed,
    unknown, revoked or expired token, 403 with ``error="insufficient_scope"`` for one without
    the scope (RFC 6750 §3, §3.1). Every use and refusal goes to the security log."""
    scope = str(scope)
    try:
        return bearer_token(request, scope)
    except TokenRejected as exc:
        detail = _TOKEN_REFUSALS[exc.reason].format(scope=scope)
        if exc.status == 403:
            response = _problem(403, "FORBIDDEN", "The token may not do this", detail)
            response["WWW-Authenticate"] = (
                f'Bearer realm="vc-api", error="insufficient_scope", scope="{scope}"'
            )
            return response
        return _unauthorised(detail, invalid=exc.reason != "missing")


def _unauthorised(detail: str = _TOKEN_REFUSALS["missing"], *, invalid: bool = False) -> JsonResponse:
    response = _problem(401, "UNAUTHORIZED", "A VC-API token is required", detail)
    response["WWW-Authenticate"] = 'Bearer realm="vc-api"' + (', error="invalid_token"' if invalid else "")
    return response


def _options(data: dict[str, Any]) -> dict[str, Any]:
    options = data.get("options", {})
    if options is None:
        return {}
    if not isinstance(options, dict):
        raise CredentialInputError("options must be a JSON object", where="options")
    return options


# ---------------------------------------------------------------------------------------------
# Issue


def _requested_purposes(credential: dict[str, Any], options: dict[str, Any]) -> list[str]:
    """Status purposes the issuer adds a ``BitstringStatusListEntry`` for (W3C VCALM; docs/conformance.md).

    * ``options.credentialStatus`` names them (an object, a type string or a list); ``false`` or
      ``[]`` asks for none;
    * a ``BitstringStatusListEntry`` in the credential without a list URL asks for one;
    * by default (no such option and no ``credentialStatus`` in the credential) one
      ``revocation`` entry, so that a credential issued here can be revoked.

    Status entries of any other type (VCDM 2.0 §4.10 allows any) are not requests: they are
    signed as given.
    """
    requests: list[Any] = []
    option = options.get("credentialStatus")
    if option is not None and option is not False:
        requests += option if isinstance(option, list) else [option]
    existing = credential.get("credentialStatus")
    entries = existing if isinstance(existing, list) else [existing] if existing else []
    requests += [e for e in entries if services.status_entry_is_request(e)]
    if "credentialStatus" not in options and "credentialStatus" not in credential:
        requests.append({"type": "BitstringStatusListEntry", "statusPurpose": StatusPurpose.REVOCATION})
    purposes: list[str] = []
    for i, item in enumerate(requests):
        where = f"options.credentialStatus[{i}]"
        if isinstance(item, str):
            item = {"type": item}
        if not isinstance(item, dict):
            raise CredentialInputError("a status request must be an object", where=where)
        if item.get("type", "BitstringStatusListEntry") != "BitstringStatusListEntry":
            raise CredentialInputError(
                f"this issuer adds status entries of type BitstringStatusListEntry only, not "
                f"{item.get('type')!r} (an entry of another type can be put in the credential itself)",
                where=f"{where}.type",
            )
        purpose = item.get("statusPurpose", StatusPurpose.REVOCATION)
        for p in purpose if isinstance(purpose, list) else [purpose]:
            if p not in StatusPurpose.values:
                raise CredentialInputError(
                    f"statusPurpose {p!r} is not supported; use revocation or suspension",
                    where=f"{where}.statusPurpose",
                )
            if p not in purposes:
                purposes.append(p)
    return purposes


def _without_status_requests(credential: Any) -> Any:
    """The credential as the format checker judges it before the issuer fills in its status
    entries: a ``BitstringStatusListEntry`` without a list URL is a request (see
    :func:`_requested_purposes`), replaced by a complete entry that the core checks again before
    signing; every other entry is judged as given (Bitstring Status List v1.0 §2.1)."""
    if not isinstance(credential, dict) or "credentialStatus" not in credential:
        return credential
    status = credential["credentialStatus"]
    entries = status if isinstance(status, list) else [status]
    kept = [e for e in entries if not services.status_entry_is_request(e)]
    if len(kept) == len(entries):
        return credential
    rest = {k: v for k, v in credential.items() if k != "credentialStatus"}
    return {**rest, "credentialStatus": kept} if kept else rest


def _id_in_use(exc: CredentialIdInUseError) -> JsonResponse:
    """409 Conflict (RFC 9110 §15.5.10) as an RFC 9457 problem detail naming the id (ADR 0607):
    the members at the top level, and the same object in ``problemDetails`` as every other
    VC-API error carries it."""
    problem = {
        "type": problem_type(exc.code),
        "title": "The credential id is already in use",
        "status": 409,
        "detail": f"{exc.credential_id} is the id of another credential on this platform; "
        "one id names one credential, so nothing was issued",
        "credentialId": exc.credential_id,
    }
    response = _json({**problem, "problemDetails": [problem]}, 409)
    response["Content-Type"] = "application/problem+json"
    return response


@csrf_exempt
@require_POST
def issue(request: HttpRequest) -> HttpResponse:
    token = _token(request, ApiTokenScope.ISSUE)
    if not isinstance(token, ApiToken):
        return token
    if refused := _unsupported_media_type(request):
        return refused
    try:
        data = _body(request)
        options = _options(data)
        credential = data.get("credential")
        problems = credential_problems(_without_status_requests(credential))
        if problems:
            (where, first), rest = problems[0], problems[1:]
            raise CredentialInputError(  # str() puts `where` before the first message
                "; ".join([first, *(f"{w}: {m}" for w, m in rest)]), where=where, code="MALFORMED_VALUE_ERROR"
            )
        assert isinstance(credential, dict)
        expected = institution_did(token.institution.slug)
        if issuer_id(credential) != expected:
            raise CredentialInputError(
                f"this token signs for {expected}; the credential's issuer is {issuer_id(credential)}",
                where="$.issuer",
                code="MALFORMED_VALUE_ERROR",
            )
        if isinstance(options.get("credentialId"), str) and "id" not in credential:
            credential = {**credential, "id": options["credentialId"]}
        suite = options.get("cryptosuite") or Suite.EDDSA_RDFC_2022
        if suite not in (Suite.EDDSA_RDFC_2022, Suite.EDDSA_JCS_2022):
            raise CredentialInputError(
                f"cryptosuite {suite!r} is not offered here", where="options.cryptosuite"
            )
        issued = services.credential_sign_for_api(
            token=token,
            credential=credential,
            status_purposes=_requested_purposes(credential, options),
            suite=suite,
        )
    except CredentialIdInUseError as exc:
        return _id_in_use(exc)
    except CredentialInputError as exc:
        return _problem(400, exc.code, "The credential cannot be issued", str(exc))
    except CredentialError as exc:
        return _problem(400, "ISSUANCE_ERROR", "The credential cannot be issued", str(exc))
    return _json({"verifiableCredential": issued.document}, 201)


# ---------------------------------------------------------------------------------------------
# Verify


def _checks_performed(report: Report) -> list[str]:
    """VC-API verify ``checks``: the names of the checks that were run (passed or failed), in
    order; a check that could not be done ("unknown") is not listed."""
    return [c.name for c in report.checks if c.outcome != "unknown"]


def _verification_response(report: Any, *, credential: bool = False) -> JsonResponse:
    results = {
        c.name: {"outcome": c.outcome, "summary": c.summary, "detail": c.detail} for c in report.checks
    }
    checks = _checks_performed(report)
    if not report.verified:  # invalid, or "could not confirm": never verified (ADR 0606)
        body = {
            "verified": False,
            "verdict": report.verdict,
            "checks": checks,
            "problemDetails": report.problems(),
        }
        return _json({**body, "results": results}, 400)
    warnings = [c.problem() for c in report.checks if c.outcome == "unknown"]
    body: dict[str, Any] = {
        "verified": True,
        "verdict": report.verdict,
        "checks": checks,
        "problemDetails": [],
        "results": results,
        "warnings": warnings,
    }
    if credential:
        body["credential"] = report.credential
    return _json(body, 200)


def _bad_request(exc: CredentialInputError) -> JsonResponse:
    return _json(
        {
            "verified": False,
            "problemDetails": [
                {"type": problem_type(exc.code), "title": "The request cannot be read", "detail": str(exc)}
            ],
        },
        400,
    )


def _not_a_map(value: str, where: str) -> CredentialInputError | None:
    """A credential given as a string is only accepted as a compact ``vc+jwt`` (three base64url
    parts); JSON text inside a string is not a secured document ("If securedDocument is not a map
    … an error MUST be raised and SHOULD convey an error type of PARSING_ERROR", VC Data
    Integrity 1.0, "Verify Proof" algorithm)."""
    text = value.strip()
    if text.count(".") == 2 and not text.startswith(("{", "[", '"')):
        return None
    return CredentialInputError(
        f"{where} must be a JSON object (or a compact vc+jwt), not a string",
        where=where,
        code="PARSING_ERROR",
    )


def _unwrap_enveloped(document: Any) -> Any:
    """An ``EnvelopedVerifiableCredential`` (VC-JOSE-COSE §3.1.1) carries its JWS in a data: URL."""
    if isinstance(document, dict) and "EnvelopedVerifiableCredential" in (
        document.get("type") if isinstance(document.get("type"), list) else [document.get("type")]
    ):
        url = document.get("id")
        prefix = "data:application/vc+jwt,"
        if isinstance(url, str) and url.startswith(prefix):
            return url[len(prefix) :]
    return document


@csrf_exempt
@require_POST
def verify_credential(request: HttpRequest) -> HttpResponse:
    if refused := _unsupported_media_type(request, verified=False):
        return refused
    try:
        data = _body(request)
        options = _options(data)
    except CredentialInputError as exc:
        return _bad_request(exc)
    document = data.get("verifiableCredential")
    jws = ""
    document = _unwrap_enveloped(document)
    if isinstance(document, str):
        if refused := _not_a_map(document, "verifiableCredential"):
            return _bad_request(refused)
        document, jws, failed = parse_submission(document)
        if failed is not None:
            return _json({"verified": False, "problemDetails": [failed.problem()]}, 400)
    if not isinstance(document, dict):
        return _bad_request(
            CredentialInputError("verifiableCredential must be a JSON object", where="verifiableCredential")
        )
    report = inspect_credential(document, jws=jws)
    return _verification_response(report, credential=bool(options.get("returnCredential")))


def _problem_item(code: str, title: str, detail: str) -> dict[str, str]:
    return {"type": problem_type(code), "title": title, "detail": detail}


def _presentation_proof(
    presentation: dict[str, Any], options: dict[str, Any], resolver: Any
) -> list[dict[str, str]]:
    """The holder's ``authentication`` proof over the verifier's challenge and domain
    (VC Data Integrity §2.1; VCDM 2.0 §4.13), made by the ``holder`` when one is named."""
    challenge = options.get("challenge") if isinstance(options.get("challenge"), str) else None
    domain = options.get("domain") if isinstance(options.get("domain"), str) else None
    if "proof" not in presentation:
        if challenge:
            return [
                _problem_item(
                    "PROOF_VERIFICATION_ERROR",
                    "No proof",
                    "a challenge was given but the presentation has no proof",
                )
            ]
        return []
    try:
        proofs = verify_proofs(
            presentation, resolver, expected_purpose="authentication", challenge=challenge, domain=domain
        )
    except UnknownKey as exc:
        return [_problem_item("PROOF_VERIFICATION_ERROR", "Unknown holder key", str(exc))]
    except CryptoError as exc:
        return [_problem_item(exc.code, "The presentation's proof is not valid", str(exc))]
    except MicrocredError as exc:
        return [_problem_item("PROOF_TRANSFORMATION_ERROR", "The presentation cannot be processed", str(exc))]
    holder = presentation.get("holder")
    holder_id = holder.get("id") if isinstance(holder, dict) else holder
    signers = {p.verification_method.partition("#")[0] for p in proofs}
    if isinstance(holder_id, str) and holder_id not in signers:
        return [
            _problem_item(
                "PROOF_VERIFICATION_ERROR",
                "The presentation was not signed by its holder",
                f"holder {holder_id}, signed by {', '.join(sorted(signers))}",
            )
        ]
    return []


@csrf_exempt
@require_POST
def verify_presentation(request: HttpRequest) -> HttpResponse:
    """A presentation: its holder's ``authentication`` proof (with the verifier's challenge and
    domain), then every credential in it, enveloped ``vc+jwt`` ones included."""
    if refused := _unsupported_media_type(request, verified=False):
        return refused
    try:
        data = _body(request)
        options = _options(data)
    except CredentialInputError as exc:
        return _bad_request(exc)
    presentation = data.get("verifiablePresentation")
    if not isinstance(presentation, dict):
        return _bad_request(
            CredentialInputError(
                "verifiablePresentation must be a JSON object", where="verifiablePresentation"
            )
        )
    problems: list[dict[str, str]] = []
    context = presentation.get("@context")
    types = presentation.get("type")
    types = types if isinstance(types, list) else [types]
    if not isinstance(context, list) or not context or context[0] != "https://www.w3.org/ns/credentials/v2":
        problems.append(
            _problem_item(
                "MALFORMED_VALUE_ERROR",
                "Not a VCDM 2.0 presentation",
                "$.@context must start with https://www.w3.org/ns/credentials/v2",
            )
        )
    if "VerifiablePresentation" not in types:
        problems.append(
            _problem_item(
                "MALFORMED_VALUE_ERROR", "Not a presentation", "$.type must include VerifiablePresentation"
            )
        )
    registry = trust_registry()  # once for the presentation and every credential in it
    if not problems:
        problems += _presentation_proof(presentation, options, registry.resolver())
    raw = presentation.get("verifiableCredential", [])
    credentials = raw if isinstance(raw, list) else [raw]
    results: dict[str, Any] = {"presentation": "failed" if problems else "passed", "credentials": []}
    for i, credential in enumerate(credentials):
        unwrapped = _unwrap_enveloped(credential)
        if isinstance(unwrapped, str) and (refused := _not_a_map(unwrapped, f"verifiableCredential[{i}]")):
            problems.append(_problem_item(refused.code, "The request cannot be read", str(refused)))
            results["credentials"].append({"format": "failed"})
            continue
        if isinstance(unwrapped, str):
            document, jws, failed = parse_submission(unwrapped)
            report = inspect_credential(document, jws=jws, registry=registry)
            if failed is not None:
                report.checks = [failed]
        else:
            report = inspect_credential(unwrapped if isinstance(unwrapped, dict) else None, registry=registry)
        results["credentials"].append({c.name: c.outcome for c in report.checks})
        for problem in report.problems():
            problems.append({**problem, "detail": f"verifiableCredential[{i}]: {problem['detail']}"})
    if problems:
        return _json({"verified": False, "problemDetails": problems, "results": results}, 400)
    return _json({"verified": True, "problemDetails": [], "results": results}, 200)


# ---------------------------------------------------------------------------------------------
# Status


@csrf_exempt
@require_POST
def update_status(request: HttpRequest) -> HttpResponse:
    token = _token(request, ApiTokenScope.STATUS)
    if not isinstance(token, ApiToken):
        return token
    if refused := _unsupported_media_type(request):
        return refused
    try:
        data = _body(request)
        credential_id = data.get("credentialId")
        if not isinstance(credential_id, str) or not credential_id:
            raise CredentialInputError("credentialId is required", where="credentialId")
        raw = data.get(
            "credentialStatus", {"type": "BitstringStatusListEntry", "statusPurpose": "revocation"}
        )
        items = raw if isinstance(raw, list) else [raw]
        if not items or not all(isinstance(i, dict) for i in items):
            raise CredentialInputError("credentialStatus must be an object", where="credentialStatus")
        issued = (
            IssuedCredential.objects.select_related("institution")
            .filter(credential_id=credential_id, institution=token.institution)
            .first()
        )
        if issued is None:
            return _problem(
                404,
                "NOT_FOUND",
                "Unknown credential",
                f"{credential_id} was not issued by this token's institution",
            )
        flag = data.get("status", True)
        for i, item in enumerate(items):
            purpose = item.get("statusPurpose")
            if purpose is None and isinstance(item.get("status"), str):
                purpose = {"revoked": "revocation", "suspended": "suspension"}.get(item["status"])
            on = item["status"] if isinstance(item.get("status"), bool) else flag
            if not isinstance(on, bool):
                raise CredentialInputError("status must be true or false", where="status")
            reason = str(data.get("reason") or "")
            if purpose == StatusPurpose.REVOCATION:
                if not on:
                    raise CredentialInputError("revocation cannot be undone", where=f"credentialStatus[{i}]")
                if issued.revoked_at is None:
                    issued = services.credential_revoke(
                        credential=issued, reason=reason, by=None, token=token
                    )
            elif purpose == StatusPurpose.SUSPENSION:
                if on and not issued.suspended:
                    issued = services.credential_suspend(
                        credential=issued, reason=reason, by=None, token=token
                    )
                elif not on and issued.suspended:
                    issued = services.credential_unsuspend(
                        credential=issued, reason=reason, by=None, token=token
                    )
            else:
                raise CredentialInputError(
                    f"statusPurpose {purpose!r} is not supported; use revocation or suspension",
                    where=f"credentialStatus[{i}].statusPurpose",
                )
    except CredentialInputError as exc:
        return _problem(400, exc.code, "The status cannot be changed", str(exc))
    except CredentialError as exc:
        return _problem(400, "STATUS_ERROR", "The status cannot be changed", str(exc))
    except PermissionDenied as exc:
        return _problem(403, "FORBIDDEN", "Not allowed", str(exc))
    return _json(
        {
            "credentialId": credential_id,
            "revoked": issued.revoked_at is not None,
            "suspended": issued.suspended,
        },
        200,
    )


@csrf_exempt
@require_POST
def create_status_list(request: HttpRequest) -> HttpResponse:
    token = _token(request, ApiTokenScope.STATUS_LISTS)
    if not isinstance(token, ApiToken):
        return token
    if refused := _unsupported_media_type(request):
        return refused
    try:
        data = _body(request)
        purpose = data.get("statusPurpose", StatusPurpose.REVOCATION)
        status_list = services.status_list_create(institution=token.institution, purpose=purpose)
    except CredentialError as exc:
        return _problem(400, "MALFORMED_VALUE_ERROR", "The status list cannot be created", str(exc))
    response = _json(status_list.signed_credential or {}, 201)
    response["Location"] = services.status_list_url(status_list)
    return response


@require_safe
def get_status_list(request: HttpRequest, slug: str, list_id: str) -> HttpResponse:
    status_list = status_list_by_id(slug, list_id)
    if status_list is None:
        return _problem(404, "NOT_FOUND", "Unknown status list", f"{slug}/{list_id}")
    response = _json(services.status_list_current(status_list))
    response["Content-Type"] = vc_media_type(request)
    response["Vary"] = "Accept"
    return response


@csrf_exempt
@require_POST
def publish_status_list(request: HttpRequest, slug: str, list_id: str) -> HttpResponse:
    """``POST <status list URL>/publish``: sign and publish the list credential now (VC-API
    status lists; the W3C status-list suite calls it after a status change). 204, no body.

    Our lists are already re-signed in the transaction that flips a bit, so this only makes the
    publication explicit. Only a token of the list's institution may do it; another
    institution's list is 404, as for credentials."""
    token = _token(request, ApiTokenScope.STATUS_LISTS)
    if not isinstance(token, ApiToken):
        return token
    if refused := _unsupported_media_type(request):
        return refused
    status_list = status_list_by_id(slug, list_id)
    if status_list is None or status_list.institution.pk != token.institution.pk:
        return _problem(404, "NOT_FOUND", "Unknown status list", f"{slug}/{list_id}")
    services.status_list_republish(status_list=status_list)
    return HttpResponse(status=204)
