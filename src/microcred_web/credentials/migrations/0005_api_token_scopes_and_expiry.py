# VC-API tokens get scopes and an expiry (ADR 0310). Tokens made before keep every scope and
# expire 90 days after this migration, so no running client breaks at once.

from datetime import timedelta

from django.db import migrations, models
from django.utils import timezone


def expire_existing_tokens_later(apps, schema_editor):
    ApiToken = apps.get_model("credentials", "ApiToken")
    ApiToken.objects.filter(expires_at__isnull=True).update(expires_at=timezone.now() + timedelta(days=90))


class Migration(migrations.Migration):
    dependencies = [
        ("credentials", "0004_institution_key_compromised_since"),
    ]

    operations = [
        migrations.AddField(
            model_name="apitoken",
            name="expires_at",
            field=models.DateTimeField(null=True, verbose_name="expires at"),
        ),
        migrations.RunPython(expire_existing_tokens_later, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="apitoken",
            name="expires_at",
            field=models.DateTimeField(verbose_name="expires at"),
        ),
        migrations.AddField(
            model_name="apitoken",
            name="scopes",
            field=models.CharField(
                default="issue status status_lists",
                help_text="What the token may do, space-separated: issue, status, status_lists.",
                max_length=100,
                verbose_name="scopes",
            ),
        ),
    ]
