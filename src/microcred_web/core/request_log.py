"""Structured request logs: one JSON line per request (issue 12 item 1, ADR 1201).

Each request gets an id: the caller's ``X-Request-ID`` when it is a short token of safe
characters (a proxy or a load balancer that set one keeps its id through our logs), else a new
random one. The id is answered in the ``X-Request-ID`` header, kept on the request
(``request.request_id``) and added to the security log's lines of that request, so one id finds
every line a request wrote.

The line goes to the ``microcred.request`` logger::

    {"at": "...", "duration_ms": 3.1, "method": "GET", "path": "/register/", "request_id": "...",
     "route": "register/", "status": 200}

What it never holds: the query string (search terms, tokens in links), a body, a cookie or a
header's value; in the path, the values of URL parameters that are secrets (an invitation token,
a password-reset key) are replaced by ``[withheld]``. A path is cut at 200 characters. The
lines of ``/healthz`` and ``/readyz`` are written at DEBUG (probes come every few seconds).
"""

from __future__ import annotations

import json
import logging
import re
import time
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any, Final

from django.http import HttpRequest, HttpResponseBase

logger = logging.getLogger("microcred.request")

HEADER: Final = "X-Request-ID"
_META_KEY: Final = "HTTP_X_REQUEST_ID"
_SAFE_ID: Final = re.compile(r"^[A-Za-z0-9._:-]{8,128}$")
#: URL parameters whose values are secrets (accounts.invitation_accept, allauth's password reset).
SECRET_URL_PARAMETERS: Final = frozenset({"token", "key", "uidb36", "secret", "code"})
WITHHELD: Final = "[withheld]"
MAX_PATH: Final = 200
PROBE_PATHS: Final = frozenset({"/healthz", "/readyz"})


def request_id_for(request: HttpRequest) -> str:
    """The caller's ``X-Request-ID`` when it is safe to log and echo, else a new random id."""
    offered = request.META.get(_META_KEY, "")
    if isinstance(offered, str) and _SAFE_ID.match(offered):
        return offered
    return uuid.uuid4().hex


def loggable_path(request: HttpRequest) -> str:
    """``request.path`` without secrets: no query string, secret URL parameters withheld."""
    path = request.path
    match = getattr(request, "resolver_match", None)
    if match is not None:
        for name, value in match.kwargs.items():
            if name in SECRET_URL_PARAMETERS and str(value):
                path = path.replace(str(value), WITHHELD)
    return path[:MAX_PATH]


class RequestLogMiddleware:
    """First in ``MIDDLEWARE``: times the whole request, answers with its id, logs one line."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        request_id = request_id_for(request)
        request.request_id = request_id  # type: ignore[attr-defined]
        started = time.perf_counter()
        status = 500
        try:
            response = self.get_response(request)
            status = response.status_code
            response[HEADER] = request_id
            return response
        finally:
            self._log(request, request_id, status, (time.perf_counter() - started) * 1000)

    @staticmethod
    def _log(request: HttpRequest, request_id: str, status: int, duration_ms: float) -> None:
        match = getattr(request, "resolver_match", None)
        record: dict[str, Any] = {
            "at": datetime.now(UTC).isoformat(timespec="milliseconds"),
            "request_id": request_id,
            "method": (request.method or "")[:16],
            "path": loggable_path(request),
            "route": match.route if match is not None else None,
            "status": status,
            "duration_ms": round(duration_ms, 1),
        }
        # Probes come every few seconds from the load balancer: at DEBUG, so they do not bury the rest.
        level = logging.DEBUG if request.path.rstrip("/") in PROBE_PATHS else logging.INFO
        logger.log(level, json.dumps(record, sort_keys=True, ensure_ascii=True))
