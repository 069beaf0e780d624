"""The claim link's page: the learner signs in (or creates an account) and takes the credential
into their account (ADR 1110). The link is the invitation: sign-up is otherwise closed."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from microcred_web.notifications import services
from microcred_web.notifications.messages import message
from microcred_web.privacy.views import consent_redirect


def _reason(exc: services.ClaimError) -> str:
    if exc.code == "password" and exc.messages:
        return " ".join(exc.messages)
    return message(f"claim.{exc.code}")


@require_http_methods(["GET", "POST"])
def claim(request: HttpRequest, token: str) -> HttpResponse:
    try:
        found = services.claim_check(token=token, request=request)
    except services.ClaimError as exc:
        return render(request, "notifications/claim_invalid.html", {"reason": _reason(exc)}, status=410)
    error = ""
    if request.method == "POST":
        try:
            if request.user.is_authenticated:
                credential = services.claim_take(token=token, user=request.user, request=request)
            elif request.POST.get("password1", "") != request.POST.get("password2", ""):
                raise services.ClaimError("passwords_differ", where="password2")
            else:
                user = services.claim_sign_up(
                    token=token,
                    username=request.POST.get("username", ""),
                    password=request.POST.get("password1", ""),
                    request=request,
                )
                login(request, user, backend="django.contrib.auth.backends.ModelBackend")
                credential = found.credential
        except services.ClaimError as exc:
            error = _reason(exc)
            if exc.code in ("used", "expired", "revoked", "unknown", "other_account"):
                return render(request, "notifications/claim_invalid.html", {"reason": error}, status=409)
        else:
            messages.success(request, _("The credential is in your account."))
            page = reverse("credentials:page", kwargs={"uuid": credential.uuid})
            return redirect(consent_redirect(request, page))  # asked first when pending (ADR 1371)
    credential = found.credential
    return render(
        request,
        "notifications/claim.html",
        {
            "credential": credential,
            "title": services.version_title(credential.version) or _("Credential"),
            "institution": credential.institution.display_name(request.LANGUAGE_CODE),
            "error": error,
            "username": request.POST.get("username", credential.learner_email.split("@", 1)[0]),
            "login_url": f"{reverse('accounts:login')}?next={request.path}",
        },
        status=400 if error else 200,
    )
