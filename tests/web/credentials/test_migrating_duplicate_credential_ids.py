"""Migration credentials 0002–0003 and recognition 0008 (ADR 0607): credentials that shared an id
before ids were unique. The oldest keeps the id; each later one is revoked (reason
``duplicate-id``, its status-list bit set) and renamed; the affected uuids are printed; then the
constraints hold for every row. Run on SQLite and on PostgreSQL (``-m db``)."""

from __future__ import annotations

import gzip
import json
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from django.db import IntegrityError, transaction
from django.test import Client

from microcred.crypto.multibase import b64url_encode
from microcred.standards.status_list import MIN_LIST_BITS, Bitstring
from microcred_web.credentials import services
from microcred_web.credentials.models import IssuedCredential, PlatformCredentialId, StatusEvent, StatusList
from microcred_web.institutions.models import Institution
from microcred_web.recognition.models import DecisionCredential
from tests.web.credentials.test_vc_api import issue, unsigned
from tests.web.migrating import latest_schema_afterwards  # noqa: F401 - the autouse fixture
from tests.web.migrating import migrate as _migrate

BEFORE = [("credentials", "0001_initial"), ("recognition", "0007_decision_credential_one_source")]
AFTER = [
    ("credentials", "0003_unique_issued_credential_id"),
    ("recognition", "0008_unique_decision_credential_id"),
]
SHARED = "urn:uuid:5a4b3c2d-1e0f-4a9b-8c7d-6e5f4a3b2c1d"
CROSS = "urn:uuid:9f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a"
ALONE = "urn:uuid:11111111-2222-4333-8444-555555555555"
T0 = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)


def _bit(status_list: Any, index: int) -> int:
    raw = bytes(status_list.bits)
    return Bitstring.decode("u" + b64url_encode(gzip.compress(raw, mtime=0))).get(index)


def _duplicates_before_the_migration() -> dict[str, Any]:
    """At the state before 0002: three VC-API credentials with one id (two with a revocation
    entry, one revoked already), a decision credential whose id a later
    VC-API credential took, one credential alone, and two without id."""
    old = _migrate(BEFORE).loader.project_state(BEFORE).apps
    muni = old.get_model("institutions", "Institution").objects.create(
        slug="muni", name={"en": "Masaryk University"}, short_name="MUNI", country="CZ",
        credit_system="ECTS", national_framework="CZ-NSK",
    )  # fmt: skip
    revocations = old.get_model("credentials", "StatusList").objects.create(
        institution=muni, purpose="revocation", list_id="revocation-1", length=MIN_LIST_BITS,
        bits=bytes(MIN_LIST_BITS // 8), next_index=4, signed_credential={"id": "stale"},
    )  # fmt: skip
    issued = old.get_model("credentials", "IssuedCredential")

    def credential(credential_id: str, hours: int, index: int | None = None, **extra: Any) -> Any:
        row = issued.objects.create(
            credential_id=credential_id, institution=muni, suite="eddsa-rdfc-2022",
            document={"id": credential_id} if credential_id else {},
            revocation_list=revocations if index is not None else None, revocation_index=index, **extra,
        )  # fmt: skip
        issued.objects.filter(pk=row.pk).update(issued_at=T0 + timedelta(hours=hours))
        return row

    # Created out of order: the oldest is the one issued first, not the first row.
    later = credential(SHARED, 5, index=1)
    oldest = credential(SHARED, 1, index=0, learner_name="Lan")
    latest = credential(SHARED, 9, revoked_at=T0, revocation_reason="issued in error")
    case = old.get_model("recognition", "RecognitionCase").objects.create(
        reference="DUP-1", learner_ref="l-1", host=muni, purpose="EXEMPTION", final_outcome="FULL"
    )
    decision = old.get_model("recognition", "DecisionCredential").objects.create(
        case=case, credential_id=CROSS, document={"id": CROSS}, outcome="FULL",
        status_list=revocations, status_index=2,
    )  # fmt: skip
    old.get_model("recognition", "DecisionCredential").objects.filter(pk=decision.pk).update(issued_at=T0)
    cross = credential(CROSS, 3, index=3)
    alone = credential(ALONE, 2)
    credential("", 4)
    credential("", 6)
    return {
        "oldest": oldest.uuid, "later": later.uuid, "latest": latest.uuid,
        "decision": decision.uuid, "cross": cross.uuid, "alone": alone.uuid,
    }  # fmt: skip


@pytest.mark.django_db(transaction=True)
def test_of_credentials_sharing_an_id_the_oldest_keeps_it_and_the_later_ones_are_revoked_and_renamed(
    capsys: pytest.CaptureFixture[str],
) -> None:
    uuids = _duplicates_before_the_migration()
    capsys.readouterr()

    executor = _migrate(AFTER)
    _migrate(executor.loader.graph.leaf_nodes())  # read through today's models (later columns added)

    printed = capsys.readouterr().out
    for name in ("later", "latest", "cross"):
        assert str(uuids[name]) in printed
    for name in ("oldest", "decision", "alone"):
        assert str(uuids[name]) not in printed

    oldest, later, latest, cross, alone = (
        IssuedCredential.objects.get(uuid=uuids[n]) for n in ("oldest", "later", "latest", "cross", "alone")
    )
    decision = DecisionCredential.objects.get(uuid=uuids["decision"])
    assert (oldest.credential_id, oldest.revoked_at) == (SHARED, None)
    assert (decision.credential_id, decision.revoked_at) == (CROSS, None)
    assert alone.credential_id == ALONE and alone.revoked_at is None
    for row in (later, cross):
        assert row.credential_id == f"urn:microcred:duplicate-id:{row.uuid}"
        assert row.revoked_at is not None and row.revocation_reason == "duplicate-id"
        assert row.document["id"] in (SHARED, CROSS)  # the signed document is left as signed
        event = StatusEvent.objects.get(credential=row)
        assert (event.change, event.reason) == ("revoked", "duplicate-id")
    # Revoked before: renamed, its own revocation record kept.
    assert latest.credential_id == f"urn:microcred:duplicate-id:{latest.uuid}"
    assert latest.revocation_reason == "issued in error" and not StatusEvent.objects.filter(credential=latest)

    revocations = StatusList.objects.get(list_id="revocation-1")
    assert [_bit(revocations, i) for i in range(4)] == [0, 1, 0, 1]
    assert revocations.signed_credential is None  # signed again when next served

    taken = dict(PlatformCredentialId.objects.values_list("credential_id", "source"))
    assert taken[SHARED] == "vc-api" and taken[CROSS] == "recognition-decision" and taken[ALONE] == "vc-api"
    assert taken[later.credential_id] == "duplicate-migration"
    assert len(taken) == 6 and "" not in taken

    # The constraints now hold for every row, in each table and across the platform.
    with pytest.raises(IntegrityError), transaction.atomic():
        IssuedCredential.objects.create(
            credential_id=SHARED, institution=oldest.institution, suite="eddsa-rdfc-2022", document={}
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        DecisionCredential.objects.create(
            case=decision.case, credential_id=CROSS, document={}, outcome="FULL"
        )


@pytest.mark.django_db(transaction=True)
def test_after_the_migration_the_shared_id_revokes_the_oldest_and_cannot_be_issued_again() -> None:
    uuids = _duplicates_before_the_migration()
    executor = _migrate(AFTER)
    _migrate(executor.loader.graph.leaf_nodes())  # the models as they are now, for the services below
    muni = Institution.objects.get(slug="muni")
    services.institution_key_create(institution=muni)
    _token, plain = services.api_token_create(institution=muni, name="after the migration")
    api = Client(HTTP_AUTHORIZATION=f"Bearer {plain}")

    served = json.loads(Client().get("/status/muni/revocation-1").content)  # signed again, with the new bits
    assert Bitstring.decode(served["credentialSubject"]["encodedList"]).get(1) == 1
    assert issue(api, unsigned(id=SHARED)).status_code == 409
    assert issue(api, unsigned(id=CROSS)).status_code == 409
    response = api.post(
        "/vc-api/credentials/status",
        {
            "credentialId": SHARED,
            "credentialStatus": {"type": "BitstringStatusListEntry", "statusPurpose": "revocation"},
        },
        content_type="application/json",
    )
    assert response.status_code == 200 and response.json()["revoked"] is True
    assert IssuedCredential.objects.get(uuid=uuids["oldest"]).revoked_at is not None
