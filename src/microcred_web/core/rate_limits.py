"""Per-client rate limits on the public endpoints that cost the server work (issue 9 item 3,
ADR 0320): the verifier, the VC-API verify endpoints, the register search and its CSV export.

A client is its address (``core.client_address``). Each *scope* has a rate such as ``30/m``
(``settings.MICROCRED_RATE_LIMITS``); requests are counted in Django's cache in fixed windows
(``LocMemCache`` counts per process, for tests and the demo; production with several workers
points ``CACHES`` at Redis so every worker shares one count). The request past the limit gets
**429 Too Many Requests** with ``Retry-After`` (RFC 6585 §4; RFC 9110 §10.2.3): a friendly,
translated page, or a problem detail ``urn:microcred:problem:rate-limited`` under ``/api/`` and
``/vc-api/``. The first refusal of a client in a window is written to the security log as
``request.rate_limited`` (one line per window, so a flood does not flood the log).

What this does not do: bound the size of a document or presentation (``microcred.untrusted_input``,
ADR 0608 does), or throttle sign-in (the accounts app does).
"""

from __future__ import annotations

import logging
import math
import re
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Final

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest, HttpResponse, HttpResponseBase, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from microcred_web.core.client_address import rate_limit_key
from microcred_web.core.rate_limit_defaults import DEFAULT_RATE_LIMITS
from microcred_web.core.security_log import SecurityEvent, security_event

#: URL pattern (``ResolverMatch.route``, the stable paths of the README) → scope and the methods
#: that count. ``GET /verify/`` only shows the empty form; the work is the ``POST``.
METERED_ROUTES: Final[Mapping[str, tuple[str, frozenset[str]]]] = {
    "verify/": ("verify", frozenset({"POST"})),
    "verify/batch/": ("verify_batch", frozenset({"POST"})),
    "vc-api/credentials/verify": ("vc_api_verify", frozenset({"POST"})),
    "vc-api/presentations/verify": ("vc_api_verify", frozenset({"POST"})),
    "register/": ("register_search", frozenset({"GET", "HEAD"})),
    "api/micro-credentials": ("register_search", frozenset({"GET", "HEAD"})),
    # the skills-gap analysis reads the register and every demand profile of a country (ADR 1403)
    "api/skills/gaps": ("register_search", frozenset({"GET", "HEAD"})),
    "api/skills/demand-supply": ("register_search", frozenset({"GET", "HEAD"})),
    "skills/demand-supply/": ("register_search", frozenset({"GET", "HEAD"})),
    "register.csv": ("register_export", frozenset({"GET", "HEAD"})),
    # the whole-register files of issue 15 item 5 read every entry (ADR 1521, 1522)
    "register/elm.jsonld": ("register_export", frozenset({"GET", "HEAD"})),
    "sitemap.xml": ("register_export", frozenset({"GET", "HEAD"})),
    # the statistics count the whole database, as the pilot's figures do
    "statistics/": ("pilot_figures", frozenset({"GET", "HEAD"})),
    # the pilot's public figures walk every cohort (issue 11 item 5)
    "api/pilot/summary": ("pilot_figures", frozenset({"GET", "HEAD"})),
    "pilot/dashboard/": ("pilot_figures", frozenset({"GET", "HEAD"})),
    # OpenID4VCI (ADR 1360): the token endpoint guesses codes, the credential endpoint signs
    "oid4vci/token": ("wallet", frozenset({"POST"})),
    "oid4vci/nonce": ("wallet", frozenset({"POST"})),
    "oid4vci/credential": ("wallet", frozenset({"POST"})),
    "oid4vci/offers/<str:code>": ("wallet", frozenset({"GET", "HEAD"})),
}

PROBLEM_TYPE: Final = "urn:microcred:problem:rate-limited"
_API_PREFIXES: Final = ("/api/", "/vc-api/")
_OAUTH_PREFIXES: Final = ("/oid4vci/",)
_UNITS: Final = {"s": 1, "m": 60, "h": 3600, "d": 86400}
_RATE: Final = re.compile(r"^\s*(\d+)\s*/\s*(\d*)\s*([smhd])\s*$")
_OFF: Final = frozenset({"off", "none", ""})


@dataclass(frozen=True)
class Rate:
    """``requests`` per ``seconds``."""

    requests: int
    seconds: int


@lru_cache(maxsize=64)
def parse_rate(text: str) -> Rate | None:
    """``"30/m"`` → 30 per 60 s; ``"100/5m"`` → 100 per 300 s; ``"off"`` → ``None`` (no limit)."""
    if text.strip().lower() in _OFF:
        return None
    match = _RATE.match(text)
    if not match or int(match.group(1)) < 1:
        raise ImproperlyConfigured(
            f"rate limit {text!r}: write requests/period, e.g. 30/m, 1000/h, 100/5m, or off"
        )
    count, multiple, unit = match.groups()
    return Rate(int(count), int(multiple or 1) * _UNITS[unit])


def rate_limits() -> dict[str, Rate | None]:
    configured = getattr(settings, "MICROCRED_RATE_LIMITS", {})
    return {scope: parse_rate(str(text)) for scope, text in {**DEFAULT_RATE_LIMITS, **configured}.items()}


@dataclass(frozen=True)
class Hit:
    count: int
    retry_after: int  # seconds until the window ends


def count_request(scope: str, client: str, rate: Rate, now: float | None = None) -> Hit:
    """Count one request of ``client`` in ``scope``'s current fixed window (atomic ``add`` then
    ``incr``, so concurrent workers sharing one cache never lose a count)."""
    now = time.time() if now is None else now
    window = int(now // rate.seconds)
    key = f"microcred:rate:{scope}:{window}:{client}"
    if cache.add(key, 1, timeout=rate.seconds + 1):
        count = 1
    else:
        try:
            count = cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.add(key, 1, timeout=rate.seconds + 1)
            count = 1
    return Hit(count=count, retry_after=max(1, math.ceil((window + 1) * rate.seconds - now)))


def too_many_requests(request: HttpRequest, scope: str, retry_after: int) -> HttpResponse:
    """The 429 answer: a problem detail for API clients, a page for people."""
    title = _("Too many requests")
    detail = ngettext(
        "This address has sent more requests than the platform answers in a short time. "
        "Please try again in %(seconds)d second.",
        "This address has sent more requests than the platform answers in a short time. "
        "Please try again in %(seconds)d seconds.",
        retry_after,
    ) % {"seconds": retry_after}
    response: HttpResponse
    if request.path.startswith(_OAUTH_PREFIXES):
        # a wallet reads OAuth 2.0 error JSON (RFC 6749 §5.2; OID4VCI 1.0 §6.3, §8.3.1.2)
        response = JsonResponse({"error": "slow_down", "error_description": str(detail)}, status=429)
    elif request.path.startswith(_API_PREFIXES):
        # RFC 9457 problem detail in the VC-API's ``problemDetails`` list (VCALM §3.3.4).
        response = JsonResponse(
            {"problemDetails": [{"type": PROBLEM_TYPE, "title": title, "detail": detail}]},
            status=429,
            json_dumps_params={"ensure_ascii": False},
        )
    else:
        response = render(
            request,
            "core/rate_limited.html",
            {"title": title, "detail": detail, "retry_after": retry_after, "scope": scope},
            status=429,
        )
    response["Retry-After"] = str(retry_after)
    return response


class RateLimitMiddleware:
    """Meters the routes of :data:`METERED_ROUTES` per client (``request.microcred_client_ip``,
    set by ``ClientAddressMiddleware``)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view: Callable[..., Any], args: Any, kwargs: Any
    ) -> HttpResponseBase | None:
        match = request.resolver_match
        metered = METERED_ROUTES.get(match.route) if match is not None else None
        if metered is None or request.method not in metered[1]:
            return None
        scope = metered[0]
        rate = rate_limits().get(scope)
        if rate is None:
            return None
        address = getattr(request, "microcred_client_ip", None) or request.META.get("REMOTE_ADDR", "")
        hit = count_request(scope, rate_limit_key(address), rate)
        if hit.count <= rate.requests:
            return None
        if hit.count == rate.requests + 1:
            security_event(
                SecurityEvent.RATE_LIMITED,
                request=request,
                level=logging.WARNING,
                scope=scope,
                limit=f"{rate.requests}/{rate.seconds}s",
            )
        return too_many_requests(request, scope, hit.retry_after)
