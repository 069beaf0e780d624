"""The agreements now belong to their own app (ADR 0858): removed from this app's state only;
their tables stay and are the agreements app's (``microcred_web.agreements.migrations.0001``)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("recognition", "0009_case_event_hash_format"),
        ("agreements", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveField(
                    model_name="agreementchange",
                    name="agreement",
                ),
                migrations.RemoveField(
                    model_name="agreementchange",
                    name="by",
                ),
                migrations.DeleteModel(
                    name="Agreement",
                ),
                migrations.DeleteModel(
                    name="AgreementChange",
                ),
            ],
            database_operations=[],
        ),
    ]
