"""Studio URLs (mounted at /studio/)."""

from django.urls import path

from microcred_web.catalogue import views

app_name = "catalogue"
urlpatterns = [
    path("", views.studio_index, name="index"),
    path("new/", views.version_create, name="create"),
    path("upload/", views.upload_create, name="upload"),
    path("check/", views.check, name="check"),
    path("guide/", views.guide, name="guide"),
    path("versions/<uuid:uuid>/", views.version_detail, name="version"),
    path("versions/<uuid:uuid>/spec.json", views.version_spec_json, name="spec_json"),
    path("versions/<uuid:uuid>/edit/", views.version_edit, name="edit"),
    path("versions/<uuid:uuid>/upload/", views.upload_replace, name="upload_replace"),
    path("versions/<uuid:uuid>/actions/", views.version_action, name="action"),
    path("versions/<uuid:uuid>/comments/", views.version_comment, name="comment"),
]
