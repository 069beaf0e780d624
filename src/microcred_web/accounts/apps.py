from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "microcred_web.accounts"
    label = "accounts"
    default_auto_field = "django.db.models.BigAutoField"
