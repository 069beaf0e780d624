"""Where ``verify_full`` spends its time beyond the proof check (issue 8 "Fast").

Times, per proof path and population, ``verification.verify`` (every check, trust registry given)
and the pieces it is made of, each called alone on the same secured credentials the benchmark
uses (``microcred.bench.runner``): the proof check with the registry's resolver, the format check
(OB 3.0 JSON Schema), key resolution, trust, status, validity, holder, and the report assembly
(the rest). Microseconds per credential, best of ``repeats`` batches of CPU time (one core).
Usage: ``python bench/scripts/verify_full_components.py [repeats]``.
"""

from __future__ import annotations

import json
import os
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import microcred.bench.runner as R
import microcred.verification as V
from microcred.crypto.keys import Ed25519KeyPair
from microcred.crypto.proofs import verify_proofs
from microcred.crypto.proofs.jose import verify_vc_jwt
from microcred.standards.ob3.schema import schema_problems

ROOT = Path(__file__).resolve().parents[2]
AT = R.VERIFY_AT


def best_us(fn: Callable[[int], object], n: int, repeats: int, batch: int = 400) -> float:
    best = float("inf")
    for _ in range(repeats):
        start = time.process_time()
        for i in range(batch):
            fn(i % n)
        best = min(best, (time.process_time() - start) / batch * 1e6)
    return best


def main() -> None:
    repeats = int(sys.argv[1]) if len(sys.argv) > 1 else 7
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {max(os.sched_getaffinity(0))})
    typical = R._load(ROOT / "bench/populations/typical.jsonl", None)
    fixture, fixture_pair = R._load_fixture(ROOT / "bench/fixture")
    pair = Ed25519KeyPair.from_seed(R._BENCH_SEED)
    issuers = R._Issuers(pair, (fixture_pair.public_key.did_key, fixture_pair))
    for d in [*typical, fixture]:
        issuers.signer(d)
    trust = issuers.registry()
    resolver = trust.resolver()
    out: dict[str, Any] = {"when": datetime.now(UTC).replace(microsecond=0).isoformat(), "us": {}}
    for suite in ("eddsa-rdfc-2022", "eddsa-jcs-2022", "vc-jwt"):
        for population, docs in (("typical", typical), ("fixture", [fixture])):
            issue, verify_proof_only, _, verify_full = R._suite_ops(docs, issuers, trust, suite)
            n = len(docs)
            secured = [
                issue(i) for i in range(n)
            ]  # same signers and options as the benchmark: the same bytes
            if suite == "vc-jwt":
                payloads = [V._decode_jwt_payload(t) for t in secured]
                creds: list[Any] = [verify_vc_jwt(t, resolver, now=AT).credential for t in secured]
                methods = [[V._jwt_kid(t)] for t in secured]
                proof: Callable[[int], object] = lambda i: verify_vc_jwt(secured[i], resolver, now=AT)  # noqa: E731
                fmt: Callable[[int], object] = lambda i: V._format_check(payloads[i])  # noqa: E731
            else:
                creds = secured
                methods = [V._methods(d) for d in secured]
                proof = lambda i: verify_proofs(secured[i], resolver, now=AT)  # noqa: E731
                fmt = lambda i: V._format_check(secured[i])  # noqa: E731
            issuers_ = [V._issuer_id(c) for c in creds]
            parts = {
                "verify_full": verify_full,
                "proof_only_direct_key": verify_proof_only,
                "proof_via_registry": proof,
                "format_and_schema": fmt,
                "schema_only": lambda i: schema_problems(creds[i]),
                "key": lambda i: V._key_check(methods[i], resolver, issuers_[i]),
                "trust": lambda i: V._trust_check(
                    issuers_[i], methods[i], V._proof_created(creds[i]), trust, AT, resolver
                ),
                "status": lambda i: V._status_check(creds[i], resolver, None, AT),
                "validity": lambda i: V._validity_check(creds[i], AT),
                "holder": lambda i: V._holder_check(creds[i], None, resolver, AT),
            }
            times = {name: round(best_us(fn, n, repeats), 1) for name, fn in parts.items()}
            named = sum(v for k, v in times.items() if k not in ("verify_full", "proof_only_direct_key", "schema_only"))
            times["rest_inspect_report_verify"] = round(times["verify_full"] - named, 1)
            out["us"][f"{suite}/{population}"] = times
    print(json.dumps(out, indent=1))


if __name__ == "__main__":
    main()
