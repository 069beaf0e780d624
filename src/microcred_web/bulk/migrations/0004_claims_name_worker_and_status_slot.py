import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("bulk", "0003_remove_batch_offering_pk"),
        ("credentials", "0005_api_token_scopes_and_expiry"),
    ]

    operations = [
        migrations.AddField(
            model_name="batchitem",
            name="claimed_by",
            field=models.CharField(blank=True, max_length=100),
        ),
        migrations.AddField(
            model_name="batchitem",
            name="status_list",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="credentials.statuslist",
            ),
        ),
        migrations.AddField(
            model_name="batchitem",
            name="status_index",
            field=models.PositiveIntegerField(blank=True, null=True),
        ),
    ]
