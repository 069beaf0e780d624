from django.apps import AppConfig


class BulkConfig(AppConfig):
    name = "microcred_web.bulk"
    label = "bulk"
    default_auto_field = "django.db.models.BigAutoField"
