"""The assessment matrix: every outcome assessed, by a type that can show its level."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from microcred.design.assessment import assessment_matrix
from microcred.model import parse_spec

SPEC = Path(__file__).resolve().parents[2] / "assets" / "studio" / "conformant-spec.json"


def conformant_spec() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(SPEC.read_text("utf-8"))
    return data


def _spec(assessed: dict[str, list[str]], types: list[str] | None = None) -> Any:
    doc = conformant_spec()
    for lo in doc["learning_outcomes"]:
        lo["assessed_by"] = assessed.get(lo["id"], [])
    if types is not None:
        doc["assessment"]["types"] = types
    return parse_spec(doc)


def test_a_spec_without_the_matrix_is_asked_for_it() -> None:
    m = assessment_matrix(_spec({}))
    assert [n.code for n in m.notes] == ["assessment.matrix_empty"]
    assert m.outcomes == ("LO1", "LO2", "LO3", "LO4", "LO5") and not m.cells


def test_an_outcome_never_assessed_is_named() -> None:
    assessed = {f"LO{i}": ["written_examination"] for i in range(1, 5)} | {"LO4": ["project_work"]}
    m = assessment_matrix(_spec(assessed))
    assert [(n.code, n.outcome) for n in m.notes] == [("assessment.outcome_unassessed", "LO5")]
    assert ("LO4", "project_work") in m.cells and ("LO4", "written_examination") not in m.cells


def test_weak_methods_for_high_levels_attendance_and_unlisted_types_are_said() -> None:
    assessed = {
        "LO1": ["written_examination"],
        "LO2": ["level_of_attendance"],
        "LO3": ["oral_examination"],
        "LO4": ["quiz"],  # stated bloom level: evaluate
        "LO5": ["project_work"],
    }
    m = assessment_matrix(_spec(assessed, ["written_examination", "project_work", "quiz"]))
    codes = [(n.code, n.outcome, n.types) for n in m.notes]
    assert ("assessment.attendance_only", "LO2", ()) in codes
    assert ("assessment.weak_for_level", "LO4", ("quiz",)) in codes
    assert ("assessment.type_unlisted", None, ("level_of_attendance", "oral_examination")) in codes
    assert m.types[:3] == ("written_examination", "project_work", "quiz")


def test_the_bloom_level_read_by_the_assistant_counts_when_none_is_stated() -> None:
    doc = conformant_spec()
    for lo in doc["learning_outcomes"]:
        lo.pop("bloom_level", None)
        lo["assessed_by"] = ["quiz"]
    doc["assessment"]["types"] = ["quiz"]
    m = assessment_matrix(parse_spec(doc), {"LO5": "create"})
    assert [(n.code, n.outcome) for n in m.notes] == [("assessment.weak_for_level", "LO5")]
