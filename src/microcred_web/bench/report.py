"""The web benchmarks' report (``manage.py bench``; README "Benchmarks of the platform"): each
measurement runs in a process of its own (its settings name its own scratch database and
server), and this module runs them in turn and puts their figures together with the goals of issue
12 "Fast" (reported, never asserted: benchmarks are not tests; ADR 0605, ADR 1232).

Keys (``paths``):

* ``bulk-issue-sqlite``, ``bulk-issue-postgresql`` (the latter when PostgreSQL answers):
  ``credentials_per_s`` by batch size (``"1000"``...), ``reference_issue_checked_per_s`` (the core,
  one core, the same credentials, this run), ``ceiling_per_s`` (workers × the reference),
  ``ratio_to_ceiling`` and ``peak_memory_kib`` (the largest worker) by size, ``workers``,
  ``queue``, ``runs`` (everything measured per size);
* ``verify-api``, ``trivial-api``: ``max_requests_per_s``, ``p99_ms_at_half_load`` and the
  details (``errors`` at half load...); ``verify-api``'s ``server`` holds the run's setup,
  ``inspect_credential_ms`` and ``request_cpu_ms`` (CPU ms of one request of each path through
  Django in-process, and the verify request's view, ``inspect_credential`` and core ``inspect``;
  ADR 1250).
"""

from __future__ import annotations

import json
import os
import platform
import subprocess
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Final

from microcred_web.bench.scratch import postgres_answers, redis_answers
from microcred_web.bench.workers import ROOT

#: Issue 12 "Fast".
PIPELINE_SHARE_GOAL: Final = 0.70  # of the 2-core ceiling, 10,000 credentials on SQLite
RATE_DROP_GOAL: Final = 0.10  # at most, from 1,000 to 100,000 credentials
VERIFY_VS_TRIVIAL_GOAL: Final = 0.5
P99_GOAL_MS: Final = 50.0


def _child(module: str, args: list[str], timeout: float) -> dict[str, Any]:
    """Run ``python -m module args`` and return the JSON object it prints last."""
    completed = subprocess.run(  # noqa: S603 - our own modules, arguments built here
        [sys.executable, "-m", module, *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    lines = completed.stdout.strip().splitlines()
    if completed.returncode != 0 or not lines:
        return {"error": f"{module} exited with {completed.returncode}", "stderr": completed.stderr[-2000:]}
    result: dict[str, Any] = json.loads(lines[-1])
    return result


def _bulk_path(measured: dict[str, Any]) -> dict[str, Any]:
    if "error" in measured:
        return measured
    reference = measured["reference_issue_checked_per_s"]
    ceiling = measured["workers"] * reference
    sizes = measured["sizes"]
    return {
        "credentials_per_s": {size: run["credentials_per_s"] for size, run in sizes.items()},
        "reference_issue_checked_per_s": reference,
        "ceiling_per_s": round(ceiling, 1),
        "ratio_to_ceiling": {
            size: round(run["credentials_per_s"] / ceiling, 3) if ceiling else None
            for size, run in sizes.items()
        },
        "peak_memory_kib": {size: run["worker_peak_rss_kib"] for size, run in sizes.items()},
        # credentials per CPU second of the workers / the reference per CPU second: the share of
        # the ceiling the pipeline keeps per core, whatever else the machine runs
        "cpu_efficiency": {
            size: round(run["credentials_per_cpu_s"] / reference, 3) if reference else None
            for size, run in sizes.items()
        },
        "workers": measured["workers"],
        "queue": measured["queue"],
        "credential_bytes": measured["credential_bytes"],
        "runs": sizes,
    }


def _goals(paths: dict[str, Any]) -> dict[str, Any]:
    goals: dict[str, Any] = {}
    sqlite = paths.get("bulk-issue-sqlite", {})
    share = sqlite.get("ratio_to_ceiling", {}).get("10000")
    if share is not None:
        goals["bulk_sqlite_10000_share_of_2_core_ceiling"] = {
            "goal": f">= {PIPELINE_SHARE_GOAL}",
            "measured": share,
            "met": share >= PIPELINE_SHARE_GOAL,
        }
    rates = sqlite.get("credentials_per_s", {})
    if "1000" in rates and "100000" in rates and rates["1000"]:
        drop = 1 - rates["100000"] / rates["1000"]
        goals["bulk_sqlite_rate_drop_1000_to_100000"] = {
            "goal": f"<= {RATE_DROP_GOAL}",
            "measured": round(drop, 3),
            "met": drop <= RATE_DROP_GOAL,
        }
    verify, trivial = paths.get("verify-api"), paths.get("trivial-api")
    if verify and trivial and "error" not in verify and trivial["max_requests_per_s"]:
        ratio = verify["max_requests_per_s"] / trivial["max_requests_per_s"]
        goals["verify_api_max_vs_trivial_api_max"] = {
            "goal": f">= {VERIFY_VS_TRIVIAL_GOAL}",
            "measured": round(ratio, 3),
            "met": ratio >= VERIFY_VS_TRIVIAL_GOAL,
        }
        p99, errors = verify["p99_ms_at_half_load"], verify["half_load"]["errors"]
        goals["verify_api_p99_ms_at_half_load"] = {
            "goal": f"< {P99_GOAL_MS} ms with 0 errors",
            "measured": p99,
            "errors": errors,
            "met": p99 is not None and p99 < P99_GOAL_MS and errors == 0,
        }
    return goals


def run(
    *,
    quick: bool,
    sqlite_sizes: list[int],
    postgresql_sizes: list[int],
    postgresql_url: str,
    redis_url: str,
    workers: int,
    api_seconds: float,
    api_rounds: int,
    api_clients: int,
    only: str | None = None,
) -> dict[str, Any]:
    """Run the web benchmarks (see the module docstring) and return the report."""
    paths: dict[str, Any] = {}
    notes: dict[str, str] = {}
    with tempfile.TemporaryDirectory(prefix="microcred-bench-") as scratch:
        work = Path(scratch)
        if only in (None, "bulk"):
            (work / "sqlite").mkdir()
            measured = _child(
                "microcred_web.bench.bulk",
                [
                    f"sqlite:///{work / 'sqlite' / 'bulk.sqlite3'}",
                    str(work / "sqlite"),
                    "--sizes",
                    ",".join(map(str, sqlite_sizes)),
                    "--workers",
                    str(workers),
                    "--queue",
                    "database",
                ],
                timeout=6 * 3600,
            )
            paths["bulk-issue-sqlite"] = _bulk_path(measured)
            if postgresql_sizes and postgres_answers(postgresql_url):
                queue = "rq" if redis_answers(redis_url) else "database"
                (work / "postgresql").mkdir()
                measured = _child(
                    "microcred_web.bench.bulk",
                    [
                        postgresql_url,
                        str(work / "postgresql"),
                        "--sizes",
                        ",".join(map(str, postgresql_sizes)),
                        "--workers",
                        str(workers),
                        "--queue",
                        queue,
                        "--redis-url",
                        redis_url,
                    ],
                    timeout=6 * 3600,
                )
                paths["bulk-issue-postgresql"] = _bulk_path(measured)
            elif postgresql_sizes:
                notes["bulk-issue-postgresql"] = (
                    f"not measured: PostgreSQL does not answer at {postgresql_url}"
                )
        if only in (None, "api"):
            (work / "api").mkdir()
            measured = _child(
                "microcred_web.bench.http",
                [
                    str(work / "api"),
                    "--seconds",
                    str(api_seconds),
                    "--rounds",
                    str(api_rounds),
                    "--clients",
                    str(api_clients),
                    "--workers",
                    str(workers),
                ],
                timeout=3600,
            )
            if "error" in measured:
                paths["verify-api"] = paths["trivial-api"] = measured
            else:
                paths.update(measured.pop("paths"))
                paths["verify-api"]["server"] = measured
    return {
        "benchmark": "microcred web",
        "mode": "quick" if quick else "full",
        "when": datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z"),
        "method": {
            "bulk": "a batch started with start_batch and worked by real queue workers started for it; "
            "credentials_per_s = issued / (last item finished - first item claimed), wall clock; "
            "cpu_efficiency = issued per CPU second of the workers / the reference; "
            "reference_issue_checked_per_s = the core's issue_credential (validate, sign, verify) of "
            "the same credentials without their proofs, one core, median ops per CPU second, same run",
            "api": "gunicorn sync workers on loopback, production settings, the measured endpoints' "
            "rate limits off; max = closed loop (clients back to back), median of the rounds taken "
            "in turn with the other path; p99 = open loop at half that maximum, latency from each "
            "request's due moment (microcred_web.bench.loadgen)",
        },
        "machine": {
            "python": platform.python_version(),
            "platform": platform.platform(),
            "cpus": os.cpu_count(),
            "load_average_at_end": list(os.getloadavg()) if hasattr(os, "getloadavg") else None,
        },
        "paths": paths,
        "goals": _goals(paths),
        "notes": notes,
    }
