"""Migration 0007: the case's current decision credential is read from ``DecisionCredential`` only.
A credential issued before status entries existed was held on the case alone; it must survive."""

from __future__ import annotations

import pytest
from django.db import transaction

from tests.web.migrating import latest_schema_afterwards  # noqa: F401 - the autouse fixture
from tests.web.migrating import migrate as _migrate

BEFORE = [("recognition", "0006_decision_status_and_closed_incomplete")]
AFTER = [("recognition", "0007_decision_credential_one_source")]
LEGACY = {"id": "urn:uuid:00000000-0000-4000-8000-000000000001", "type": ["VerifiableCredential"]}


@pytest.mark.django_db(transaction=True)
def test_a_decision_credential_held_only_on_the_case_becomes_its_current_credential() -> None:
    old = _migrate(BEFORE).loader.project_state(BEFORE).apps
    host = old.get_model("institutions", "Institution").objects.create(
        slug="unisi", name={"en": "University of Siena"}, short_name="UNISI", country="IT",
        credit_system="ECTS", national_framework="QF-IT",
    )  # fmt: skip
    cases = old.get_model("recognition", "RecognitionCase")
    cases.objects.create(
        reference="LEGACY-1", learner_ref="l-1", host=host, purpose="EXEMPTION", final_outcome="FULL",
        decision_credential=LEGACY, decision_credential_salt="proof-code-1",
    )  # fmt: skip
    cases.objects.create(reference="NONE-1", learner_ref="l-2", host=host, purpose="EXEMPTION")
    after = _migrate(AFTER)
    # the current models below need the later migrations too (e.g. 0008, ADR 0510)
    _migrate(after.loader.graph.leaf_nodes())

    from microcred_web.recognition.models import RecognitionCase

    legacy = RecognitionCase.objects.get(reference="LEGACY-1")
    assert legacy.decision_credential == LEGACY
    assert legacy.decision_credential_salt == "proof-code-1"
    row = legacy.current_decision_credential
    assert row is not None and row.status_list is None and row.outcome == "FULL"
    untouched = RecognitionCase.objects.get(reference="NONE-1")
    assert untouched.decision_credential is None and untouched.decision_credential_salt == ""

    # Such a credential can still be revoked (no list can say so; the case no longer offers it).
    from microcred_web.recognition.decision_credential import revoke_decision_credential

    with transaction.atomic():  # as every caller of the service runs it
        revoke_decision_credential(legacy, actor="system", reason="replaced after the migration test")
    row.refresh_from_db()
    assert row.revoked_at is not None and legacy.decision_credential is None
    event = legacy.events.order_by("-pk").first()
    assert event is not None and event.payload["status"] is None
