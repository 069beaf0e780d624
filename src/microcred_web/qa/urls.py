"""Pages of the QA plan, mounted at /qa/ (README "QA")."""

from django.urls import path

from microcred_web.qa import report_views, survey_views, views

app_name = "qa"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("targets/", views.target_edit, name="target"),
    path("review/<uuid:uuid>/", views.review, name="review"),
    # surveys and reports (ADR 1540)
    path("surveys/learner/<int:pk>/", survey_views.learner_survey, name="learner_survey"),
    path("surveys/employer/", survey_views.employer_surveys, name="employer_surveys"),
    path(
        "surveys/employer/<slug:employer>/<int:pk>/", survey_views.employer_feedback, name="employer_feedback"
    ),
    path("surveys/results/", survey_views.survey_results, name="survey_results"),
    path("reports/", report_views.reports_page, name="reports"),
    path("reports/report.<str:fmt>", report_views.report_file, name="report_file"),
]
