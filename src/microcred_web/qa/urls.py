"""Pages of the QA plan, mounted at /qa/ (README "QA")."""

from django.urls import path

from microcred_web.qa import views

app_name = "qa"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("targets/", views.target_edit, name="target"),
    path("review/<uuid:uuid>/", views.review, name="review"),
]
