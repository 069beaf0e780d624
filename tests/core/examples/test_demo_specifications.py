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
EUROPEAN_LANGUAGE = {"CZ": "cs", "IT": "it", "HR": "hr", "BE": "fr"}
WORKFLOW_STATES = {"draft", "submitted", "in_review", "approved", "published", "retired"}


def load(path: Path) -> dict[str, Any]:
    return copy.deepcopy(read_json(path))


def slug_of(doc: dict[str, Any]) -> str:
    return str(doc["awarding_bodies"][0]["slug"])


def demo_states() -> dict[str, str]:
    return dict(read_json(EXAMPLES / "demo-states.json"))


def partner_files(country: str) -> list[Path]:
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


@pytest.mark.parametrize("path", partner_files("VN") + partner_files("LA"), ids=lambda p: p.stem)
def test_the_asian_partners_specifications_carry_their_own_language(path: Path) -> None:
    doc = load(path)
    lang = PARTNER_LANGUAGE[INSTITUTIONS[slug_of(doc)]["country"]]
    assert lang in doc["title"]
    assert lang in doc["description"]
    missing = [lo["id"] for lo in doc["learning_outcomes"] if lang not in lo["text"]]
    assert missing == [], f"outcomes without {lang!r} text: {missing}"


@pytest.mark.parametrize(
    "path",
    [p for country in EUROPEAN_LANGUAGE for p in partner_files(country)],
    ids=lambda p: p.stem,
)
def test_the_european_partners_give_the_title_in_their_own_language(path: Path) -> None:
    doc = load(path)
    assert EUROPEAN_LANGUAGE[INSTITUTIONS[slug_of(doc)]["country"]] in doc["title"]


def test_some_european_courses_are_titled_for_the_asian_partners() -> None:
    european = [p for country in EUROPEAN_LANGUAGE for p in partner_files(country)]
    titled = [p.stem for p in european if {"vi", "lo"} & set(read_json(p)["title"])]
    assert len(titled) >= 3


@pytest.mark.parametrize("path", partner_files("LA"), ids=lambda p: p.stem)
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


def test_the_demo_folder_holds_at_least_37_specifications() -> None:
    assert len(SPEC_FILES) >= 37


def test_every_partner_offers_at_least_three_specifications() -> None:
    per_partner = Counter(slug_of(read_json(p)) for p in SPEC_FILES)
    assert {slug: per_partner[slug] for slug in INSTITUTIONS if per_partner[slug] < 3} == {}


def test_codes_are_unique_across_the_demo_so_the_states_file_is_unambiguous() -> None:
    codes = Counter(read_json(p)["code"] for p in SPEC_FILES)
    assert [code for code, n in codes.items() if n > 1] == []


def test_the_demo_states_name_existing_specifications_and_known_statuses() -> None:
    codes = {read_json(p)["code"] for p in SPEC_FILES}
    states = demo_states()
    assert set(states) <= codes
    assert set(states.values()) <= WORKFLOW_STATES


def test_the_demo_states_show_every_step_of_the_workflow() -> None:
    shown = Counter(demo_states().values())
    assert shown == {"draft": 2, "submitted": 2, "in_review": 2, "approved": 1, "retired": 1}


def test_at_least_36_demo_specifications_are_published() -> None:
    not_published = [code for code, status in demo_states().items() if status != "published"]
    assert len(SPEC_FILES) - len(not_published) >= 36


# The sources of the recognition worked examples: code, credits, credit system, national level,
# validity. A later recognition engineer relies on exactly these figures.
WORKED_EXAMPLES = [
    ("muni", "Econometrics in R", "5", "ECTS", "CZ-NSK:6", 6, None),
    ("ueh", "Banking Operations and Risk", "3", "VN-TC", "VQF:6", 6, None),
    ("buh", "Anti-Money-Laundering Compliance", "2", "VN-TC", "VQF:6", 6, "P2Y"),
    ("cu", "Community-Based Tourism Planning", "3", "LA-CR", "LA-NQF:5", 5, None),
    ("neu", "Python for Finance", "2", "VN-TC", "VQF:6", 6, None),
    ("ueh", "Financial Data Visualisation", "2", "VN-TC", "VQF:6", 6, None),
]


@pytest.mark.parametrize(
    ("slug", "title", "credits", "system", "national", "level", "validity"),
    WORKED_EXAMPLES,
    ids=[w[1] for w in WORKED_EXAMPLES],
)
def test_the_sources_of_the_recognition_worked_examples_are_published_with_their_figures(
    slug: str, title: str, credits: str, system: str, national: str, level: int, validity: str | None
) -> None:
    matches = [
        doc
        for doc in (read_json(p) for p in SPEC_FILES)
        if slug_of(doc) == slug and doc["title"]["en"] == title
    ]
    assert len(matches) == 1, f"{slug}: {title!r}"
    doc = matches[0]
    assert (doc["workload"]["credits"], doc["workload"]["credit_system"]) == (credits, system)
    assert doc["level"]["national"] == national
    assert level in (doc["level"].get("eqf"), doc["level"].get("aqrf"))
    assert doc.get("validity_period") == validity
    assert demo_states().get(doc["code"], "published") == "published"
