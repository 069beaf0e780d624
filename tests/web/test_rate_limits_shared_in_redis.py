"""With MICROCRED_CACHE_URL pointing at Redis, every worker counts into one window (ADR 0320):
a client cannot multiply its allowance by spreading requests over the workers. Run against the
real Redis on 127.0.0.1 (as on the CI machine), in two processes; skipped, with the reason,
where no Redis answers."""

from __future__ import annotations

import os
import random
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

REDIS_URL = os.environ.get("MICROCRED_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
ROOT = Path(__file__).parents[2]


def _redis_answers() -> bool:
    try:
        import redis

        return bool(redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2).ping())
    except Exception:
        return False


pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not _redis_answers(), reason=f"no Redis answers at {REDIS_URL}"),
]

# The other worker: a separate Python process with the platform's settings and the same
# MICROCRED_CACHE_URL, counting three verifications of one client.
OTHER_WORKER = """
import django, sys
django.setup()
from microcred_web.core.client_address import rate_limit_key
from microcred_web.core.rate_limits import count_request, parse_rate
for _ in range(3):
    hit = count_request("verify", rate_limit_key(sys.argv[1]), parse_rate("3/h"))
print(hit.count)
"""


def test_a_count_made_by_one_worker_limits_the_same_client_on_another(settings: Any) -> None:
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    }
    settings.MICROCRED_RATE_LIMITS = {"verify": "3/h"}
    client_address = f"203.0.113.{random.randint(1, 254)}"
    other = subprocess.run(
        [sys.executable, "-c", OTHER_WORKER, client_address],
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "microcred_web.config.settings.test",
            "MICROCRED_CACHE_URL": REDIS_URL,
        },
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert other.stdout.strip() == "3"
    try:
        refused = Client().post("/verify/", {"credential": "{}"}, REMOTE_ADDR=client_address)
        assert refused.status_code == 429
        assert int(refused["Retry-After"]) >= 1
        elsewhere = Client().post("/verify/", {"credential": "{}"}, REMOTE_ADDR="198.51.100.77")
        assert elsewhere.status_code != 429
    finally:
        import redis

        server = redis.Redis.from_url(REDIS_URL)
        for address in (client_address, "198.51.100.77"):
            keys = list(server.scan_iter(match=f"*microcred:rate:verify:*:{address}"))
            if keys:
                server.delete(*keys)
