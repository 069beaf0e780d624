"""The OpenID4VCI 1.0 issuer's URLs (ADR 1360; listed in the README)."""

from django.urls import path

from microcred_web.wallet import views

app_name = "wallet"
urlpatterns = [
    path(".well-known/openid-credential-issuer", views.issuer_metadata, name="issuer_metadata"),
    path(".well-known/oauth-authorization-server", views.authorization_server_metadata, name="as_metadata"),
    path("oid4vci/offers/<str:code>", views.offer, name="offer"),
    path("oid4vci/token", views.token, name="token"),
    path("oid4vci/nonce", views.nonce, name="nonce"),
    path("oid4vci/credential", views.credential, name="credential"),
    path("credentials/<uuid:uuid>/wallet/", views.wallet_offer_page, name="offer_page"),
]
