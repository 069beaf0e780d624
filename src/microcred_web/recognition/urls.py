"""URLs of the recognition desk, mounted at /recognition/."""

from __future__ import annotations

from django.urls import path

from microcred_web.recognition import views

app_name = "recognition"

urlpatterns = [
    path("", views.workspace, name="workspace"),
    path("cases/new/", views.case_open, name="open"),
    path("cases/import/", views.case_import, name="import"),
    path("cases/<uuid:uuid>/", views.case_detail, name="case"),
    path("cases/<uuid:uuid>/target/", views.case_target, name="target"),
    path("cases/<uuid:uuid>/matrix/", views.case_lo, name="lo"),
    path("cases/<uuid:uuid>/matrix/edit/", views.case_lo_edit, name="lo_edit"),
    path("cases/<uuid:uuid>/matrix/sign-off/", views.case_lo_sign_off, name="lo_sign_off"),
    path("cases/<uuid:uuid>/level/", views.case_level, name="level"),
    path("cases/<uuid:uuid>/reclassify/", views.case_reclassify, name="reclassify"),
    path(
        "cases/<uuid:uuid>/reclassify/<int:index>/approve/",
        views.case_reclassify_approve,
        name="reclassify_approve",
    ),
    path("cases/<uuid:uuid>/supply/", views.case_supply, name="supply"),
    path("cases/<uuid:uuid>/propose/", views.case_propose, name="propose"),
    path("cases/<uuid:uuid>/decide/", views.case_decide, name="decide"),
    path("cases/<uuid:uuid>/approve/", views.case_approve, name="approve"),
    path("cases/<uuid:uuid>/replay/", views.case_replay, name="replay"),
    path("cases/<uuid:uuid>/appeal/", views.appeal_decide, name="appeal_decide"),
    path("cases/<uuid:uuid>/close/", views.case_close, name="close"),
    path("cases/<uuid:uuid>/conditions-met/", views.case_conditions_met, name="conditions_met"),
    path("cases/<uuid:uuid>/issue/", views.decision_issue, name="issue"),
    path("cases/<uuid:uuid>/revoke/", views.decision_revoke, name="revoke"),
    path("cases/<uuid:uuid>/decision.json", views.decision_download, name="decision_credential"),
    path(
        "cases/<uuid:uuid>/decisions/<uuid:credential>.json",
        views.decision_credential_download,
        name="decision_credential_version",
    ),
    path("cases/<uuid:uuid>/notice/", views.notice_page, name="notice"),
    path("cases/<uuid:uuid>/notice.pdf", views.notice_pdf, name="notice_pdf"),
    path("requests/", views.issuer_requests, name="issuer_requests"),
    path("my/", views.my_cases, name="my_cases"),
    path("my/new/", views.request_new, name="request"),
    path("my/<uuid:uuid>/", views.my_case, name="my_case"),
    path("my/<uuid:uuid>/answer/", views.my_case_answer, name="answer"),
    path("precedents/", views.precedents, name="precedents"),
]
