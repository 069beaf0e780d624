from django.apps import AppConfig


class RegisterConfig(AppConfig):
    name = "microcred_web.register"
    label = "register"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from microcred_web.register import signals  # noqa: F401  (connects the receivers)
