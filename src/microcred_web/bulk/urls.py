"""Bulk issuing pages (mounted at /studio/bulk/; README "Bulk issuing")."""

from django.urls import path

from microcred_web.bulk import views

app_name = "bulk"
urlpatterns = [
    path("", views.batch_list, name="list"),
    path("new/", views.batch_start, name="start"),
    path("<uuid:uuid>/", views.batch_page, name="batch"),
    path("<uuid:uuid>/progress.json", views.batch_progress_json, name="progress"),
]
