"""``Batch.offering_pk`` (the pilot offering's key, kept as a number while the two apps were
built apart) becomes a foreign key to ``pilot.Offering``. Step 1 of 2: add the column and copy
every key that names an offering; a key naming none (an offering deleted since) is printed with
its batch and left empty, the batch itself is kept. ADR 1120."""

import django.db.models.deletion
from django.db import migrations, models


def copy_offering_keys(apps, schema_editor):  # type: ignore[no-untyped-def]
    batches = apps.get_model("bulk", "Batch")
    offerings = apps.get_model("pilot", "Offering")
    known = set(offerings.objects.values_list("pk", flat=True))
    for pk, batch_uuid, offering_pk in (
        batches.objects.filter(offering_pk__isnull=False)
        .order_by("pk")
        .values_list("pk", "uuid", "offering_pk")
    ):
        if offering_pk in known:
            batches.objects.filter(pk=pk).update(offering_id=offering_pk)
        else:
            print(f"bulk batch {batch_uuid}: offering {offering_pk} no longer exists; left without offering")


def copy_offering_back(apps, schema_editor):  # type: ignore[no-untyped-def]
    batches = apps.get_model("bulk", "Batch")
    for pk, offering_id in batches.objects.filter(offering__isnull=False).values_list("pk", "offering_id"):
        batches.objects.filter(pk=pk).update(offering_pk=offering_id)


class Migration(migrations.Migration):
    dependencies = [
        ("bulk", "0001_batches_and_items"),
        ("pilot", "0001_offerings_enrolments_and_imports"),
    ]

    operations = [
        migrations.AddField(
            model_name="batch",
            name="offering",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="batches",
                to="pilot.offering",
            ),
        ),
        # Last in its migration: on PostgreSQL the rows it updates would otherwise hold
        # deferred foreign-key checks when the next step alters the table.
        migrations.RunPython(copy_offering_keys, copy_offering_back),
    ]
