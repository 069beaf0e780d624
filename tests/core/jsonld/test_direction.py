"""Values with a base direction (``@direction``) are signed with ``rdfDirection: i18n-datatype``
(JSON-LD 1.1 API §8.6 step 13; ADR 0102), as the reference stack's eddsa-rdfc-2022 does:
``"شهادة"^^<https://www.w3.org/ns/i18n#ar_rtl>``. The W3C tests di09/di10 run in
test_jsonld_api_to_rdf.py; the reference-stack comparisons here need node (marker reference_js).
"""

from __future__ import annotations

import copy
import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from microcred.crypto.did import DidResolver
from microcred.crypto.errors import InvalidProof
from microcred.crypto.keys import Ed25519KeyPair
from microcred.crypto.proofs import ProofOptions, add_proof, verify_proofs
from microcred.crypto.signer import KeyPairSigner
from microcred.jsonld import JsonLdError, UnsafeDocumentError, canonicalize
from microcred.jsonld._bench_support import typical_credential
from microcred.jsonld.to_rdf import to_dataset
from tests.core.reference_js import requires_reference_stack, run_node

SUITE = Path(__file__).parents[2] / "assets" / "json-ld-api"
I18N = "https://www.w3.org/ns/i18n#"
ARABIC = "شهادة في تحليل البيانات"
# A fixed TEST key (never used outside tests).
TEST_KEY = Ed25519KeyPair.from_seed(b"microcred direction TEST key 001")
CREATED = datetime(2026, 6, 30, 12, 0, tzinfo=UTC)


def _directed_credential() -> dict[str, Any]:
    """The typical Open Badge, issued by the test key, with an Arabic right-to-left name and a
    left-to-right description without a language."""
    credential = typical_credential()
    credential["issuer"]["id"] = TEST_KEY.did_key
    credential["name"] = {"@value": ARABIC, "@language": "AR", "@direction": "rtl"}
    credential["credentialSubject"]["achievement"]["description"] = {
        "@value": "Data Analysis with Python",
        "@direction": "ltr",
    }
    return credential


def _signed(credential: dict[str, Any]) -> dict[str, Any]:
    signer = KeyPairSigner(TEST_KEY, f"{TEST_KEY.did_key}#{TEST_KEY.public_key_multibase}")
    return add_proof(credential, signer, cryptosuite="eddsa-rdfc-2022", options=ProofOptions(created=CREATED))


def test_a_directed_value_becomes_an_i18n_datatype_literal_with_its_language_lowercased() -> None:
    text = canonicalize(_directed_credential())
    assert f'<https://schema.org/name> "{ARABIC}"^^<{I18N}ar_rtl> .' in text
    assert f'"Data Analysis with Python"^^<{I18N}_ltr> .' in text


def test_a_context_direction_applies_to_plain_strings_and_language_maps() -> None:
    document = {
        "@context": {
            "@direction": "rtl",
            "@language": "ar",
            "label": {"@id": "https://example.org/label", "@container": "@language"},
            "note": {"@id": "https://example.org/note", "@direction": "ltr", "@language": None},
        },
        "@id": "urn:x",
        "label": {"ar": "تسمية", "@none": "x"},
        "note": "left",
    }
    assert canonicalize(document).splitlines() == [
        f'<urn:x> <https://example.org/label> "x"^^<{I18N}_rtl> .',
        f'<urn:x> <https://example.org/label> "تسمية"^^<{I18N}ar_rtl> .',
        f'<urn:x> <https://example.org/note> "left"^^<{I18N}_ltr> .',
    ]


def test_without_an_rdf_direction_mode_a_direction_is_still_refused() -> None:
    with pytest.raises(UnsafeDocumentError) as caught:
        to_dataset(_directed_credential())
    assert caught.value.code == "rdfDirection not set"
    assert caught.value.where == "$.name"


@pytest.mark.parametrize(
    ("second", "code"),
    [
        ({"@value": "x", "@language": "ar", "@direction": "ltr"}, "ambiguous duplicate value"),
        ({"@value": "x", "@language": "ar"}, "ambiguous duplicate value"),
        ({"@value": "x", "@language": "ar", "@direction": "up"}, "invalid base direction"),
        ({"@value": "x", "@language": "ar", "@direction": None}, "invalid base direction"),
        ({"@value": "x", "@type": I18N + "ar_rtl", "@direction": "rtl"}, "invalid value object"),
        ({"@value": "x", "@language": "a b", "@direction": "rtl"}, "invalid @language value"),
    ],
    ids=[
        "other-direction",
        "no-direction",
        "unknown-direction",
        "null-direction",
        "with-type",
        "bad-language",
    ],
)
def test_values_jsonld_js_would_merge_or_refuse_are_refused(second: dict[str, Any], code: str) -> None:
    # jsonld.js compares values without @direction when it merges a node's values, so it would
    # keep only the first of two values that differ only in direction.
    document = {
        "@context": {"n": {"@id": "https://example.org/n"}},
        "@id": "urn:x",
        "n": [{"@value": "x", "@language": "ar", "@direction": "rtl"}, second],
    }
    with pytest.raises(JsonLdError) as caught:
        canonicalize(document)
    assert caught.value.code == code
    assert caught.value.where.startswith("$.n")


def test_a_node_with_directed_values_is_checked_every_time_not_replayed_from_memory() -> None:
    # The walker replays remembered nodes (issuers, achievements) without walking them again;
    # a node with a directed value is never remembered, so the merge check sees it each time.
    credential = typical_credential()  # no other directed value, so nothing else triggers the check
    credential["credentialSubject"]["achievement"]["name"] = [
        {"@value": "x", "@direction": "rtl"},
        {"@value": "x", "@direction": "ltr"},
    ]
    for _ in range(2):
        with pytest.raises(UnsafeDocumentError) as caught:
            canonicalize(credential)
        assert caught.value.where == "$.credentialSubject.achievement.name[1]"


def test_a_credential_with_directed_values_signs_and_verifies_with_eddsa_rdfc_2022() -> None:
    secured = _signed(_directed_credential())
    (verified,) = verify_proofs(secured, DidResolver())
    assert verified.public_key == TEST_KEY.public_key


def test_turning_the_direction_of_a_signed_value_breaks_the_signature() -> None:
    secured = _signed(_directed_credential())
    turned = copy.deepcopy(secured)
    turned["name"]["@direction"] = "ltr"
    with pytest.raises(InvalidProof, match="signature"):
        verify_proofs(turned, DidResolver())


# -- against the reference stack (jsonld.js 9 + the eddsa-rdfc-2022 cryptosuite) ----------------


def _w3c_direction_inputs() -> list[dict[str, Any]]:
    """The W3C toRdf @direction tests that produce a dataset (di01–di07, di09–di10)."""
    names = [f"di{number:02d}" for number in (1, 2, 3, 4, 5, 6, 7, 9, 10)]
    return [json.loads((SUITE / "toRdf" / f"{name}-in.jsonld").read_text(encoding="utf-8")) for name in names]


@requires_reference_stack
def test_directed_values_canonicalize_and_sign_exactly_as_in_the_reference_stack() -> None:
    credential = _directed_credential()
    documents = [credential, *_w3c_direction_inputs()]
    canonical = run_node("canonize.js", documents)
    for document, reference in zip(documents, canonical, strict=True):
        assert "nquads" in reference, reference
        assert canonicalize(document) == reference["nquads"]
    key = {
        "publicKeyMultibase": TEST_KEY.public_key_multibase,
        "secretKeyMultibase": TEST_KEY.export_secret_key_multibase(),
    }
    ours = _signed(credential)
    verified_by_reference, signed_by_reference = run_node(
        "sign_verify.mjs",
        [
            {"op": "verify", "credential": ours},
            {
                "op": "sign",
                "cryptosuite": "eddsa-rdfc-2022",
                "credential": credential,
                "key": key,
                "created": "2026-06-30T12:00:00Z",
            },
        ],
    )
    assert verified_by_reference == {"verified": True}
    assert signed_by_reference["credential"] == ours  # the same proof, byte for byte
    verify_proofs(signed_by_reference["credential"], DidResolver())
