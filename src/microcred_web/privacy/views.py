"""A learner's own data: the privacy notice, the download of everything held, erasure (ADR 1332)."""

from __future__ import annotations

import json
from uuid import UUID

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from microcred_web.core.security_log import SecurityEvent, security_event
from microcred_web.privacy import selectors, services
from microcred_web.privacy.forms import ConsentForm, ErasureForm
from microcred_web.privacy.models import ErasureRecord, PersonalDataDownload


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
    PersonalDataDownload.objects.create(user=request.user)  # who and when, for the admin (ADR 1372)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="my-data.json"'
    response["Cache-Control"] = "no-store"
    return response


def erased(request: HttpRequest, receipt: UUID) -> HttpResponse:
    """The confirmation: the receipt and how many records were erased or kept (no personal data)."""
    record = get_object_or_404(ErasureRecord, receipt=receipt)
    return render(request, "privacy/erased.html", {"record": record, "counts": record.counts})


def _safe_next(request: HttpRequest, url: str) -> str:
    """``url`` when it stays on this site, else the home page (no open redirect)."""
    if url and url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()}, require_https=False):
        return url
    return reverse("accounts:home")


def consent_redirect(request: HttpRequest, then: str) -> str:
    """Where to go after signing in or claiming: the consent page first when the learner has a
    consent still pending (ADR 1371), with ``then`` to come back to; else ``then``."""
    if selectors.consents_pending_for(request.user).exists():
        return reverse("privacy:consent") + "?" + urlencode({"next": then})
    return then


@login_required
@require_http_methods(["GET", "POST"])
def consent(request: HttpRequest) -> HttpResponse:
    """The privacy notice, asked of a learner enrolled by a registrar or from a file (ADR 1371)."""
    pending = list(selectors.consents_pending_for(request.user))
    form = ConsentForm(request.POST or None)
    then = _safe_next(request, request.POST.get("next") or request.GET.get("next") or "")
    one_answer = len(request.POST.getlist("answer")) == 1  # both buttons at once is no answer
    if request.method == "POST" and one_answer and form.is_valid():
        agree = form.cleaned_data["answer"] == "agree"
        counts = services.consent_answer(user=request.user, agree=agree)
        if counts["answered"]:
            security_event(
                SecurityEvent.PRIVACY_CONSENT_ANSWERED,
                request=request,
                answer=form.cleaned_data["answer"],
                consents=counts["answered"],
                enrolments_erased=counts["enrolments_erased"],
            )
        if not counts["answered"]:  # answered before, in another tab: nothing to say
            pass
        elif agree:
            messages.success(request, _("Thank you: your consent is recorded."))
        else:
            messages.info(
                request,
                _(
                    "Your refusal is recorded and your enrolment details were erased. Credentials "
                    "already issued to you stay valid."
                ),
            )
        return redirect(then)
    language = get_language() or "en"
    institutions = sorted(
        {c.enrolment.offering.version.micro_credential.institution.display_name(language) for c in pending}
    )
    return render(
        request,
        "privacy/consent.html",
        {
            "pending": pending,
            "institutions": institutions,
            "next": then,
            "refused_answer": request.method == "POST",
        },
    )
