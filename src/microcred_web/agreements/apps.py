from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AgreementsConfig(AppConfig):
    """Recognition agreements (recognition.md §5): their versions and change log (ADR 0858)."""

    name = "microcred_web.agreements"
    label = "agreements"
    verbose_name = _("Recognition agreements")
    default_auto_field = "django.db.models.BigAutoField"
