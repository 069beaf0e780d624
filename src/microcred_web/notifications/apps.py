from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "microcred_web.notifications"
    label = "notifications"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from microcred_web.notifications import signals  # noqa: F401 - connects the receivers
