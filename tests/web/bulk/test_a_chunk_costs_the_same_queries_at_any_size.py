"""ADR 1234: a claimed chunk is read, signed and stored with a number of queries that does not grow
with the number of its items (flat cost per chunk; counted, not timed)."""

from __future__ import annotations

from typing import Any

import pytest
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
    published: MicroCredentialVersion, registrar: Any, monkeypatch: Any
) -> None:
    from microcred_web.bulk import services

    monkeypatch.setattr(services, "MIN_CHUNK", 50)  # one chunk each: no smaller chunks at the end
    _queries_to_issue(published, registrar, 1, start=1000)  # the first: the status list is created
    few = _queries_to_issue(published, registrar, 4, start=0)
    # thirty: the credentials' rows still fit in one insert on SQLite (999 parameters a statement)
    many = _queries_to_issue(published, registrar, 30, start=100)
    assert many == few
    assert IssuedCredential.objects.filter(batch_item__isnull=False).count() == 35


class _Deadlock(Exception):
    sqlstate = "40P01"  # what psycopg's DeadlockDetected carries


def test_a_claim_that_postgresql_chose_as_a_deadlocks_victim_runs_again_and_other_errors_do_not(
    published: MicroCredentialVersion, registrar: Any, monkeypatch: Any
) -> None:
    from django.db import OperationalError

    from microcred_web.bulk import services

    batch = start_batch(version=published, items=[BulkLearner(external_id="D1", name="Lan")], by=registrar)
    real, calls = services._claim_items, []

    def deadlocked_once(**kwargs: Any) -> list[int]:
        calls.append(kwargs)
        if len(calls) == 1:
            raise OperationalError("deadlock detected") from _Deadlock()
        return real(**kwargs)

    monkeypatch.setattr(services, "_claim_items", deadlocked_once)
    assert len(services.claim_items(batch=batch)) == 1 and len(calls) == 2

    def broken(**kwargs: Any) -> list[int]:
        raise OperationalError("the server closed the connection")

    monkeypatch.setattr(services, "_claim_items", broken)
    with pytest.raises(OperationalError):  # not a deadlock: raised at once
        services.claim_items(batch=batch)


@override_settings(MICROCRED_BULK_CHUNK=200, MICROCRED_BULK_TASKS_PER_BATCH=2)
def test_chunks_grow_smaller_near_the_end_of_a_batch_so_two_workers_finish_together() -> None:
    from microcred_web.bulk.services import MIN_CHUNK, _chunk_size

    assert _chunk_size(10_000) == 200
    assert _chunk_size(600) == 150  # a quarter of what is left for each of two workers
    assert _chunk_size(12) == MIN_CHUNK


def test_a_chunks_claim_emails_are_sent_by_one_task_each_once(
    published: MicroCredentialVersion,
    registrar: Any,
    monkeypatch: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    from django.core import mail

    from microcred_web.notifications import services as outbox
    from microcred_web.notifications import tasks
    from microcred_web.notifications.models import Message, State

    enqueued: list[list[int]] = []

    class _Task:
        def using(self, **_kw: Any) -> _Task:
            return self

        def enqueue(self, ids: list[int]) -> None:
            enqueued.append(ids)

    monkeypatch.setattr(tasks, "send_messages", _Task())
    learners = [
        BulkLearner(
            external_id=f"M{n}",
            name=f"Mai {n}",
            email=f"m{n}@example.edu.vn",
            supervision_applied="supervised_with_id",
        )
        for n in range(3)
    ]
    batch = start_batch(version=published, items=learners, by=registrar)
    with django_capture_on_commit_callbacks(execute=True):
        batch_process(batch_uuid=str(batch.uuid))
    messages = set(Message.objects.values_list("pk", flat=True))
    assert len(enqueued) == 1 and set(enqueued[0]) == messages and len(messages) == 3
    assert outbox.messages_send(message_ids=enqueued[0]) == {State.SENT: 3}
    assert outbox.messages_send(message_ids=enqueued[0]) == {State.SENT: 3}  # sent already: not again
    assert len(mail.outbox) == 3
