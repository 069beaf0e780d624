"""A batch through ``start_batch`` and its task, in the test process (the immediate queue): each
learner who earned it gets one credential by the single issuing path; the others fail with a code."""

from __future__ import annotations

import json
import logging
from datetime import date, timedelta
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from microcred_web.bulk.models import Batch, BatchItem, ItemState
from microcred_web.bulk.services import BulkInputError, BulkLearner, batch_process, batch_recover, start_batch
from microcred_web.catalogue.models import MicroCredentialVersion, Status
from microcred_web.credentials.models import IssuedCredential
from microcred_web.credentials.verifying import inspect_credential

LEARNERS = [
    BulkLearner(
        external_id="S1",
        name="Nguyễn Thị Lan",
        email="lan@example.edu.vn",
        grade="A",
        supervision_applied="supervised_with_id",
        assessed_on=date(2026, 6, 1),
    ),
    BulkLearner(external_id="S2", name="ສົມສັກ ພົມມະວົງ", supervision_applied="supervised_with_id"),
    BulkLearner(external_id="S3", name="Failed Learner", passed=False),
    BulkLearner(external_id="S4", name="Unsupervised Learner", supervision_applied="unsupervised_no_id"),
    BulkLearner(external_id="S5", name="Bad\tName", supervision_applied="supervised_with_id"),
]


def _start(
    version: MicroCredentialVersion, by: Any, capture: Any, items: list[BulkLearner] = LEARNERS
) -> Batch:
    with capture(execute=True):
        return start_batch(version=version, items=items, by=by)


@pytest.fixture
def supervised(published: MicroCredentialVersion) -> MicroCredentialVersion:
    # the spec asks for supervision with an identity check (O2); saved as it was published
    MicroCredentialVersion.objects.filter(pk=published.pk).update(
        spec={**published.spec, "supervision": "supervised_with_id"}
    )
    published.refresh_from_db()
    return published


def test_a_registrars_batch_issues_one_verified_credential_to_each_learner_who_earned_it(
    supervised: MicroCredentialVersion, registrar: Any, django_capture_on_commit_callbacks: Any, caplog: Any
) -> None:
    with caplog.at_level(logging.INFO, logger="microcred.security"):
        batch = _start(supervised, registrar, django_capture_on_commit_callbacks)
    items = {i.external_id: i for i in BatchItem.objects.filter(batch=batch)}
    assert {k: (i.state, i.error_code) for k, i in items.items()} == {
        "S1": (ItemState.ISSUED, ""),
        "S2": (ItemState.ISSUED, ""),
        "S3": (ItemState.FAILED, "not_passed"),
        "S4": (ItemState.FAILED, "supervision_not_met"),
        "S5": (ItemState.FAILED, "invalid_learner"),
    }
    lan = items["S1"].credential
    assert lan is not None and lan.learner_name == "Nguyễn Thị Lan" and lan.issued_by == registrar
    assert lan.revocation_index is not None  # a status-list entry of its own
    assert items["S2"].credential and items["S2"].credential.learner_name == "ສົມສັກ ພົມມະວົງ"
    for item in (items["S1"], items["S2"]):
        assert item.credential is not None and inspect_credential(item.credential.document).verified
    logged = [json.loads(r.getMessage()) for r in caplog.records if "credential.issued" in r.getMessage()]
    assert [entry["via"] for entry in logged] == ["bulk", "bulk"]
    batch.refresh_from_db()
    assert batch.finished_at is not None and batch.task_id


def test_running_a_finished_batch_again_or_recovering_it_issues_nothing_more(
    supervised: MicroCredentialVersion, registrar: Any, django_capture_on_commit_callbacks: Any
) -> None:
    batch = _start(supervised, registrar, django_capture_on_commit_callbacks)
    before = IssuedCredential.objects.count()
    # a claim that a dead worker left behind, on an item that was issued: never issued again
    BatchItem.objects.filter(batch=batch, external_id="S3").update(state=ItemState.PENDING, error_code="")
    batch_process(batch_uuid=str(batch.uuid))
    assert batch_recover() == []
    assert IssuedCredential.objects.count() == before
    assert BatchItem.objects.get(batch=batch, external_id="S3").state == ItemState.FAILED


def test_an_item_claimed_by_a_killed_worker_is_given_back_and_issued_once(
    published: MicroCredentialVersion, registrar: Any
) -> None:
    batch = start_batch(version=published, items=LEARNERS[:2], by=registrar)  # on_commit not run: no task
    # claimed a moment ago by a worker that was then killed
    BatchItem.objects.filter(batch=batch, external_id="S1").update(
        state=ItemState.ISSUING, claimed_at=timezone.now()
    )
    assert batch_recover(older_than=timedelta(hours=1)) == [
        batch
    ]  # S2 still pending; a fresh claim is left alone...
    assert BatchItem.objects.get(batch=batch, external_id="S1").state == ItemState.ISSUING
    assert batch_recover(older_than=timedelta(0)) == [batch]  # ...a stale one goes back
    # the immediate queue ran the batch on enqueue
    states = set(BatchItem.objects.filter(batch=batch).values_list("state", flat=True))
    assert states == {ItemState.ISSUED}
    assert IssuedCredential.objects.count() == 2


@pytest.mark.parametrize(
    ("items", "code"),
    [
        ([], "empty_batch"),
        (
            [BulkLearner(external_id="S1", name="A"), BulkLearner(external_id="S1 ", name="B")],
            "duplicate_external_id",
        ),
        ([BulkLearner(external_id=" ", name="A")], "missing_external_id"),
    ],
)
def test_a_batch_that_cannot_be_issued_is_refused_before_anything_is_stored(
    published: MicroCredentialVersion, registrar: Any, items: list[BulkLearner], code: str
) -> None:
    with pytest.raises(BulkInputError) as caught:
        start_batch(version=published, items=items, by=registrar)
    assert caught.value.code == code
    assert not Batch.objects.exists()


def test_a_batch_larger_than_the_limit_or_of_an_unpublished_version_is_refused(
    published: MicroCredentialVersion, registrar: Any, settings: Any
) -> None:
    settings.MICROCRED_BULK_MAX_ITEMS = 2
    three = [BulkLearner(external_id=f"S{n}", name="A") for n in range(3)]
    with pytest.raises(BulkInputError, match="too_many_items"):
        start_batch(version=published, items=three, by=registrar)
    MicroCredentialVersion.objects.filter(pk=published.pk).update(status=Status.RETIRED)
    published.refresh_from_db()
    with pytest.raises(BulkInputError, match="version_not_published"):
        start_batch(version=published, items=three[:1], by=registrar)


def test_only_who_may_issue_for_the_institution_starts_a_batch(
    published: MicroCredentialVersion, unisi_admin: Any
) -> None:
    with pytest.raises(PermissionDenied):
        start_batch(version=published, items=LEARNERS[:1], by=unisi_admin)
    assert not Batch.objects.exists()


def test_a_learner_already_issued_this_version_in_another_batch_is_not_issued_again(
    supervised: MicroCredentialVersion, registrar: Any, django_capture_on_commit_callbacks: Any
) -> None:
    _start(supervised, registrar, django_capture_on_commit_callbacks, LEARNERS[:1])
    again = _start(supervised, registrar, django_capture_on_commit_callbacks, LEARNERS[:2])
    states = {i.external_id: (i.state, i.error_code) for i in BatchItem.objects.filter(batch=again)}
    assert states == {"S1": (ItemState.FAILED, "already_issued"), "S2": (ItemState.ISSUED, "")}
    assert IssuedCredential.objects.filter(learner_name="Nguyễn Thị Lan").count() == 1
