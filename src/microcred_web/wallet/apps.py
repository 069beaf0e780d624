from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WalletConfig(AppConfig):
    """Credentials delivered to the learner's wallet over OpenID4VCI 1.0 (ADR 1360)."""

    name = "microcred_web.wallet"
    label = "wallet"
    verbose_name = _("Wallet delivery (OpenID4VCI)")
    default_auto_field = "django.db.models.BigAutoField"
