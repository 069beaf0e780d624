from django.apps import AppConfig


class QaConfig(AppConfig):
    name = "microcred_web.qa"
    label = "qa"
    default_auto_field = "django.db.models.BigAutoField"
