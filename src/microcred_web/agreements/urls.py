"""URLs of the agreement pages, mounted at /recognition/ (the paths they always had; ADR 0858)."""

from __future__ import annotations

from django.urls import path

from microcred_web.agreements import views

app_name = "agreements"

urlpatterns = [
    path("agreements/", views.agreements, name="agreements"),
    path("agreements/new/", views.agreement_new, name="agreement_new"),
    path("agreements/<slug:agreement_id>/<int:version>/", views.agreement_detail, name="agreement"),
    path("agreements/<slug:agreement_id>/<int:version>.json", views.agreement_json, name="agreement_json"),
    path(
        "agreements/<slug:agreement_id>/<int:version>/approve/",
        views.agreement_approve,
        name="agreement_approve",
    ),
    path(
        "agreements/<slug:agreement_id>/<int:version>/withdraw/",
        views.agreement_withdraw,
        name="agreement_withdraw",
    ),
    path(
        "agreements/<slug:agreement_id>/<int:version>/<str:action>/",
        views.agreement_status,
        name="agreement_status",
    ),
]
