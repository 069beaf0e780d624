"""The demo content: the partners' micro-credential specifications in ``examples/specs/``.

Every demo specification must pass the EU Annex I conformance check, whatever its workflow
state in ``examples/demo-states.json``; the register shows at least 36 published ones, every
partner offers at least three, and the Asian partners' specifications carry their own language.
"""

from __future__ import annotations

import copy
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from microcred.model.spec import read_json
from microcred.standards.eu_mc import check_document

EXAMPLES = Path(__file__).resolve().parents[3] / "examples"
SPEC_FILES = sorted((EXAMPLES / "specs").glob("*.json"))
CONSORTIUM = read_json(EXAMPLES / "consortium.json")["institutions"]
INSTITUTIONS = {inst["slug"]: inst for inst in CONSORTIUM}
PARTNER_LANGUAGE = {"VN": "vi", "LA": "lo"}
WORKFLOW_STATES = {"draft", "submitted", "in_review", "approved", "published", "retired"}


def load(path: Path) -> dict[str, Any]:
    return copy.deepcopy(read_json(path))


def slug_of(doc: dict[str, Any]) -> str:
    return str(doc["awarding_bodies"][0]["slug"])


def demo_states() -> dict[str, str]:
    return dict(read_json(EXAMPLES / "demo-states.json"))


def asian_partner_files(country: str) -> list[Path]:
    return [p for p in SPEC_FILES if INSTITUTIONS[slug_of(read_json(p))]["country"] == country]


@pytest.mark.parametrize("path", SPEC_FILES, ids=lambda p: p.stem)
def test_every_demo_specification_is_conformant(path: Path) -> None:
    report = check_document(load(path))
    assert report.conformant, [f.as_dict() for f in report.errors]


@pytest.mark.parametrize("path", SPEC_FILES, ids=lambda p: p.stem)
def test_every_demo_specification_passes_without_warnings(path: Path) -> None:
    report = check_document(load(path))
    assert not report.warnings, [f.as_dict() for f in report.warnings]


@pytest.mark.parametrize("path", SPEC_FILES, ids=lambda p: p.stem)
def test_every_demo_specification_gives_every_annex_i_element_of_the_offering(path: Path) -> None:
    report = check_document(load(path))
    assert set(report.element_status().values()) == {"present"}, report.element_status()


@pytest.mark.parametrize("path", SPEC_FILES, ids=lambda p: p.stem)
def test_the_file_name_starts_with_the_awarding_institutions_slug(path: Path) -> None:
    doc = load(path)
    slug = slug_of(doc)
    assert slug in INSTITUTIONS
    assert path.stem.startswith(f"{slug}-")


@pytest.mark.parametrize("path", SPEC_FILES, ids=lambda p: p.stem)
def test_the_awarding_body_matches_the_consortium_file(path: Path) -> None:
    body = load(path)["awarding_bodies"][0]
    inst = INSTITUTIONS[body["slug"]]
    assert body["name"] == inst["name"]
    assert body["country"] == inst["country"]
    assert body["homepage"] == inst["homepage"]


@pytest.mark.parametrize("path", SPEC_FILES, ids=lambda p: p.stem)
def test_credits_and_level_are_in_the_institutions_own_systems(path: Path) -> None:
    doc = load(path)
    inst = INSTITUTIONS[slug_of(doc)]
    assert doc["workload"]["credit_system"] == inst["credit_system"]
    assert doc["level"]["national"].split(":")[0] == inst["national_framework"]
    assert doc["level"].get("eqf") or doc["level"].get("aqrf")


@pytest.mark.parametrize("path", SPEC_FILES, ids=lambda p: p.stem)
def test_every_demo_specification_has_four_to_seven_outcomes_with_a_bloom_level(path: Path) -> None:
    outcomes = load(path)["learning_outcomes"]
    assert 4 <= len(outcomes) <= 7
    assert all(lo.get("bloom_level") for lo in outcomes)


def test_codes_are_unique_per_institution() -> None:
    keys = Counter((slug_of(read_json(p)), read_json(p)["code"]) for p in SPEC_FILES)
    assert all(code for _, code in keys), "every demo specification needs a code"
    assert [key for key, n in keys.items() if n > 1] == []


@pytest.mark.parametrize("path", asian_partner_files("VN") + asian_partner_files("LA"), ids=lambda p: p.stem)
def test_the_asian_partners_specifications_carry_their_own_language(path: Path) -> None:
    doc = load(path)
    lang = PARTNER_LANGUAGE[INSTITUTIONS[slug_of(doc)]["country"]]
    assert lang in doc["title"]
    assert lang in doc["description"]
    missing = [lo["id"] for lo in doc["learning_outcomes"] if lang not in lo["text"]]
    assert missing == [], f"outcomes without {lang!r} text: {missing}"


@pytest.mark.parametrize("path", asian_partner_files("LA"), ids=lambda p: p.stem)
def test_the_lao_text_is_written_in_lao_script(path: Path) -> None:
    doc = load(path)
    texts = [doc["title"]["lo"], doc["description"]["lo"]] + [
        lo["text"]["lo"] for lo in doc["learning_outcomes"]
    ]
    for text in texts:
        lao_letters = sum(1 for ch in text if "\u0e80" <= ch <= "\u0eff")
        letters = sum(1 for ch in text if ch.isalpha())
        assert lao_letters >= letters / 2, text


@pytest.mark.parametrize("path", SPEC_FILES, ids=lambda p: p.stem)
def test_removing_the_learning_outcomes_makes_the_check_fail_on_element_m6(path: Path) -> None:
    doc = load(path)
    del doc["learning_outcomes"]
    report = check_document(doc)
    assert not report.conformant
    assert any(f.element == "M6" for f in report.errors)
