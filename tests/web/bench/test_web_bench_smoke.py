"""``manage.py bench --json --quick`` runs end to end (tiny batches, short loads, the smallest
register, every measurement at once) and reports every documented path and key (README
"Benchmarks of the platform"). A smoke test: no figure is asserted (benchmarks are not tests, ADR
0605); only that each was measured without errors.

It starts real processes (queue workers, gunicorn): PostgreSQL is measured only where it answers
at ``MICROCRED_BENCH_POSTGRESQL_URL`` (the Makefile's PG_URL by default)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from microcred_web.bench.scratch import postgres_answers

ROOT = Path(__file__).resolve().parents[3]
BULK_KEYS = {
    "credentials_per_s",
    "reference_issue_checked_per_s",
    "ceiling_per_s",
    "ratio_to_ceiling",
    "cpu_efficiency",
    "peak_memory_kib",
    "workers",
    "queue",
    "runs",
}
API_KEYS = {"max_requests_per_s", "p99_ms_at_half_load", "offered_half_load_per_s", "half_load"}


def test_the_quick_web_benchmark_reports_every_documented_key() -> None:
    import os

    postgresql = os.environ.get("MICROCRED_BENCH_POSTGRESQL_URL", "postgresql://postgres@127.0.0.1:5432/test")
    completed = subprocess.run(
        [sys.executable, "manage.py", "bench", "--json", "--quick", "--postgresql", postgresql],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr[-3000:]
    report = json.loads(completed.stdout)
    paths = report["paths"]
    expected = {"bulk-issue-sqlite", "verify-api", "trivial-api", "register-search"}
    engines = {"sqlite"}
    if postgres_answers(postgresql):
        expected.add("bulk-issue-postgresql")
        engines.add("postgresql")
    else:
        assert {"bulk-issue-postgresql", "register-search"} <= set(report["notes"])
    assert set(paths) == expected, report

    for name in expected & {"bulk-issue-sqlite", "bulk-issue-postgresql"}:
        bulk = paths[name]
        assert set(bulk) >= BULK_KEYS, (name, bulk)
        assert set(bulk["credentials_per_s"]) == {"10"}  # keyed by batch size, as text
        assert bulk["credentials_per_s"]["10"] > 0 and bulk["reference_issue_checked_per_s"] > 0
        assert bulk["runs"]["10"]["states"] == {"issued": 10}
        assert bulk["peak_memory_kib"]["10"] > 0
    for name in ("verify-api", "trivial-api"):
        api = paths[name]
        assert set(api) >= API_KEYS, (name, api)
        rounds = api["closed_loop_rounds"]
        assert api["half_load"]["errors"] == 0 and rounds[0]["errors"] == 0, (name, api)
        assert api["max_requests_per_s"] > 0 and api["p99_ms_at_half_load"] is not None, (name, api)
    register = paths["register-search"]
    assert set(register["runs"]) == engines and set(register["p95_ms"]) == engines, register
    for engine in engines:  # by engine, then by number of entries as text (quick: the smallest, 300)
        assert set(register["p95_ms"][engine]) == {"300"}, register
        assert all(register["p95_ms"][engine]["300"][kind] > 0 for kind in ("page", "api")), register
        assert register["runs"][engine]["sizes"]["300"]["entries"] == 300
        assert f"register_search_{engine}_p95_at_largest_size" in report["goals"]
    # the CPU of one request of each path in-process, and the verify request's parts (ADR 1250)
    cpu = paths["verify-api"]["server"]["request_cpu_ms"]
    assert set(cpu) == {
        "verify-api",
        "trivial-api",
        "verify-api view",
        "verify-api inspect_credential",
        "verify-api core inspect",
    }, cpu
    assert all(ms > 0 for ms in cpu.values()), cpu
    # the goals are reported, each with what was measured and whether it was met
    assert {"verify_api_max_vs_trivial_api_max", "verify_api_p99_ms_at_half_load"} <= set(report["goals"])
    assert all({"goal", "measured", "met"} <= set(goal) for goal in report["goals"].values())
