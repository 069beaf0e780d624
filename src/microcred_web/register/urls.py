"""Public register URLs. /register/, /register.csv, /register/<uuid>/ and
/register/<institution>/<code>/ are stable: other systems link to them."""

from django.urls import path
from django.views.generic import RedirectView

from microcred_web.register import views

app_name = "register"
urlpatterns = [
    # The site's front door is the register; one address for it keeps links and caches simple.
    path("", RedirectView.as_view(pattern_name="register:index"), name="home"),
    path("register/", views.register_index, name="index"),
    path("register.csv", views.register_csv, name="csv"),
    path("register/<uuid:uuid>/", views.register_detail, name="detail"),
    path("register/<uuid:uuid>/spec.json", views.register_spec_json, name="spec_json"),
    path("register/<uuid:uuid>/elm.jsonld", views.register_elm, name="elm"),
    path("register/<uuid:uuid>/achievement.json", views.register_achievement, name="achievement"),
    path("register/<slug:institution>/<str:code>/", views.register_stable, name="stable"),
    path("institutions/", views.institution_index, name="institutions"),
    path("institutions/<slug:slug>/", views.institution_detail, name="institution"),
]
