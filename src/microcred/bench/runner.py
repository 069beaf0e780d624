"""The issue/verify benchmark: one run, one process, ratios against baselines measured in it.

Paths (each reports ``issue_per_s`` and ``verify_per_s``):

* ``raw-ed25519`` — sign / verify 64 bytes with the same Ed25519 key class the suites use;
* ``pyld-baseline-eddsa-rdfc-2022`` — plain PyLD 3.3.0 URDNA2015 of proof config and document,
  sha256 each, the same Ed25519 (perf-baselines.md "hand-written pyld" row);
* ``eddsa-rdfc-2022`` — ours, typical population; ``eddsa-rdfc-2022-mixed`` — ours, mixed
  population (≥ 10 % need the RDFC N-degree step);
* ``eddsa-jcs-2022`` and ``vc-jwt`` — ours, typical population; ``eddsa-jcs-2022-mixed`` and
  ``vc-jwt-mixed`` — the mixed population;
* ``eddsa-rdfc-2022-fixture``, ``eddsa-jcs-2022-fixture``, ``vc-jwt-fixture`` — the peers' 2.5 KB
  OB 3.0 credential (``bench/fixture``), signed with its published test key.

"Issue" is :func:`~microcred.crypto.proofs.add_proof` / :func:`sign_vc_jwt` (unsigned dict in,
secured credential out), the same work the baseline does; ``issue_checked_per_s`` adds the
self-verification :func:`microcred.issuance.issue_credential` performs. "Verify" is the proof
check with an offline resolver (:func:`verify_proofs` / :func:`verify_vc_jwt`), again the
baseline's work; ``verify_full_per_s`` runs every check of :func:`microcred.verification.verify`
with a trust registry that lists each issuer and its key (format and OB 3.0 JSON Schema, key
resolution through the registry, proof, trust, status, validity; the credentials carry no status
entry and no holder evidence is given). Every credential is signed with a key of its issuer's own
DID, so the issuer binding holds. ``verify_full_vs_verify`` is the ratio of the two per path (goal
≥ 0.8, issue 8 "Fast").

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
from microcred.trust import TrustRegistry

__all__ = ["FULL_VS_PROOF_GOAL", "GOALS", "BenchConfig", "default_fixture", "default_populations", "run"]

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
#: Issue 8 "Fast": every check together costs at most a quarter of the proof check.
FULL_VS_PROOF_GOAL: Final = 0.8
#: (report path, suite, population) of the paths with our own suites.
SUITE_PATHS: Final = (
    ("eddsa-rdfc-2022", "eddsa-rdfc-2022", "typical"),
    ("eddsa-rdfc-2022-mixed", "eddsa-rdfc-2022", "mixed"),
    ("eddsa-rdfc-2022-fixture", "eddsa-rdfc-2022", "fixture"),
    ("eddsa-jcs-2022", "eddsa-jcs-2022", "typical"),
    ("eddsa-jcs-2022-mixed", "eddsa-jcs-2022", "mixed"),
    ("eddsa-jcs-2022-fixture", "eddsa-jcs-2022", "fixture"),
    ("vc-jwt", "vc-jwt", "typical"),
    ("vc-jwt-mixed", "vc-jwt", "mixed"),
    ("vc-jwt-fixture", "vc-jwt", "fixture"),
)
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


def default_populations() -> Path:
    """``bench/populations`` of the source checkout (``MICROCRED_BENCH_POPULATIONS`` overrides)."""
    env = os.environ.get("MICROCRED_BENCH_POPULATIONS")
    if env:
        return Path(env)
    return Path(__file__).resolve().parents[3] / "bench" / "populations"


def default_fixture() -> Path:
    """``bench/fixture`` of the source checkout (``MICROCRED_BENCH_FIXTURE`` overrides): the peers'
    2.5 KB credential and its published test key."""
    env = os.environ.get("MICROCRED_BENCH_FIXTURE")
    if env:
        return Path(env)
    return Path(__file__).resolve().parents[3] / "bench" / "fixture"


def _load_fixture(folder: Path) -> tuple[dict[str, Any], Ed25519KeyPair]:
    try:
        document = json.loads((folder / "credential.json").read_text("utf-8"))
        key = json.loads((folder / "test-key.json").read_text("utf-8"))
    except OSError as exc:
        raise InputError(f"cannot read the benchmark fixture: {exc.strerror}", where=str(folder)) from None
    from microcred.crypto.multibase import multikey_decode

    _, secret = multikey_decode(key["secretKeyMultibase"])
    pair = Ed25519KeyPair.from_seed(secret[:32])
    if pair.public_key.did_key != key["did"]:
        raise InputError("the fixture's test key does not match its did:key", where=str(folder))
    return document, pair


class _Issuers:
    """One signer per issuer DID (the same benchmark key pair under each DID, or the fixture's own
    key for its did:key) and a trust registry that lists them all, so verification binds every
    proof to its issuer and finds the issuer in the registry."""

    def __init__(self, pair: Ed25519KeyPair, fixture: tuple[str, Ed25519KeyPair] | None) -> None:
        self._pair = pair
        self._signers: dict[str, KeyPairSigner] = {}
        self._keys: dict[str, Ed25519KeyPair] = {}
        if fixture is not None:
            self._keys[fixture[0]] = fixture[1]

    def signer(self, document: Mapping[str, Any]) -> KeyPairSigner:
        from microcred.crypto.did import verification_method_id

        issuer = document["issuer"]
        did = issuer["id"] if isinstance(issuer, Mapping) else str(issuer)
        found = self._signers.get(did)
        if found is None:
            pair = self._keys.setdefault(did, self._pair)
            found = self._signers[did] = KeyPairSigner(pair, verification_method_id(did, pair.public_key))
        return found

    def registry(self) -> TrustRegistry:
        return TrustRegistry.from_json(
            {
                "format": "microcred-trust-registry",
                "format_version": "1",
                "consortium": "BENCHMARK",
                "institutions": [
                    {
                        "slug": f"bench-{n}",
                        "name": {"en": f"Benchmark issuer {n}"},
                        "country": "EU",
                        "identifiers": [
                            {
                                "id": did,
                                "keys": [{"publicKeyMultibase": pair.public_key.public_key_multibase}],
                            }
                        ],
                        "qa": {"registry": "DEQAR", "valid_until": "2030-12-31"},
                    }
                    for n, (did, pair) in enumerate(sorted(self._keys.items()))
                ],
            }
        )


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
    try:
        from pyld import jsonld  # the baseline is imported only when measured
    except ImportError:
        raise InputError(
            "the benchmark's baseline needs PyLD: pip install -e '.[bench]' (make bench does)", where="bench"
        ) from None

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
    docs: Sequence[Mapping[str, Any]], issuers: _Issuers, trust: TrustRegistry, suite: str
) -> tuple[
    Callable[[int], object], Callable[[int], object], Callable[[int], object], Callable[[int], object]
]:
    """issue, verify (proof only), issue_checked and verify_full of ``docs`` in ``suite``.

    ``verify`` checks the proof against the signer's key handed over directly (the baseline's
    work); ``verify_full`` resolves it through the trust registry, as a verifier does."""
    from microcred.issuance import issue_credential
    from microcred.verification import verify

    signers = [issuers.signer(d) for d in docs]
    resolvers = [_Resolver(s.key_id, s.public_key) for s in signers]
    registry_resolver = trust.resolver()
    options = ProofOptions(created=CREATED)
    # The populations carry status entries and the bench has no status lists: "could not
    # confirm", accepted here so that every other check of verify() is measured (ADR 0606).
    if suite == "vc-jwt":
        tokens = [sign_vc_jwt(d, signers[i]) for i, d in enumerate(docs)]
        for token in tokens[:1]:  # what is timed must verify, or the rate means nothing
            verify(
                token,
                resolver=registry_resolver,
                trust=trust,
                now=VERIFY_AT,
                require_trusted=True,
                accept_unconfirmed=True,
            )
        return (
            lambda i: sign_vc_jwt(docs[i], signers[i]),
            lambda i: verify_vc_jwt(tokens[i], resolvers[i], now=CREATED),
            lambda i: issue_credential(
                docs[i], signer=signers[i], suite="vc-jwt", created=CREATED, validate=False
            ),
            lambda i: verify(
                tokens[i], resolver=registry_resolver, trust=trust, now=VERIFY_AT, accept_unconfirmed=True
            ),
        )
    cryptosuite: Any = suite
    secured = [add_proof(d, signers[i], cryptosuite=cryptosuite, options=options) for i, d in enumerate(docs)]
    for document in secured[:1]:
        verify(
            document,
            resolver=registry_resolver,
            trust=trust,
            now=VERIFY_AT,
            require_trusted=True,
            accept_unconfirmed=True,
        )
    return (
        lambda i: add_proof(docs[i], signers[i], cryptosuite=cryptosuite, options=options),
        lambda i: verify_proofs(secured[i], resolvers[i], now=CREATED),
        lambda i: issue_credential(
            docs[i], signer=signers[i], suite=cryptosuite, created=CREATED, validate=False
        ),
        lambda i: verify(
            secured[i], resolver=registry_resolver, trust=trust, now=VERIFY_AT, accept_unconfirmed=True
        ),
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
    *,
    quick: bool = False,
    populations: Path | None = None,
    config: BenchConfig | None = None,
    fixture: Path | None = None,
) -> dict[str, Any]:
    """Run the benchmark and return its JSON report (see the module docstring).

    The process is pinned to one core while it runs and its previous CPU affinity is restored
    afterwards (the benchmark may run inside a test worker or a long-lived process).
    """
    pinning, previous = _pin()
    try:
        return _run(quick=quick, populations=populations, config=config, pinning=pinning, fixture=fixture)
    finally:
        if previous is not None:
            os.sched_setaffinity(0, previous)


def _run(
    *,
    quick: bool,
    populations: Path | None,
    config: BenchConfig | None,
    pinning: str,
    fixture: Path | None = None,
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
    fixture_doc, fixture_pair = _load_fixture(fixture or default_fixture())
    population_docs = {"typical": typical, "mixed": mixed, "fixture": [fixture_doc]}
    pair = Ed25519KeyPair.from_seed(_BENCH_SEED)
    signer = KeyPairSigner(pair, pair.public_key.did_key_verification_method)
    issuers = _Issuers(pair, (fixture_pair.public_key.did_key, fixture_pair))
    for docs in population_docs.values():
        for d in docs:
            issuers.signer(d)
    trust = issuers.registry()

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
    for path, suite, population in SUITE_PATHS:
        docs = population_docs[population]
        issue, verify, issue_checked, verify_full = _suite_ops(docs, issuers, trust, suite)
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
    full_vs_proof = {}
    for path, _, population in SUITE_PATHS:
        proof_only, full = rate(path, "verify_per_s"), rate(path, "verify_full_per_s")
        full_vs_proof[path] = {
            "population": population,
            "verify_per_s": round(proof_only, 1),
            "verify_full_per_s": round(full, 1),
            "ratio": round(full / proof_only, 3),
            "goal": FULL_VS_PROOF_GOAL,
            "met": full / proof_only >= FULL_VS_PROOF_GOAL,
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
            "verify": "verify_proofs / verify_vc_jwt (verify_full runs every check of verification.verify, with a trust registry listing every issuer)",
        },
        "machine": {
            "python": platform.python_version(),
            "platform": platform.platform(),
            "processor": platform.processor() or platform.machine(),
            "cpus": os.cpu_count(),
        },
        "versions": {
            name: _version(name)
            for name in ("microcred", "PyLD", "cryptography", "PyNaCl", "orjson", "jsonschema-rs")
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
        "verify_full_vs_verify": full_vs_proof,
    }
