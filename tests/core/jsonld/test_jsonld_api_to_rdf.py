"""W3C JSON-LD 1.1 API toRdf tests (tests/assets/json-ld-api, see PROVENANCE.md).

Every test of the manifest is in exactly one category:

* run and compared — our dataset must be isomorphic to the expected N-Quads (both are
  canonicalized with RDFC-1.0 and compared as text);
* negative — must raise a :class:`JsonLdError` with the test's error code (or, where safe
  mode meets the problem first, jsonld.js's safe-mode code: ``to_rdf_scope.SAFE_MODE_ERROR_CODE``);
* refused in safe mode — the expected output silently drops or keeps something; we must raise
  :class:`UnsafeDocumentError` with the listed code (``to_rdf_scope.REFUSED_IN_SAFE_MODE``);
* out of scope — a feature or option credentials never use (``to_rdf_scope.OUT_OF_SCOPE``,
  with the reason per test); for unsupported features we still check that we refuse rather
  than answer wrongly.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from microcred.jsonld import JsonLdError, UnsafeDocumentError, UnsupportedFeatureError
from microcred.jsonld.to_rdf import to_dataset
from microcred.rdf import canonize, parse_nquads

from .to_rdf_scope import OUT_OF_SCOPE, REFUSED_IN_SAFE_MODE, SAFE_MODE_ERROR_CODE

SUITE = Path(__file__).parents[2] / "assets" / "json-ld-api"
MANIFEST: dict[str, Any] = json.loads((SUITE / "toRdf-manifest.jsonld").read_text(encoding="utf-8"))
ENTRIES: list[dict[str, Any]] = MANIFEST["sequence"]


def _id(entry: dict[str, Any]) -> str:
    return str(entry["@id"]).lstrip("#")


def _run(entry: dict[str, Any]) -> str:
    """The test's input with the manifest's options: ``base`` and ``rdfDirection``."""
    document = json.loads((SUITE / entry["input"]).read_text(encoding="utf-8"))
    option = entry.get("option", {})
    base = option.get("base", MANIFEST["baseIri"] + entry["input"])
    dataset = to_dataset(document, base=base, rdf_direction=option.get("rdfDirection"))
    return canonize(dataset, max_work_factor=3)


def _entries(kind: str) -> list[Any]:
    chosen = []
    for entry in ENTRIES:
        test_id = _id(entry)
        if test_id in OUT_OF_SCOPE or test_id in REFUSED_IN_SAFE_MODE:
            continue
        if kind in entry["@type"]:
            chosen.append(pytest.param(entry, id=test_id))
    return chosen


def test_every_test_of_the_manifest_has_a_category() -> None:
    ids = [_id(entry) for entry in ENTRIES]
    assert len(ids) == 467
    assert set(OUT_OF_SCOPE) <= set(ids)
    assert set(REFUSED_IN_SAFE_MODE) <= set(ids)
    assert not set(OUT_OF_SCOPE) & set(REFUSED_IN_SAFE_MODE)


@pytest.mark.parametrize("entry", _entries("jld:PositiveEvaluationTest"))
def test_it_produces_the_expected_dataset(entry: dict[str, Any]) -> None:
    expected = canonize(
        parse_nquads((SUITE / entry["expect"]).read_text(encoding="utf-8")), max_work_factor=3
    )
    assert _run(entry) == expected


@pytest.mark.parametrize("entry", _entries("jld:PositiveSyntaxTest"))
def test_it_accepts_the_valid_syntax(entry: dict[str, Any]) -> None:
    _run(entry)


@pytest.mark.parametrize("entry", _entries("jld:NegativeEvaluationTest"))
def test_it_rejects_the_invalid_input_with_the_expected_error_code(entry: dict[str, Any]) -> None:
    with pytest.raises(JsonLdError) as caught:
        _run(entry)
    expected = SAFE_MODE_ERROR_CODE.get(_id(entry), entry["expectErrorCode"])
    assert caught.value.code == expected, str(caught.value)


@pytest.mark.parametrize(
    "entry", [pytest.param(entry, id=_id(entry)) for entry in ENTRIES if _id(entry) in REFUSED_IN_SAFE_MODE]
)
def test_safe_mode_refuses_what_the_expected_output_would_drop(entry: dict[str, Any]) -> None:
    with pytest.raises(UnsafeDocumentError) as caught:
        _run(entry)
    assert caught.value.code == REFUSED_IN_SAFE_MODE[_id(entry)]


UNSUPPORTED = [
    pytest.param(entry, id=_id(entry))
    for entry in ENTRIES
    if OUT_OF_SCOPE.get(_id(entry), "").startswith(
        ("@nest", "@included", "@id /", "@graph index", "rdfDirection compound-literal")
    )
    and "jld:PositiveEvaluationTest" in entry["@type"]
]


@pytest.mark.parametrize("entry", UNSUPPORTED)
def test_unsupported_features_are_refused_not_misread(entry: dict[str, Any]) -> None:
    with pytest.raises(UnsupportedFeatureError):
        _run(entry)
