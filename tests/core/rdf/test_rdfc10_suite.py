"""The whole W3C RDFC-1.0 test suite (tests/assets/rdf-canon, see PROVENANCE.md)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from microcred.rdf import PoisonedDatasetError, canonize, canonize_with_map, parse_nquads

SUITE = Path(__file__).parents[2] / "assets" / "rdf-canon"
ENTRIES: list[dict[str, Any]] = json.loads((SUITE / "manifest.jsonld").read_text(encoding="utf-8"))["entries"]
# The suite marks how much N-degree work a test needs; our guard, like rdf-canonize's
# maxWorkFactor, is given the matching budget. The default (1) is what documents get.
WORK_FACTOR = {"low": 1, "medium": 2, "high": 3}


def _read(name: str) -> str:
    return (SUITE / name).read_text(encoding="utf-8")


def _hash(entry: dict[str, Any]) -> str:
    return str(entry.get("hashAlgorithm", "sha256"))


def _ids(kind: str) -> list[Any]:
    return [pytest.param(entry, id=entry["id"].lstrip("#")) for entry in ENTRIES if entry["type"] == kind]


def test_the_suite_has_all_its_tests() -> None:
    assert len(ENTRIES) == 86
    assert {entry["type"] for entry in ENTRIES} == {
        "rdfc:RDFC10EvalTest",
        "rdfc:RDFC10MapTest",
        "rdfc:RDFC10NegativeEvalTest",
    }


@pytest.mark.parametrize("entry", _ids("rdfc:RDFC10EvalTest"))
def test_it_produces_the_expected_canonical_nquads(entry: dict[str, Any]) -> None:
    dataset = parse_nquads(_read(entry["action"]))
    result = canonize(
        dataset, hash_algorithm=_hash(entry), max_work_factor=WORK_FACTOR[entry["computationalComplexity"]]
    )
    assert result == _read(entry["result"])


@pytest.mark.parametrize("entry", _ids("rdfc:RDFC10MapTest"))
def test_it_issues_the_expected_canonical_identifiers(entry: dict[str, Any]) -> None:
    dataset = parse_nquads(_read(entry["action"]))
    _text, issued = canonize_with_map(
        dataset, hash_algorithm=_hash(entry), max_work_factor=WORK_FACTOR[entry["computationalComplexity"]]
    )
    assert issued == json.loads(_read(entry["result"]))


@pytest.mark.parametrize("entry", _ids("rdfc:RDFC10NegativeEvalTest"))
def test_it_refuses_a_poisoned_dataset_with_the_default_budget(entry: dict[str, Any]) -> None:
    dataset = parse_nquads(_read(entry["action"]))
    with pytest.raises(PoisonedDatasetError, match="Hash N-Degree Quads"):
        canonize(dataset)
