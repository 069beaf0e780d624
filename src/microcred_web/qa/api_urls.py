"""The QA plan's JSON API, mounted at /api/qa/ before the ninja API (README "QA")."""

from django.urls import path

from microcred_web.qa import api

app_name = "qa_api"
urlpatterns = [
    path("indicators", api.indicators, name="indicators"),
    path("report", api.report, name="report"),
]
