"""The agreement pages (recognition.md §5; ADR 0802, ADR 0858): the register, a version, its
JSON, a proposal, approval, withdrawal, suspension and expiry; the rules are the services'."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from microcred.errors import MicrocredError
from microcred_web.agreements import forms
from microcred_web.agreements import services as agreement_services
from microcred_web.agreements.models import Agreement, AgreementStatus, AgreementType
from microcred_web.credentials.messages import error_message
from microcred_web.recognition import messages as recognition_messages
from microcred_web.recognition.permissions import (
    admin_institution_ids,
    can_approve_agreement,
    can_propose_agreement,
    can_suspend_agreement,
    is_agreement_staff,
)


def _fail(request: HttpRequest, exc: MicrocredError) -> None:
    coded = recognition_messages.error_text(exc)
    messages.error(request, coded if coded != str(exc) else error_message(exc))


def _agreement(agreement_id: str, version: int) -> Agreement:
    row = agreement_services.agreement_by_ref(agreement_id, version)
    if row is None:
        raise Http404("no such agreement version")
    return row


def agreements(request: HttpRequest) -> HttpResponse:
    """The agreements register: published versions for everyone, drafts for the parties' staff."""
    form = forms.AgreementFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    rows = [
        a
        for a in agreement_services.agreements_list(
            institution=filters.get("institution", ""), status=filters.get("status", "")
        )
        if agreement_services.visible(request.user, a)
    ]
    user = request.user
    may_propose = bool(getattr(user, "is_superuser", False) or admin_institution_ids(user))
    return render(
        request,
        "agreements/agreements.html",
        {"form": form, "rows": rows, "may_propose": may_propose, "today": timezone.localdate()},
    )


def agreement_detail(request: HttpRequest, agreement_id: str, version: int) -> HttpResponse:
    row = _agreement(agreement_id, version)
    if not agreement_services.visible(request.user, row):
        raise PermissionDenied("not allowed: this draft is visible to the parties' staff only")
    user = request.user
    staff = is_agreement_staff(user, row)
    return render(
        request,
        "agreements/agreement.html",
        {
            "a": row,
            "params": agreement_services.readable_parameters(row),
            "changes": row.changes.select_related("by").all(),
            "staff": staff,
            "versions": agreement_services.agreements_list().filter(agreement_id=row.agreement_id),
            "can_approve": row.status == AgreementStatus.DRAFT and can_approve_agreement(user, row),
            "own_draft": row.status == AgreementStatus.DRAFT and row.proposed_by_id == user.pk,
            "can_suspend": row.status == AgreementStatus.ACTIVE and can_suspend_agreement(user, row),
            "can_withdraw": row.status == AgreementStatus.DRAFT
            and (row.proposed_by_id == user.pk or can_suspend_agreement(user, row)),
            "can_propose": row.is_published
            and can_propose_agreement(
                user,
                consortium=row.type == AgreementType.CONSORTIUM,
                party_ids={i.pk for i in (*row.sending.all(), *row.receiving.all())},
            ),
            "reason_form": forms.AgreementReasonForm(),
        },
    )


def agreement_json(request: HttpRequest, agreement_id: str, version: int) -> JsonResponse:
    row = _agreement(agreement_id, version)
    if not agreement_services.visible(request.user, row):
        raise PermissionDenied("not allowed: this draft is visible to the parties' staff only")
    return JsonResponse(agreement_services.agreement_document(row), json_dumps_params={"ensure_ascii": False})


@login_required
def agreement_new(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not (getattr(user, "is_superuser", False) or admin_institution_ids(user)):
        raise PermissionDenied("not allowed: only institution administrators and consortium administrators")
    base = None
    ref = request.GET.get("from", "")
    if ref:
        base = agreement_services.agreement_for_ref(ref)
        if base is None or not agreement_services.visible(user, base):
            raise Http404("no such agreement version")
    form = forms.AgreementForm(request.POST or None, initial=forms.agreement_initial(base) if base else None)
    if request.method == "POST" and form.is_valid():
        try:
            row = agreement_services.agreement_propose(by=user, proposal=form.proposal())
        except MicrocredError as exc:
            form.add_core_error(exc)  # on the field it concerns; nothing was saved
        else:
            messages.success(
                request, _("The version is proposed; another authorised person must approve it.")
            )
            return redirect("agreements:agreement", row.agreement_id, row.version)
    return render(request, "agreements/agreement_form.html", {"form": form, "base": base})


@login_required
@require_POST
def agreement_approve(request: HttpRequest, agreement_id: str, version: int) -> HttpResponse:
    row = _agreement(agreement_id, version)
    try:
        agreement_services.agreement_approve(agreement=row, by=request.user)
    except MicrocredError as exc:
        _fail(request, exc)
    else:
        messages.success(request, _("The version is approved and active."))
    return redirect("agreements:agreement", agreement_id, version)


@login_required
@require_POST
def agreement_withdraw(request: HttpRequest, agreement_id: str, version: int) -> HttpResponse:
    row = _agreement(agreement_id, version)
    try:
        agreement_services.agreement_withdraw(agreement=row, by=request.user)
    except MicrocredError as exc:
        _fail(request, exc)
        return redirect("agreements:agreement", agreement_id, version)
    messages.success(request, _("The draft is withdrawn."))
    return redirect("agreements:agreements")


@login_required
@require_POST
def agreement_status(request: HttpRequest, agreement_id: str, version: int, action: str) -> HttpResponse:
    row = _agreement(agreement_id, version)
    service = {
        "suspend": agreement_services.agreement_suspend,
        "expire": agreement_services.agreement_expire,
    }.get(action)
    if service is None:
        raise Http404("no such action")
    form = forms.AgreementReasonForm(request.POST)
    try:
        service(agreement=row, by=request.user, reason=form.data.get("reason", ""))
    except MicrocredError as exc:
        _fail(request, exc)
    else:
        messages.success(request, _("The agreement's status is changed."))
    return redirect("agreements:agreement", agreement_id, version)
