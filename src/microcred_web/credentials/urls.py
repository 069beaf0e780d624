"""Every URL of the credentials app (mounted at the site root)."""

from django.urls import path

from microcred_web.credentials import api, views_public

app_name = "credentials"
urlpatterns = [
    path("institutions/<slug:slug>/did.json", views_public.did_document, name="did_document"),
    path("status/<slug:slug>/<slug:list_id>", views_public.status_list, name="status_list"),
    path("vc-api/credentials/issue", api.issue, name="vcapi_issue"),
    path("vc-api/credentials/verify", api.verify_credential, name="vcapi_verify"),
    path("vc-api/credentials/status", api.update_status, name="vcapi_status"),
    path("vc-api/presentations/verify", api.verify_presentation, name="vcapi_verify_presentation"),
    path("vc-api/status-lists", api.create_status_list, name="vcapi_status_lists"),
    path("vc-api/status-lists/<slug:slug>/<slug:list_id>", api.get_status_list, name="vcapi_status_list"),
]
