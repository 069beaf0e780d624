"""Kill the worker in the middle of a batch (issue 11, item 3 and "Done when"; ADR 1101). Run in a
process of its own by ``test_kill_the_worker``:

    python -m tests.web.bulk.kill_the_worker DATABASE_URL WORK_DIR [LEARNERS] [KILL_AFTER] [QUEUE]

It migrates the database (a SQLite *file*, or a PostgreSQL database it creates and drops), makes
an institution with a key in the real encrypted key store under WORK_DIR, and starts a batch of
LEARNERS through ``start_batch`` on the real database queue (django-tasks-db). Then, as an
operator would meet it:

1. a real worker (``manage.py db_worker``) starts; once KILL_AFTER credentials are stored it is
   killed with SIGKILL, mid-batch;
2. ``manage.py bulk_resume --older-than 0`` (the command, run in this process) gives back what the dead worker held and enqueues
   the batch again; a new worker (``db_worker --batch``) works the queue empty and exits.

With QUEUE ``rq`` it runs the batch through RQ on Redis instead (``MICROCRED_REDIS_URL``) with a
real ``rqworker --burst``, without killing. It prints one JSON object with what was stored, for the
test to judge.
"""

from __future__ import annotations

import io
import json
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

from microcred_web.bench.scratch import drop_scratch_database, scratch_database

ROOT = Path(__file__).resolve().parents[3]


def run(
    database_url: str, work_dir: str, learners: int, kill_after: int, queue: str = "database"
) -> dict[str, Any]:
    admin_url = database_url
    database_url, scratch = scratch_database(database_url, "_bulk_kill")
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DATABASE_CONN_MAX_AGE": "0",
        "DJANGO_SETTINGS_MODULE": "microcred_web.config.settings.test",
        "MICROCRED_TASKS_BACKEND": queue,
        "MICROCRED_KEY_DIR": str(Path(work_dir) / "keys"),
        "MICROCRED_KEY_PASSPHRASE": "test-only-passphrase-of-the-kill-test",
        "MICROCRED_PUBLIC_BASE_URL": "https://micro4asia.example.org",
        "MICROCRED_SECURITY_LOG_LEVEL": "WARNING",
        # small chunks (ADR 1234), so that the kill comes with some chunks stored and some not
        "MICROCRED_BULK_CHUNK": "4",
        "PYTHONPATH": f"{ROOT / 'src'}{os.pathsep}{ROOT}",
    }
    os.environ.update(env)
    try:
        return _run(env, work_dir, learners, kill_after, queue)
    finally:
        if scratch:
            from django.db import connections

            connections.close_all()
        drop_scratch_database(admin_url, scratch)


def _run(env: dict[str, str], work_dir: str, learners: int, kill_after: int, queue: str) -> dict[str, Any]:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connections
    from django_tasks_db.models import DBTaskResult

    from microcred_web.bench.scratch import bulk_learners, create_tables, scratch_issuer
    from microcred_web.bulk.models import BatchItem
    from microcred_web.bulk.services import start_batch
    from microcred_web.credentials.models import IssuedCredential

    setup_began = time.monotonic()
    create_tables()
    issuer = scratch_issuer(role="registrar")
    institution, version, registrar = issuer.institution, issuer.version, issuer.member
    items = bulk_learners(learners)
    if queue == "rq":  # the distributed queue (ADR 1101): a real RQ worker drains it, then exits
        import django_rq

        django_rq.get_queue("default").empty()
    batch = start_batch(version=version, items=items, by=registrar)
    connections.close_all()
    if queue == "rq":
        began = time.monotonic()
        worker = subprocess.run(
            [
                sys.executable,
                str(ROOT / "manage.py"),
                "rqworker",
                "default",
                "--burst",
                "--job-class",
                "django_tasks_rq.Job",
            ],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        return {
            "worker_rc": worker.returncode,
            "worker_err": worker.stderr[-1500:],
            **_outcome(batch, version, institution, items),
            "seconds": round(time.monotonic() - began, 2),
        }

    worker_cmd = [
        sys.executable,
        str(ROOT / "manage.py"),
        "db_worker",
        "--no-startup-delay",
        "--interval",
        "0.1",
    ]
    log_path = Path(work_dir) / "worker.log"
    began = time.monotonic()
    setup_seconds = began - setup_began
    with log_path.open("wb") as log:
        first = subprocess.Popen(worker_cmd, cwd=ROOT, env=env, stdout=log, stderr=log)
        deadline = time.monotonic() + 60
        issued_before_kill = 0
        while time.monotonic() < deadline and first.poll() is None:
            issued_before_kill = IssuedCredential.objects.filter(version=version).count()
            if issued_before_kill >= kill_after:
                break
            time.sleep(0.02)
        first.send_signal(signal.SIGKILL)
        first.wait(timeout=10)
    seconds_to_kill = time.monotonic() - began
    connections.close_all()
    at_kill = Counter(BatchItem.objects.filter(batch=batch).values_list("state", flat=True))
    stored_at_kill = IssuedCredential.objects.filter(version=version).count()
    running_tasks_at_kill = DBTaskResult.objects.filter(status="RUNNING").count()

    resumed = io.StringIO()
    call_command("bulk_resume", "--older-than", "0", stdout=resumed)
    connections.close_all()
    second = subprocess.run(
        [*worker_cmd, "--batch"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=90, check=False
    )
    seconds = time.monotonic() - began
    connections.close_all()

    return {
        "learners": learners,
        "issued_before_kill": issued_before_kill,
        "stored_at_kill": stored_at_kill,
        "states_at_kill": dict(at_kill),
        "running_tasks_at_kill": running_tasks_at_kill,
        "resume_out": resumed.getvalue()[-500:],
        "second_worker_rc": second.returncode,
        "second_worker_err": second.stderr[-1500:],
        **_outcome(batch, version, institution, items),
        "running_tasks_after": DBTaskResult.objects.filter(status="RUNNING").count(),
        "setup_seconds": round(setup_seconds, 2),
        "seconds_to_kill": round(seconds_to_kill, 2),
        "seconds": round(seconds, 2),
    }


def _outcome(batch: Any, version: Any, institution: Any, items: list[Any]) -> dict[str, Any]:
    """What was stored: one credential per learner, no status-list slot twice, each verifies."""
    from microcred_web.bulk.models import BatchItem
    from microcred_web.credentials.models import IssuedCredential, StatusList
    from microcred_web.credentials.verifying import inspect_credential

    credentials = list(IssuedCredential.objects.filter(version=version))
    item_rows = list(BatchItem.objects.filter(batch=batch).values_list("state", "credential_id"))
    slots = [(c.revocation_list_id, c.revocation_index) for c in credentials]
    lists = list(StatusList.objects.filter(institution=institution).values_list("pk", "next_index"))
    per_email = Counter(c.learner_email for c in credentials)
    return {
        "states_after": dict(Counter(r[0] for r in item_rows)),
        "credentials": len(credentials),
        "items_with_credential": len({r[1] for r in item_rows if r[1] is not None}),
        "distinct_learners": len(per_email),
        "most_credentials_for_one_learner": max(per_email.values(), default=0),
        "expected_learners_all_present": set(per_email) == {i.email for i in items},
        "distinct_status_slots": len(set(slots)),
        "allocated_indexes": sum(n for _pk, n in lists),
        "not_verified": [c.credential_id for c in credentials if not inspect_credential(c.document).verified],
    }


if __name__ == "__main__":
    url, directory = sys.argv[1], sys.argv[2]
    count = int(sys.argv[3]) if len(sys.argv) > 3 else 60
    kill = int(sys.argv[4]) if len(sys.argv) > 4 else 15
    queue_name = sys.argv[5] if len(sys.argv) > 5 else "database"
    sys.stdout.write(json.dumps(run(url, directory, count, kill, queue_name)) + "\n")
