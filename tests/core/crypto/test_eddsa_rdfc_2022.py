"""eddsa-rdfc-2022 (vc-di-eddsa §3.2): W3C and 1EdTech OB 3.0 vectors.

The hashing and signing are checked from the vectors' canonical N-Quads, which needs no JSON-LD.
The full JSON → proof path runs through ``microcred.jsonld.canonicalize`` and is skipped only
while that module is missing from the tree.
"""

from __future__ import annotations

import copy
import json
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from microcred.crypto.did import DidResolver
from microcred.crypto.errors import CryptoError, InvalidProof, InvalidSignature, KeyFormatError, UnknownKey
from microcred.crypto.keys import Ed25519KeyPair, key_pair_from_multikey
from microcred.crypto.multibase import b58encode, multibase_decode
from microcred.crypto.proofs import ProofOptions, add_proof, data_integrity, hash_data, verify_proofs
from microcred.crypto.signer import KeyPairSigner

from ._assets import EDDSA, load_json, read_text
from ._jsonld import needs_jsonld

W3C_TEST_KEY = key_pair_from_multikey(load_json(EDDSA / "keyPair.json")["privateKeyMultibase"])
OB3_TEST_KEY = Ed25519KeyPair.from_multikey(
    "zrv2bqTbNwCTsRrHFcJCPjVAduh4Ezcnoq1A3ZxH1GWTNkxipLVuaAoMFmze2gFN9oNXfJjufxSHWVZzsJiUsMHFMcx"
)
OB3_TEST_ISSUER = "https://example.edu/issuers/565049"
OB3_TEST_METHOD = f"{OB3_TEST_ISSUER}#{OB3_TEST_KEY.public_key.public_key_multibase}"
W3C_CASES = [EDDSA / "eddsa-rdfc-2022", EDDSA / "eddsa-rdfc-2022" / "employ"]


def ob3_resolver() -> DidResolver:
    """The OB vector's https controller, as the trust registry would register it."""
    return DidResolver(
        [
            {
                "id": OB3_TEST_ISSUER,
                "verificationMethod": [
                    {
                        "id": OB3_TEST_METHOD,
                        "type": "Multikey",
                        "controller": OB3_TEST_ISSUER,
                        "publicKeyMultibase": OB3_TEST_KEY.public_key.public_key_multibase,
                    }
                ],
                "assertionMethod": [OB3_TEST_METHOD],
            }
        ]
    )


@pytest.mark.parametrize("case", W3C_CASES, ids=["alumni", "employ"])
def test_it_reproduces_the_w3c_hashes_and_proof_value_from_canonical_nquads(case: Path) -> None:
    data = hash_data(
        "eddsa-rdfc-2022",
        read_text(case / "proofCanonDataInt.txt").encode(),
        read_text(case / "canonDocDataInt.txt").encode(),
    )
    assert data[:32].hex() == read_text(case / "proofHashDataInt.txt").strip()
    assert data[32:].hex() == read_text(case / "docHashDataInt.txt").strip()
    signature = W3C_TEST_KEY.sign(data)
    assert signature.hex() == read_text(case / "sigHexDataInt.txt").strip()
    signed = load_json(case / "signedDataInt.json")
    assert "z" + b58encode(signature) == signed["proof"]["proofValue"]
    assert signed["proof"]["proofValue"] == read_text(case / "sigBTC58DataInt.txt").strip()


def test_the_signed_w3c_proof_has_no_context_and_verifies_against_the_canonical_text() -> None:
    case = W3C_CASES[0]
    signed = load_json(case / "signedDataInt.json")
    assert "@context" not in signed["proof"]
    data = hash_data(
        "eddsa-rdfc-2022",
        read_text(case / "proofCanonDataInt.txt").encode(),
        read_text(case / "canonDocDataInt.txt").encode(),
    )
    W3C_TEST_KEY.public_key.verify(multibase_decode(signed["proof"]["proofValue"]), data)
    with pytest.raises(InvalidSignature):
        W3C_TEST_KEY.public_key.verify(multibase_decode(signed["proof"]["proofValue"]), data[32:] + data[:32])


def test_it_reproduces_the_ob3_proof_value_from_canonical_nquads() -> None:
    base = EDDSA / "ob3"
    data = hash_data(
        "eddsa-rdfc-2022",
        read_text(base / "proof-canon.txt").encode(),
        read_text(base / "document-canon.txt").encode(),
    )
    expected = load_json(base / "07-signed-credential.json")["proof"]["proofValue"]
    assert OB3_TEST_KEY.sign(data) == multibase_decode(expected)


def test_without_the_jsonld_module_rdfc_fails_with_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(data_integrity, "_CANONICALIZE_RDFC", None)
    monkeypatch.setattr(data_integrity, "_CONFIG_CACHE", {})
    monkeypatch.setattr(data_integrity, "_TEMPLATES", {})
    monkeypatch.setitem(sys.modules, "microcred.jsonld", None)  # makes the import fail
    signer = KeyPairSigner(W3C_TEST_KEY, W3C_TEST_KEY.public_key.did_key_verification_method)
    with pytest.raises(CryptoError, match=r"needs microcred\.jsonld\.canonicalize"):
        add_proof(load_json(EDDSA / "unsigned.json"), signer)


def test_rdfc_uses_the_jsonld_canonicalizer_for_proof_config_with_the_document_context(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """With a stand-in canonicalizer, the suite feeds it exactly what vc-di-eddsa §3.2 prescribes."""
    seen: list[dict[str, Any]] = []

    def fake_canonicalize(document: dict[str, Any]) -> str:
        seen.append(document)
        return json.dumps(document, sort_keys=True)

    monkeypatch.setattr(data_integrity, "_CANONICALIZE_RDFC", fake_canonicalize)
    # keep the stand-in's hashes out of the caches
    monkeypatch.setattr(data_integrity, "_CONFIG_CACHE", {})
    monkeypatch.setattr(data_integrity, "_TEMPLATES", {})
    signer = KeyPairSigner(W3C_TEST_KEY, W3C_TEST_KEY.public_key.did_key_verification_method)
    unsigned = load_json(EDDSA / "unsigned.json")
    signed = add_proof(
        unsigned, signer, options=ProofOptions(created=datetime(2023, 2, 24, 23, 36, 38, tzinfo=UTC))
    )
    config, document = seen
    assert config["@context"] == unsigned["@context"] and "proofValue" not in config
    assert document == unsigned
    assert "@context" not in signed["proof"]
    verify_proofs(signed, DidResolver())
    signed["name"] = "changed"
    with pytest.raises(InvalidProof, match="changed after signing"):
        verify_proofs(signed, DidResolver())


@needs_jsonld
@pytest.mark.parametrize("case", W3C_CASES, ids=["alumni", "employ"])
def test_it_signs_the_w3c_credential_from_json_exactly_as_the_vector(case: Path) -> None:
    signer = KeyPairSigner(W3C_TEST_KEY, W3C_TEST_KEY.public_key.did_key_verification_method)
    expected = load_json(case / "signedDataInt.json")
    unsigned = {k: v for k, v in expected.items() if k != "proof"}
    created = datetime.fromisoformat(expected["proof"]["created"])
    signed = add_proof(unsigned, signer, cryptosuite="eddsa-rdfc-2022", options=ProofOptions(created=created))
    assert signed == expected
    (result,) = verify_proofs(expected, DidResolver())
    assert result.cryptosuite == "eddsa-rdfc-2022"


@needs_jsonld
def test_it_signs_and_verifies_the_ob3_credential_from_json() -> None:
    base = EDDSA / "ob3"
    expected = load_json(base / "07-signed-credential.json")
    signer = KeyPairSigner(OB3_TEST_KEY, OB3_TEST_METHOD)
    signed = add_proof(
        load_json(base / "01-credential.json"),
        signer,
        cryptosuite="eddsa-rdfc-2022",
        options=ProofOptions(created=datetime(2010, 1, 1, 19, 23, 24, tzinfo=UTC)),
    )
    assert signed["proof"]["proofValue"] == expected["proof"]["proofValue"]
    verify_proofs(expected, ob3_resolver())
    expected["credentialSubject"]["id"] = "did:example:someone-else"
    with pytest.raises(InvalidProof, match="changed after signing"):
        verify_proofs(expected, ob3_resolver())


@needs_jsonld
@pytest.mark.parametrize(
    "name",
    ["signedProofSet1.json", "signedProofSet2.json", "signedProofChain1.json", "signedProofChain2.json"],
)
def test_it_verifies_the_w3c_proof_set_and_chain_vectors(name: str) -> None:
    document = load_json(EDDSA / "proof-set-chain" / name)
    proofs = document["proof"] if isinstance(document["proof"], list) else [document["proof"]]
    results = verify_proofs(document, DidResolver())
    assert [r.proof_id for r in results] == [p.get("id") for p in proofs]


@needs_jsonld
def test_a_chain_whose_previous_proof_is_missing_fails() -> None:
    document = load_json(EDDSA / "proof-set-chain" / "signedProofChain2.json")
    document["proof"] = [
        p for p in document["proof"] if p.get("id") != "urn:uuid:d94f792a-c546-4d06-b38a-da070ab56c23"
    ]
    with pytest.raises(InvalidProof, match="names no proof"):
        verify_proofs(document, DidResolver())


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [prefix] if prefix else []
    if isinstance(value, dict):
        for key, item in value.items():
            out += _paths(item, (*prefix, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            out += _paths(item, (*prefix, index))
    return out


W3C_SIGNED = load_json(W3C_CASES[0] / "signedDataInt.json")
RDFC_PATHS = [p for p in _paths(W3C_SIGNED) if p not in {("proof",), ("proof", "proofValue")}]


@needs_jsonld
@settings(max_examples=40, deadline=None, derandomize=True)
@given(
    st.sampled_from(RDFC_PATHS),
    st.sampled_from(["changed", "https://example.org/other", 7, None, {"a": "b"}]),
)
def test_any_single_change_to_an_rdfc_signed_credential_fails(
    path: tuple[Any, ...], new_value: object
) -> None:
    signed = copy.deepcopy(W3C_SIGNED)
    parent = signed
    for step in path[:-1]:
        parent = parent[step]
    if parent[path[-1]] == new_value:
        return
    parent[path[-1]] = new_value
    with pytest.raises((InvalidProof, UnknownKey, KeyFormatError)):
        verify_proofs(signed, DidResolver())
