from django.urls import path

from microcred_web.skills import views

app_name = "skills"

urlpatterns = [
    path("versions/<uuid:uuid>/skills/", views.version_skills, name="version_skills"),
]
