"""A learner's own data: the privacy notice, the download of everything held, erasure (ADR 1332)."""

from __future__ import annotations

import json
from uuid import UUID

from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from microcred_web.core.security_log import SecurityEvent, security_event
from microcred_web.privacy import selectors, services
from microcred_web.privacy.forms import ErasureForm
from microcred_web.privacy.models import ErasureRecord


def notice(request: HttpRequest) -> HttpResponse:
    """The privacy notice (public): what is held, why, for how long, and the learner's rights."""
    return render(request, "privacy/notice.html")


@login_required
@require_http_methods(["GET", "POST"])
def my_data(request: HttpRequest) -> HttpResponse:
    form = ErasureForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        record = services.personal_data_erase(user=request.user)  # type: ignore[arg-type]
        security_event(SecurityEvent.PERSONAL_DATA_ERASED, request=request, receipt=str(record.receipt))
        logout(request)
        return redirect("privacy:erased", receipt=record.receipt)
    return render(request, "privacy/my_data.html", {"form": form})


@login_required
def my_data_json(request: HttpRequest) -> HttpResponse:
    body = json.dumps(selectors.personal_data_of(request.user), ensure_ascii=False, indent=2, default=str)
    security_event(SecurityEvent.PERSONAL_DATA_EXPORTED, request=request)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="my-data.json"'
    response["Cache-Control"] = "no-store"
    return response


def erased(request: HttpRequest, receipt: UUID) -> HttpResponse:
    """The confirmation: the receipt and how many records were erased or kept (no personal data)."""
    record = get_object_or_404(ErasureRecord, receipt=receipt)
    return render(request, "privacy/erased.html", {"record": record, "counts": record.counts})
