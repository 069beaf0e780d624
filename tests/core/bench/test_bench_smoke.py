"""``microcred bench --quick --json`` runs on a handful of documents and reports every key.

A smoke test: no timing is asserted (benchmarks are not tests)."""

from __future__ import annotations

import json

import pytest

from microcred.cli import main

PATHS = {
    "raw-ed25519",
    "pyld-baseline-eddsa-rdfc-2022",
    "eddsa-rdfc-2022",
    "eddsa-rdfc-2022-mixed",
    "eddsa-rdfc-2022-fixture",
    "eddsa-jcs-2022",
    "eddsa-jcs-2022-mixed",
    "eddsa-jcs-2022-fixture",
    "vc-jwt",
    "vc-jwt-mixed",
    "vc-jwt-fixture",
}


def test_the_quick_benchmark_reports_every_path_ratio_and_counter(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["bench", "--quick", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert set(report["paths"]) == PATHS
    for entry in report["paths"].values():
        assert entry["issue_per_s"]["median"] > 0
        assert entry["verify_per_s"]["median"] > 0
    assert (
        set(report["ratios"])
        == set(report["goals"])
        == {
            "rdfc_typical_issue_vs_pyld",
            "rdfc_typical_verify_vs_pyld",
            "rdfc_mixed_issue_vs_pyld",
            "rdfc_mixed_verify_vs_pyld",
            "jcs_issue_vs_raw_sign",
            "jcs_verify_vs_raw_verify",
        }
    )
    # issue 8 "Fast": every check against the proof check alone, per proof path and population
    full = report["verify_full_vs_verify"]
    assert set(full) == PATHS - {"raw-ed25519", "pyld-baseline-eddsa-rdfc-2022"}
    assert {entry["population"] for entry in full.values()} == {"typical", "mixed", "fixture"}
    for path, entry in full.items():
        assert entry["verify_per_s"] == round(report["paths"][path]["verify_per_s"]["median"], 1)
        assert entry["ratio"] == pytest.approx(entry["verify_full_per_s"] / entry["verify_per_s"], abs=0.002)
        assert entry["goal"] == 0.8
        assert entry["met"] is (entry["ratio"] >= 0.8) or abs(entry["ratio"] - 0.8) < 0.002
    assert report["left_fast_path"] == 0
    assert report["populations"]["mixed"]["n_degree_documents"] >= 1
    assert report["first_credential_ms"] > 0
    assert "commit" in report
    assert report["peak_memory_kib"] > 0


def test_the_committed_mixed_population_needs_the_n_degree_step_for_a_fifth() -> None:
    from microcred.bench.populations import MIXED_SIZE
    from microcred.bench.runner import _load, default_populations

    mixed = _load(default_populations() / "mixed.jsonl", None)
    assert len(mixed) == MIXED_SIZE
    duplicated = 0
    for doc in mixed:
        subject = doc["credentialSubject"]
        groups = [
            subject["achievement"].get("alignment", []),
            subject.get("result", []),
            subject["identifier"],
        ]
        if any(len({json.dumps(x, sort_keys=True) for x in g}) < len(g) for g in groups):
            duplicated += 1
    assert duplicated / len(mixed) >= 0.10


def test_the_benchmark_gives_back_the_cpu_affinity_it_found() -> None:
    import os

    if not hasattr(os, "sched_getaffinity"):
        pytest.skip("no CPU affinity on this platform")
    from microcred.bench import BenchConfig, run

    before = os.sched_getaffinity(0)
    run(config=BenchConfig(min_batch_s=0.001, repeats=1, max_documents=2, pyld_documents=1))
    assert os.sched_getaffinity(0) == before
