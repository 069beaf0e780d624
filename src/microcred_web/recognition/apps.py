from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RecognitionConfig(AppConfig):
    name = "microcred_web.recognition"
    label = "recognition"
    verbose_name = _("Recognition")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from microcred_web.notifications.models import Kind
        from microcred_web.notifications.services import composer_register
        from microcred_web.recognition.mail import information_request_context

        composer_register(Kind.INFORMATION_REQUEST, information_request_context)
