"""The compiled and the generic JSON Schema validators give the same verdict (OB 3.0 §9.1)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft201909Validator  # type: ignore[import-untyped]

from microcred.standards.ob3 import schema_problems
from microcred.standards.ob3.schema import _schema
from tests.conftest import ASSETS

FIXTURES = sorted((ASSETS / "ob3" / "schema-fixtures").glob("*.json"))


def _generic_verdict(document: dict[str, Any]) -> bool:
    copy = dict(document)
    if isinstance(copy.get("proof"), dict):
        copy["proof"] = [copy["proof"]]
    return Draft201909Validator(_schema()).is_valid(copy)  # type: ignore[no-any-return]


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: p.name)
def test_both_validators_agree_on_the_1edtech_fixture(path: Path) -> None:
    document = json.loads(path.read_text("utf-8"))
    assert (schema_problems(document) == []) == _generic_verdict(document)


def test_the_spec_examples_fit_and_the_negative_fixtures_do_not() -> None:
    verdicts = {p.name: schema_problems(json.loads(p.read_text("utf-8"))) == [] for p in FIXTURES}
    assert verdicts["basicOpenBadgeCredential-1.json"]
    assert verdicts["validator-simple.json"]
    assert not verdicts["validator-simple-err-credential-subject-type.json"]


def test_a_rejected_credential_gets_every_problem_with_its_path(credential: dict[str, Any]) -> None:
    broken = dict(credential, type=["VerifiableCredential"], issuer={"name": "no id"})
    paths = [path for path, _ in schema_problems(broken)]
    assert "issuer" in paths and "type" in paths


class _Text(str):
    """A ``str`` subclass: the compiled validator cannot convert it, the generic one can."""


def test_a_value_the_compiled_validator_cannot_take_gets_the_generic_verdict(
    credential: dict[str, Any],
) -> None:
    assert schema_problems(dict(credential, name=_Text("Data literacy"))) == []
    assert {path for path, _ in schema_problems(dict(credential, name=_Text("x"), type=["Nope"]))} == {"type"}


@pytest.mark.parametrize(
    "context",
    [
        "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json\n",  # `$` before a final newline
        "https://purl.imsglobal.org/spec/ob/v3p0/context-3.\u0663.\u0663.json",  # Arabic-Indic digits for \d
    ],
)
def test_schema_patterns_are_ecma_262_so_a_look_alike_context_is_refused(
    credential: dict[str, Any], context: str
) -> None:
    # JSON Schema §6.4: patterns are ECMA-262; Python's re would let both of these through
    contexts = [credential["@context"][0], context, *credential["@context"][2:]]
    assert schema_problems(dict(credential, **{"@context": contexts}))
