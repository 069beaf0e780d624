"""Employers' URLs (ADR 1430-1433), included at the root."""

from django.urls import path

from microcred_web.skills import employer_views as views

app_name = "employers"

urlpatterns = [
    path("organisations/<slug:slug>/did.json", views.did_document, name="did_document"),
    path(
        "organisations/<slug:slug>/status/endorsements", views.endorsement_status, name="endorsement_status"
    ),
    path("endorsements/<uuid:uuid>.json", views.endorsement_json, name="endorsement_json"),
    path("employers/", views.home, name="home"),
    path("employers/<slug:slug>/demand/<int:pk>/", views.demand_edit, name="demand_edit"),
    path("employers/<slug:slug>/drafts/<uuid:uuid>/", views.codesign_page, name="codesign"),
    path("employers/<slug:slug>/endorse/", views.endorse, name="endorse"),
    path("employers/<slug:slug>/keys/rotate/", views.key_rotate, name="key_rotate"),
    path("employers/<slug:slug>/keys/compromised/", views.key_compromised, name="key_compromised"),
    path("employers/endorsements/<uuid:uuid>/revoke/", views.endorsement_revoke, name="endorsement_revoke"),
    path("studio/versions/<uuid:uuid>/co-design/", views.studio_codesign, name="studio_codesign"),
]
