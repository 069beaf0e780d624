"""Bulk issuing measured end to end (issue 12 "Fast"): a batch started with ``start_batch``, worked
by real queue workers, until every item is finished. What is timed is the whole pipeline of each
item (claim, compose from the database, take a status-list index, sign with ``eddsa-rdfc-2022``,
verify what was signed, store the credential and the item's state, log).

Run in a process of its own per database (its settings name that database)::

    python -m microcred_web.bench.bulk DATABASE_URL WORK_DIR --sizes 1000,10000 --workers 2

It prints one JSON object: per batch size the rate (credentials per second from the first item
claimed to the last finished; the wall time from enqueueing beside it), the items per worker and
the largest peak resident memory of a worker; and ``reference_issue_checked_per_s``: the core's
``issue_credential`` (sign + verify what was signed) of the same credentials, one core, per CPU
second, measured in this run (ADR 0605), with the 2-worker ceiling it implies.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

from microcred_web.bench.scratch import (
    bulk_learners,
    create_tables,
    drop_scratch_database,
    process_env,
    scratch_database,
    scratch_issuer,
)
from microcred_web.bench.workers import Workers, start_workers, wait_until_listening


def run_batch(
    *,
    issuer: Any,
    learners: list[Any],
    queue: str,
    workers: int,
    env: dict[str, str],
    log_dir: Path,
    timeout: float,
    prefix: str = "worker",
) -> dict[str, Any]:
    """Start ``workers`` workers of ``queue``, then a batch of ``learners``; wait until no item is
    left to do (or ``timeout``), stop the workers and report what happened."""
    from django.db import connections

    from microcred_web.bulk.models import UNFINISHED, BatchItem
    from microcred_web.bulk.services import start_batch

    if queue == "rq":
        import django_rq

        django_rq.get_queue("default").empty()
    started = start_workers(queue=queue, count=workers, env=env, log_dir=log_dir, prefix=prefix)
    try:
        listening = wait_until_listening(started, env.get("MICROCRED_REDIS_URL", ""))
        started.wait_idle()
        cpu_before = started.cpu_seconds()
        began = time.monotonic()
        batch = start_batch(version=issuer.version, items=learners, by=issuer.member)
        finished = _wait(batch, started, began + timeout, UNFINISHED)
        wall = time.monotonic() - began
        cpu = started.cpu_seconds() - cpu_before
    finally:
        codes = started.stop()
        connections.close_all()
    items = BatchItem.objects.filter(batch=batch)
    states = Counter(items.values_list("state", flat=True))
    times = list(items.filter(finished_at__isnull=False).values_list("claimed_at", "finished_at"))
    span = (max(f for _c, f in times) - min(c for c, _f in times)).total_seconds() if times else 0.0
    issued = states.get("issued", 0)
    return {
        "batch": str(batch.uuid),
        "learners": len(learners),
        "finished": finished,
        "workers_listening": listening,
        "states": dict(states),
        "issued": issued,
        "credentials_per_s": round(issued / span, 1) if span else 0.0,
        "seconds": round(span, 2),
        # per CPU second of all workers (their share of a shared machine does not count against them)
        "credentials_per_cpu_s": round(issued / cpu, 1) if cpu else 0.0,
        "worker_cpu_seconds": round(cpu, 2),
        "wall_seconds": round(wall, 2),
        "items_per_worker": dict(Counter(items.filter(state="issued").values_list("claimed_by", flat=True))),
        "worker_peak_rss_kib": started.peak_kib,
        "worker_exit_codes": codes,
        "worker_log_tail": "" if finished else started.log_tail(),
    }


def _wait(batch: Any, workers: Workers, deadline: float, unfinished: Any) -> bool:
    from django.db import connections

    while time.monotonic() < deadline:
        workers.sample_memory()
        left = batch.items.filter(state__in=unfinished).exists()
        connections.close_all()
        if not left:
            return True
        if not workers.alive():
            return False
        time.sleep(0.25)
    return False


def reference_issue_checked_per_s(
    documents: list[dict[str, Any]], *, min_batch_s: float = 0.3, rounds: list[float] | None = None
) -> float:
    """The core's ``issue_credential`` (validate, sign, verify what was signed) of ``documents``
    without their proofs, one core, median ops per CPU second of 5 interleaved-free batches of at
    least ``min_batch_s`` (ADR 0605's method). ``rounds``, when given, receives the 5 rates: on a
    shared machine their spread says how far the median can be trusted."""
    from microcred.crypto.did import verification_method_id
    from microcred.crypto.keys import Ed25519KeyPair
    from microcred.crypto.signer import KeyPairSigner
    from microcred.issuance import issue_credential

    unsigned = [{k: v for k, v in d.items() if k != "proof"} for d in documents]
    pair = Ed25519KeyPair.generate()
    issuer = unsigned[0]["issuer"]
    did = issuer["id"] if isinstance(issuer, dict) else str(issuer)
    signer = KeyPairSigner(pair, verification_method_id(did, pair.public_key))
    previous = os.sched_getaffinity(0) if hasattr(os, "sched_getaffinity") else None
    if previous:
        os.sched_setaffinity(0, {min(previous)})
    try:

        def batch(n: int) -> float:
            start = time.process_time()
            for i in range(n):
                issue_credential(unsigned[i % len(unsigned)], signer=signer)
            return time.process_time() - start

        n = 1
        while (spent := batch(n)) < min_batch_s:
            n = max(n * 2, int(n * min_batch_s / max(spent, 1e-6)) + 1)
        rates = [n / batch(n) for _ in range(5)]
        if rounds is not None:
            rounds.extend(round(r, 1) for r in rates)
    finally:
        if previous:
            os.sched_setaffinity(0, previous)
    return statistics.median(rates)


def run(
    database_url: str,
    work_dir: Path,
    *,
    sizes: list[int],
    workers: int,
    queue: str,
    redis_url: str | None,
    quick: bool = False,
) -> dict[str, Any]:
    """Measure bulk issuing at each size on a scratch copy of ``database_url`` (see the module)."""
    admin_url = database_url
    url, scratch = scratch_database(database_url, "_bench_bulk")
    env = process_env(
        database_url=url,
        work_dir=work_dir,
        queue=queue,
        settings="microcred_web.bench.settings",
        redis_url=redis_url,
    )
    env["MICROCRED_BULK_TASKS_PER_BATCH"] = str(workers)
    os.environ.update(env)
    try:
        import django

        django.setup()
        from django.conf import settings

        from microcred_web.credentials.models import IssuedCredential

        settings.MICROCRED_BULK_MAX_ITEMS = max(sizes)
        create_tables()
        issuer = scratch_issuer(role="registrar")
        results: dict[str, Any] = {}
        start = 0
        for size in sizes:
            results[str(size)] = run_batch(
                issuer=issuer,
                learners=bulk_learners(size, start=start),
                queue=queue,
                workers=workers,
                env=env,
                log_dir=work_dir,
                timeout=max(120.0, size / 5),
            )
            start += size
        sample = list(
            IssuedCredential.objects.filter(version=issuer.version)
            .order_by("pk")
            .values_list("document", flat=True)[:20]
        )
        # a quick (smoke) run times batches of a few milliseconds: a figure, not a measure
        rounds: list[float] = []
        reference = (
            reference_issue_checked_per_s(sample, min_batch_s=0.01 if quick else 0.3, rounds=rounds)
            if sample
            else 0.0
        )
        from django.db import connection

        return {
            "database": connection.vendor,
            "queue": queue,
            "workers": workers,
            "sizes": results,
            "credential_bytes": len(json.dumps(sample[0]).encode()) if sample else 0,
            "reference_issue_checked_per_s": round(reference, 1),
            "reference_rounds_per_s": rounds,
            # the load of the machine during the run (1, 5, 15 minutes): other work shares the cores
            "load_average": list(os.getloadavg()),
        }
    finally:
        if scratch:
            from django.db import connections

            connections.close_all()
        drop_scratch_database(admin_url, scratch)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("database_url")
    parser.add_argument("work_dir")
    parser.add_argument("--sizes", default="1000")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--queue", choices=("database", "rq"), default="database")
    parser.add_argument("--redis-url", default=None)
    parser.add_argument("--quick", action="store_true", help="a smoke run: the reference timed briefly")
    args = parser.parse_args(argv)
    report = run(
        args.database_url,
        Path(args.work_dir),
        sizes=[int(s) for s in args.sizes.split(",") if s.strip()],
        workers=args.workers,
        queue=args.queue,
        redis_url=args.redis_url,
        quick=args.quick,
    )
    sys.stdout.write(json.dumps(report) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
