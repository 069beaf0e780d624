"""Instructions of each part of ``verify`` beyond the proof, alone, on the 2.5 KB fixture
(ADR 0611): the measure that found where the work beyond the proof went.

Run under callgrind; one dump per part, each after ``N`` calls of that part alone::

    valgrind --tool=callgrind --cache-sim=no --branch-sim=no --callgrind-out-file=/tmp/cgp.%p \\
        .venv/bin/python bench/scripts/verify_full_part_instructions.py eddsa-jcs-2022 200
    grep -H '^summary:' /tmp/cgp.*.*   # dump k (k >= 2) is the k-1-th part below; divide by N

Suites: ``eddsa-rdfc-2022``, ``eddsa-jcs-2022`` (Data Integrity). The parts call the private
functions of :mod:`microcred.verification` with what ``inspect`` would give them.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import microcred.bench.runner as R
import microcred.verification as V
from microcred.crypto.keys import Ed25519KeyPair
from microcred.crypto.proofs import verify_proofs
from microcred.crypto.proofs.data_integrity import ProofOptions, add_proof
from microcred.standards import vcdm
from microcred.standards.ob3.schema import schema_problems

ROOT = Path(__file__).resolve().parents[2]


def main() -> None:
    suite, n_iter = sys.argv[1], int(sys.argv[2])
    fixture, fixture_pair = R._load_fixture(ROOT / "bench/fixture")
    issuers = R._Issuers(
        Ed25519KeyPair.from_seed(R._BENCH_SEED), (fixture_pair.public_key.did_key, fixture_pair)
    )
    trust = issuers.registry()
    cryptosuite: Any = suite  # one of the Data Integrity suites named above
    doc = add_proof(
        fixture, issuers.signer(fixture), cryptosuite=cryptosuite, options=ProofOptions(created=R.CREATED)
    )
    res, now = trust.resolver(), R.VERIFY_AT
    _, reading = V._read_format(doc)
    _, methods = V._proof_methods(doc)
    created, issuer = V._proof_created(doc), V._issuer_id(doc)
    key, _ = V._key_check(methods, res, issuer, created)
    parts: dict[str, Callable[[], object]] = {
        "format rules and OB 3.0 schema": lambda: V._read_format(doc),
        "format rules alone": lambda: vcdm.read_credential(doc, open_badge_schema=False),
        "OB 3.0 schema alone": lambda: schema_problems(doc),
        "the proof's created": lambda: V._proof_created(doc),
        "key": lambda: V._key_check(methods, res, issuer, created),
        "trust": lambda: V._trust_check(issuer, methods, created, trust, now, res, doc),
        "validity": lambda: V._validity_check(doc, now, reading),
        "issuer, proof lookups, endorser rule, status, holder": lambda: (
            V._issuer_id(doc),
            V._proof_methods(doc),
            V._endorser_only(key, doc, issuer, trust),
            V._bound_methods(key, methods),
            V._status_check(doc, res, None, now),
            V._holder_check(doc, None, res, now),
        ),
        "proof (through the registry's resolver)": lambda: verify_proofs(doc, res, now=now),
        "inspect": lambda: V.inspect(doc, resolver=res, trust=trust, now=now),
        "verify": lambda: V.verify(doc, resolver=res, trust=trust, now=now, accept_unconfirmed=True),
    }
    for part in parts.values():  # warm
        for _ in range(50):
            part()
    control = shutil.which("callgrind_control") or "callgrind_control"

    def dump(phase: str) -> None:
        # our own process id and a fixed phase name: nothing from outside reaches the command
        subprocess.run([control, "-d", phase, str(os.getpid())], check=True, capture_output=True)  # noqa: S603

    dump("setup")
    for name, part in parts.items():
        for _ in range(n_iter):
            part()
        dump(name.replace(" ", "-"))
    print("\n".join(f"dump {i + 2}: {name}" for i, name in enumerate(parts)))


if __name__ == "__main__":
    main()
