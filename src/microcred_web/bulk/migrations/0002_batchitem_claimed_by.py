from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("bulk", "0001_batches_and_items")]

    operations = [
        migrations.AddField(
            model_name="batchitem",
            name="claimed_by",
            field=models.CharField(blank=True, max_length=100),
        ),
    ]
