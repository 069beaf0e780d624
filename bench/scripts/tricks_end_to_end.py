"""What the two speed tricks of ADR 0203 buy end to end (issue 8, item 8; ADR 0203 addendum).

One process, one core, interleaved rounds, ops per CPU second (ADR 0605). For each proof path it
times the product paths — ``issue_credential`` (format check, proof, self-verification: what bulk
issuance runs per credential) and ``verification.verify`` (every check: what the verify API
runs) — with four variants of the two helpers swapped in:

* ``tricks``: the type walk with ``gc.get_referents`` and base58 by GMP (``gmpy2``), as in
  commit b836b99;
* ``plain-walk``: the best plain walk we found (``plain_scan`` below), GMP base58;
* ``plain-b58``: the gc walk, plain-Python base58;
* ``plain``: both plain (what the code does after this change).

The trick versions are copied below, so the script runs only where ``gmpy2`` is installed
(``pip install gmpy2==2.3.2``); it is a record of the measurement, not part of ``make bench``.
Usage: ``python bench/scripts/tricks_end_to_end.py [seconds-per-batch] [rounds] [suite,suite]``.
"""

from __future__ import annotations

import gc
import hashlib
import json
import os
import statistics
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import gmpy2

import microcred.crypto.jcs as jcs
import microcred.crypto.multibase as mb
from microcred.crypto.keys import Ed25519KeyPair
from microcred.crypto.signer import KeyPairSigner
from microcred.issuance import issue_credential
from microcred.verification import verify

ROOT = Path(__file__).resolve().parents[2]

# ---- the tricks, as they were (src/microcred/crypto/jcs.py and multibase.py at b836b99)
_PLAIN_TYPES = frozenset({str, int, bool, type(None), dict, list, tuple})
_CONTAINERS = frozenset({dict, list, tuple})
_FLOAT_ONLY = frozenset({float})


def gc_scan(value: object) -> int:
    kinds = {type(value)}
    level: Any = (value,)
    result = jcs._PLAIN
    depth = 0
    while True:
        if not kinds <= _PLAIN_TYPES:
            if float not in kinds or not (kinds - _FLOAT_ONLY) <= _PLAIN_TYPES:
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
        level = gc.get_referents(*level)
        kinds = set(map(type, level))


_ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
_GMP_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuv"
_TO_BITCOIN = bytes.maketrans(_GMP_ALPHABET.encode(), _ALPHABET.encode())
_TO_GMP = bytes.maketrans(_ALPHABET.encode(), _GMP_ALPHABET.encode())
_DIGIT_OF_BYTE = bytes(_ALPHABET.find(chr(b)) if chr(b) in _ALPHABET else 0xFF for b in range(256))


def gmp_b58encode(data: bytes) -> str:
    stripped = data.lstrip(b"\0")
    ones = "1" * (len(data) - len(stripped))
    if not stripped:
        return ones
    digits: str = gmpy2.mpz.from_bytes(stripped, "big").digits(58)
    return ones + digits.encode("ascii").translate(_TO_BITCOIN).decode("ascii")


def gmp_b58decode(text: str) -> bytes:
    stripped = text.lstrip("1")
    zeros = len(text) - len(stripped)
    try:
        raw = stripped.encode("ascii")
    except UnicodeEncodeError:
        raw = b"\xff"
    if b"\xff" in raw.translate(_DIGIT_OF_BYTE):
        raise mb.EncodingError("not base58btc", where="base58btc")
    if not raw:
        return b"\0" * zeros
    n = int(gmpy2.mpz(raw.translate(_TO_GMP), 58))
    return b"\0" * zeros + n.to_bytes((n.bit_length() + 7) // 8, "big")


def plain_scan(value: object) -> int:
    """The best plain walk we found: level by level like the gc walk, the next level built by
    ``list.extend`` in Python (one step per container instead of one C call per level)."""
    kinds = {type(value)}
    level: list[Any] = [value]
    result = jcs._PLAIN
    depth = 0
    while True:
        if not kinds <= _PLAIN_TYPES:
            if float not in kinds or not (kinds - _FLOAT_ONLY) <= _PLAIN_TYPES:
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
        add, add_keys = children.extend, keys.extend
        for item in level:
            kind = type(item)
            if kind is dict:
                add(item.values())
                add_keys(item)
            elif kind is list or kind is tuple:
                add(item)
        if not set(map(type, keys)) <= {str}:
            return jcs._OTHER
        level = children
        kinds = set(map(type, level))


PLAIN_SCAN = plain_scan
# after this change b58encode/b58decode are the plain ones; before it, the *_reference functions were
PLAIN_ENC = getattr(mb, "b58encode_reference", mb.b58encode)
PLAIN_DEC = getattr(mb, "b58decode_reference", mb.b58decode)
assert "gmpy2" not in PLAIN_ENC.__code__.co_names


def use(walk: str, b58: str) -> None:
    jcs._scan = gc_scan if walk == "gc" else PLAIN_SCAN  # type: ignore[assignment]
    mb.b58encode = gmp_b58encode if b58 == "gmp" else PLAIN_ENC  # type: ignore[assignment]
    mb.b58decode = gmp_b58decode if b58 == "gmp" else PLAIN_DEC  # type: ignore[assignment]


VARIANTS = {"tricks": ("gc", "gmp"), "plain-walk": ("plain", "gmp"), "plain-b58": ("gc", "plain"), "plain": ("plain", "plain")}


class Resolver:
    def __init__(self, key: Any) -> None:
        self.key = key

    def resolve_verification_method(self, method_id: str, *, purpose: str = "assertionMethod") -> Any:
        return self.key


def main() -> None:
    min_batch = float(sys.argv[1]) if len(sys.argv) > 1 else 0.3
    rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 7
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {max(os.sched_getaffinity(0))})
    docs = [json.loads(x) for x in (ROOT / "bench/populations/typical.jsonl").read_text().splitlines() if x.strip()]
    pair = Ed25519KeyPair.from_seed(hashlib.sha256(b"microcred BENCHMARK key - never trust").digest())
    signer = KeyPairSigner(pair, pair.public_key.did_key_verification_method)
    resolver = Resolver(pair.public_key)
    created = datetime(2026, 7, 1, tzinfo=UTC)
    at = datetime(2027, 1, 1, tzinfo=UTC)
    ops: dict[str, Any] = {}
    suites = sys.argv[3].split(",") if len(sys.argv) > 3 else ["eddsa-jcs-2022", "eddsa-rdfc-2022", "vc-jwt"]
    for suite in suites:
        secured = [issue_credential(d, signer=signer, suite=suite, created=created) for d in docs]  # type: ignore[call-overload]
        n = len(docs)
        ops[f"{suite} issue"] = lambda i, s=suite: issue_credential(docs[i % n], signer=signer, suite=s, created=created)
        ops[f"{suite} verify"] = lambda i, sec=secured: verify(sec[i % n], resolver=resolver, now=at)
    # equal results with every variant, or the comparison means nothing
    for name, (walk, b58) in VARIANTS.items():
        use(walk, b58)
        for d in docs[:5]:
            assert issue_credential(d, signer=signer, suite="eddsa-jcs-2022", created=created) == issue_credential(
                d, signer=signer, suite="eddsa-jcs-2022", created=created
            ), name
    batches = {}
    for key, op in ops.items():
        use("plain", "plain")
        b = 1
        while True:
            t = time.process_time()
            for i in range(b):
                op(i)
            if time.process_time() - t >= min_batch:
                break
            b *= 2
        batches[key] = b
    rates: dict[tuple[str, str], list[float]] = {}
    for _ in range(rounds):
        for key, op in ops.items():
            for variant, (walk, b58) in VARIANTS.items():
                use(walk, b58)
                gc.collect()
                t = time.process_time()
                for i in range(batches[key]):
                    op(i)
                rates.setdefault((key, variant), []).append(batches[key] / (time.process_time() - t))
    use("plain", "plain")
    report: dict[str, Any] = {
        "when": datetime.now(UTC).replace(microsecond=0).isoformat(),
        "method": f"median of {rounds} interleaved rounds, batches of >= {min_batch} s CPU, one core; typical population ({len(docs)} credentials)",
        "paths": {},
    }
    for key in ops:
        base = statistics.median(rates[(key, "tricks")])
        report["paths"][key] = {
            v: {"median_per_s": round(statistics.median(rates[(key, v)]), 1), "vs_tricks": round(statistics.median(rates[(key, v)]) / base, 3)}
            for v in VARIANTS
        }
    print(json.dumps(report, indent=1))


if __name__ == "__main__":
    main()
