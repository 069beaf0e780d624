"""``python manage.py bench_register --json``: the ``register-search`` benchmark on the configured
database engine (see ``register/bench.py``); ``manage.py bench`` embeds the same result."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from microcred_web.register.bench import register_search_bench


class Command(BaseCommand):
    help = "Time register search and the JSON API at 1,000 and 50,000 generated entries."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--json", action="store_true", help="print the result as JSON")
        parser.add_argument("--sizes", default="1000,50000", help="comma-separated register sizes")
        parser.add_argument("--rounds", type=int, default=5, help="timed repeats of each request")

    def handle(self, *args: Any, **options: Any) -> None:
        sizes = tuple(int(s) for s in str(options["sizes"]).split(",") if s.strip())
        result = {"register-search": register_search_bench(sizes, rounds=options["rounds"])}
        if options["json"]:
            self.stdout.write(json.dumps(result, indent=2))
            return
        r = result["register-search"]
        for size, figures in r["sizes"].items():
            self.stdout.write(
                f"{r['engine']} {size:>6} entries: page p95 {figures['page']['p95_ms']} ms, "
                f"API p95 {figures['api']['p95_ms']} ms"
            )
