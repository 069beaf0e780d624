"""``manage.py bench [--json] [--quick]``: the web benchmarks (issue 12; README "Benchmarks of the
platform"): bulk issuing on SQLite and PostgreSQL with real workers, the verify API against a
trivial JSON endpoint on gunicorn, and register search at 1,000 and 50,000 entries on SQLite and
PostgreSQL (``register-search``, issue 15). The core's ``microcred bench`` stays free of Django; ``make
bench`` runs both and merges them (``--core FILE`` puts the core's report beside this one)."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser


def _sizes(text: str) -> list[int]:
    return [int(s) for s in text.split(",") if s.strip()]


class Command(BaseCommand):
    help = "Benchmark bulk issuing, the verify API and register search (reports goals, never fails on them)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--json", action="store_true", help="print the report as JSON")
        parser.add_argument("--quick", action="store_true", help="tiny sizes and short loads (smoke run)")
        parser.add_argument("--sizes", default=None, help="SQLite batch sizes (default 1000,10000,100000)")
        parser.add_argument("--postgresql-sizes", default=None, help="PostgreSQL batch sizes (default 10000)")
        parser.add_argument(
            "--postgresql",
            default=os.environ.get(
                "MICROCRED_BENCH_POSTGRESQL_URL", "postgresql://postgres@127.0.0.1:5432/test"
            ),
            help="a PostgreSQL database; the benchmark works on a scratch database beside it",
        )
        parser.add_argument(
            "--redis", default=os.environ.get("MICROCRED_BENCH_REDIS_URL", "redis://127.0.0.1:6379/15")
        )
        parser.add_argument("--workers", type=int, default=2, help="queue workers, and gunicorn workers")
        parser.add_argument("--api-seconds", type=float, default=None, help="seconds per load measure (5)")
        parser.add_argument(
            "--register-sizes", default=None, help="register-search entries (default 1000,50000; quick 300)"
        )
        parser.add_argument("--register-rounds", type=int, default=None, help="timed rounds per query (5)")
        parser.add_argument("--only", choices=("bulk", "api", "register"), default=None)
        parser.add_argument("--core", default=None, help="the JSON of `microcred bench --json` to merge")

    def handle(self, *args: Any, **options: Any) -> None:
        from microcred_web.bench.report import run

        quick = options["quick"]
        report = run(
            quick=quick,
            sqlite_sizes=_sizes(options["sizes"] or ("10" if quick else "1000,10000,100000")),
            postgresql_sizes=_sizes(options["postgresql_sizes"] or ("10" if quick else "10000")),
            postgresql_url=options["postgresql"],
            redis_url=options["redis"],
            workers=options["workers"],
            api_seconds=options["api_seconds"] or (0.5 if quick else 5.0),
            api_rounds=1 if quick else 3,
            api_clients=4 if quick else 20,
            # the smallest register whose every timed query has a second page (page=2 of a word)
            register_sizes=_sizes(options["register_sizes"] or ("300" if quick else "1000,50000")),
            register_rounds=options["register_rounds"] or (1 if quick else 5),
            only=options["only"],
        )
        if options["core"]:
            report = {"core": json.loads(Path(options["core"]).read_text("utf-8")), "web": report}
        if options["json"]:
            self.stdout.write(json.dumps(report, indent=2, ensure_ascii=False))
            return
        web = report.get("web", report)
        for path, entry in web["paths"].items():
            figures = {
                k: entry.get(k)
                for k in (
                    "credentials_per_s",
                    "ratio_to_ceiling",
                    "max_requests_per_s",
                    "p99_ms_at_half_load",
                    "p95_ms",
                )
                if k in entry
            }
            self.stdout.write(f"{path:<24} {json.dumps(figures) if 'error' not in entry else entry['error']}")
        for name, goal in web["goals"].items():
            self.stdout.write(
                f"goal {name}: {goal['measured']} ({goal['goal']}) {'met' if goal['met'] else 'NOT met'}"
            )
        for path, note in web["notes"].items():
            self.stdout.write(f"{path}: {note}")
