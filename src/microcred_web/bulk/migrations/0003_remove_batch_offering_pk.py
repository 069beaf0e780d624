"""Step 2 of 2 (ADR 1120): the number is in the foreign key now; drop the old column."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("bulk", "0002_batch_offering")]

    operations = [migrations.RemoveField(model_name="batch", name="offering_pk")]
