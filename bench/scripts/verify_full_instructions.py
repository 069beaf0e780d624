"""Instructions per ``verify`` (proof only) and per ``verify_full`` (every check), counted by
valgrind's callgrind: a measure the load of a shared machine does not move (ADR 0605, ADR 0203
"one walk").

Run under callgrind; the script asks callgrind to dump its counters after the set-up, after
``N`` proof-only verifications and after ``N`` full ones, so each dump holds one phase::

    valgrind --tool=callgrind --cache-sim=no --branch-sim=no --callgrind-out-file=/tmp/cg.%p \\
        .venv/bin/python bench/scripts/verify_full_instructions.py eddsa-jcs-2022 fixture 200
    grep -H '^summary:' /tmp/cg.*.2 /tmp/cg.*.3   # proof, full: divide by N

Arguments: suite (``eddsa-rdfc-2022``, ``eddsa-jcs-2022``, ``vc-jwt``), population (``typical``:
its first 20 credentials, or ``fixture``), N. The operations are the benchmark's own
(``microcred.bench.runner._suite_ops``). Instruction counts are not times: the signature check
does more per instruction than the Python checks, so the ratio of instructions is higher than
the ratio of rates; they show how much work a change removed.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import microcred.bench.runner as R
from microcred.crypto.keys import Ed25519KeyPair

ROOT = Path(__file__).resolve().parents[2]


def main() -> None:
    suite, population, n_iter = sys.argv[1], sys.argv[2], int(sys.argv[3])
    typical = R._load(ROOT / "bench/populations/typical.jsonl", 20)
    fixture, fixture_pair = R._load_fixture(ROOT / "bench/fixture")
    issuers = R._Issuers(
        Ed25519KeyPair.from_seed(R._BENCH_SEED), (fixture_pair.public_key.did_key, fixture_pair)
    )
    for document in [*typical, fixture]:
        issuers.signer(document)
    docs = [fixture] if population == "fixture" else typical
    _, proof_only, _, full = R._suite_ops(docs, issuers, issuers.registry(), suite)
    n = len(docs)
    for i in range(100):  # warm: caches filled, code specialised
        proof_only(i % n)
        full(i % n)

    def dump(phase: str) -> None:
        control = shutil.which("callgrind_control") or "callgrind_control"
        # our own process id and a fixed phase name: nothing from outside reaches the command
        subprocess.run([control, "-d", phase, str(os.getpid())], check=True, capture_output=True)  # noqa: S603

    dump("setup")
    for i in range(n_iter):
        proof_only(i % n)
    dump("proof")
    for i in range(n_iter):
        full(i % n)
    dump("full")


if __name__ == "__main__":
    main()
