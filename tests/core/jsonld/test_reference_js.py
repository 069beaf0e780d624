"""Differential test against the Digital Bazaar reference stack (jsonld.js 9 + rdf-canonize 5).

1,000 generated OB 3.0 credentials (ob3_generator, seeded) go to one node process
(tests/reference_js/canonize.js, which serves the same bundled contexts) and must come back
byte-identical to :func:`microcred.jsonld.canonicalize`. Skipped, with the reason, when node or
tests/reference_js/node_modules is missing (``make test`` runs ``npm ci`` there first).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from microcred.jsonld import JsonLdError, UnsafeDocumentError, canonicalize
from microcred.jsonld._bench_support import typical_credential, typical_proof_config
from tests.core.reference_js import REFERENCE_STACK_MARKS, run_node

from .jsonld_fuzz_generator import generate_document
from .ob3_generator import generate_credentials

pytestmark = list(REFERENCE_STACK_MARKS)


def _reference(documents: list[dict[str, Any]]) -> list[dict[str, str]]:
    """jsonld.js canonize of each document; one node process for the whole batch."""
    return run_node("canonize.js", documents)


def test_a_thousand_generated_credentials_canonicalize_exactly_as_jsonld_js() -> None:
    documents = generate_credentials(1000)
    expected = _reference(documents)
    mismatches = []
    for seed, (document, reference) in enumerate(zip(documents, expected, strict=True)):
        assert "nquads" in reference, f"jsonld.js refused credential {seed}: {reference.get('error')}"
        if canonicalize(document) != reference["nquads"]:
            mismatches.append(seed)
    assert mismatches == [], f"{len(mismatches)} of 1000 differ, first seeds: {mismatches[:10]}"


EDGE_CASES: list[dict[str, Any]] = [
    typical_credential(),
    typical_proof_config(typical_credential()),
    {**typical_credential(), "name": "tiny \U0001f600 \ue000 \x7f \x00", "description": "1e-7"},
    {
        "@context": {"n": {"@id": "https://example.org/n"}},
        "@id": "urn:x",
        "n": [1e-7, -1e-7, 1.5e-7, 5.0, 1e21],
    },
    {
        "@context": {"j": {"@id": "https://example.org/j", "@type": "@json"}},
        "@id": "urn:x",
        "j": {"é": 1e21, "a": [0.1]},
    },
]


@pytest.mark.parametrize(
    "document", EDGE_CASES, ids=["typical", "proof-config", "tricky-text", "numbers", "json"]
)
def test_edge_cases_canonicalize_exactly_as_jsonld_js(document: dict[str, Any]) -> None:
    (reference,) = _reference([document])
    assert canonicalize(document) == reference["nquads"]


def _repeated_empty_list() -> dict[str, Any]:
    document = typical_credential()
    descriptions = document["credentialSubject"]["achievement"]["resultDescription"]
    descriptions[0]["allowedValue"] = []
    descriptions.append(dict(descriptions[0]))
    return document


_N = {"n": {"@id": "https://example.org/n"}}
_XSD = "http://www.w3.org/2001/XMLSchema#"
AMBIGUOUS: list[Any] = [
    pytest.param(_repeated_empty_list(), "empty list", id="repeated-empty-list"),
    pytest.param(
        {"@context": _N, "@id": "urn:x", "n": [1e-7, 0]}, "same RDF literal", id="tiny-number-and-zero"
    ),
    pytest.param(
        {"@context": _N, "@id": "urn:x", "n": [5, {"@value": "5", "@type": _XSD + "integer"}]},
        "same RDF literal",
        id="number-and-typed-string",
    ),
    pytest.param(
        {"@context": _N, "@id": "urn:x", "n": ["x", {"@value": "x", "@type": _XSD + "string"}]},
        "same RDF literal",
        id="plain-and-xsd-string",
    ),
]


@pytest.mark.parametrize(("document", "message"), AMBIGUOUS)
def test_documents_jsonld_js_signs_with_duplicate_lines_are_refused(
    document: dict[str, Any], message: str
) -> None:
    (reference,) = _reference([document])
    lines = reference["nquads"].splitlines()
    assert len(lines) != len(set(lines)), "jsonld.js no longer duplicates the line; revisit the refusal"
    with pytest.raises(UnsafeDocumentError, match=message):
        canonicalize(document)


CORPUS = sorted((Path(__file__).parent / "vectors" / "corpus").glob("*/*.json*"))


def test_published_credentials_canonicalize_as_jsonld_js() -> None:
    documents: list[Any] = []
    for path in CORPUS:
        document = json.loads(path.read_text(encoding="utf-8"))
        if isinstance(document, dict):
            document.pop("proof", None)  # a verifier canonicalizes the document without its proof
        documents.append(document)
    assert len(documents) >= 45
    outcomes = []
    for path, document, reference in zip(CORPUS, documents, _reference(documents), strict=True):
        try:
            ours = canonicalize(document)
        except JsonLdError as error:
            outcomes.append((path.name, "refused" if "error" in reference else f"we refuse ({error.code})"))
            continue
        if "error" in reference:
            outcomes.append((path.name, "jsonld.js refuses, we accept"))
        elif ours != reference["nquads"]:
            outcomes.append((path.name, "different"))
        else:
            outcomes.append((path.name, "identical"))
    disagreements = [outcome for outcome in outcomes if outcome[1] not in ("identical", "refused")]
    assert disagreements == []
    assert sum(1 for outcome in outcomes if outcome[1] == "identical") >= 30


# Where we refuse although jsonld.js answers, deliberately (ADR 0101): a string typed
# xsd:double that is not a number (jsonld.js signs "NaN"), and different values that give the
# same quad (jsonld.js signs the line twice).
OUR_OWN_REFUSALS = {"invalid typed value", "ambiguous duplicate value"}


def test_generated_json_ld_documents_with_inline_contexts_agree_with_jsonld_js() -> None:
    documents = [generate_document(seed) for seed in range(600)]
    outcomes: dict[str, list[int]] = {}
    for seed, (document, reference) in enumerate(zip(documents, _reference(documents), strict=True)):
        try:
            ours: str | None = canonicalize(document)
            code = ""
        except JsonLdError as error:
            ours, code = None, error.code
        if "error" in reference:
            outcome = "both refuse" if ours is None else "jsonld.js refuses, we accept"
        elif ours is None:
            outcome = "we refuse: " + code
        else:
            outcome = "identical" if ours == reference["nquads"] else "different"
        outcomes.setdefault(outcome, []).append(seed)
    allowed = {"identical", "both refuse"} | {f"we refuse: {code}" for code in OUR_OWN_REFUSALS}
    assert {outcome: seeds[:5] for outcome, seeds in outcomes.items() if outcome not in allowed} == {}
    assert len(outcomes["identical"]) >= 300


def test_jsonld_js_also_refuses_what_safe_mode_refuses() -> None:
    document = typical_credential()
    document["credentialSubject"]["favouriteColour"] = "green"
    (reference,) = _reference([document])
    assert "Safe mode" in reference["error"]
    with pytest.raises(UnsafeDocumentError):
        canonicalize(document)


def test_jsonld_js_refuses_a_presentation_whose_credential_is_only_an_id_with_the_same_code() -> None:
    from .test_safe_mode import ID_ONLY_CREDENTIALS

    presentations = [param.values[0] for param in ID_ONLY_CREDENTIALS]
    for presentation, reference in zip(presentations, _reference(presentations), strict=True):
        assert reference.get("error", "").endswith("(object with only @id)"), reference
        with pytest.raises(UnsafeDocumentError) as caught:
            canonicalize(presentation)
        assert caught.value.code == "object with only @id"
