"""Public, machine-readable documents: DID documents and status list credentials.

Both are served with cache-friendly headers (``ETag``, ``Last-Modified``, ``Cache-Control``) so
verifiers and proxies need not fetch them on every check.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotModified
from django.shortcuts import get_object_or_404
from django.utils.http import http_date
from django.views.decorators.http import require_safe

from microcred_web.credentials.models import InstitutionKey
from microcred_web.credentials.selectors import did_document_for, institution_keys, status_list_by_id
from microcred_web.credentials.services import status_list_current
from microcred_web.credentials.trust import served_registry
from microcred_web.institutions.models import Institution

DID_MEDIA_TYPE = "application/did+json"
VC_MEDIA_TYPE = "application/vc"  # VCDM 2.0 §6.3
#: What a credential can be served as: its own media type, or, for a client that asks only for
#: JSON(-LD) (jsonld.js document loaders and @digitalbazaar/http-client send
#: ``Accept: application/ld+json, application/json`` and parse only types containing "json"),
#: the JSON-LD or JSON type. The body is the same (RFC 9110 §12.5.1 proactive negotiation).
VC_MEDIA_TYPES = (VC_MEDIA_TYPE, "application/ld+json", "application/json")


def vc_media_type(request: HttpRequest) -> str:
    """The media type to serve a credential as, by the request's ``Accept`` (default
    ``application/vc``)."""
    preferred = request.get_preferred_type(VC_MEDIA_TYPES) if request.headers.get("Accept") else None
    return preferred or VC_MEDIA_TYPE


def _cached_json(
    request: HttpRequest, body: dict[str, Any], media_type: str, max_age: int, modified: Any
) -> HttpResponse:
    payload = json.dumps(body, ensure_ascii=False, indent=2).encode("utf-8")
    etag = '"' + hashlib.sha256(payload).hexdigest()[:32] + '"'
    if request.headers.get("If-None-Match") == etag:
        response: HttpResponse = HttpResponseNotModified()
    else:
        response = HttpResponse(payload, content_type=f"{media_type}; charset=utf-8")
    response["ETag"] = etag
    response["Cache-Control"] = f"public, max-age={max_age}"
    response["Access-Control-Allow-Origin"] = "*"
    if modified is not None:
        response["Last-Modified"] = http_date(modified.timestamp())
    return response


@require_safe
def did_document(request: HttpRequest, slug: str) -> HttpResponse:
    """``GET /institutions/<slug>/did.json``: the did:web document (did:web §3.2 "Read")."""
    institution = get_object_or_404(Institution, slug=slug)
    keys = institution_keys(institution)
    if not keys:
        raise Http404("this institution has no signing keys yet")
    modified = max((k.retired_at or k.created_at) for k in keys)
    return _cached_json(request, did_document_for(institution).to_json(), DID_MEDIA_TYPE, 3600, modified)


@require_safe
def status_list(request: HttpRequest, slug: str, list_id: str) -> HttpResponse:
    """``GET /status/<slug>/<list>``: the signed ``BitstringStatusListCredential`` (§2.2)."""
    found = status_list_by_id(slug, list_id)
    if found is None:
        raise Http404("no such status list")
    response = _cached_json(request, status_list_current(found), vc_media_type(request), 300, found.signed_at)
    response["Vary"] = "Accept"
    return response


@require_safe
def trust_registry(request: HttpRequest) -> HttpResponse:
    """``GET /trust/registry.json``: the consortium's signed trust registry (a
    ``TrustRegistryCredential``, ADR 0703) for ``microcred verify FILE --trust registry.json``
    offline; in the demo, this platform's issuers signed with the DEMO consortium key. 404 when
    this instance has no signed registry to give (it cannot sign one itself)."""
    keys = InstitutionKey.objects.order_by("-created_at").first()
    retired = InstitutionKey.objects.exclude(retired_at=None).order_by("-retired_at").first()
    moments = [m for m in (keys and keys.created_at, retired and retired.retired_at) if m]
    modified = max(moments, default=None)
    served = served_registry(modified)
    if served is None:
        raise Http404("this platform has no signed consortium trust registry (MICROCRED_TRUST_REGISTRY)")
    return _cached_json(request, dict(served[0]), "application/json", 300, modified)
