"""canonicalize/to_quads on credentials: literals, lists, @json, language tags, proofs, stats."""

from __future__ import annotations

import copy
import json
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from microcred.jsonld import canon_stats, canonicalize, reset_canon_stats, to_quads, warm_up
from microcred.jsonld._bench_support import typical_credential, typical_proof_config

OB = "https://purl.imsglobal.org/spec/vc/ob/vocab.html#"
XSD = "http://www.w3.org/2001/XMLSchema#"


def _achievement(**fields: Any) -> dict[str, Any]:
    document = typical_credential()
    document["credentialSubject"]["achievement"].update(fields)
    return document


def test_the_typical_credential_has_the_expected_shape() -> None:
    dataset = to_quads(typical_credential())
    assert len(dataset.quads) == len(set(dataset.quads))
    assert canonicalize(typical_credential()).count("\n") == len(dataset.quads)


def test_integral_floats_become_integers_and_others_canonical_doubles() -> None:
    text = canonicalize(_achievement(creditsAvailable=5.0))
    assert f'<{OB}creditsAvailable> "5"^^<https://www.w3.org/2001/XMLSchema#float>' in text
    text = canonicalize(_achievement(creditsAvailable=7.5))
    assert f'<{OB}creditsAvailable> "7.5E0"^^<https://www.w3.org/2001/XMLSchema#float>' in text


def test_it_writes_the_ob_awarded_date_datatype_literally() -> None:
    document = typical_credential()
    document["awardedDate"] = "2026-06-30T12:00:00Z"
    assert '"2026-06-30T12:00:00Z"^^<xsd:dateTime>' in canonicalize(document)


def test_an_empty_list_is_rdf_nil() -> None:
    document = typical_credential()
    document["credentialSubject"]["achievement"]["resultDescription"][0]["allowedValue"] = []
    assert f"<{OB}allowedValue> <http://www.w3.org/1999/02/22-rdf-syntax-ns#nil>" in canonicalize(document)


def test_a_list_becomes_an_rdf_collection_in_order() -> None:
    text = canonicalize(typical_credential())
    assert text.count("<http://www.w3.org/1999/02/22-rdf-syntax-ns#first>") == 6


def test_a_json_literal_is_jcs_text() -> None:
    document = {
        "@context": {"schema": {"@id": "https://example.org/schema", "@type": "@json"}},
        "@id": "urn:x",
        "schema": {"b": [1, 2.5, True, None], "a": "é\u0007"},
    }
    expected = '{"a":"é\\u0007","b":[1,2.5,true,null]}'.replace('"', '\\"').replace("\\u0007", "\\\\u0007")
    assert canonicalize(document) == (
        f'<urn:x> <https://example.org/schema> "{expected}"^^<http://www.w3.org/1999/02/22-rdf-syntax-ns#JSON> .\n'
    )


def test_a_language_tagged_value_is_lowercased_like_jsonld_js() -> None:
    document = _achievement(name={"@value": "Phân tích dữ liệu", "@language": "VI"})
    assert '"Phân tích dữ liệu"@vi' in canonicalize(document)


def test_control_characters_are_escaped_as_in_rdfc10() -> None:
    document = _achievement(description="bell\x07 delete\x7f tab\t")
    assert '"bell\\u0007 delete\\u007F tab\\t"' in canonicalize(document)


def test_identical_sub_objects_are_canonicalized_through_n_degree_and_counted() -> None:
    reset_canon_stats()
    document = typical_credential()
    alignments = document["credentialSubject"]["achievement"]["alignment"]
    alignments.append(copy.deepcopy(alignments[1]))
    canonicalize(document)
    canonicalize(typical_credential())
    stats = canon_stats()
    assert stats["documents"] == 2
    assert stats["n_degree_documents"] == 1
    assert stats["n_degree_calls"] >= 1
    assert stats["slow_path_documents"] == 0


def test_a_proof_inside_the_document_goes_to_its_own_named_graph() -> None:
    document = typical_credential()
    proof = typical_proof_config(document)
    del proof["@context"]
    proof["proofValue"] = "z3abc"
    document["proof"] = proof
    lines = canonicalize(document).splitlines()
    proof_lines = [line for line in lines if "eddsa-rdfc-2022" in line]
    assert len(proof_lines) == 1
    assert proof_lines[0].endswith(" _:c14n0 .") or proof_lines[0].split()[-2].startswith("_:")
    assert any("<https://w3id.org/security#proof> _:" in line for line in lines)


def test_the_proof_config_canonical_form_has_five_quads() -> None:
    warm_up()
    text = canonicalize(typical_proof_config(typical_credential()))
    assert text.count("\n") == 5
    assert "<https://w3id.org/security#assertionMethod>" in text


def _shuffled(value: Any, draw: st.DrawFn) -> Any:
    if isinstance(value, dict):
        keys = draw(st.permutations(list(value)))
        return {key: _shuffled(value[key], draw) for key in keys}
    if isinstance(value, list):
        return [_shuffled(item, draw) for item in value]
    return value


@st.composite
def _reordered_credential(draw: st.DrawFn) -> dict[str, Any]:
    document = typical_credential()
    alignments = document["credentialSubject"]["achievement"]["alignment"]
    alignments.append(copy.deepcopy(alignments[0]))
    result: dict[str, Any] = _shuffled(document, draw)
    return result


@settings(max_examples=40, deadline=None, derandomize=True)
@given(_reordered_credential())
def test_the_canonical_form_does_not_depend_on_json_key_order(document: dict[str, Any]) -> None:
    reference = typical_credential()
    alignments = reference["credentialSubject"]["achievement"]["alignment"]
    alignments.append(copy.deepcopy(alignments[0]))
    assert canonicalize(document) == canonicalize(reference)
    assert json.dumps(document, sort_keys=True) == json.dumps(reference, sort_keys=True)


def test_warm_up_does_not_count_as_work() -> None:
    reset_canon_stats()
    canonicalize(typical_credential())
    warm_up()
    assert canon_stats()["documents"] == 1


def test_memo_tables_are_emptied_when_they_reach_their_limit() -> None:
    from microcred.jsonld.context import MEMO_LIMIT, remember

    table: dict[object, int] = {}
    for index in range(MEMO_LIMIT):
        remember(table, index, index)
    assert len(table) == MEMO_LIMIT
    remember(table, "one more", 1)
    assert table == {"one more": 1}
