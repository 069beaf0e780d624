"""Bulk issuing pages: adapters of a few lines over ``services`` and ``selectors`` (ADR 1101)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from microcred_web.accounts.permissions import Action, institutions_where
from microcred_web.bulk import selectors, services
from microcred_web.bulk.forms import StartBatchForm
from microcred_web.bulk.messages import failure_message, input_error_message


def _issuing_institutions(request: HttpRequest) -> list[Any]:
    institutions = institutions_where(request.user, Action.ISSUE_CREDENTIAL)
    if not institutions:
        raise PermissionDenied(_("Only registrars and institution administrators issue credentials."))
    return institutions


@login_required
def batch_list(request: HttpRequest) -> HttpResponse:
    _issuing_institutions(request)
    batches = selectors.batches_visible_to(request.user)[:100]
    rows = [{"batch": b, "progress": selectors.batch_progress(b)} for b in batches]
    return render(request, "bulk/list.html", {"rows": rows})


@login_required
def batch_start(request: HttpRequest) -> HttpResponse:
    form = StartBatchForm(request.POST or None, institutions=_issuing_institutions(request))
    if request.method == "POST" and form.is_valid():
        try:
            batch = services.start_batch(
                version=form.cleaned_data["version"], items=form.rows, by=request.user
            )
        except services.BulkInputError as exc:
            form.add_error(None, input_error_message(exc))
        else:
            return redirect("bulk:batch", uuid=batch.uuid)
    return render(request, "bulk/start.html", {"form": form})


def _batch(request: HttpRequest, uuid: Any) -> Any:
    batch = selectors.batch_for(request.user, uuid)
    if batch is None:  # another institution's batch is not shown to exist
        raise Http404
    return batch


@login_required
def batch_page(request: HttpRequest, uuid: Any) -> HttpResponse:
    batch = _batch(request, uuid)
    progress = selectors.batch_progress(batch)
    items = [
        {"item": item, "reason": failure_message(item.error_code) if item.error_code else ""}
        for item in selectors.batch_items(batch)
    ]
    return render(request, "bulk/batch.html", {"batch": batch, "progress": progress, "items": items})


@login_required
def batch_progress_json(request: HttpRequest, uuid: Any) -> JsonResponse:
    batch = _batch(request, uuid)
    response = JsonResponse(selectors.batch_progress(batch).to_json())
    response["Cache-Control"] = "no-store"
    return response
