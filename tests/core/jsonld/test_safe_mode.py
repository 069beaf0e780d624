"""Safe mode: what pyld would silently drop, guess or leave relative is an error here, with the
JSON path and the term in the message (see ADR 0101)."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from microcred.jsonld import (
    JsonLdError,
    PoisonedDatasetError,
    UnknownContextError,
    UnsafeDocumentError,
    UnsupportedFeatureError,
    canonicalize,
    to_quads,
)
from microcred.jsonld._bench_support import typical_credential
from microcred.jsonld.to_rdf import to_dataset

VCDM2 = "https://www.w3.org/ns/credentials/v2"


def _credential(**changes: Any) -> dict[str, Any]:
    document = typical_credential()
    document.update(changes)
    return document


def test_it_names_an_unknown_context_url_in_a_document() -> None:
    document = _credential()
    document["@context"] = [*document["@context"], "https://example.org/contexts/unknown.jsonld"]
    with pytest.raises(UnknownContextError) as caught:
        canonicalize(document)
    assert "https://example.org/contexts/unknown.jsonld" in str(caught.value)


def test_it_rejects_an_undefined_term_and_names_its_path() -> None:
    document = _credential()
    document["credentialSubject"]["favouriteColour"] = "green"
    with pytest.raises(UnsafeDocumentError, match="favouriteColour") as caught:
        canonicalize(document)
    assert caught.value.where == "$.credentialSubject.favouriteColour"
    assert caught.value.code == "invalid property"


def test_it_rejects_an_undefined_type_and_names_its_path() -> None:
    document = _credential()
    document["credentialSchema"][0]["type"] = "MadeUpValidator"
    with pytest.raises(UnsafeDocumentError, match="MadeUpValidator") as caught:
        canonicalize(document)
    assert caught.value.where == "$.credentialSchema[0].type"
    assert caught.value.code == "relative @type reference"


def test_it_rejects_the_ob_validator_type_without_the_extensions_context() -> None:
    document = _credential()
    document["@context"] = document["@context"][:2]
    with pytest.raises(UnsafeDocumentError, match="1EdTechJsonSchemaValidator2019"):
        canonicalize(document)


def test_it_rejects_a_relative_id() -> None:
    document = _credential()
    document["credentialSubject"]["id"] = "learners/42"
    with pytest.raises(UnsafeDocumentError, match="learners/42") as caught:
        canonicalize(document)
    assert caught.value.where == "$.credentialSubject.id"


def test_it_rejects_a_relative_iri_in_an_id_coerced_property() -> None:
    document = _credential(issuer="issuers/0001")
    with pytest.raises(UnsafeDocumentError, match="issuers/0001") as caught:
        canonicalize(document)
    assert caught.value.where == "$.issuer"


def test_it_rejects_a_term_that_is_explicitly_undefined_in_the_vcdm2_context() -> None:
    # VCDM 2 has no @vocab: a term that only the undefined-terms context defines is refused.
    with pytest.raises(UnsafeDocumentError, match="nickname"):
        canonicalize({"@context": [VCDM2], "type": "VerifiableCredential", "nickname": "x"})


def test_the_undefined_terms_context_makes_such_terms_usable() -> None:
    text = canonicalize(
        {
            "@context": [VCDM2, "https://www.w3.org/ns/credentials/undefined-terms/v2"],
            "type": ["VerifiableCredential"],
            "nickname": "x",
        }
    )
    assert '<https://www.w3.org/ns/credentials/undefined-term#nickname> "x"' in text


def test_it_refuses_a_direction_without_an_rdf_direction_mode() -> None:
    # Signing chooses rdfDirection i18n-datatype (ADR 0102, test_direction.py); without a mode
    # the direction would be lost.
    document = _credential()
    document["name"] = {"@value": "شهادة", "@language": "ar", "@direction": "rtl"}
    with pytest.raises(UnsafeDocumentError, match="@direction"):
        to_dataset(document)


def test_it_refuses_an_empty_proof_graph() -> None:
    document = _credential()
    document["proof"] = {}
    with pytest.raises(UnsafeDocumentError, match="dropped"):
        canonicalize(document)


def test_it_refuses_integers_beyond_the_interoperable_range() -> None:
    document = _credential()
    document["credentialSubject"]["achievement"]["creditsAvailable"] = 2**60
    with pytest.raises(UnsafeDocumentError, match="2\\^53"):
        canonicalize(document)


def test_it_refuses_a_protected_term_redefinition() -> None:
    document = {"@context": [VCDM2, {"name": "https://example.org/name"}], "type": "VerifiableCredential"}
    with pytest.raises(JsonLdError, match="protected term"):
        canonicalize(document)


def test_it_refuses_included_blocks_as_unsupported() -> None:
    document = {
        "@context": {"@vocab": "https://example.org/"},
        "@id": "urn:x",
        "@included": [{"@id": "urn:y", "name": "y"}],
    }
    with pytest.raises(UnsupportedFeatureError, match="@included") as caught:
        to_quads(document)
    assert caught.value.where == "$['@included']"


def test_reverse_properties_point_at_the_node() -> None:
    document = {
        "@context": {"isPartOf": {"@reverse": "https://example.org/hasPart"}},
        "@id": "urn:part",
        "isPartOf": {"@id": "urn:whole"},
    }
    assert to_quads(document).quads == [("<urn:whole>", "<https://example.org/hasPart>", "<urn:part>", None)]


def test_it_refuses_a_free_floating_value() -> None:
    with pytest.raises(UnsafeDocumentError, match="free-floating"):
        to_quads({"@context": {"@vocab": "https://example.org/"}, "@graph": ["just a string"]})


def test_it_refuses_a_document_with_nothing_but_an_id() -> None:
    with pytest.raises(UnsafeDocumentError, match="only @id"):
        to_quads({"@context": [VCDM2], "id": "urn:uuid:1"})


def test_the_poisoning_guard_is_configurable() -> None:
    document = _credential()
    alignments = document["credentialSubject"]["achievement"]["alignment"]
    alignments.append(copy.deepcopy(alignments[0]))
    assert canonicalize(document)  # two identical alignments: a little N-degree work
    with pytest.raises(PoisonedDatasetError):
        canonicalize(document, max_work_factor=0)


def test_it_refuses_a_document_that_nests_too_deeply() -> None:
    document: dict[str, Any] = {"@context": {"@vocab": "https://example.org/"}}
    current = document
    for _ in range(3000):
        current["next"] = {"level": 1}
        current = current["next"]
    with pytest.raises(UnsafeDocumentError, match="nests too deeply"):
        canonicalize(document)


def test_it_refuses_a_lone_surrogate_in_a_value() -> None:
    from microcred.rdf.terms import NotUnicodeTextError

    with pytest.raises(NotUnicodeTextError, match="surrogate"):
        canonicalize({"@context": {"@vocab": "https://example.org/"}, "@id": "urn:x", "name": "a\ud800"})


def test_it_refuses_a_lone_surrogate_in_an_iri() -> None:
    with pytest.raises(UnsafeDocumentError):
        canonicalize({"@context": {"@vocab": "https://example.org/"}, "@id": "urn:x\udc00", "name": "a"})


_JWT_VC = "data:application/vc+jwt,eyJhbGciOiJFZERTQSJ9.eyJpc3MiOiJkaWQ6ZXhhbXBsZToxIn0.c2ln"
_VCDM1 = "https://www.w3.org/2018/credentials/v1"


def _presentation(context: str, credential: Any) -> dict[str, Any]:
    return {
        "@context": [context],
        "type": ["VerifiablePresentation"],
        "holder": "did:example:holder",
        "verifiableCredential": credential,
    }


ID_ONLY_CREDENTIALS = [
    pytest.param(
        _presentation(VCDM2, [{"@context": VCDM2, "id": _JWT_VC}]), "[0]", id="v2-object-with-context"
    ),
    pytest.param(_presentation(VCDM2, {"@context": [VCDM2], "id": _JWT_VC}), "", id="v2-single-object"),
    pytest.param(_presentation(VCDM2, [{"@id": _JWT_VC}]), "[0]", id="v2-keyword-id"),
    pytest.param(_presentation(_VCDM1, [{"id": _JWT_VC}]), "[0]", id="v1-object"),
    pytest.param(_presentation(_VCDM1, [_JWT_VC]), "[0]", id="v1-string"),
    pytest.param(_presentation(_VCDM1, _JWT_VC), "", id="v1-single-string"),
]


@pytest.mark.parametrize(("presentation", "index"), ID_ONLY_CREDENTIALS)
def test_a_presentation_whose_credential_is_only_an_id_is_refused_naming_it(
    presentation: dict[str, Any], index: str
) -> None:
    # Its graph would hold no statement: the presentation would be signed with an empty
    # credential and the id (here a data: URL carrying a JWT) silently dropped.
    with pytest.raises(UnsafeDocumentError) as caught:
        canonicalize(presentation)
    assert caught.value.code == "object with only @id"
    assert caught.value.where == "$.verifiableCredential" + index


def test_a_presentation_with_an_enveloped_credential_is_signed_with_its_id() -> None:
    enveloped = {"@context": VCDM2, "id": _JWT_VC, "type": "EnvelopedVerifiableCredential"}
    text = canonicalize(_presentation(VCDM2, [enveloped]))
    assert f"<{_JWT_VC}> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type>" in text


def test_a_top_level_node_whose_only_property_is_null_is_refused_as_only_an_id() -> None:
    with pytest.raises(UnsafeDocumentError) as caught:
        to_quads({"@context": [VCDM2], "id": "urn:uuid:1", "name": None})
    assert caught.value.code == "object with only @id"
