from django.urls import path

from microcred_web.privacy import views

app_name = "privacy"

urlpatterns = [
    path("privacy/", views.notice, name="notice"),
    path("learner/my-data/", views.my_data, name="my_data"),
    path("learner/privacy-consent/", views.consent, name="consent"),
    path("learner/my-data.json", views.my_data_json, name="my_data_json"),
    path("learner/my-data/erased/<uuid:receipt>/", views.erased, name="erased"),
]
