"""The register-search benchmark (issue 15 item 6; ADR 1520).

:func:`register_search_bench` fills a fresh database with generated published micro-credentials
(``microcred.bench.register_specs``, the exchange format), then times register pages and JSON API
calls through the whole Django stack at each size, and answers the ``register-search`` entry of
``manage.py bench --json``: ``p95_ms`` per size for the page and the API, and whether the goal
holds (p95 at the largest size within 2x of the smallest and under 100 ms).

It runs on the configured database engine in a throw-away test database (Django's test
machinery creates and destroys it): SQLite in a temporary file, PostgreSQL as ``test_<name>``.
"""

from __future__ import annotations

import logging
import os
import statistics
import tempfile
import time
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from django.db import connection
from django.test import Client
from django.test.utils import override_settings

from microcred.bench.register_specs import INSTITUTIONS, generate
from microcred.model import parse_spec
from microcred_web.catalogue.models import MicroCredential, MicroCredentialVersion, Status
from microcred_web.catalogue.register_fields import register_fields
from microcred_web.institutions.models import Institution
from microcred_web.register.models import SearchEntry
from microcred_web.register.services import search_entries_add

GOAL_MS = 100.0
GOAL_RATIO = 2.0

#: what people type and click: words in three languages, filters alone and combined, page 2
QUERIES = (
    "",
    "q=accounting",
    "q=k%E1%BA%BF+to%C3%A1n",  # kế toán
    "q=ke+toan",
    "q=%E0%BA%81%E0%BA%B2%E0%BA%99%E0%BA%9A%E0%BA%B1%E0%BA%99%E0%BA%8A%E0%BA%B5",  # ການບັນຊີ
    "q=digital+banking",
    "country=VN",
    "country=LA&eqf=6",
    "institution=muni&mode=online",
    "isced=0412&language=vi",
    "q=risk&country=VN",
    "page=2",
    "q=finance&page=2",
    "credits_min=3&credits_max=6",
)


def _populate(start: int, count: int) -> None:
    institutions = {i.slug: i for i in Institution.objects.all()}
    for slug, country, _lang, system, _credits, level in INSTITUTIONS:
        if slug not in institutions:
            institutions[slug] = Institution.objects.create(
                slug=slug,
                name={"en": f"Institution {slug.upper()}"},
                short_name=slug.upper(),
                country=country,
                credit_system=system,
                national_framework=level.split(":")[0],
            )
    published = datetime(2026, 1, 1, tzinfo=UTC)
    batch: list[dict[str, Any]] = []

    def flush() -> None:
        mcs = MicroCredential.objects.bulk_create(
            [
                MicroCredential(institution=institutions[d["awarding_bodies"][0]["slug"]], code=d["code"])
                for d in batch
            ]
        )
        versions = []
        for mc, data in zip(mcs, batch, strict=True):
            fields = register_fields(parse_spec(data))
            versions.append(
                MicroCredentialVersion(
                    micro_credential=mc,
                    version=1,
                    status=Status.PUBLISHED,
                    spec=data,
                    published_at=published,
                    **vars(fields),
                )
            )
        # bulk_create sends no post_save, so the search rows (with their words and facet cells)
        # are written here through the register's own bulk service (ADR 1525)
        versions = MicroCredentialVersion.objects.bulk_create(versions)
        search_entries_add(SearchEntry.of(v, v.micro_credential.institution) for v in versions)
        batch.clear()

    for data in generate(count, start=start):
        batch.append(data)
        if len(batch) == 1000:
            flush()
    if batch:
        flush()


def _p95(samples: list[float]) -> float:
    return round(statistics.quantiles(samples, n=20, method="inclusive")[18], 1)


def _time(client: Client, urls: Iterable[str], rounds: int) -> dict[str, float]:
    samples: list[float] = []
    # CPU time of this process per request: what the machine's load does not inflate (on SQLite
    # it includes the queries; PostgreSQL's share is spent in the server and is not in it)
    cpu: list[float] = []
    for url in urls:
        client.get(url)  # warm the caches of this query once; then measure
        for _ in range(rounds):
            started, cpu_started = time.perf_counter(), time.process_time()
            response = client.get(url)
            samples.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - cpu_started) * 1000)
            if response.status_code != 200:
                raise RuntimeError(f"{url} answered {response.status_code}")
    return {
        "p95_ms": _p95(samples),
        "median_ms": round(statistics.median(samples), 1),
        "cpu_p95_ms": _p95(cpu),
        "cpu_median_ms": round(statistics.median(cpu), 1),
        "requests": len(samples),
    }


def _quiet_request_log() -> None:
    # one JSON line per request would be most of the bench's output and some of its time
    logging.getLogger("microcred.request").setLevel(logging.WARNING)


def register_search_bench(sizes: tuple[int, ...] = (1_000, 50_000), rounds: int = 5) -> dict[str, Any]:
    """Create a test database, fill it to each size in turn and time the register page and the
    JSON API; return the ``register-search`` result."""
    engine = connection.vendor
    _quiet_request_log()
    with tempfile.TemporaryDirectory() as tmp:
        test_name = str(Path(tmp) / "bench.sqlite3") if engine == "sqlite" else None
        if test_name:
            connection.settings_dict.setdefault("TEST", {})["NAME"] = test_name
        old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
        try:
            with override_settings(
                ALLOWED_HOSTS=["testserver"],
                MICROCRED_RATE_LIMITS={"register_search": "off", "register_export": "off"},
            ):
                results = _measure(sizes, rounds)
        finally:
            connection.creation.destroy_test_db(old_name, verbosity=0)
    first, last = results[str(sizes[0])], results[str(sizes[-1])]
    goals = {
        kind: {
            "ratio": round(last[kind]["p95_ms"] / first[kind]["p95_ms"], 2),
            "met": last[kind]["p95_ms"] <= min(GOAL_RATIO * first[kind]["p95_ms"], GOAL_MS),
        }
        for kind in ("page", "api")
    }
    return {
        "engine": engine,
        "sizes": results,
        "goal": {"ratio_max": GOAL_RATIO, "p95_ms_max": GOAL_MS, **goals},
    }


def _measure(sizes: tuple[int, ...], rounds: int) -> dict[str, Any]:
    client = Client()
    results: dict[str, Any] = {}
    have = 0
    for size in sizes:
        started = time.perf_counter()
        _populate(have, size - have)
        have = size
        fill_s = round(time.perf_counter() - started, 1)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        results[str(size)] = {
            "entries": SearchEntry.objects.count(),
            "fill_s": fill_s,
            "page": _time(client, (f"/register/?{q}" for q in QUERIES), rounds),
            "api": _time(client, (f"/api/micro-credentials?{q}" for q in QUERIES), rounds),
            # the machine's load when this size was timed: wall-clock figures are read with it
            "load_average": round(os.getloadavg()[0], 2),
        }
    return results
