"""Staff who must have a second factor reach nothing until they have set one up (ADR 0310)."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

from microcred_web.accounts.second_factor import has_second_factor, second_factor_required

# What a signed-in user without the second factor may still reach: setting it up (and the
# re-authentication allauth asks for first), signing out, the language switch, static files.
_OPEN_PREFIXES = ("/accounts/2fa/", "/accounts/reauthenticate/", "/accounts/logout/", "/i18n/", "/static/")


class SecondFactorRequiredMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and not request.path.startswith(_OPEN_PREFIXES)
            and second_factor_required(user)
            and not has_second_factor(user)
        ):
            setup = reverse("mfa_activate_totp")
            if request.path.startswith("/api/"):
                # The studio API (session + CSRF) answers JSON, not a page to follow.
                return JsonResponse(
                    {
                        "detail": "set up a second factor first",
                        "code": "second_factor_required",
                        "setup": setup,
                    },
                    status=403,
                )
            return redirect(f"{setup}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)
