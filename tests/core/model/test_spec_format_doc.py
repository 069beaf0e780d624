"""``docs/spec-format.md`` documents every key of the exchange format, and its example is real."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from pydantic import BaseModel

from microcred.model import spec as spec_module
from microcred.model.spec import read_json
from microcred.standards.eu_mc import check_document

ROOT = Path(__file__).resolve().parents[3]
DOC = (ROOT / "docs" / "spec-format.md").read_text("utf-8")

MODELS: list[type[BaseModel]] = [
    spec_module.MicroCredentialSpec,
    spec_module.AwardingBody,
    spec_module.LearningOutcome,
    spec_module.Workload,
    spec_module.Level,
    spec_module.Assessment,
    spec_module.Participation,
    spec_module.QualityAssurance,
    spec_module.Grading,
    spec_module.Stackability,
    spec_module.EmployerCoDesigner,
]
KEYS = sorted({(model.__name__, key) for model in MODELS for key in model.model_fields})


@pytest.mark.parametrize(("model", "key"), KEYS, ids=[f"{m}.{k}" for m, k in KEYS])
def test_every_key_of_the_format_is_documented_in_a_table_row(model: str, key: str) -> None:
    assert re.search(rf"^\| `{key}` \|", DOC, flags=re.MULTILINE), f"{model}.{key} has no row"


@pytest.mark.parametrize("model", [m.__name__ for m in MODELS[1:]])
def test_every_nested_object_has_its_own_section(model: str) -> None:
    assert f"### {model}\n" in DOC


def _documented_example() -> dict[str, object]:
    section = DOC.split("## 6. A complete example", 1)[1]
    block = re.search(r"```json\n(.*?)\n```", section, flags=re.DOTALL)
    assert block, "section 6 has no JSON block"
    return dict(json.loads(block.group(1)))


def test_the_complete_example_in_the_documentation_is_the_demo_file() -> None:
    path = ROOT / "examples" / "specs" / "buh-anti-money-laundering-compliance.json"
    assert _documented_example() == read_json(path)


def test_the_complete_example_in_the_documentation_is_conformant_without_warnings() -> None:
    report = check_document(_documented_example())
    assert report.conformant and not report.warnings, [f.as_dict() for f in report.findings]
