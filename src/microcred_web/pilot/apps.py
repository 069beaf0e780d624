from django.apps import AppConfig


class PilotConfig(AppConfig):
    name = "microcred_web.pilot"
    label = "pilot"
    default_auto_field = "django.db.models.BigAutoField"
