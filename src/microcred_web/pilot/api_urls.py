"""The pilot's JSON API, mounted at /api/pilot/ before the ninja API (README "Web")."""

from django.urls import path

from microcred_web.pilot import api

app_name = "pilot_api"
urlpatterns = [
    path("offerings/<int:pk>/results", api.submit_results, name="results"),
    path("summary", api.summary, name="summary"),
]
