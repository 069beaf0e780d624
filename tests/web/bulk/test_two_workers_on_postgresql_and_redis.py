"""Issue 12 item 2 and "Done when": a bulk issue with two workers against PostgreSQL and the
queue's broker (RQ on Redis, ADR 1101), in ``make test`` where both are reachable.

Two real ``rqworker`` processes share one batch of 200 learners: exactly one credential per
learner, no status-list index handed out twice, and both workers issued some."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from microcred_web.bench.scratch import postgres_answers, redis_answers

ROOT = Path(__file__).resolve().parents[3]
LEARNERS = 200


@pytest.mark.db
def test_two_workers_share_a_batch_on_postgresql_and_redis_and_issue_each_learner_once(
    tmp_path: Path,
) -> None:
    database_url = os.environ.get("DATABASE_URL", "")
    redis_url = os.environ.get("MICROCRED_TEST_REDIS_URL", "redis://127.0.0.1:6379/14")
    if not database_url.startswith("postgres"):
        pytest.skip("PostgreSQL only: the db run of make test sets DATABASE_URL to PostgreSQL")
    if not postgres_answers(database_url):
        pytest.skip(f"PostgreSQL does not answer at {database_url}")
    if not redis_answers(redis_url):
        pytest.skip(f"Redis does not answer at {redis_url} (set MICROCRED_TEST_REDIS_URL)")
    completed = subprocess.run(
        [
            sys.executable,
            "-m",
            "tests.web.bulk.two_workers",
            database_url,
            redis_url,
            str(tmp_path),
            str(LEARNERS),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr[-3000:]
    report = json.loads(completed.stdout.strip().splitlines()[-1])

    assert report["workers_listening"] and report["finished"], report["worker_log_tail"]
    assert report["states_after"] == {"issued": LEARNERS}
    # exactly one credential per learner: none missing, none twice
    assert report["credentials"] == report["items_with_credential"] == LEARNERS
    assert report["distinct_learners"] == LEARNERS and report["expected_learners_all_present"]
    assert report["most_credentials_for_one_learner"] == 1
    # no status-list index reused, none lost
    assert report["distinct_status_slots"] == report["allocated_indexes"] == LEARNERS
    assert report["not_verified"] == []
    # both workers did work, and together all of it
    per_worker = report["items_per_worker"]
    assert set(per_worker) == {"worker-1", "worker-2"}, per_worker
    assert sum(per_worker.values()) == LEARNERS and min(per_worker.values()) > 0
