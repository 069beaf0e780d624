"""One id, one credential (ADR 0607): the platform-wide table of credential ids, and the
credentials that shared an id before it existed.

For each id held by more than one credential — studio and VC-API credentials
(``IssuedCredential``) and recognition decision credentials (``DecisionCredential``) together —
the oldest (``issued_at``, then the studio/VC-API table before the decision table, then ``pk``)
keeps it. Every later one

* is revoked with the reason ``duplicate-id`` (unless it was revoked already): its bit is set in
  its revocation list, when it has an entry (W3C Bitstring Status List v1.0 §2.1, §3.2), and
  that list's stale signed copy is dropped, so the list is signed again the first time it is
  served (``status_list_current``); a ``StatusEvent`` records it for studio/VC-API credentials;
* gets the new id ``urn:microcred:duplicate-id:<its uuid>`` in ``credential_id``. Its signed
  document is not touched (it cannot be: the proof covers it), so a verifier holding it still
  reads the original id, and finds it revoked.

The uuids of the rows changed are printed. Then every id in use is written to the new table,
and the next migrations (credentials 0003, recognition 0008) put the unique constraints on.
"""

from django.db import migrations, models
from django.utils import timezone

REASON = "duplicate-id"
NEW_ID = "urn:microcred:duplicate-id:{uuid}"
BATCH = 1000


def _set_revocation_bit(status_list, index):
    """Bit ``index`` of the list to 1: bits are numbered from the most significant bit of the
    first byte (Bitstring Status List v1.0 §3.2, as ``microcred.standards.status_list``)."""
    bits = bytearray(bytes(status_list.bits))
    bits[index >> 3] |= 0x80 >> (index & 7)
    status_list.bits = bytes(bits)
    status_list.signed_credential = None  # signed again when next served
    status_list.save(update_fields=["bits", "signed_credential"])


def _source(row, kind):
    if kind == "decision":
        return "recognition-decision"
    return "studio" if row["version_id"] is not None else "vc-api"


def one_id_one_credential(apps, schema_editor):
    Issued = apps.get_model("credentials", "IssuedCredential")
    Decision = apps.get_model("recognition", "DecisionCredential")
    StatusList = apps.get_model("credentials", "StatusList")
    StatusEvent = apps.get_model("credentials", "StatusEvent")
    Claim = apps.get_model("credentials", "PlatformCredentialId")

    tables = {"issued": Issued, "decision": Decision}
    fields = {
        "issued": ("pk", "uuid", "credential_id", "issued_at", "version_id"),
        "decision": ("pk", "uuid", "credential_id", "issued_at"),
    }
    holders = {}
    for order, kind in enumerate(tables):
        rows = tables[kind].objects.exclude(credential_id="").values(*fields[kind])
        for row in rows.iterator(chunk_size=BATCH):
            row.setdefault("version_id", None)
            holders.setdefault(row["credential_id"], []).append(
                ((row["issued_at"], order, row["pk"]), kind, row)
            )

    now = timezone.now()
    claims = []
    renamed = []
    for credential_id, rows in holders.items():
        rows.sort(key=lambda item: item[0])
        _key, kind, oldest = rows[0]
        claims.append(
            Claim(credential_id=credential_id, source=_source(oldest, kind), record_uuid=oldest["uuid"])
        )
        for _key, kind, row in rows[1:]:
            new_id = NEW_ID.format(uuid=row["uuid"])
            if new_id in holders:  # a caller of the VC-API could have chosen it; keep it unique
                new_id = f"{new_id}:{row['pk']}-{kind}"
            record = tables[kind].objects.get(pk=row["pk"])
            record.credential_id = new_id
            changed = ["credential_id"]
            state = "was revoked already"
            if record.revoked_at is None:
                state = f"revoked: {REASON}"
                entry = (
                    (record.revocation_list_id, record.revocation_index)
                    if kind == "issued"
                    else (record.status_list_id, record.status_index)
                )
                if entry[0] is not None and entry[1] is not None:
                    _set_revocation_bit(StatusList.objects.get(pk=entry[0]), entry[1])
                record.revoked_at, record.revocation_reason = now, REASON
                changed += ["revoked_at", "revocation_reason"]
                if kind == "issued":
                    StatusEvent.objects.create(
                        credential=record, change="revoked", reason=REASON, actor_label="migration"
                    )
            record.save(update_fields=changed)
            claims.append(Claim(credential_id=new_id, source="duplicate-migration", record_uuid=row["uuid"]))
            renamed.append((credential_id, row["uuid"], new_id, state))
    Claim.objects.bulk_create(claims, batch_size=BATCH)
    if renamed:
        print(f"\n  One id, one credential: {len(renamed)} credential(s) shared an id with an older one:")
        for credential_id, row_uuid, new_id, state in renamed:
            print(f"    {row_uuid}  {credential_id} -> {new_id}  ({state})")


class Migration(migrations.Migration):
    dependencies = [
        ("credentials", "0001_initial"),
        ("recognition", "0007_decision_credential_one_source"),
    ]

    operations = [
        migrations.CreateModel(
            name="PlatformCredentialId",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "credential_id",
                    models.CharField(max_length=500, unique=True, verbose_name="credential id"),
                ),
                (
                    "source",
                    models.CharField(
                        choices=[
                            ("studio", "Studio"),
                            ("vc-api", "VC-API"),
                            ("recognition-decision", "Recognition decision"),
                            ("duplicate-migration", "Renamed duplicate (migration)"),
                        ],
                        max_length=30,
                        verbose_name="issued through",
                    ),
                ),
                ("record_uuid", models.UUIDField(verbose_name="uuid of the credential row")),
                ("claimed_at", models.DateTimeField(auto_now_add=True, verbose_name="taken")),
            ],
            options={
                "verbose_name": "credential id in use",
                "verbose_name_plural": "credential ids in use",
                "ordering": ["claimed_at", "pk"],
            },
        ),
        migrations.RunPython(one_id_one_credential, migrations.RunPython.noop),
    ]
