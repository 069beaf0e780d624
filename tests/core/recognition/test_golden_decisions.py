"""Golden decisions: the full rationale of E1-E6 must not change unnoticed.

A deliberate change (a rule, a table, the report format) regenerates them with
``MICROCRED_REGENERATE_GOLDEN=1 pytest tests/core/recognition/test_golden_decisions.py``
and the diff is reviewed like code (tests/assets/recognition/PROVENANCE.md).
"""

from __future__ import annotations

import json
import os

import pytest

from tests.core.recognition._helpers import ASSETS, decide, example

NAMES = ["E1", "E2", "E3", "E4", "E5", "E6"]


@pytest.mark.parametrize("name", NAMES)
def test_the_decision_matches_its_golden_file(name: str) -> None:
    report = decide(example(name)).report
    text = json.dumps(report, indent=2, ensure_ascii=False, sort_keys=True) + "\n"
    path = ASSETS / f"{name}.decision.json"
    if os.environ.get("MICROCRED_REGENERATE_GOLDEN") == "1":
        path.write_text(text, "utf-8")
    assert path.read_text("utf-8") == text
