"""The issue/verify benchmark: one run, one process, ratios against baselines measured in it.

Paths (each reports ``issue_per_s`` and ``verify_per_s``):

* ``raw-ed25519`` — sign / verify 64 bytes with the same Ed25519 key class the suites use;
* ``pyld-baseline-eddsa-rdfc-2022`` — plain PyLD 3.3.0 URDNA2015 of proof config and document,
  sha256 each, the same Ed25519 (perf-baselines.md "hand-written pyld" row);
* ``eddsa-rdfc-2022`` — ours, typical population; ``eddsa-rdfc-2022-mixed`` — ours, mixed
  population (≥ 10 % need the RDFC N-degree step);
* ``eddsa-jcs-2022`` and ``vc-jwt`` — ours, typical population.

"Issue" is :func:`~microcred.crypto.proofs.add_proof` / :func:`sign_vc_jwt` (unsigned dict in,
secured credential out), the same work the baseline does; ``issue_checked_per_s`` adds the
self-verification :func:`microcred.issuance.issue_credential` performs. "Verify" is the proof
check with an offline resolver (:func:`verify_proofs` / :func:`verify_vc_jwt`), again the
baseline's work; ``verify_full_per_s`` runs every check of :func:`microcred.verification.verify`
(JSON Schema included).

Method: each measurement calibrates a batch to at least ``min_batch_s`` (0.3 s) of CPU time;
then ``repeats`` (5) rounds run one batch of every measurement in turn (interleaved), and the
median rate is reported (min, max and the wall-clock median beside it). Rates are per CPU second
of this process (``time.process_time``), so other load on a shared machine does not count as our
time. The process is pinned to one core when ``os.sched_setaffinity`` exists. Documents are taken
round robin from the population. Goals are reported, never asserted: benchmarks are not tests.
"""

from __future__ import annotations

import gc
import hashlib
import json
import os
import platform
import resource
import statistics
import subprocess
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any, Final

from microcred.crypto.keys import Ed25519KeyPair, PublicKey
from microcred.crypto.proofs import ProofOptions, add_proof, verify_proofs
from microcred.crypto.proofs.jose import sign_vc_jwt, verify_vc_jwt
from microcred.crypto.signer import KeyPairSigner
from microcred.errors import InputError

__all__ = ["GOALS", "BenchConfig", "default_populations", "run"]

CREATED: Final = datetime(2026, 7, 1, tzinfo=UTC)
VERIFY_AT: Final = datetime(2027, 1, 1, tzinfo=UTC)  # after every validFrom of the populations
GOALS: Final = {
    "rdfc_typical_issue_vs_pyld": 40.0,
    "rdfc_typical_verify_vs_pyld": 30.0,
    "rdfc_mixed_issue_vs_pyld": 20.0,
    "rdfc_mixed_verify_vs_pyld": 15.0,
    "jcs_issue_vs_raw_sign": 0.5,
    "jcs_verify_vs_raw_verify": 0.6,
}
#: A published test seed: the benchmark key signs nothing real.
_BENCH_SEED: Final = hashlib.sha256(b"microcred BENCHMARK key - never trust").digest()


@dataclass(frozen=True, slots=True)
class BenchConfig:
    min_batch_s: float = 0.3
    repeats: int = 5
    max_documents: int | None = None
    pyld_documents: int | None = 20


class _Resolver:
    def __init__(self, method: str, key: PublicKey) -> None:
        self.method, self.key = method, key

    def resolve_verification_method(self, method_id: str, *, purpose: str = "assertionMethod") -> PublicKey:
        return self.key


def _issued_by(docs: list[dict[str, Any]], method: str) -> list[dict[str, Any]]:
    """The documents with the controller of ``method`` as their issuer (VC Data Integrity §2.1)."""
    did = method.partition("#")[0]
    out = []
    for doc in docs:
        issuer = doc.get("issuer")
        out.append({**doc, "issuer": {**issuer, "id": did} if isinstance(issuer, dict) else did})
    return out


def default_populations() -> Path:
    """``bench/populations`` of the source checkout (``MICROCRED_BENCH_POPULATIONS`` overrides)."""
    env = os.environ.get("MICROCRED_BENCH_POPULATIONS")
    if env:
        return Path(env)
    return Path(__file__).resolve().parents[3] / "bench" / "populations"


def _load(path: Path, limit: int | None) -> list[dict[str, Any]]:
    try:
        lines = path.read_text("utf-8").splitlines()
    except OSError as exc:
        raise InputError(f"cannot read the benchmark population: {exc.strerror}", where=str(path)) from None
    docs = [json.loads(line) for line in lines if line.strip()]
    return docs[:limit] if limit else docs


def _batch(op: Callable[[int], object], n_docs: int, batch: int) -> tuple[float, float]:
    """CPU and wall seconds of ``batch`` calls; ``op(i)`` processes document ``i % n_docs``."""
    cpu, wall = time.process_time(), time.perf_counter()
    for i in range(batch):
        op(i % n_docs)
    return time.process_time() - cpu, time.perf_counter() - wall


def _calibrate(op: Callable[[int], object], n_docs: int, config: BenchConfig) -> int:
    """The smallest batch that takes at least ``min_batch_s`` of CPU time."""
    batch = 1
    while True:
        cpu, _ = _batch(op, n_docs, batch)
        if cpu >= config.min_batch_s:
            return batch
        batch = max(batch * 2, int(batch * config.min_batch_s / max(cpu, 1e-6) * 1.1))


_Plan = dict[tuple[str, str], tuple[Callable[[int], object], int]]


def _measure_all(plan: _Plan, config: BenchConfig) -> dict[tuple[str, str], dict[str, float]]:
    """Calibrate every measurement, then run ``repeats`` rounds in which each measurement runs one
    batch in turn (interleaved, so a slow spell of a shared machine hits every path alike).

    Rates are ops per **CPU second** of this process (``time.process_time``): time the process
    spends waiting for the core is not counted. The wall-clock median is reported beside it.
    """
    batches = {key: _calibrate(op, n, config) for key, (op, n) in plan.items()}
    cpu_rates: dict[tuple[str, str], list[float]] = {key: [] for key in plan}
    wall_rates: dict[tuple[str, str], list[float]] = {key: [] for key in plan}
    for _ in range(config.repeats):
        for key, (op, n) in plan.items():
            gc.collect()
            cpu, wall = _batch(op, n, batches[key])
            cpu_rates[key].append(batches[key] / max(cpu, 1e-9))
            wall_rates[key].append(batches[key] / max(wall, 1e-9))
    return {
        key: {
            "median": statistics.median(cpu_rates[key]),
            "min": min(cpu_rates[key]),
            "max": max(cpu_rates[key]),
            "wall_median": statistics.median(wall_rates[key]),
            "batch": batches[key],
        }
        for key in plan
    }


def _pyld_pair(
    docs: Sequence[Mapping[str, Any]], signer: KeyPairSigner
) -> tuple[Callable[[int], object], Callable[[int], object]]:
    """The baseline: PyLD URDNA2015 + sha256 + the same Ed25519, contexts from our pinned bundle."""
    from pyld import jsonld  # the baseline is imported only when measured

    from microcred.jsonld import load_context

    def loader(url: str, options: Any = None) -> dict[str, Any]:
        return {"contextUrl": None, "documentUrl": url, "document": load_context(url)}

    options = {"algorithm": "URDNA2015", "format": "application/n-quads", "documentLoader": loader}

    def canon(document: Mapping[str, Any]) -> bytes:
        text: str = jsonld.normalize(dict(document), options)
        return text.encode("utf-8")

    config_base = {
        "type": "DataIntegrityProof",
        "cryptosuite": "eddsa-rdfc-2022",
        "created": "2026-07-01T00:00:00Z",
        "verificationMethod": signer.key_id,
        "proofPurpose": "assertionMethod",
    }
    secured: list[dict[str, Any]] = []

    def sign(document: Mapping[str, Any]) -> dict[str, Any]:
        config = {**config_base, "@context": document["@context"]}
        data = hashlib.sha256(canon(config)).digest() + hashlib.sha256(canon(document)).digest()
        from microcred.crypto.multibase import b58encode

        return {**document, "proof": {**config_base, "proofValue": "z" + b58encode(signer.sign(data))}}

    for d in docs:
        secured.append(sign(d))

    def verify(i: int) -> object:
        from microcred.crypto.multibase import b58decode

        document = dict(secured[i])
        proof = dict(document.pop("proof"))
        signature = b58decode(proof.pop("proofValue")[1:])
        proof["@context"] = document["@context"]
        data = hashlib.sha256(canon(proof)).digest() + hashlib.sha256(canon(document)).digest()
        signer.public_key.verify(signature, data)
        return None

    # The baseline must agree with our suite byte for byte, or the comparison means nothing.
    # (verify_proofs raises unless the canonical N-Quads agree.)
    verify_proofs(secured[0], _Resolver(signer.key_id, signer.public_key), now=CREATED)
    return (lambda i: sign(docs[i])), verify


def _suite_ops(
    docs: Sequence[Mapping[str, Any]], signer: KeyPairSigner, suite: str
) -> tuple[
    Callable[[int], object], Callable[[int], object], Callable[[int], object], Callable[[int], object]
]:
    from microcred.issuance import issue_credential
    from microcred.verification import verify

    resolver = _Resolver(signer.key_id, signer.public_key)
    options = ProofOptions(created=CREATED)
    trust = None
    # The populations carry status entries and the bench has no status lists: "could not
    # confirm", accepted here so that every other check of verify() is measured (ADR 0606).
    if suite == "vc-jwt":
        tokens = [sign_vc_jwt(d, signer) for d in docs]
        return (
            lambda i: sign_vc_jwt(docs[i], signer),
            lambda i: verify_vc_jwt(tokens[i], resolver, now=CREATED),
            lambda i: issue_credential(
                docs[i], signer=signer, suite="vc-jwt", created=CREATED, validate=False
            ),
            lambda i: verify(
                tokens[i], resolver=resolver, trust=trust, now=VERIFY_AT, accept_unconfirmed=True
            ),
        )
    cryptosuite: Any = suite
    secured = [add_proof(d, signer, cryptosuite=cryptosuite, options=options) for d in docs]
    return (
        lambda i: add_proof(docs[i], signer, cryptosuite=cryptosuite, options=options),
        lambda i: verify_proofs(secured[i], resolver, now=CREATED),
        lambda i: issue_credential(
            docs[i], signer=signer, suite=cryptosuite, created=CREATED, validate=False
        ),
        lambda i: verify(secured[i], resolver=resolver, trust=trust, now=VERIFY_AT, accept_unconfirmed=True),
    )


def _pin() -> tuple[str, set[int] | None]:
    """Pin the process to one core; returns a description and the previous affinity."""
    if hasattr(os, "sched_setaffinity") and hasattr(os, "sched_getaffinity"):
        previous = set(os.sched_getaffinity(0))
        core = max(previous)
        os.sched_setaffinity(0, {core})
        return f"pinned to core {core}", previous
    return "not pinned (os.sched_setaffinity unavailable)", None


def _commit() -> str | None:
    """The source checkout's commit (``git rev-parse``), when the benchmark runs from one."""
    root = Path(__file__).resolve().parents[3]
    if not (root / ".git").exists():
        return None
    try:
        done = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],  # noqa: S607 - git from PATH
            cwd=root,
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        )
    except OSError:
        return None
    return done.stdout.strip() or None


def _version(name: str) -> str | None:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return None


def run(
    *, quick: bool = False, populations: Path | None = None, config: BenchConfig | None = None
) -> dict[str, Any]:
    """Run the benchmark and return its JSON report (see the module docstring).

    The process is pinned to one core while it runs and its previous CPU affinity is restored
    afterwards (the benchmark may run inside a test worker or a long-lived process).
    """
    pinning, previous = _pin()
    try:
        return _run(quick=quick, populations=populations, config=config, pinning=pinning)
    finally:
        if previous is not None:
            os.sched_setaffinity(0, previous)


def _run(
    *, quick: bool, populations: Path | None, config: BenchConfig | None, pinning: str
) -> dict[str, Any]:
    if config is None:
        config = (
            BenchConfig(min_batch_s=0.01, repeats=1, max_documents=6, pyld_documents=2)
            if quick
            else BenchConfig()
        )
    folder = populations or default_populations()
    typical = _load(folder / "typical.jsonl", config.max_documents)
    mixed = _load(folder / "mixed.jsonl", config.max_documents)
    pair = Ed25519KeyPair.from_seed(_BENCH_SEED)
    signer = KeyPairSigner(pair, pair.public_key.did_key_verification_method)
    # verify() checks issuer binding (ADR 0606): the bench key plays every issuer.
    typical, mixed = _issued_by(typical, signer.key_id), _issued_by(mixed, signer.key_id)

    import microcred.jsonld as ld

    # First credential after start-up: contexts are compiled on first use.
    start = time.perf_counter()
    add_proof(typical[0], signer, cryptosuite="eddsa-rdfc-2022", options=ProofOptions(created=CREATED))
    first_ms = (time.perf_counter() - start) * 1000

    # Fast-path and N-degree counts: one canonicalization of every document of each population.
    population_stats = {}
    for name, docs in (("typical", typical), ("mixed", mixed)):
        ld.reset_canon_stats()
        for d in docs:
            ld.canonicalize(d)
        stats = ld.canon_stats()
        population_stats[name] = {
            "documents": len(docs),
            "left_fast_path": stats["slow_path_documents"],
            "n_degree_documents": stats["n_degree_documents"],
            "n_degree_share": round(stats["n_degree_documents"] / len(docs), 3) if docs else 0.0,
        }
    ld.reset_canon_stats()

    message = b"\x01" * 64
    signature = pair.sign(message)
    plan: _Plan = {
        ("raw-ed25519", "issue_per_s"): ((lambda i: pair.sign(message)), 1),
        ("raw-ed25519", "verify_per_s"): ((lambda i: pair.public_key.verify(signature, message)), 1),
    }
    baseline_docs = typical[: config.pyld_documents] if config.pyld_documents else typical
    pyld_issue, pyld_verify = _pyld_pair(baseline_docs, signer)
    plan[("pyld-baseline-eddsa-rdfc-2022", "issue_per_s")] = (pyld_issue, len(baseline_docs))
    plan[("pyld-baseline-eddsa-rdfc-2022", "verify_per_s")] = (pyld_verify, len(baseline_docs))
    documents = {"raw-ed25519": 1, "pyld-baseline-eddsa-rdfc-2022": len(baseline_docs)}
    for path, docs, suite in (
        ("eddsa-rdfc-2022", typical, "eddsa-rdfc-2022"),
        ("eddsa-rdfc-2022-mixed", mixed, "eddsa-rdfc-2022"),
        ("eddsa-jcs-2022", typical, "eddsa-jcs-2022"),
        ("vc-jwt", typical, "vc-jwt"),
    ):
        issue, verify, issue_checked, verify_full = _suite_ops(docs, signer, suite)
        plan[(path, "issue_per_s")] = (issue, len(docs))
        plan[(path, "verify_per_s")] = (verify, len(docs))
        plan[(path, "issue_checked_per_s")] = (issue_checked, len(docs))
        plan[(path, "verify_full_per_s")] = (verify_full, len(docs))
        documents[path] = len(docs)
    measured = _measure_all(plan, config)
    results: dict[str, dict[str, Any]] = {}
    for (path, what), value in measured.items():
        results.setdefault(path, {})[what] = value
    for path, n in documents.items():
        results[path]["documents"] = n
    total_stats = ld.canon_stats()

    def rate(path: str, what: str) -> float:
        value: float = results[path][what]["median"]
        return value

    ratios = {
        "rdfc_typical_issue_vs_pyld": rate("eddsa-rdfc-2022", "issue_per_s")
        / rate("pyld-baseline-eddsa-rdfc-2022", "issue_per_s"),
        "rdfc_typical_verify_vs_pyld": rate("eddsa-rdfc-2022", "verify_per_s")
        / rate("pyld-baseline-eddsa-rdfc-2022", "verify_per_s"),
        "rdfc_mixed_issue_vs_pyld": rate("eddsa-rdfc-2022-mixed", "issue_per_s")
        / rate("pyld-baseline-eddsa-rdfc-2022", "issue_per_s"),
        "rdfc_mixed_verify_vs_pyld": rate("eddsa-rdfc-2022-mixed", "verify_per_s")
        / rate("pyld-baseline-eddsa-rdfc-2022", "verify_per_s"),
        "jcs_issue_vs_raw_sign": rate("eddsa-jcs-2022", "issue_per_s") / rate("raw-ed25519", "issue_per_s"),
        "jcs_verify_vs_raw_verify": rate("eddsa-jcs-2022", "verify_per_s")
        / rate("raw-ed25519", "verify_per_s"),
    }
    goals = {
        name: {"goal": goal, "measured": round(ratios[name], 3), "met": ratios[name] >= goal}
        for name, goal in GOALS.items()
    }
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {
        "benchmark": "microcred issue/verify",
        "mode": "quick" if quick else "full",
        "when": datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z"),
        "method": {
            "min_batch_s": config.min_batch_s,
            "repeats": config.repeats,
            "statistic": "median ops per CPU second (time.process_time) of the interleaved batches; min, max and the wall-clock median beside it",
            "cpu": pinning,
            "issue": "add_proof / sign_vc_jwt (issue_checked adds issue_credential's self-verification)",
            "verify": "verify_proofs / verify_vc_jwt (verify_full runs every check of verification.verify)",
        },
        "machine": {
            "python": platform.python_version(),
            "platform": platform.platform(),
            "processor": platform.processor() or platform.machine(),
            "cpus": os.cpu_count(),
        },
        "versions": {
            name: _version(name)
            for name in ("microcred", "PyLD", "cryptography", "PyNaCl", "orjson", "gmpy2")
        },
        "commit": _commit(),
        "populations": population_stats,
        "first_credential_ms": round(first_ms, 2),
        "peak_memory_kib": peak_kib,
        "canon_stats_during_run": total_stats,
        "left_fast_path": total_stats["slow_path_documents"],
        "paths": {
            path: {
                key: ({k: round(v, 1) for k, v in value.items()} if isinstance(value, dict) else value)
                for key, value in entry.items()
            }
            for path, entry in results.items()
        },
        "ratios": {k: round(v, 3) for k, v in ratios.items()},
        "goals": goals,
    }
