"""One id, one credential (ADR 0607): a decision credential's id is unique, as every credential
id on the platform; the duplicates were revoked and renamed by credentials 0002."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("credentials", "0002_one_id_one_credential"),
        ("recognition", "0007_decision_credential_one_source"),
    ]

    operations = [
        migrations.AddConstraint(
            model_name="decisioncredential",
            constraint=models.UniqueConstraint(
                condition=models.Q(("credential_id", ""), _negated=True),
                fields=("credential_id",),
                name="unique_decision_credential_id",
            ),
        ),
    ]
