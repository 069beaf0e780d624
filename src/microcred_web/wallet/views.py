"""Adapters of the OpenID4VCI 1.0 issuer (ADR 1360): parse, call one service, answer JSON.

Every answer of the token, nonce and credential endpoints carries ``Cache-Control: no-store``
(RFC 6749 §5.1; OID4VCI §7.2); refusals are the error JSON of RFC 6749 §5.2 / OID4VCI §8.3.1.2,
never a page or a traceback.
"""

from __future__ import annotations

import io
import json
from typing import Any

import qrcode
import qrcode.image.svg
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from microcred_web.credentials.models import IssuedCredential
from microcred_web.wallet import services
from microcred_web.wallet.services import MAX_BODY_BYTES, WalletError


def _json(data: dict[str, Any], status: int = 200, *, no_store: bool = True) -> JsonResponse:
    response = JsonResponse(data, status=status)
    if no_store:
        response["Cache-Control"] = "no-store"
    return response


def _error(exc: WalletError) -> JsonResponse:
    response = _json(exc.to_json(), exc.status)
    if exc.status == 401:  # RFC 6750 §3
        response["WWW-Authenticate"] = f'Bearer error="{exc.code}"'
    return response


def _too_large(request: HttpRequest) -> JsonResponse | None:
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = MAX_BODY_BYTES + 1
    if length > MAX_BODY_BYTES:
        return _json(
            {
                "error": "invalid_request",
                "error_description": f"the body is larger than {MAX_BODY_BYTES} bytes",
            },
            413,
        )
    return None


@require_safe
def issuer_metadata(request: HttpRequest) -> JsonResponse:
    """``GET /.well-known/openid-credential-issuer`` (OID4VCI 1.0 §12.2.2)."""
    return _json(services.issuer_metadata(), no_store=False)


@require_safe
def authorization_server_metadata(request: HttpRequest) -> JsonResponse:
    """``GET /.well-known/oauth-authorization-server`` (RFC 8414 §3)."""
    return _json(services.authorization_server_metadata(), no_store=False)


@require_safe
def offer(request: HttpRequest, code: str) -> JsonResponse:
    """The Credential Offer object at ``credential_offer_uri`` (§4.1.3)."""
    try:
        return _json(services.offer_object(code=code, request=request))
    except WalletError as exc:
        return _error(exc)


@csrf_exempt
@require_POST
def token(request: HttpRequest) -> JsonResponse:
    """``POST /oid4vci/token`` (§6.1), ``application/x-www-form-urlencoded``."""
    too_large = _too_large(request)
    if too_large is not None:
        return too_large
    try:
        return _json(services.token_issue(form=request.POST, request=request))
    except WalletError as exc:
        return _error(exc)


@csrf_exempt
@require_POST
def nonce(request: HttpRequest) -> JsonResponse:
    """``POST /oid4vci/nonce`` (§7.1)."""
    return _json(services.nonce_issue())


@csrf_exempt
@require_POST
def credential(request: HttpRequest) -> JsonResponse:
    """``POST /oid4vci/credential`` (§8.2), a JSON body and a Bearer access token."""
    too_large = _too_large(request)
    if too_large is not None:
        return too_large
    try:
        try:
            body = json.loads(request.body or b"null")
        except (ValueError, UnicodeDecodeError, RecursionError):
            raise WalletError("invalid_credential_request", "the body is not JSON", where="body") from None
        return _json(
            services.credential_request(
                authorization=request.META.get("HTTP_AUTHORIZATION", ""), body=body, request=request
            )
        )
    except WalletError as exc:
        return _error(exc)


def _qr_svg(text: str) -> str:
    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage, box_size=6)
    buffer = io.BytesIO()
    image.save(buffer)
    svg = buffer.getvalue().decode("utf-8")
    return svg[svg.index("<svg") :]


@login_required
@require_http_methods(["GET", "POST"])
def wallet_offer_page(request: HttpRequest, uuid: Any) -> HttpResponse:
    """The learner's "Add to a wallet app" page: a POST makes a fresh single-use offer and shows
    its QR code, its link and its transaction code."""
    issued = IssuedCredential.objects.select_related("institution").filter(uuid=uuid).first()
    if issued is None or issued.learner_id != request.user.pk:
        raise Http404("no such credential")
    context: dict[str, Any] = {
        "issued": issued,
        "minutes": int(services.OFFER_LIFETIME.total_seconds() // 60),
    }
    if request.method == "POST":
        try:
            new = services.wallet_offer_create(credential=issued, by=request.user, with_tx_code=True)
        except WalletError as exc:
            context["error"] = exc.code
        else:
            context.update(wallet_link=new.wallet_link, tx_code=new.tx_code, qr_svg=_qr_svg(new.wallet_link))
    return render(request, "wallet/offer.html", context)
