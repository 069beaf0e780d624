"""The register's search table (ADR 1520), filled from the versions already published."""

from typing import Any

import django.db.models.deletion
from django.db import migrations, models

from microcred.search import title_text


def backfill(apps: Any, schema_editor: Any) -> None:
    Version = apps.get_model("catalogue", "MicroCredentialVersion")
    SearchEntry = apps.get_model("register", "SearchEntry")
    current: dict[int, Any] = {}
    for v in Version.objects.filter(status="published").only("pk", "micro_credential_id", "version", "spec"):
        seen = current.get(v.micro_credential_id)
        if seen is None or v.version > seen.version:
            current[v.micro_credential_id] = v
    SearchEntry.objects.bulk_create(
        [
            SearchEntry(
                micro_credential_id=mc, version_id=v.pk, title_text=title_text((v.spec or {}).get("title"))
            )
            for mc, v in current.items()
        ],
        batch_size=500,
    )


class Migration(migrations.Migration):
    initial = True

    dependencies = [("catalogue", "0002_version_edits_record_editors")]

    operations = [
        migrations.CreateModel(
            name="SearchEntry",
            fields=[
                (
                    "micro_credential",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="search_entry",
                        serialize=False,
                        to="catalogue.microcredential",
                    ),
                ),
                (
                    "title_text",
                    models.TextField(
                        blank=True, help_text="Normalised title words, every language (ADR 0401)."
                    ),
                ),
                (
                    "version",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="search_entry",
                        to="catalogue.microcredentialversion",
                    ),
                ),
            ],
            options={
                "verbose_name": "register search entry",
                "verbose_name_plural": "register search entries",
            },
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop),
    ]
