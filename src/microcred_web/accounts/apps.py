from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "microcred_web.accounts"
    label = "accounts"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from microcred_web.accounts import signals  # noqa: F401 - connects the security log
