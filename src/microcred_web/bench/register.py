"""The ``register-search`` path of ``manage.py bench`` (issue 15 item 6, "Interfaces": p95 at 1,000
and 50,000 entries on SQLite and PostgreSQL): ``microcred_web.register.bench.register_search_bench``
run in a process of its own per database, as the other web benchmarks are (ADR 1232)::

    python -m microcred_web.bench.register DATABASE_URL WORK_DIR --sizes 1000,50000 --rounds 5

It prints the function's result as one JSON object. The settings are the benchmarks' (production's,
``bench.settings``); the throw-away test database it fills is made by the migrations, unlike
``scratch.create_tables``: the register's full-text index (an FTS5 table and its triggers on
SQLite, a GIN expression index on PostgreSQL; ADR 1526) exists only through migration
``register/0003``, and a search measured without it would measure another schema.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Any

from microcred_web.bench.scratch import process_env


def run(database_url: str, work_dir: Path, *, sizes: list[int], rounds: int) -> dict[str, Any]:
    """``register_search_bench(sizes, rounds)`` on the engine of ``database_url`` (a test database
    beside it: ``test_<name>`` on PostgreSQL, a temporary file on SQLite)."""
    os.environ.update(
        process_env(
            database_url=database_url,
            work_dir=work_dir,
            queue="database",
            settings="microcred_web.bench.settings",
        )
    )
    import django

    django.setup()
    from django.conf import settings

    # production's settings but the static files' manifest, which only `collectstatic` writes: the
    # pages name their CSS without the hashed names (one dictionary look-up less per file)
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    from microcred_web.register.bench import register_search_bench

    return register_search_bench(tuple(sizes), rounds=rounds)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("database_url")
    parser.add_argument("work_dir")
    parser.add_argument("--sizes", default="1000,50000")
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args(argv)
    result = run(
        args.database_url,
        Path(args.work_dir),
        sizes=[int(s) for s in args.sizes.split(",") if s.strip()],
        rounds=args.rounds,
    )
    sys.stdout.write(json.dumps(result) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
