"""Context processing errors that a document may never reach but a signature must not hide:
a term coerced to a blank node "type" (W3C toRdf er13) and a scoped context that is invalid
although no document uses its term (W3C toRdf c033). The W3C tests themselves run in
test_jsonld_api_to_rdf.py; these pin the same rules on credential-shaped documents."""

from __future__ import annotations

from typing import Any

import pytest

from microcred.jsonld import JsonLdError, UnknownContextError, canonicalize
from microcred.jsonld._bench_support import typical_credential


def _credential_with_context(extra: dict[str, Any]) -> dict[str, Any]:
    document = typical_credential()
    document["@context"] = [*document["@context"], extra]
    return document


def test_a_term_typed_with_a_blank_node_is_an_invalid_type_mapping() -> None:
    document = _credential_with_context({"grade": {"@id": "https://example.org/grade", "@type": "_:b0"}})
    document["credentialSubject"]["grade"] = "A"
    with pytest.raises(JsonLdError) as caught:
        canonicalize(document)
    assert caught.value.code == "invalid type mapping"
    assert "grade" in str(caught.value)


def test_a_blank_node_type_mapping_is_refused_even_if_the_term_is_unused() -> None:
    document = _credential_with_context({"grade": {"@id": "https://example.org/grade", "@type": "_:b0"}})
    with pytest.raises(JsonLdError) as caught:
        canonicalize(document)
    assert caught.value.code == "invalid type mapping"


def test_an_invalid_scoped_context_is_refused_even_if_its_term_is_unused() -> None:
    # "inner" has no @id and the scoped context no @vocab: invalid wherever it would be applied.
    document = _credential_with_context(
        {"unused": {"@id": "https://example.org/unused", "@context": {"inner": {"@container": "@set"}}}}
    )
    with pytest.raises(JsonLdError) as caught:
        canonicalize(document)
    assert caught.value.code == "invalid scoped context"
    assert "'unused'" in str(caught.value) and "'inner'" in str(caught.value)


def test_a_scoped_context_naming_an_unbundled_url_keeps_the_error_that_names_it() -> None:
    document = _credential_with_context(
        {
            "unused": {
                "@id": "https://example.org/unused",
                "@context": "https://example.org/not-bundled.jsonld",
            }
        }
    )
    with pytest.raises(UnknownContextError) as caught:
        canonicalize(document)
    assert "https://example.org/not-bundled.jsonld" in str(caught.value)


def test_a_scoped_context_that_names_its_own_context_is_checked_once_without_recursion() -> None:
    vcdm2 = "https://www.w3.org/ns/credentials/v2"
    document = _credential_with_context(
        {
            f"again{index}": {"@id": f"https://example.org/again{index}", "@context": vcdm2}
            for index in range(50)
        }
    )
    assert canonicalize(document) == canonicalize(typical_credential())


def test_a_context_with_thousands_of_scoped_contexts_is_refused_before_it_costs_seconds() -> None:
    # Checking each scoped context copies the context defined so far: 5,000 of them would cost
    # 12.5 million copied term definitions. The bound refuses it early.
    terms = {
        f"t{i}": {"@id": f"https://example.org/t{i}", "@context": {"x": "https://example.org/x"}}
        for i in range(5000)
    }
    with pytest.raises(JsonLdError) as caught:
        canonicalize({"@context": terms, "@id": "urn:x", "t0": "v"})
    assert caught.value.code == "context overflow"
    assert "too many scoped contexts" in str(caught.value)
