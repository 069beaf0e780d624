"""What keeping the trust registry between requests buys on ``POST /vc-api/credentials/verify``
(issue 8 "Fast"; ADR 0203 addendum). Not a test: run it by name,

    .venv/bin/pytest tests/web/credentials/bench_trust_registry_web.py -s -q

Times, in one process and interleaved rounds (CPU seconds, ADR 0605), the verify request of an
issued credential with the registry kept (``trust_registry``) and rebuilt from the database on
every request (as before), with ten institutions of two keys each, and prints both rates and their ratio as JSON.
"""

from __future__ import annotations

import json
import statistics
import time
from typing import Any

import pytest
from django.test import Client

import microcred_web.credentials.trust as trust
import microcred_web.credentials.verifying as verifying

pytestmark = pytest.mark.django_db


def rebuilt_every_time() -> Any:
    return trust._registry(trust._key_rows(), trust.consortium_registry())


def test_time_the_verify_request_with_the_registry_kept_and_rebuilt(issued: Any, unisi: Any) -> None:
    from microcred_web.credentials import services
    from tests.web.credentials.conftest import make_institution

    for n in range(8):  # ten institutions with two keys each, as in the consortium's demo
        services.institution_key_rotate(institution=make_institution(f"uni{n}", f"University {n}"))
    services.institution_key_rotate(institution=unisi)
    body = json.dumps({"verifiableCredential": issued.jws or issued.document})
    client = Client()

    def batch(n: int = 60) -> float:
        start = time.process_time()
        for _ in range(n):
            response = client.post("/vc-api/credentials/verify", body, content_type="application/json")
            assert response.status_code == 200, response.json()
        return n / (time.process_time() - start)

    kept, rebuilt = [], []
    original = verifying.trust_registry
    for _ in range(5):
        kept.append(batch())
        verifying.trust_registry = rebuilt_every_time
        try:
            rebuilt.append(batch())
        finally:
            verifying.trust_registry = original
    result = {
        "kept_per_s": round(statistics.median(kept), 1),
        "rebuilt_per_s": round(statistics.median(rebuilt), 1),
    }
    result["kept_vs_rebuilt"] = round(result["kept_per_s"] / result["rebuilt_per_s"], 2)
    print(json.dumps(result))
