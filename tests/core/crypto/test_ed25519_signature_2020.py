"""Ed25519Signature2020 (W3C CCG "Ed25519 Signature 2020"), verify only: the W3C vc-di-eddsa
vector, step by step from its published intermediate values, then real credentials from the
Digital Credentials Consortium's fixtures (VCDM 1.1 and 2.0), tampered and malformed variants."""

from __future__ import annotations

import copy
import hashlib
from datetime import UTC, datetime
from typing import Any

import pytest

from microcred.crypto.did import DidResolver
from microcred.crypto.errors import InvalidProof
from microcred.crypto.keys import key_pair_from_multikey
from microcred.crypto.multibase import b58decode
from microcred.crypto.proofs import verify_proofs
from microcred.jsonld import canonicalize

from ._assets import ASSETS, EDDSA, load_json, read_text

VECTOR = EDDSA / "Ed25519Signature2020"
REALWORLD = ASSETS / "realworld" / "credentials"
NOW = datetime(2026, 12, 7, tzinfo=UTC)
RESOLVER = DidResolver()


def signed_vector() -> dict[str, Any]:
    document: dict[str, Any] = load_json(VECTOR / "signedEdSig.json")
    return document


def test_the_w3c_vector_canonicalizes_hashes_and_verifies_as_published() -> None:
    signed = signed_vector()
    unsecured = {k: v for k, v in signed.items() if k != "proof"}
    options = {k: v for k, v in signed["proof"].items() if k != "proofValue"}
    options["@context"] = unsecured["@context"]
    assert options == load_json(VECTOR / "proofConfigEdSig.json")
    assert canonicalize(unsecured) == read_text(VECTOR / "canonDocEdSig.txt")
    assert canonicalize(options) == read_text(VECTOR / "proofCanonEdSig.txt")
    combined = (
        hashlib.sha256(canonicalize(options).encode()).digest()
        + hashlib.sha256(canonicalize(unsecured).encode()).digest()
    )
    assert combined.hex() == read_text(VECTOR / "combinedHashEdSig.txt").strip()
    key = key_pair_from_multikey(load_json(EDDSA / "keyPair.json")["privateKeyMultibase"])
    assert key.sign(combined).hex() == read_text(VECTOR / "sigHexEdSig.txt").strip()

    [proof] = verify_proofs(signed, RESOLVER, now=NOW)

    assert proof.cryptosuite == "Ed25519Signature2020"
    assert proof.verification_method == signed["proof"]["verificationMethod"]


@pytest.mark.parametrize(
    "name",
    [
        "dcc-verifiercore--v1nostatus.json",  # VCDM 1.1, OB 3.0.2 context
        "jff-vcedu--signed-badge-example-p2.json",  # VCDM 1.1, JFF plugfest 2
        "dcc-fixtures--v2-ed25519-didkey-legacy-nostatus-noexpiry.json",  # VCDM 2.0
    ],
)
def test_a_real_ed25519signature2020_credential_verifies_and_any_change_breaks_it(name: str) -> None:
    signed = load_json(REALWORLD / name)
    [proof] = verify_proofs(signed, RESOLVER, now=NOW)
    assert proof.cryptosuite == "Ed25519Signature2020"

    changed = copy.deepcopy(signed)
    changed["credentialSubject"]["id"] = "did:example:someone-else"
    with pytest.raises(InvalidProof) as info:
        verify_proofs(changed, RESOLVER, now=NOW)
    assert info.value.code == "PROOF_VERIFICATION_ERROR"


@pytest.mark.parametrize(
    ("field", "value", "code"),
    [
        ("proofValue", "z" + "1" * 10, "MALFORMED_PROOF_ERROR"),  # not 64 bytes
        ("proofValue", "u" + "A" * 86, "MALFORMED_PROOF_ERROR"),  # not base58btc
        ("proofPurpose", "authentication", "MISMATCHED_PROOF_PURPOSE_ERROR"),
        ("created", "yesterday", "MALFORMED_PROOF_ERROR"),
        ("verificationMethod", 42, "MALFORMED_PROOF_ERROR"),
        ("created", "2023-02-24T23:36:39Z", "PROOF_VERIFICATION_ERROR"),  # the options are signed too
    ],
)
def test_a_malformed_or_altered_proof_is_refused_with_its_code(field: str, value: object, code: str) -> None:
    signed = signed_vector()
    signed["proof"][field] = value
    with pytest.raises(InvalidProof) as info:
        verify_proofs(signed, RESOLVER, now=NOW)
    assert info.value.code == code


def test_without_the_suite_context_the_proof_type_is_an_undefined_term_and_refused() -> None:
    signed = load_json(REALWORLD / "dcc-verifiercore--v1nostatus.json")
    assert signed["@context"][-1] == "https://w3id.org/security/suites/ed25519-2020/v1"
    signed["@context"] = signed["@context"][:-1]
    with pytest.raises(InvalidProof) as info:
        verify_proofs(signed, RESOLVER, now=NOW)
    assert info.value.code == "PROOF_TRANSFORMATION_ERROR"


def test_a_signature_from_another_key_does_not_verify() -> None:
    signed = signed_vector()
    other = "did:key:z6MknNQD1WHLGGraFi6zcbGevuAgkVfdyCdtZnQTGWVVvR5Q"
    signed["proof"]["verificationMethod"] = f"{other}#{other.removeprefix('did:key:')}"
    with pytest.raises(InvalidProof):
        verify_proofs(signed, RESOLVER, now=NOW)
    assert len(b58decode(signed["proof"]["proofValue"][1:])) == 64
