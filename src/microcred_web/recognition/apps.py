from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RecognitionConfig(AppConfig):
    name = "microcred_web.recognition"
    label = "recognition"
    verbose_name = _("Recognition")
    default_auto_field = "django.db.models.BigAutoField"
