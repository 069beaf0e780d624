"""A claim reads a batch's pending items in position order: the index holds the position (ADR 1235)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("bulk", "0004_claims_name_worker_and_status_slot"),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name="batchitem",
            name="bulk_item_batch_state",
        ),
        migrations.AddIndex(
            model_name="batchitem",
            index=models.Index(fields=["batch", "state", "position"], name="bulk_item_batch_state_pos"),
        ),
    ]
