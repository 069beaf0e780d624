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


class _Child:
    """``python -m module args`` started in a process of its own; ``result()`` waits for it and
    returns the JSON object it prints last (or ``error`` and the end of its stderr)."""

    def __init__(self, module: str, args: list[str], timeout: float, work: Path) -> None:
        self.module, self.timeout = module, timeout
        name = module.rsplit(".", 1)[-1] + "-" + "-".join(a.replace("/", "_")[-12:] for a in args[:1])
        self.out, self.err = work / f"{name}.out", work / f"{name}.err"
        with self.out.open("wb") as out, self.err.open("wb") as err:
            self.process = subprocess.Popen(  # noqa: S603 - our own modules, arguments built here
                [sys.executable, "-m", module, *args], cwd=ROOT, stdout=out, stderr=err
            )

    def result(self) -> dict[str, Any]:
        try:
            code = self.process.wait(timeout=self.timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            code = self.process.wait()
        lines = self.out.read_text("utf-8", "replace").strip().splitlines()
        if code != 0 or not lines:
            stderr = self.err.read_text("utf-8", "replace")
            return {"error": f"{self.module} exited with {code}", "stderr": stderr[-2000:]}
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


def _register_path(measured: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """``register-search`` (issue 15 "Interfaces"): ``p95_ms`` by engine, then by number of entries
    (as text), of the register page and the JSON API; each engine's goal; ``runs``: everything
    ``register_search_bench`` answered. An engine that failed keeps its ``error`` in ``runs``."""
    done = {engine: run for engine, run in measured.items() if "error" not in run}
    return {
        "p95_ms": {
            engine: {
                size: {kind: figures[kind]["p95_ms"] for kind in ("page", "api")}
                for size, figures in run["sizes"].items()
            }
            for engine, run in done.items()
        },
        "goal": {engine: run["goal"] for engine, run in done.items()},
        "runs": measured,
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
    for engine, goal in paths.get("register-search", {}).get("goal", {}).items():
        p95 = paths["register-search"]["p95_ms"][engine]
        largest = p95[max(p95, key=int)]
        goals[f"register_search_{engine}_p95_at_largest_size"] = {
            "goal": f"<= {goal['ratio_max']} x the p95 at the smallest size and <= {goal['p95_ms_max']} ms",
            "measured": {
                kind: {"p95_ms": largest[kind], "ratio": goal[kind]["ratio"]} for kind in ("page", "api")
            },
            "met": goal["page"]["met"] and goal["api"]["met"],
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
    register_sizes: list[int] | None = None,
    register_rounds: int = 5,
    only: str | None = None,
) -> dict[str, Any]:
    """Run the web benchmarks (see the module docstring) and return the report. Each runs in a
    process of its own, one after the other; in a ``quick`` run (a smoke run: tiny sizes, no
    figure worth reading) all at once, to be over sooner."""
    paths: dict[str, Any] = {}
    notes: dict[str, str] = {}
    register_sizes = register_sizes or [1000, 50000]
    with tempfile.TemporaryDirectory(prefix="microcred-bench-") as scratch:
        work = Path(scratch)
        pending: list[tuple[str, _Child]] = []

        def child(key: str, module: str, args: list[str], timeout: float) -> None:
            pending.append((key, _Child(module, args, timeout, work)))
            if not quick:  # measured alone
                _collect(pending[-1:])

        def _collect(started: list[tuple[str, _Child]]) -> None:
            for key, process in started:
                measured = process.result()
                if key.startswith("bulk-issue-"):
                    paths[key] = _bulk_path(measured)
                elif key.startswith("register-search:"):
                    registers[key.split(":", 1)[1]] = measured
                elif "error" in measured:
                    paths["verify-api"] = paths["trivial-api"] = measured
                else:
                    paths.update(measured.pop("paths"))
                    paths["verify-api"]["server"] = measured

        registers: dict[str, dict[str, Any]] = {}
        pg = postgres_answers(postgresql_url)
        quick_args = ["--quick"] if quick else []
        # a quick run's batches are tiny: one worker each is enough to run every step
        bulk_workers = str(1 if quick else workers)
        if only in (None, "bulk"):
            (work / "sqlite").mkdir()
            child(
                "bulk-issue-sqlite",
                "microcred_web.bench.bulk",
                [
                    f"sqlite:///{work / 'sqlite' / 'bulk.sqlite3'}",
                    str(work / "sqlite"),
                    "--sizes",
                    ",".join(map(str, sqlite_sizes)),
                    "--workers",
                    bulk_workers,
                    "--queue",
                    "database",
                    *quick_args,
                ],
                timeout=6 * 3600,
            )
            if postgresql_sizes and pg:
                queue = "rq" if redis_answers(redis_url) else "database"
                (work / "postgresql").mkdir()
                child(
                    "bulk-issue-postgresql",
                    "microcred_web.bench.bulk",
                    [
                        postgresql_url,
                        str(work / "postgresql"),
                        "--sizes",
                        ",".join(map(str, postgresql_sizes)),
                        "--workers",
                        bulk_workers,
                        "--queue",
                        queue,
                        "--redis-url",
                        redis_url,
                        *quick_args,
                    ],
                    timeout=6 * 3600,
                )
            elif postgresql_sizes:
                notes["bulk-issue-postgresql"] = (
                    f"not measured: PostgreSQL does not answer at {postgresql_url}"
                )
        if only in (None, "register"):
            (work / "register").mkdir()
            databases = {"sqlite": f"sqlite:///{work / 'register' / 'register.sqlite3'}"}
            if pg:
                databases["postgresql"] = postgresql_url
            else:
                notes["register-search"] = f"PostgreSQL not measured: it does not answer at {postgresql_url}"
            for engine, url in databases.items():
                child(
                    f"register-search:{engine}",
                    "microcred_web.bench.register",
                    [
                        url,
                        str(work / "register"),
                        "--sizes",
                        ",".join(map(str, register_sizes)),
                        "--rounds",
                        str(register_rounds),
                    ],
                    timeout=6 * 3600,
                )
        if only in (None, "api"):
            (work / "api").mkdir()
            child(
                "api",
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
                    *quick_args,
                ],
                timeout=3600,
            )
        _collect(pending if quick else [])
        if registers:
            paths["register-search"] = _register_path(registers)
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
            "register-search": "microcred_web.register.bench.register_search_bench in a process of its "
            "own per engine: a throw-away database filled to each size with generated published "
            "micro-credentials, 14 register pages and 14 API calls timed through the whole Django "
            "stack (test client, production settings), p95 of the rounds",
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
