"""ADR 1234: a claimed chunk is read, signed and stored with a number of queries that does not grow
with the number of its items (flat cost per chunk; counted, not timed)."""

from __future__ import annotations

from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext, override_settings

from microcred_web.bulk.models import BatchItem, ItemState
from microcred_web.bulk.services import BulkLearner, batch_process, start_batch
from microcred_web.catalogue.models import MicroCredentialVersion
from microcred_web.credentials.models import IssuedCredential


def _queries_to_issue(version: MicroCredentialVersion, by: Any, count: int, start: int) -> int:
    learners = [
        BulkLearner(
            external_id=f"Q{n}",
            name=f"Learner {n}",
            email=f"q{n}@example.edu.vn",
            supervision_applied="supervised_with_id",
        )
        for n in range(start, start + count)
    ]
    batch = start_batch(version=version, items=learners, by=by)  # on_commit not run: no task
    with CaptureQueriesContext(connection) as queries:
        batch_process(batch_uuid=str(batch.uuid))
    outcomes = set(BatchItem.objects.filter(batch=batch).values_list("state", "error_code"))
    assert outcomes == {(ItemState.ISSUED, "")}, outcomes
    return len(queries.captured_queries)


@override_settings(MICROCRED_BULK_CHUNK=50)
def test_issuing_a_chunk_of_thirty_items_takes_as_many_queries_as_a_chunk_of_four(
    published: MicroCredentialVersion, registrar: Any
) -> None:
    _queries_to_issue(published, registrar, 1, start=1000)  # the first: the status list is created
    few = _queries_to_issue(published, registrar, 4, start=0)
    # thirty: the credentials' rows still fit in one insert on SQLite (999 parameters a statement)
    many = _queries_to_issue(published, registrar, 30, start=100)
    assert many == few
    assert IssuedCredential.objects.filter(batch_item__isnull=False).count() == 35
