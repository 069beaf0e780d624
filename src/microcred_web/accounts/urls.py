"""Account URLs (mounted at /accounts/)."""

from django.contrib.auth import views as auth_views
from django.urls import path

from microcred_web.accounts import views

app_name = "accounts"
urlpatterns = [
    path(
        "login/",
        auth_views.LoginView.as_view(template_name="accounts/login.html", redirect_authenticated_user=True),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("", views.home, name="home"),
    path("staff/", views.staff, name="staff"),
    path("staff/<int:pk>/remove/", views.staff_remove, name="staff_remove"),
]
