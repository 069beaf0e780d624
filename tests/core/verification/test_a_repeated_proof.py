"""A proof set holding the same proof twice (ADR 0905): it verifies as the single proof does,
names no second signer, and a repeated proof that was altered in one copy is refused."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from microcred.trust import TrustRegistry
from microcred.verification import inspect
from tests.core.verification.conftest import NOW
from tests.core.verification.test_issuer_binding import SUITES, _issued


def _twice(document: dict[str, Any]) -> dict[str, Any]:
    repeated = copy.deepcopy(document)
    repeated["proof"] = [document["proof"], copy.deepcopy(document["proof"])]
    return repeated


@pytest.mark.parametrize("suite", SUITES)
def test_the_same_proof_twice_verifies_as_the_one_proof_and_names_no_other_signer(
    suite: Any, trust: TrustRegistry
) -> None:
    single = inspect(_issued(suite), trust=trust, now=NOW)
    repeated = inspect(_twice(_issued(suite)), trust=trust, now=NOW)
    assert single.verdict == repeated.verdict == "valid"
    assert repeated.check("proof").params["proofs"] == 2  # both copies were checked
    assert repeated.check("key").params["other_signers"] == []  # no witness invented
    assert set(repeated.check("key").params["bound"]) == set(single.check("key").params["bound"])


@pytest.mark.parametrize("suite", SUITES)
def test_a_repeated_proof_altered_in_one_copy_is_refused(suite: Any, trust: TrustRegistry) -> None:
    document = _twice(_issued(suite))
    value = document["proof"][1]["proofValue"]
    document["proof"][1]["proofValue"] = value[:-2] + ("A" if value[-2] != "A" else "B") + value[-1]
    report = inspect(document, trust=trust, now=NOW)
    assert report.check("proof").code == "proof.signature_mismatch"
    assert report.verdict == "invalid"
