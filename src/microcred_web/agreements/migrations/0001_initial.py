"""The agreements move from the recognition app into their own (ADR 0858): the state only.
The tables stay where they are (``db_table`` keeps the recognition app's names), so no row is
copied; the content types follow, so permissions and admin log entries keep pointing at them."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

MODELS = ("agreement", "agreementchange")


def _move_content_types(apps, schema_editor, source="recognition", target="agreements"):  # type: ignore[no-untyped-def]
    content_type = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    for model in MODELS:
        if content_type.objects.using(db).filter(app_label=target, model=model).exists():
            continue
        content_type.objects.using(db).filter(app_label=source, model=model).update(app_label=target)


def _move_content_types_back(apps, schema_editor):  # type: ignore[no-untyped-def]
    _move_content_types(apps, schema_editor, source="agreements", target="recognition")


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("institutions", "0002_legal_identifier"),
        ("recognition", "0009_case_event_hash_format"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Agreement",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("agreement_id", models.CharField(max_length=80)),
                        ("version", models.PositiveIntegerField()),
                        ("title", models.CharField(max_length=300)),
                        (
                            "type",
                            models.CharField(
                                choices=[
                                    ("consortium", "Consortium profile"),
                                    ("bilateral", "Bilateral agreement"),
                                    ("institutional_policy", "Institutional policy"),
                                ],
                                max_length=30,
                            ),
                        ),
                        (
                            "status",
                            models.CharField(
                                choices=[
                                    ("draft", "Draft: waiting for approval"),
                                    ("active", "Active"),
                                    ("suspended", "Suspended"),
                                    ("expired", "Expired"),
                                ],
                                default="draft",
                                max_length=20,
                            ),
                        ),
                        ("date_signed", models.DateField(blank=True, null=True)),
                        ("date_effective", models.DateField()),
                        ("expiration_date", models.DateField(blank=True, null=True)),
                        ("any_member", models.BooleanField(default=False)),
                        ("programmes", models.JSONField(blank=True, default=list)),
                        (
                            "direction",
                            models.CharField(
                                choices=[
                                    ("one_way", "One way: sending to receiving"),
                                    ("reciprocal", "Reciprocal"),
                                ],
                                default="one_way",
                                max_length=20,
                            ),
                        ),
                        ("purposes_allowed", models.JSONField(default=list)),
                        ("legal_basis", models.JSONField(blank=True, default=list)),
                        ("parameters", models.JSONField(default=dict)),
                        ("procedure", models.JSONField(blank=True, default=dict)),
                        ("editors", models.JSONField(blank=True, default=list)),
                        ("review_cycle_months", models.PositiveIntegerField(default=12)),
                        ("document_url", models.CharField(blank=True, max_length=500)),
                        ("document_sha256", models.CharField(blank=True, max_length=64)),
                        ("four_eyes", models.BooleanField(default=True)),
                        ("summary", models.TextField(blank=True)),
                        ("approved_at", models.DateTimeField(blank=True, null=True)),
                        ("created_at", models.DateTimeField(auto_now_add=True)),
                        ("updated_at", models.DateTimeField(auto_now=True)),
                        (
                            "approved_by",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "parent",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="children",
                                to="agreements.agreement",
                            ),
                        ),
                        (
                            "proposed_by",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "receiving",
                            models.ManyToManyField(
                                blank=True, related_name="+", to="institutions.institution"
                            ),
                        ),
                        (
                            "sending",
                            models.ManyToManyField(
                                blank=True, related_name="+", to="institutions.institution"
                            ),
                        ),
                    ],
                    options={
                        "db_table": "recognition_agreement",
                        "ordering": ["agreement_id", "-version"],
                    },
                ),
                migrations.CreateModel(
                    name="AgreementChange",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        (
                            "action",
                            models.CharField(
                                choices=[
                                    ("loaded", "Loaded from the shipped profile"),
                                    ("proposed", "Proposed"),
                                    ("approved", "Approved and active"),
                                    ("suspended", "Suspended"),
                                    ("expired", "Expired"),
                                ],
                                max_length=20,
                            ),
                        ),
                        ("at", models.DateTimeField(auto_now_add=True)),
                        ("note", models.TextField(blank=True)),
                        ("diff", models.JSONField(blank=True, default=list)),
                        (
                            "agreement",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="changes",
                                to="agreements.agreement",
                            ),
                        ),
                        (
                            "by",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "db_table": "recognition_agreementchange",
                        "ordering": ["at", "pk"],
                    },
                ),
                migrations.AddConstraint(
                    model_name="agreement",
                    constraint=models.UniqueConstraint(
                        fields=("agreement_id", "version"), name="unique_agreement_version"
                    ),
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(_move_content_types, _move_content_types_back),
    ]
