"""What the JCS type walk's ``gc.get_referents`` buys on the web's end-to-end paths (issue 8,
item 8; ADR 0203 addendum). Not a test: run it by name, on a quiet machine,

    .venv/bin/pytest tests/web/credentials/bench_jcs_walk_web.py -s -q

It times, in one process and interleaved rounds (CPU seconds, ADR 0605), ``POST
/vc-api/credentials/issue`` (eddsa-jcs-2022: format check, sign, self-verify, status entry, the
database row) and ``POST /vc-api/credentials/verify`` of the credentials issued, with the walk of
``microcred.crypto.jcs`` (``gc.get_referents``) and with the plain walk below, and prints the
ratios as JSON.
"""

from __future__ import annotations

import json
import statistics
import time
import uuid
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

import microcred.crypto.jcs as jcs

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[3]
ISSUER = "did:web:micro4asia.example.org:institutions:muni"
_PLAIN_TYPES = frozenset({str, int, bool, type(None), dict, list, tuple})
_CONTAINERS = frozenset({dict, list, tuple})


def plain_scan(value: object) -> int:
    """The best plain walk we found (level by level, the next level built with list.extend)."""
    kinds = {type(value)}
    level: list[Any] = [value]
    result = jcs._PLAIN
    depth = 0
    while True:
        if not kinds <= _PLAIN_TYPES:
            if float not in kinds or not (kinds - {float}) <= _PLAIN_TYPES:
                return jcs._OTHER
            if result == jcs._PLAIN:
                for item in level:
                    if type(item) is float and not jcs._orjson_writes_jcs_cached(item):
                        result = jcs._FLOATS
                        break
        if kinds.isdisjoint(_CONTAINERS):
            return result
        depth += 1
        if depth > jcs._MAX_DEPTH:
            return jcs._OTHER
        children: list[Any] = []
        keys: list[Any] = []
        for item in level:
            kind = type(item)
            if kind is dict:
                children.extend(item.values())
                keys.extend(item)
            elif kind is list or kind is tuple:
                children.extend(item)
        if not set(map(type, keys)) <= {str}:
            return jcs._OTHER
        level = children
        kinds = set(map(type, level))


def test_measure_the_jcs_walk_on_the_vc_api(api: Client, monkeypatch: pytest.MonkeyPatch) -> None:
    lines = (ROOT / "bench/populations/typical.jsonl").read_text("utf-8").splitlines()
    docs = []
    for line in lines[:20]:
        doc = json.loads(line)
        doc.pop("id", None)
        doc["issuer"] = {**doc["issuer"], "id": ISSUER}
        docs.append(doc)
    variants = {"gc-walk": jcs._scan, "plain-walk": plain_scan}

    def issue(i: int) -> Any:
        response = api.post(
            "/vc-api/credentials/issue",
            data=json.dumps(
                {
                    "credential": {
                        **docs[i % len(docs)],
                        "id": f"urn:uuid:{uuid.uuid4()}",
                    },  # one id, one credential
                    "options": {"cryptosuite": "eddsa-jcs-2022"},
                }
            ),
            content_type="application/json",
        )
        assert response.status_code == 201, response.content[:300]
        return response.json()["verifiableCredential"]

    issued = [issue(i) for i in range(len(docs))]
    bodies = [json.dumps({"verifiableCredential": vc}) for vc in issued]
    verifier = Client()

    def verify(i: int) -> None:
        response = verifier.post(
            "/vc-api/credentials/verify", data=bodies[i % len(bodies)], content_type="application/json"
        )
        assert response.status_code == 200 and response.json()["verified"] is True, response.content[:300]

    rates: dict[tuple[str, str], list[float]] = {}
    for _ in range(7):
        for variant, walk in variants.items():
            monkeypatch.setattr(jcs, "_scan", walk)
            for name, op, batch in (("vc-api issue", issue, 40), ("vc-api verify", verify, 80)):
                start = time.process_time()
                for i in range(batch):
                    op(i)
                rates.setdefault((name, variant), []).append(batch / (time.process_time() - start))
    report = {
        name: {variant: round(statistics.median(rates[(name, variant)]), 1) for variant in variants}
        | {
            "plain_vs_gc": round(
                statistics.median(rates[(name, "plain-walk")]) / statistics.median(rates[(name, "gc-walk")]),
                3,
            )
        }
        for name in ("vc-api issue", "vc-api verify")
    }
    print(json.dumps(report, indent=1))
