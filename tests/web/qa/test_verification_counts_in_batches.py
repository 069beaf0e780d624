"""The day's verification count is kept in the process and written in batches (ADR 1240): a verify
request writes nothing on most requests, and what the QA plan shows still equals the rows once
this process's tally is written, which its readers do first."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from microcred_web.qa import counting, selectors
from microcred_web.qa.models import VerificationDay

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("verification_counts_batched")]

FORGED = json.dumps({"verifiableCredential": {"@context": [], "type": ["VerifiableCredential"], "proof": {}}})


def _verify(times: int) -> list[str]:
    client, sql = Client(), []
    for _ in range(times):
        with CaptureQueriesContext(connection) as queries:
            client.post("/vc-api/credentials/verify", FORGED, content_type="application/json")
        sql += [q["sql"] for q in queries.captured_queries]
    return sql


def _rows() -> dict[Any, int]:
    return dict(VerificationDay.objects.values_list("day", "count"))


def test_verify_requests_write_no_count_until_the_tally_is_flushed_and_then_all_of_it() -> None:
    sql = _verify(3)
    assert not [q for q in sql if "qa_verificationday" in q], sql
    assert _rows() == {}
    counting.verification_counts_flush()
    assert _rows() == {timezone.localdate(): 3}
    counting.verification_counts_flush()  # nothing left: nothing added twice
    assert _rows() == {timezone.localdate(): 3}


def test_the_qa_indicators_and_trends_count_what_this_process_has_not_written_yet() -> None:
    VerificationDay.objects.create(day=timezone.localdate(), count=4)
    _verify(2)
    consortium = {i["indicator"]: i for i in selectors.qa_indicators()["scopes"][0]["indicators"]}
    assert consortium["verifications"]["value"] == "6" == str(sum(_rows().values()))
    _verify(1)
    month = timezone.localdate().strftime("%Y-%m")
    trends = {m["month"]: m for m in selectors.trends()}
    assert trends[month]["verifications"] == 7 == sum(_rows().values())


def test_the_tally_is_written_by_the_first_verification_after_the_interval(
    settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings.MICROCRED_VERIFICATION_COUNT_FLUSH_SECONDS = 10.0
    clock = [1000.0]
    monkeypatch.setattr(counting.time, "monotonic", lambda: clock[0])
    counting._TALLY.flush()  # the interval starts now
    _verify(2)
    clock[0] += 9.9
    _verify(1)
    assert _rows() == {}
    clock[0] += 0.2  # 10.1 s after the last write
    _verify(1)
    assert _rows() == {timezone.localdate(): 4}


def test_a_count_that_could_not_be_written_is_kept_for_the_next_flush(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _verify(2)
    original = counting._verification_day_add

    def unavailable(day: Any, count: int) -> None:
        raise RuntimeError("database unavailable")

    monkeypatch.setattr(counting, "_verification_day_add", unavailable)
    with pytest.raises(RuntimeError):
        counting.verification_counts_flush()
    monkeypatch.setattr(counting, "_verification_day_add", original)
    _verify(1)
    counting.verification_counts_flush()
    assert _rows() == {timezone.localdate(): 3}


def test_the_tally_is_written_when_the_process_exits(monkeypatch: pytest.MonkeyPatch) -> None:
    _verify(2)
    assert counting._TALLY._at_exit  # registered with atexit by the first count
    closed: list[bool] = []
    monkeypatch.setattr(counting.connections, "close_all", lambda: closed.append(True))  # the test's
    counting._TALLY._flush_at_exit()
    assert closed == [True]
    assert _rows() == {timezone.localdate(): 2}
