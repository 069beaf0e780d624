"""ecdsa-rdfc-2019 and ecdsa-jcs-2019 (vc-di-ecdsa §3.2, §3.3) against the W3C P-256/P-384 vectors."""

from __future__ import annotations

from pathlib import Path

import pytest

from microcred.crypto.did import DidResolver
from microcred.crypto.errors import InvalidProof, InvalidSignature
from microcred.crypto.keys import P256KeyPair, key_pair_from_multikey
from microcred.crypto.multibase import multibase_decode
from microcred.crypto.proofs import add_proof, hash_data, verify_proofs
from microcred.crypto.signer import KeyPairSigner

from ._assets import ECDSA, load_json, read_text
from ._jsonld import needs_jsonld

# (folder, file suffix, key file)
CASES = [
    ("ecdsa-jcs-2019-p256", "JCSECDSAP256", "p256KeyPair.json"),
    ("ecdsa-jcs-2019-p384", "JCSECDSAP384", "p384KeyPair.json"),
    ("ecdsa-rdfc-2019-p256", "ECDSAP256", "p256KeyPair.json"),
    ("ecdsa-rdfc-2019-p384", "ECDSAP384", "p384KeyPair.json"),
    ("ecdsa-rdfc-2019-p256/employ", "ECDSAP256", "p256KeyPair.json"),
    ("ecdsa-rdfc-2019-p384/employ", "ECDSAP384", "p384KeyPair.json"),
]


def case_path(folder: str) -> Path:
    return ECDSA / folder


@pytest.mark.parametrize(("folder", "suffix", "key_file"), CASES)
def test_it_reproduces_the_hashes_and_verifies_the_signature_from_canonical_text(
    folder: str, suffix: str, key_file: str
) -> None:
    base = case_path(folder)
    test_key = key_pair_from_multikey(load_json(ECDSA / key_file)["secretKeyMultibase"])
    suite = load_json(base / f"signed{suffix}.json")["proof"]["cryptosuite"]
    data = hash_data(
        suite,
        read_text(base / f"proofCanon{suffix}.txt").encode(),
        read_text(base / f"canonDoc{suffix}.txt").encode(),
        key_algorithm=test_key.algorithm,
    )
    assert data.hex() == read_text(base / f"combinedHash{suffix}.txt").strip()
    signature = multibase_decode(read_text(base / f"sigBTC58{suffix}.txt").strip())
    assert signature.hex() == read_text(base / f"sigHex{suffix}.txt").strip()
    test_key.public_key.verify(signature, data)
    with pytest.raises(InvalidSignature):
        test_key.public_key.verify(signature, data[::-1])


@pytest.mark.parametrize(("folder", "suffix"), [(c[0], c[1]) for c in CASES if "jcs" in c[0]])
def test_it_verifies_the_jcs_signed_vectors(folder: str, suffix: str) -> None:
    (result,) = verify_proofs(load_json(case_path(folder) / f"signed{suffix}.json"), DidResolver())
    assert result.cryptosuite == "ecdsa-jcs-2019"


@needs_jsonld
@pytest.mark.parametrize(("folder", "suffix"), [(c[0], c[1]) for c in CASES if "rdfc" in c[0]])
def test_it_verifies_the_rdfc_signed_vectors(folder: str, suffix: str) -> None:
    (result,) = verify_proofs(load_json(case_path(folder) / f"signed{suffix}.json"), DidResolver())
    assert result.cryptosuite == "ecdsa-rdfc-2019"


def test_a_tampered_ecdsa_credential_fails() -> None:
    signed = load_json(ECDSA / "ecdsa-jcs-2019-p256" / "signedJCSECDSAP256.json")
    signed["issuer"] = "https://vc.example/issuers/9999"
    with pytest.raises(InvalidProof, match="changed after signing"):
        verify_proofs(signed, DidResolver())


def test_it_signs_and_verifies_with_a_fresh_p256_key() -> None:
    test_key = P256KeyPair.generate()
    signer = KeyPairSigner(test_key, test_key.public_key.did_key_verification_method)
    signed = add_proof(load_json(ECDSA / "unsigned.json"), signer, cryptosuite="ecdsa-jcs-2019")
    verify_proofs(signed, DidResolver())


def test_an_eddsa_proof_naming_a_p256_key_is_rejected() -> None:
    signed = load_json(ECDSA / "ecdsa-jcs-2019-p256" / "signedJCSECDSAP256.json")
    signed["proof"]["cryptosuite"] = "eddsa-jcs-2022"
    with pytest.raises(InvalidProof, match="needs a Ed25519 key"):
        verify_proofs(signed, DidResolver())
