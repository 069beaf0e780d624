"""Every URL of the credentials app (mounted at the site root)."""

from django.urls import path

from microcred_web.credentials import api, views, views_public

app_name = "credentials"
urlpatterns = [
    path("institutions/<slug:slug>/did.json", views_public.did_document, name="did_document"),
    path("status/<slug:slug>/<slug:list_id>", views_public.status_list, name="status_list"),
    path("status/<slug:slug>/<slug:list_id>/publish", api.publish_status_list, name="status_list_publish"),
    path("trust/registry.json", views_public.trust_registry, name="trust_registry"),
    path("vc-api/credentials/issue", api.issue, name="vcapi_issue"),
    path("vc-api/credentials/verify", api.verify_credential, name="vcapi_verify"),
    path("vc-api/credentials/status", api.update_status, name="vcapi_status"),
    path("vc-api/presentations/verify", api.verify_presentation, name="vcapi_verify_presentation"),
    path("vc-api/status-lists", api.create_status_list, name="vcapi_status_lists"),
    path("vc-api/status-lists/<slug:slug>/<slug:list_id>", api.get_status_list, name="vcapi_status_list"),
    path(
        "vc-api/status-lists/<slug:slug>/<slug:list_id>/publish",
        api.publish_status_list,
        name="vcapi_status_list_publish",
    ),
    path("credentials/<uuid:uuid>/", views.credential_page, name="page"),
    path("credentials/<uuid:uuid>/credential.<str:fmt>", views.credential_download, name="download"),
    path("credentials/<uuid:uuid>/qr.svg", views.credential_qr, name="qr"),
    path("credentials/<uuid:uuid>/certificate.pdf", views.credential_certificate, name="certificate"),
    path("credentials/<uuid:uuid>/badge.<str:fmt>", views.credential_badge, name="badge"),
    path("credentials/<uuid:uuid>/share/", views.credential_share, name="share"),
    path("credentials/<uuid:uuid>/correct/", views.credential_correct, name="correct"),
    path("credentials/<uuid:uuid>/status/", views.credential_status_change, name="status_change"),
    path("verify/", views.verify_page, name="verify"),
    path("verify/batch/", views.verify_batch_page, name="verify_batch"),
    path("learner/credentials/", views.learner_credentials, name="learner"),
    path("studio/issue/", views.studio_issue, name="issue"),
    path("studio/issue/<uuid:uuid>/", views.studio_issued, name="issued"),
    path("studio/keys/", views.studio_keys, name="keys"),
    path("studio/keys/<slug:slug>/", views.studio_keys_action, name="keys_action"),
    path("studio/keys/<slug:slug>/retire/<int:pk>/", views.studio_key_retire, name="key_retire"),
]
