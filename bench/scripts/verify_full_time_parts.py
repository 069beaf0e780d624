"""Where ``verify_full``'s TIME goes beyond the proof, measured in place (issue 8 "Fast", ADR 0612).

ADR 0611 counted instructions part by part, each part called alone. In time that misleads twice:
the proof is mostly C that does many instructions per cycle, and the parts cost more when they
run after the proof than alone (each evicts the other's code and data from the caches). This
script measures both, on the benchmark's own credentials (``microcred.bench.runner``):

``times SUITE POPULATION [ROUNDS]`` — CPU microseconds per credential (``time.process_time``, the
process pinned to one core, the minimum and the median of ROUNDS interleaved batches) of:

* ``proof``: the benchmark's baseline (``verify_per_s``: the proof with the key handed over);
* ``proof via registry``: the same proof with the trust registry's resolver, as ``verify`` runs it;
* ``full``: ``verification.verify`` (``verify_full_per_s``);
* ``full, proof stubbed``: ``verify`` with the proof check answered from a result computed before
  (every other check runs): the checks beyond the proof alone;
* ``proof, then full with the proof stubbed``: the same work as ``full``, in two calls.

``full - proof - (full, proof stubbed)`` is what the two cost each other (the caches).

``loop SUITE POPULATION SECONDS`` — ``verify`` in a loop, to run under py-spy::

    py-spy record -r 1000 -f raw -o /tmp/full.txt -- python bench/scripts/verify_full_time_parts.py \\
        loop eddsa-jcs-2022 fixture 20

``parts RAW...`` — the share of ``verify``'s samples in each part (format rules, OB 3.0 schema,
key, trust, ...), from py-spy's raw output; a share times ``full`` is that part's time in place.
"""

from __future__ import annotations

import collections
import gc
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import microcred.bench.runner as R
import microcred.verification as V
from microcred.crypto.keys import Ed25519KeyPair
from microcred.crypto.proofs import ProofOptions, add_proof, verify_proofs
from microcred.crypto.proofs.jose import sign_vc_jwt, verify_vc_jwt

ROOT = Path(__file__).resolve().parents[2]

#: py-spy frames (function name and file) that mark a part; the first that matches wins.
PARTS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("proof", ("verify_proofs (", "verify_vc_jwt (")),
    ("OB 3.0 schema (jsonschema-rs)", ("schema_problems (",)),
    ("format rules", ("_read_format (",)),
    ("the proof's created", ("_proof_created (",)),
    ("key", ("_key_check (", "_endorser_only (", "_bound_methods (")),
    ("trust", ("_trust_check (",)),
    ("status", ("_status_check (",)),
    ("validity", ("_validity_check (",)),
    ("holder", ("_holder_check (",)),
    (
        "issuer, proof lookups, token segments",
        (
            "_issuer_id (",
            "_proof_methods (",
            "_decode_jwt_payload (",
            "_jwt_kid (",
            "_valid_from (",
            "_canonical_base64url (",
        ),
    ),
)
REST = "report objects, inspect and verify themselves"


def _setup(suite: str, population: str) -> dict[str, Callable[[int], object]]:
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {max(os.sched_getaffinity(0))})
    fixture, fixture_pair = R._load_fixture(ROOT / "bench/fixture")
    docs = (
        [fixture]
        if population == "fixture"
        else R._load(ROOT / f"bench/populations/{population}.jsonl", None)
    )
    issuers = R._Issuers(
        Ed25519KeyPair.from_seed(R._BENCH_SEED), (fixture_pair.public_key.did_key, fixture_pair)
    )
    for d in docs:
        issuers.signer(d)
    trust = issuers.registry()
    resolver = trust.resolver()
    _, proof, _, full = R._suite_ops(docs, issuers, trust, suite)
    n = len(docs)
    at = R.VERIFY_AT
    if suite == "vc-jwt":
        secured: list[Any] = [sign_vc_jwt(d, issuers.signer(d)) for d in docs]
        answers: list[Any] = [verify_vc_jwt(t, resolver, now=at) for t in secured]
        name = "verify_vc_jwt"

        def via_registry(i: int) -> object:
            return verify_vc_jwt(secured[i % n], resolver, now=at)
    else:
        cryptosuite: Any = suite
        options = ProofOptions(created=R.CREATED)
        secured = [add_proof(d, issuers.signer(d), cryptosuite=cryptosuite, options=options) for d in docs]
        answers = [verify_proofs(d, resolver, now=at) for d in secured]
        name = "verify_proofs"

        def via_registry(i: int) -> object:
            return verify_proofs(secured[i % n], resolver, now=at, skip_foreign_proofs=False)

    real = getattr(V, name)

    def stubbed(i: int) -> object:
        setattr(V, name, lambda *a, **k: answers[i % n])
        try:
            return V.verify(secured[i % n], resolver=resolver, trust=trust, now=at, accept_unconfirmed=True)
        finally:
            setattr(V, name, real)

    def both(i: int) -> object:
        via_registry(i)
        return stubbed(i)

    return {
        "proof": lambda i: proof(i % n),
        "proof via registry": via_registry,
        "full": lambda i: full(i % n),
        "full, proof stubbed": stubbed,
        "proof, then full with the proof stubbed": both,
    }


def times(suite: str, population: str, rounds: int = 25, batch: int = 200) -> dict[str, dict[str, float]]:
    ops = _setup(suite, population)
    seen: dict[str, list[float]] = {k: [] for k in ops}
    for _ in range(rounds):
        for key, op in ops.items():  # interleaved: a slow spell hits every measure alike
            gc.collect()
            start = time.process_time()
            for i in range(batch):
                op(i)
            seen[key].append((time.process_time() - start) / batch * 1e6)
    out = {k: {"min": min(v), "median": statistics.median(v)} for k, v in seen.items()}
    for stat in ("min", "median"):
        full, proof, rest = out["full"][stat], out["proof"][stat], out["full, proof stubbed"][stat]
        out.setdefault("derived", {})[f"beyond the proof ({stat})"] = full - proof
        out["derived"][f"the two cost each other ({stat})"] = full - proof - rest
        out["derived"][f"ratio proof / full ({stat})"] = proof / full
    return out


def loop(suite: str, population: str, seconds: float) -> None:
    full = _setup(suite, population)["full"]
    end, i = time.monotonic() + seconds, 0
    while time.monotonic() < end:
        for _ in range(100):
            full(i)
            i += 1


def parts(path: str) -> dict[str, float]:
    """The share (0–1) of ``verify``'s py-spy samples spent in each part."""
    counts: collections.Counter[str] = collections.Counter()
    total = 0
    for line in Path(path).read_text().splitlines():
        stack, _, number = line.rpartition(" ")
        frames = stack.split(";")
        top = next(
            (i for i, f in enumerate(frames) if f.startswith("verify (") and "verification.py" in f), None
        )
        if top is None:
            continue
        below = frames[top + 1 :]
        part = next((p for p, marks in PARTS if any(f.startswith(marks) for f in below)), REST)
        counts[part] += int(number)
        total += int(number)
    return {p: counts[p] / total for p in [*(p for p, _ in PARTS), REST]} if total else {}


def main() -> None:
    command, args = sys.argv[1], sys.argv[2:]
    if command == "times":
        result = times(args[0], args[1], int(args[2]) if len(args) > 2 else 25)
        for key, stats in result.items():
            if key == "derived":
                print("\n".join(f"{k:42s} {v:8.3f}" for k, v in stats.items()))
            else:
                print(f"{key:42s} min {stats['min']:8.1f}  median {stats['median']:8.1f}")
    elif command == "loop":
        loop(args[0], args[1], float(args[2]))
    elif command == "parts":
        for path in args:
            print(path)
            for part, share in parts(path).items():
                print(f"  {part:46s} {share * 100:5.1f} %")
    else:
        raise SystemExit(__doc__)


if __name__ == "__main__":
    main()
