"""Public register URLs. /register/, /register.csv, /register/<uuid>/ and
/register/<institution>/<code>/, /statistics/, /feed.atom, /sitemap.xml and
/register/elm.jsonld are stable: other systems link to them."""

from django.urls import path

from microcred_web.register import public_views, views

app_name = "register"
urlpatterns = [
    # The site's front door says what the platform is and leads to the register (issue 15 item 5).
    path("", public_views.home, name="home"),
    path("statistics/", public_views.statistics_page, name="statistics"),
    path("feed.atom", public_views.atom_feed, name="feed"),
    path("sitemap.xml", public_views.sitemap, name="sitemap"),
    path("register/elm.jsonld", public_views.elm_dump, name="elm_dump"),
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
