"""The case's current decision credential is the newest ``DecisionCredential`` not revoked.

Before, it was also copied onto the case (``decision_credential``, ``decision_credential_salt``).
A credential issued before status entries existed lived only in that copy: it becomes a
``DecisionCredential`` without a status entry before the copy goes.
"""

import django.db.models.deletion
from django.db import migrations, models


def copies_to_rows(apps, schema_editor):
    Case = apps.get_model("recognition", "RecognitionCase")
    Row = apps.get_model("recognition", "DecisionCredential")
    for case in Case.objects.exclude(decision_credential=None).iterator():
        document = case.decision_credential
        credential_id = str(document.get("id", ""))
        if Row.objects.filter(case=case, credential_id=credential_id, revoked_at=None).exists():
            continue
        Row.objects.create(
            case=case,
            credential_id=credential_id,
            document=document,
            salt=case.decision_credential_salt,
            outcome=case.final_outcome,
        )


def rows_to_copies(apps, schema_editor):
    Case = apps.get_model("recognition", "RecognitionCase")
    Row = apps.get_model("recognition", "DecisionCredential")
    for case in Case.objects.all().iterator():
        row = Row.objects.filter(case=case, revoked_at=None).order_by("-pk").first()
        if row is not None:
            case.decision_credential = row.document
            case.decision_credential_salt = row.salt
            case.save(update_fields=["decision_credential", "decision_credential_salt"])
    Row.objects.filter(status_list=None).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("credentials", "0001_initial"),
        ("recognition", "0006_decision_status_and_closed_incomplete"),
    ]

    operations = [
        migrations.AlterField(
            model_name="decisioncredential",
            name="status_list",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="credentials.statuslist",
            ),
        ),
        migrations.AlterField(
            model_name="decisioncredential",
            name="status_index",
            field=models.PositiveIntegerField(blank=True, null=True),
        ),
        migrations.RunPython(copies_to_rows, rows_to_copies),
        migrations.RemoveField(model_name="recognitioncase", name="decision_credential"),
        migrations.RemoveField(model_name="recognitioncase", name="decision_credential_salt"),
    ]
