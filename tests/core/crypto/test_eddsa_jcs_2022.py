"""eddsa-jcs-2022 (vc-di-eddsa §3.3): the W3C vector byte for byte, and every way to break a proof."""

from __future__ import annotations

import copy
from datetime import UTC, datetime
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from microcred.crypto.did import DidResolver
from microcred.crypto.errors import InvalidProof, JcsError, ProofGenerationError, UnknownKey
from microcred.crypto.keys import Ed25519KeyPair, P256KeyPair, key_pair_from_multikey
from microcred.crypto.proofs import ProofOptions, add_proof, create_proof, hash_data, verify_proofs
from microcred.crypto.signer import KeyPairSigner

from ._assets import EDDSA, load_json, read_text

VECTORS = EDDSA / "eddsa-jcs-2022"
W3C_TEST_KEY = key_pair_from_multikey(load_json(EDDSA / "keyPair.json")["privateKeyMultibase"])
W3C_TEST_SIGNER = KeyPairSigner(W3C_TEST_KEY, W3C_TEST_KEY.public_key.did_key_verification_method)
VECTOR_CREATED = datetime(2023, 2, 24, 23, 36, 38, tzinfo=UTC)
RESOLVER = DidResolver()


def sign_vector() -> dict[str, Any]:
    return add_proof(
        load_json(EDDSA / "unsigned.json"),
        W3C_TEST_SIGNER,
        cryptosuite="eddsa-jcs-2022",
        options=ProofOptions(created=VECTOR_CREATED),
    )


def test_it_reproduces_the_w3c_signed_credential_byte_for_byte() -> None:
    import json

    signed = sign_vector()
    assert json.dumps(signed, indent=2) == read_text(VECTORS / "signedJCS.json").strip()


def test_it_reproduces_the_vector_hashes_and_signature() -> None:
    data = hash_data(
        "eddsa-jcs-2022",
        read_text(VECTORS / "proofCanonJCS.txt").encode(),
        read_text(VECTORS / "canonDocJCS.txt").encode(),
    )
    assert data[:32].hex() == read_text(VECTORS / "proofHashJCS.txt").strip()
    assert data[32:].hex() == read_text(VECTORS / "docHashJCS.txt").strip()
    assert data.hex() == read_text(VECTORS / "combinedHashJCS.txt").strip()
    assert W3C_TEST_KEY.sign(data).hex() == read_text(VECTORS / "sigHexJCS.txt").strip()


def test_it_verifies_the_w3c_signed_credential() -> None:
    (result,) = verify_proofs(load_json(VECTORS / "signedJCS.json"), RESOLVER)
    assert result.cryptosuite == "eddsa-jcs-2022"
    assert result.public_key == W3C_TEST_KEY.public_key
    assert result.created == VECTOR_CREATED


def test_the_stored_proof_keeps_the_document_context() -> None:
    proof = sign_vector()["proof"]
    assert proof["@context"] == load_json(EDDSA / "unsigned.json")["@context"]


def test_signing_does_not_change_the_input() -> None:
    unsigned = load_json(EDDSA / "unsigned.json")
    before = copy.deepcopy(unsigned)
    add_proof(unsigned, W3C_TEST_SIGNER, cryptosuite="eddsa-jcs-2022")
    assert unsigned == before


def test_it_rejects_a_tampered_credential() -> None:
    signed = sign_vector()
    signed["credentialSubject"]["alumniOf"] = "The School of Forgery"
    with pytest.raises(InvalidProof, match="the document or proof was changed after signing") as info:
        verify_proofs(signed, RESOLVER)
    assert info.value.code == "PROOF_VERIFICATION_ERROR"


def test_it_rejects_a_tampered_proof_option() -> None:
    signed = sign_vector()
    signed["proof"]["created"] = "2023-02-24T23:36:39Z"
    with pytest.raises(InvalidProof, match="changed after signing"):
        verify_proofs(signed, RESOLVER)


def test_it_rejects_a_proof_made_with_another_key() -> None:
    other_test_key = Ed25519KeyPair.generate()
    signed = sign_vector()
    forged = create_proof(
        load_json(EDDSA / "unsigned.json"),
        KeyPairSigner(other_test_key, W3C_TEST_SIGNER.key_id),
        cryptosuite="eddsa-jcs-2022",
        options=ProofOptions(created=VECTOR_CREATED),
    )
    signed["proof"]["proofValue"] = forged["proofValue"]
    with pytest.raises(InvalidProof, match="changed after signing"):
        verify_proofs(signed, RESOLVER)


def test_it_rejects_the_wrong_proof_purpose() -> None:
    signed = sign_vector()
    with pytest.raises(
        InvalidProof, match="proofPurpose is 'assertionMethod', expected authentication"
    ) as info:
        verify_proofs(signed, RESOLVER, expected_purpose="authentication")
    assert info.value.code == "MISMATCHED_PROOF_PURPOSE_ERROR"


def test_it_rejects_a_document_whose_context_does_not_start_with_the_proof_context() -> None:
    signed = sign_vector()
    signed["@context"] = list(reversed(signed["@context"]))
    with pytest.raises(InvalidProof, match="does not start with the proof's @context"):
        verify_proofs(signed, RESOLVER)


def test_it_accepts_a_document_context_that_extends_the_proof_context_only_if_signed_so() -> None:
    signed = sign_vector()
    signed["@context"] = [*signed["@context"], "https://example.org/extra/v1"]
    # the prefix check passes, then the proof's @context replaces the document's, so the
    # added context is not covered and the signature still matches (vc-di-eddsa §3.3.2 step 4)
    verify_proofs(signed, RESOLVER)


@pytest.mark.parametrize(
    ("field", "value", "code"),
    [
        ("type", "BbsBlsSignature2020", "MALFORMED_PROOF_ERROR"),  # a suite we do not verify
        ("cryptosuite", "eddsa-2022", "MALFORMED_PROOF_ERROR"),
        ("created", "yesterday", "MALFORMED_PROOF_ERROR"),
        ("proofValue", "u" + "A" * 86, "MALFORMED_PROOF_ERROR"),
        ("proofValue", "z0OIl", "MALFORMED_PROOF_ERROR"),
        ("verificationMethod", 42, "MALFORMED_PROOF_ERROR"),
    ],
)
def test_it_rejects_malformed_proofs_with_the_data_integrity_code(
    field: str, value: object, code: str
) -> None:
    signed = sign_vector()
    signed["proof"][field] = value
    with pytest.raises(InvalidProof) as info:
        verify_proofs(signed, RESOLVER)
    assert info.value.code == code


def test_it_rejects_a_missing_proof_and_a_short_signature() -> None:
    with pytest.raises(InvalidProof, match="has no proof"):
        verify_proofs(load_json(EDDSA / "unsigned.json"), RESOLVER)
    signed = sign_vector()
    signed["proof"]["proofValue"] = signed["proof"]["proofValue"][:-5]
    with pytest.raises(InvalidProof, match="changed after signing"):
        verify_proofs(signed, RESOLVER)


def test_an_unknown_verification_method_raises_unknown_key() -> None:
    signed = sign_vector()
    signed["proof"]["verificationMethod"] = "did:web:uni.example#key-1"
    with pytest.raises(UnknownKey):
        verify_proofs(signed, RESOLVER)


def test_a_suite_and_key_mismatch_is_a_generation_error() -> None:
    test_key = P256KeyPair.generate()
    with pytest.raises(ProofGenerationError, match="cannot sign with a P-256 key"):
        add_proof(
            {},
            KeyPairSigner(test_key, test_key.public_key.did_key_verification_method),
            cryptosuite="eddsa-jcs-2022",
        )


def test_an_expired_proof_is_rejected() -> None:
    signed = add_proof(
        load_json(EDDSA / "unsigned.json"),
        W3C_TEST_SIGNER,
        cryptosuite="eddsa-jcs-2022",
        options=ProofOptions(created=VECTOR_CREATED, expires=datetime(2024, 1, 1, tzinfo=UTC)),
    )
    verify_proofs(signed, RESOLVER, now=datetime(2023, 6, 1, tzinfo=UTC))
    with pytest.raises(InvalidProof, match="expired"):
        verify_proofs(signed, RESOLVER, now=datetime(2024, 6, 1, tzinfo=UTC))


def test_a_presentation_proof_checks_challenge_and_domain() -> None:
    presentation = {"@context": ["https://www.w3.org/ns/credentials/v2"], "type": ["VerifiablePresentation"]}
    signed = add_proof(
        presentation,
        W3C_TEST_SIGNER,
        cryptosuite="eddsa-jcs-2022",
        options=ProofOptions(
            proof_purpose="authentication", challenge="nonce-123", domain="verifier.example"
        ),
    )
    verify_proofs(
        signed, RESOLVER, expected_purpose="authentication", challenge="nonce-123", domain="verifier.example"
    )
    with pytest.raises(InvalidProof) as info:
        verify_proofs(signed, RESOLVER, expected_purpose="authentication", challenge="replayed")
    assert info.value.code == "INVALID_CHALLENGE_ERROR"
    with pytest.raises(InvalidProof) as info:
        verify_proofs(signed, RESOLVER, expected_purpose="authentication", domain="other.example")
    assert info.value.code == "INVALID_DOMAIN_ERROR"


def test_a_credential_with_a_non_json_number_cannot_be_signed() -> None:
    with pytest.raises(JcsError):
        add_proof({"n": 2**60}, W3C_TEST_SIGNER, cryptosuite="eddsa-jcs-2022")


json_leaf = (
    st.none()
    | st.booleans()
    | st.integers(-(2**53) + 1, 2**53 - 1)
    | st.text(max_size=10)
    | st.floats(allow_nan=False, allow_infinity=False)
)
documents = st.dictionaries(
    st.text(min_size=1, max_size=8).filter(lambda k: k != "proof"),
    st.recursive(
        json_leaf,
        lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
        max_leaves=10,
    ),
    max_size=6,
)


@settings(max_examples=60, deadline=None, derandomize=True)
@given(documents)
def test_sign_then_verify_round_trips_for_any_json_document(document: dict[str, Any]) -> None:
    signed = add_proof(document, W3C_TEST_SIGNER, cryptosuite="eddsa-jcs-2022")
    verify_proofs(signed, RESOLVER)


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [prefix] if prefix else []
    if isinstance(value, dict):
        for key, item in value.items():
            out += _paths(item, (*prefix, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            out += _paths(item, (*prefix, index))
    return out


SIGNED_VECTOR = sign_vector()
MUTABLE_PATHS = [p for p in _paths(SIGNED_VECTOR) if p != ("proof",) and p != ("proof", "proofValue")]


@settings(max_examples=80, deadline=None, derandomize=True)
@given(st.sampled_from(MUTABLE_PATHS), st.sampled_from(["changed", 7, None, ["x"], {"a": 1}]))
def test_any_single_change_to_a_signed_credential_fails_verification(
    path: tuple[Any, ...], new_value: object
) -> None:
    signed = copy.deepcopy(SIGNED_VECTOR)
    parent = signed
    for step in path[:-1]:
        parent = parent[step]
    if parent[path[-1]] == new_value:
        return
    parent[path[-1]] = new_value
    with pytest.raises((InvalidProof, UnknownKey)):
        verify_proofs(signed, RESOLVER)


def test_proof_configurations_with_numbers_or_booleans_are_never_served_from_the_cache() -> None:
    from microcred.crypto.proofs.data_integrity import _frozen

    # True == 1 == 1.0 in Python, but they canonicalize differently: such configs must be hashed each time.
    assert _frozen({"a": True}) is None
    assert _frozen({"a": [1]}) is None
    assert _frozen({"a": ["x"]}) != _frozen({"a": "x"})
    assert _frozen({"a": "b"}) != _frozen([["a", "b"]])


def test_changing_a_document_context_between_issues_still_gives_valid_proofs() -> None:
    document = load_json(EDDSA / "unsigned.json")
    options = ProofOptions(created=VECTOR_CREATED)
    add_proof(document, W3C_TEST_SIGNER, cryptosuite="eddsa-jcs-2022", options=options)
    document["@context"].append(
        "https://www.w3.org/ns/credentials/undefined-terms/v2"
    )  # same list, new content
    second = add_proof(document, W3C_TEST_SIGNER, cryptosuite="eddsa-jcs-2022", options=options)
    assert second["proof"]["@context"][-1].endswith("undefined-terms/v2")
    verify_proofs(second, RESOLVER)


def test_mutating_an_issued_proof_does_not_leak_into_the_next_one() -> None:
    options = ProofOptions(created=VECTOR_CREATED, challenge="c-1", domain="verifier.example")
    first = add_proof(
        load_json(EDDSA / "unsigned.json"), W3C_TEST_SIGNER, cryptosuite="eddsa-jcs-2022", options=options
    )
    first["proof"]["challenge"] = "tampered"
    first["proof"]["@context"].append("https://example.org/injected")
    second = add_proof(
        load_json(EDDSA / "unsigned.json"), W3C_TEST_SIGNER, cryptosuite="eddsa-jcs-2022", options=options
    )
    assert second["proof"]["challenge"] == "c-1"
    verify_proofs(second, RESOLVER, challenge="c-1", domain="verifier.example")


def test_one_options_object_shared_by_two_keys_and_two_suites_gives_each_its_own_proof() -> None:
    # the batch memo remembers the last (options, suite, key, context); alternating must miss it
    other_key = Ed25519KeyPair.from_seed(bytes(range(64, 96)))
    other = KeyPairSigner(other_key, other_key.public_key.did_key_verification_method)
    options = ProofOptions(created=VECTOR_CREATED)
    document = load_json(EDDSA / "unsigned.json")
    for signer in (W3C_TEST_SIGNER, other, W3C_TEST_SIGNER, other):
        for suite in ("eddsa-jcs-2022", "eddsa-rdfc-2022", "eddsa-jcs-2022"):
            signed = add_proof(document, signer, cryptosuite=suite, options=options)  # type: ignore[arg-type]
            assert signed["proof"]["verificationMethod"] == signer.key_id
            assert signed["proof"]["cryptosuite"] == suite
            assert ("@context" in signed["proof"]) == (suite == "eddsa-jcs-2022")
            verify_proofs(signed, RESOLVER)


def test_a_naive_created_datetime_is_a_generation_error() -> None:
    with pytest.raises(ProofGenerationError, match="timezone-aware"):
        add_proof(
            load_json(EDDSA / "unsigned.json"),
            W3C_TEST_SIGNER,
            cryptosuite="eddsa-jcs-2022",
            options=ProofOptions(created=datetime(2026, 1, 1)),  # noqa: DTZ001 - the point of the test
        )


def test_created_can_be_left_out_and_the_proof_still_verifies() -> None:
    signed = add_proof(
        load_json(EDDSA / "unsigned.json"),
        W3C_TEST_SIGNER,
        cryptosuite="eddsa-jcs-2022",
        options=ProofOptions(created=None),
    )
    assert "created" not in signed["proof"]
    (result,) = verify_proofs(signed, RESOLVER)
    assert result.created is None


def test_adding_a_second_proof_makes_a_proof_set_that_verifies_as_a_whole() -> None:
    other_test_key = Ed25519KeyPair.from_seed(bytes(range(32, 64)))
    other_signer = KeyPairSigner(other_test_key, other_test_key.public_key.did_key_verification_method)
    once = sign_vector()
    twice = add_proof(
        once, other_signer, cryptosuite="eddsa-jcs-2022", options=ProofOptions(created=VECTOR_CREATED)
    )
    assert isinstance(twice["proof"], list) and len(twice["proof"]) == 2
    assert [r.public_key for r in verify_proofs(twice, RESOLVER)] == [
        W3C_TEST_KEY.public_key,
        other_test_key.public_key,
    ]
    twice["proof"][1]["proofValue"] = once["proof"]["proofValue"]
    with pytest.raises(InvalidProof, match=r"proof\[1\]"):
        verify_proofs(twice, RESOLVER)


def test_a_chained_proof_signs_the_proof_it_names() -> None:
    first = add_proof(
        load_json(EDDSA / "unsigned.json"),
        W3C_TEST_SIGNER,
        cryptosuite="eddsa-jcs-2022",
        options=ProofOptions(created=VECTOR_CREATED, id="urn:uuid:first"),
    )
    chained = add_proof(
        first,
        W3C_TEST_SIGNER,
        cryptosuite="eddsa-jcs-2022",
        options=ProofOptions(created=VECTOR_CREATED, previous_proof="urn:uuid:first"),
    )
    verify_proofs(chained, RESOLVER)
    chained["proof"][0]["created"] = "2024-01-01T00:00:00Z"  # breaks the first proof and the chain
    with pytest.raises(InvalidProof):
        verify_proofs(chained, RESOLVER)
    with pytest.raises(ProofGenerationError, match="names no proof"):
        add_proof(
            first,
            W3C_TEST_SIGNER,
            cryptosuite="eddsa-jcs-2022",
            options=ProofOptions(previous_proof="urn:uuid:x"),
        )


def test_options_given_a_list_instead_of_a_tuple_still_sign() -> None:
    options = ProofOptions(proof_purpose="authentication", challenge="n", domain=["a.example", "b.example"])  # type: ignore[arg-type]
    signed = add_proof(
        {"type": ["VerifiablePresentation"]}, W3C_TEST_SIGNER, cryptosuite="eddsa-jcs-2022", options=options
    )
    assert signed["proof"]["domain"] == ["a.example", "b.example"]
    verify_proofs(signed, RESOLVER, expected_purpose="authentication", challenge="n", domain="b.example")
