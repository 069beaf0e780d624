"""The claim link (mounted at /claim/; README "E-mail and to-do lists")."""

from django.urls import path

from microcred_web.notifications import views

app_name = "notifications"
urlpatterns = [
    path("<str:token>/", views.claim, name="claim"),
]
