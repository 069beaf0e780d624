"""Two workers share one batch on PostgreSQL and Redis (issue 12 item 2; ADR 1101, ADR 1230). Run
in a process of its own by ``test_two_workers_on_postgresql_and_redis``:

    python -m tests.web.bulk.two_workers DATABASE_URL REDIS_URL WORK_DIR [LEARNERS]

On a scratch PostgreSQL database made beside DATABASE_URL's (dropped afterwards), with the real
encrypted key store under WORK_DIR, it starts two real RQ workers (``manage.py rqworker``, as the
README's "Several workers on PostgreSQL and Redis" says), waits until both listen, starts a batch
of LEARNERS through ``start_batch`` (which enqueues one task per worker) and waits until every
item is finished. It prints one JSON object with what was stored, for the test to judge.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any

from microcred_web.bench.scratch import drop_scratch_database, process_env, scratch_database


def run(database_url: str, redis_url: str, work_dir: Path, learners: int) -> dict[str, Any]:
    url, scratch = scratch_database(database_url, "_bulk_two_workers")
    env = process_env(database_url=url, work_dir=work_dir, queue="rq", redis_url=redis_url)
    env["MICROCRED_BULK_TASKS_PER_BATCH"] = "2"
    os.environ.update(env)
    try:
        import django

        django.setup()
        from microcred_web.bench.bulk import run_batch
        from microcred_web.bench.scratch import bulk_learners, create_tables, scratch_issuer
        from microcred_web.bulk.models import Batch
        from tests.web.bulk.kill_the_worker import _outcome

        create_tables()
        issuer = scratch_issuer(role="registrar")
        items = bulk_learners(learners)
        report = run_batch(
            issuer=issuer, learners=items, queue="rq", workers=2, env=env, log_dir=work_dir, timeout=90
        )
        batch = Batch.objects.get(uuid=report["batch"])
        return {**report, **_outcome(batch, issuer.version, issuer.institution, items)}
    finally:
        from django.db import connections

        connections.close_all()
        drop_scratch_database(database_url, scratch)


if __name__ == "__main__":
    count = int(sys.argv[4]) if len(sys.argv) > 4 else 200
    sys.stdout.write(json.dumps(run(sys.argv[1], sys.argv[2], Path(sys.argv[3]), count), default=str) + "\n")
