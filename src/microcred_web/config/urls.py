"""Root URLs. Each app owns its own urls module; paths named in the README are stable."""

from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

from microcred_web.api.api import api

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    # the pilot's results API (a plain view with a VC-API bearer token, before ninja's api/)
    path("api/pilot/", include("microcred_web.pilot.api_urls")),
    path("api/qa/", include("microcred_web.qa.api_urls")),
    path("api/", api.urls),
    # Early: a VC-API verify request is resolved in a few steps, not after ~54 routes (ADR 1250);
    # no route hides another in this order (tests/web/test_no_route_is_shadowed.py).
    path("", include("microcred_web.credentials.urls")),
    # the agreements' admin pages moved with their app (ADR 0858); old links still lead there
    *[
        path(
            f"admin/recognition/{model}/{tail}",
            RedirectView.as_view(
                url=f"/admin/agreements/{model}/{target}", permanent=True, query_string=True
            ),
        )
        for model in ("agreement", "agreementchange")
        for tail, target in (("", ""), ("<path:rest>", "%(rest)s"))
    ],
    path("admin/", admin.site.urls),
    path("accounts/", include("microcred_web.accounts.urls")),
    path("accounts/", include("allauth.urls")),  # password reset, e-mail, 2fa/, oidc/ (ADR 0310)
    path("studio/bulk/", include("microcred_web.bulk.urls")),
    path("studio/", include("microcred_web.skills.urls")),
    path("", include("microcred_web.skills.employer_urls")),
    path("skills/", include("microcred_web.skills.public_urls")),
    path("studio/", include("microcred_web.catalogue.urls")),
    path("recognition/", include("microcred_web.agreements.urls")),  # /recognition/agreements/… (ADR 0858)
    path("recognition/", include("microcred_web.recognition.urls")),
    path("pilot/", include("microcred_web.pilot.urls")),
    path("qa/", include("microcred_web.qa.urls")),
    path("claim/", include("microcred_web.notifications.urls")),
    path("", include("microcred_web.privacy.urls")),
    path("", include("microcred_web.wallet.urls")),
    path("", include("microcred_web.institutions.urls")),
    path("", include("microcred_web.register.urls")),
]

# Pages read the language from the session/cookie/Accept-Language (LocaleMiddleware), so
# public URLs such as /register/ stay the same in every language.
_ = i18n_patterns
