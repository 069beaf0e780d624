"""Pages of the pilot, mounted at /pilot/ (README, "Web")."""

from django.urls import path

from microcred_web.pilot import views

app_name = "pilot"
urlpatterns = [
    path("", views.index, name="index"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("offerings/new/", views.offering_new, name="offering_new"),
    path("offerings/<int:pk>/", views.offering, name="offering"),
    path("offerings/<int:pk>/enrol/", views.enrol, name="enrol"),
    path("offerings/<int:pk>/import/", views.results_import, name="import"),
    path("offerings/<int:pk>/issue/", views.issue_eligible, name="issue"),
    path("offerings/<int:pk>/cohort.csv", views.cohort_export, name="cohort_csv"),
    path("imports/<int:pk>/commit/", views.results_commit, name="commit"),
    path("template.<str:fmt>", views.template, name="template"),
]
