"""Account URLs (mounted at /accounts/; allauth's own pages are mounted there too, ADR 0310)."""

from allauth.account import views as allauth_views
from django.urls import path

from microcred_web.accounts import invitation_views, views

app_name = "accounts"
urlpatterns = [
    # The names other apps and templates use (accounts:login, accounts:logout) stay; the views
    # are allauth's, so lock-out and the second factor apply to every sign-in.
    path("login/", allauth_views.LoginView.as_view(), name="login"),
    path("logout/", allauth_views.LogoutView.as_view(), name="logout"),
    path("", views.home, name="home"),
    path("staff/", views.staff, name="staff"),
    path("staff/<int:pk>/remove/", views.staff_remove, name="staff_remove"),
    path("staff/invitations/", invitation_views.invitations, name="invitations"),
    path(
        "staff/invitations/<int:pk>/withdraw/",
        invitation_views.invitation_withdraw,
        name="invitation_withdraw",
    ),
    path("invitations/<str:token>/", invitation_views.invitation_accept, name="invitation_accept"),
]
