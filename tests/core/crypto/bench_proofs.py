"""Throughput of raw Ed25519 against our proof paths, one process (not a test; no assertions).

Run pinned to one core, as perf-baselines.md does::

    taskset -c 1 .venv/bin/python -m tests.core.crypto.bench_proofs

Each row alternates batches of the path and of raw Ed25519 (PyNaCl, then OpenSSL) and keeps the
best batch of each, so that load from other processes on a shared machine hits both alike; the
ratio is path rate / raw rate (issue against sign, verify against verify). Times are the
thread's CPU time (``time.thread_time``), so waiting for a busy core does not count.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from microcred.crypto.did import DidResolver
from microcred.crypto.keys import Ed25519KeyPair, P256KeyPair
from microcred.crypto.proofs import ProofOptions, add_proof, verify_proofs
from microcred.crypto.proofs.jose import sign_vc_jwt, verify_vc_jwt
from microcred.crypto.signer import KeyPairSigner


def _calibrate(fn: Callable[[], object], seconds: float = 0.05) -> int:
    n = 1
    while True:
        start = time.thread_time()
        for _ in range(n):
            fn()
        if time.thread_time() - start >= seconds:
            return n
        n *= 2


def _best_per_op(fn: Callable[[], object], n: int) -> float:
    start = time.thread_time()
    for _ in range(n):
        fn()
    return (time.thread_time() - start) / n


def compare(raw: Callable[[], object], path: Callable[[], object], rounds: int = 21) -> tuple[float, float]:
    """Best-of-``rounds`` rates (ops/s) of ``raw`` and ``path``, measured in alternating batches so
    that noise from other processes hits both alike."""
    n_raw, n_path = _calibrate(raw), _calibrate(path)
    best_raw = best_path = float("inf")
    for _ in range(rounds):
        best_raw = min(best_raw, _best_per_op(raw, n_raw))
        best_path = min(best_path, _best_per_op(path, n_path))
    return 1 / best_raw, 1 / best_path


def fixture() -> dict[str, Any]:
    """The project's perf-baselines fixture (5-ECTS OB 3.0 credential, ≈2.5 KB as JCS)."""
    from microcred.jsonld._bench_support import typical_credential

    return typical_credential()


def main() -> None:
    bench_test_key = Ed25519KeyPair.from_seed(bytes(range(32)))
    signer = KeyPairSigner(bench_test_key, bench_test_key.public_key.did_key_verification_method)
    p256_test_key = P256KeyPair.from_secret_bytes(bytes(range(1, 33)))
    p256_signer = KeyPairSigner(p256_test_key, p256_test_key.public_key.did_key_verification_method)
    resolver = DidResolver()
    message = bytes(64)
    nacl_sig = bench_test_key.sign(message)
    openssl_key = Ed25519PrivateKey.from_private_bytes(bytes(range(32)))
    openssl_pub = openssl_key.public_key()
    openssl_sig = openssl_key.sign(message)
    credential = fixture()
    with_float: dict[str, Any] = {**credential, "creditsAvailable": 5.0}
    options = ProofOptions(created=datetime(2026, 1, 1, tzinfo=UTC))
    signed_jcs = add_proof(credential, signer, cryptosuite="eddsa-jcs-2022", options=options)
    signed_rdfc = add_proof(credential, signer, cryptosuite="eddsa-rdfc-2022", options=options)
    token = sign_vc_jwt(credential, signer)
    token_es256 = sign_vc_jwt(credential, p256_signer)

    def raw_sign() -> bytes:
        return bench_test_key.sign(message)

    def raw_verify() -> None:
        bench_test_key.public_key.verify(nacl_sig, message)

    def ossl_sign() -> bytes:
        return openssl_key.sign(message)

    def ossl_verify() -> None:
        openssl_pub.verify(openssl_sig, message)

    paths: list[tuple[str, str, Callable[[], object]]] = [
        (
            "eddsa-jcs-2022 issue",
            "sign",
            lambda: add_proof(credential, signer, cryptosuite="eddsa-jcs-2022", options=options),
        ),
        ("eddsa-jcs-2022 verify", "verify", lambda: verify_proofs(signed_jcs, resolver)),
        (
            "eddsa-jcs-2022 issue, one float (5.0)",
            "sign",
            lambda: add_proof(with_float, signer, cryptosuite="eddsa-jcs-2022", options=options),
        ),
        ("vc+jwt Ed25519 issue", "sign", lambda: sign_vc_jwt(credential, signer)),
        ("vc+jwt Ed25519 verify", "verify", lambda: verify_vc_jwt(token, resolver)),
        ("vc+jwt ES256 issue", "sign", lambda: sign_vc_jwt(credential, p256_signer)),
        ("vc+jwt ES256 verify", "verify", lambda: verify_vc_jwt(token_es256, resolver)),
        ("eddsa-rdfc-2022 issue", "sign", lambda: add_proof(credential, signer, options=options)),
        ("eddsa-rdfc-2022 verify", "verify", lambda: verify_proofs(signed_rdfc, resolver)),
    ]
    raw_nacl = {"sign": raw_sign, "verify": raw_verify}
    raw_ossl = {"sign": ossl_sign, "verify": ossl_verify}
    print(
        f"{'path (best of 21 alternating batches)':40} {'ops/s':>9} {'raw PyNaCl':>11} {'ratio':>6} {'raw OpenSSL':>12} {'ratio':>6}"
    )
    for name, kind, fn in paths:
        nacl_rate, path_rate = compare(raw_nacl[kind], fn)
        ossl_rate, path_rate_2 = compare(raw_ossl[kind], fn)
        best = max(path_rate, path_rate_2)
        print(
            f"{name:40} {best:9,.0f} {nacl_rate:11,.0f} {best / nacl_rate:6.0%} {ossl_rate:12,.0f} {best / ossl_rate:6.0%}"
        )


if __name__ == "__main__":
    main()
