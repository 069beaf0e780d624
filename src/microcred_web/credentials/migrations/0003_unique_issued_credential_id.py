"""One id, one credential (ADR 0607): a studio or VC-API credential's id is unique. Applied after
0002 has renamed the duplicates, in its own transaction (PostgreSQL does not alter a table with
pending trigger events from the data migration)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("credentials", "0002_one_id_one_credential"),
    ]

    operations = [
        migrations.AddConstraint(
            model_name="issuedcredential",
            constraint=models.UniqueConstraint(
                condition=models.Q(("credential_id", ""), _negated=True),
                fields=("credential_id",),
                name="unique_issued_credential_id",
            ),
        ),
    ]
