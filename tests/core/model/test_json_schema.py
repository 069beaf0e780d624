"""The committed JSON Schema of the exchange format is generated from the pydantic model.

``schemas/microcredential-spec.schema.json`` must equal what ``generate_schema()`` produces from
``MicroCredentialSpec``, so the schema never drifts from the model. To regenerate it after a
change to the model, run from the repository root:

    .venv/bin/python -m tests.core.model.test_json_schema

Generation = ``MicroCredentialSpec.model_json_schema(mode="validation")`` plus a header
(``$schema`` draft 2020-12, ``$id``, title) and one step that writes into the schema the
constraints that pydantic enforces in code (validators) rather than in its schema output:

- Decimal values (``workload.hours``, ``workload.credits``): pydantic emits
  ``anyOf: [number, string]`` with no constraint on the string, so ``"NaN"`` or ``"five"``
  would pass the schema although the model rejects them. The string branch gets a pattern for
  plain decimal notation (``"125"``, ``"2.5"``), the form the format writes.
- Language maps (``LangText``): keys limited to the platform's languages, at least one entry,
  no blank text.
- ``awarding_bodies[].country`` (ISO 3166-1 alpha-2), ``languages_of_instruction`` (ISO 639-1),
  ``validity_period`` (ISO 8601 duration) and ``esco_skills`` (ESCO URI): the model's regexes.

Completeness (which Annex I elements are present) is not the schema's business: every element is
optional in the model so drafts can be stored, and the conformance checker reports what is missing.
"""

from __future__ import annotations

import copy
import json
import sys
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from microcred.model import spec as spec_module
from microcred.model.language import LANGUAGES
from microcred.model.spec import MicroCredentialSpec, parse_spec, read_json

ROOT = Path(__file__).resolve().parents[3]
SCHEMA_PATH = ROOT / "schemas" / "microcredential-spec.schema.json"
SPEC_FILES = sorted((ROOT / "examples" / "specs").glob("*.json"))

SCHEMA_ID = "urn:microcred:schema:microcredential-spec:1.0"
DECIMAL_PATTERN = r"^-?[0-9]+(\.[0-9]+)?$"


def _is_decimal(node: dict[str, Any]) -> bool:
    types = [branch.get("type") for branch in node.get("anyOf", [])]
    return "number" in types and "string" in types


def _is_lang_text(node: dict[str, Any]) -> bool:
    return node.get("type") == "object" and node.get("additionalProperties") == {"type": "string"}


def _tighten(node: Any) -> None:
    """Write the model's validator constraints into the generated schema, in place."""
    if isinstance(node, dict):
        if _is_decimal(node):
            for branch in node["anyOf"]:
                if branch.get("type") == "string":
                    branch["pattern"] = DECIMAL_PATTERN
        if _is_lang_text(node):
            node["propertyNames"] = {"enum": list(LANGUAGES)}
            node["minProperties"] = 1
            node["additionalProperties"] = {"type": "string", "pattern": r"\S"}
        for value in node.values():
            _tighten(value)
    elif isinstance(node, list):
        for item in node:
            _tighten(item)


def _string_branch(prop: dict[str, Any]) -> dict[str, Any]:
    if prop.get("type") == "string":
        return prop
    return next(b for b in prop["anyOf"] if b.get("type") == "string")


def generate_schema() -> dict[str, Any]:
    body = MicroCredentialSpec.model_json_schema(mode="validation")
    _tighten(body)
    defs = body["$defs"]
    defs["AwardingBody"]["properties"]["country"]["pattern"] = spec_module._COUNTRY.pattern
    defs["LearningOutcome"]["properties"]["esco_skills"]["items"]["pattern"] = spec_module._ESCO.pattern
    body["properties"]["languages_of_instruction"]["items"]["pattern"] = "^[a-z]{2}$"
    _string_branch(body["properties"]["validity_period"])["pattern"] = spec_module._ISO_DURATION.pattern
    header = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "Micro-credential specification (microcred-spec 1.0)",
    }
    body.pop("title", None)
    return {**header, **body}


def write_schema() -> None:
    SCHEMA_PATH.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(generate_schema(), ensure_ascii=False, indent=2) + "\n"
    SCHEMA_PATH.write_text(text, "utf-8")


@pytest.fixture(scope="module")
def validator() -> Draft202012Validator:
    return Draft202012Validator(read_json(SCHEMA_PATH))


def test_the_committed_schema_equals_the_one_generated_from_the_model() -> None:
    assert read_json(SCHEMA_PATH) == generate_schema(), (
        "the schema has drifted from the model; regenerate it with "
        "`.venv/bin/python -m tests.core.model.test_json_schema`"
    )


def test_the_schema_is_a_valid_draft_2020_12_schema_with_an_id_and_title() -> None:
    schema = read_json(SCHEMA_PATH)
    Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"] == SCHEMA_ID
    assert schema["title"]


@pytest.mark.parametrize("path", SPEC_FILES, ids=lambda p: p.stem)
def test_every_demo_specification_validates_against_the_schema(
    path: Path, validator: Draft202012Validator
) -> None:
    errors = [
        f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(read_json(path))
    ]
    assert errors == []


def _example() -> dict[str, Any]:
    return copy.deepcopy(read_json(ROOT / "examples" / "specs" / "muni-econometrics-in-r.json"))


@pytest.mark.parametrize(
    ("where", "change"),
    [
        ("credits NaN", lambda d: d["workload"].update(credits="NaN")),
        ("hours in words", lambda d: d["workload"].update(hours="five")),
        ("unknown language", lambda d: d["title"].update(de="Ökonometrie in R")),
        ("blank text", lambda d: d["title"].update(cs="   ")),
        ("lower-case country", lambda d: d["awarding_bodies"][0].update(country="cz")),
        ("three-letter language", lambda d: d.update(languages_of_instruction=["eng"])),
        ("bad duration", lambda d: d.update(validity_period="3 years")),
        ("bad ESCO URI", lambda d: d["learning_outcomes"][0].update(esco_skills=["python"])),
        ("unknown key", lambda d: d.update(ects=5)),
        ("unknown mode", lambda d: d["participation"].update(mode="by pigeon")),
    ],
)
def test_the_schema_rejects_what_the_model_rejects(
    where: str, change: Any, validator: Draft202012Validator
) -> None:
    doc = _example()
    change(doc)
    with pytest.raises(spec_module.SpecFormatError):
        parse_spec(doc)
    assert not validator.is_valid(doc), where


def test_decimals_may_be_numbers_or_plain_decimal_strings(validator: Draft202012Validator) -> None:
    doc = _example()
    for hours in (125, "125", "127.5"):
        doc["workload"]["hours"] = hours
        assert validator.is_valid(doc)
        parse_spec(doc)


if __name__ == "__main__":
    write_schema()
    sys.stdout.write(f"wrote {SCHEMA_PATH.relative_to(ROOT)}\n")
