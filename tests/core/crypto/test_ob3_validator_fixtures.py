"""1EdTech validator fixtures (OB 3.0, eddsa-rdfc-2022): the valid ones verify, the broken ones fail.

The fixtures' issuers (https://example.com/issuers/876543, https://1edtech.edu/issuers/565049…)
publish no controller documents we can read, so each test registers one for the key named in the
proof's verification method fragment, as our trust registry would after checking the institution.
"""

from __future__ import annotations

from typing import Any

import pytest

from microcred.crypto.did import DidResolver
from microcred.crypto.errors import InvalidProof, KeyFormatError, UnknownKey
from microcred.crypto.proofs import verify_proofs

from ._assets import EDDSA, load_json
from ._jsonld import needs_jsonld

FIXTURES = EDDSA / "ob3-validator"


def registry_for(document: dict[str, Any]) -> DidResolver:
    resolver = DidResolver()
    proofs = document["proof"] if isinstance(document["proof"], list) else [document["proof"]]
    for proof in proofs:
        method = proof.get("verificationMethod", "")
        controller, _, fragment = method.partition("#")
        if controller.startswith("https://") and fragment.startswith("z6Mk"):
            resolver.add(
                {
                    "id": controller,
                    "verificationMethod": [
                        {
                            "id": method,
                            "type": "Multikey",
                            "controller": controller,
                            "publicKeyMultibase": fragment,
                        }
                    ],
                    "assertionMethod": [method],
                }
            )
    return resolver


@needs_jsonld
@pytest.mark.parametrize(
    "name",
    [
        "simple.json",
        "simple-did-key-method.json",
        "simple-did-web-method.json",
        "complete.json",
        "endorsement-valid.json",
    ],
)
def test_the_valid_1edtech_fixtures_verify(name: str) -> None:
    document = load_json(FIXTURES / name)
    (result,) = verify_proofs(document, registry_for(document))
    assert result.cryptosuite == "eddsa-rdfc-2022"


@needs_jsonld
def test_a_fixture_with_a_foreign_proof_verifies_when_foreign_proofs_may_be_skipped() -> None:
    document = load_json(FIXTURES / "simple-multiple-proofs.json")
    with pytest.raises(InvalidProof, match="proof type is 'SomeProofType'"):
        verify_proofs(document, registry_for(document))
    (result,) = verify_proofs(document, registry_for(document), skip_foreign_proofs=True)
    assert result.cryptosuite == "eddsa-rdfc-2022"


@needs_jsonld
def test_a_fixture_with_a_bad_proof_value_fails() -> None:
    document = load_json(FIXTURES / "simple-err-proof-value.json")
    with pytest.raises(InvalidProof, match="changed after signing"):
        verify_proofs(document, registry_for(document))


@pytest.mark.parametrize(
    ("name", "error"),
    [
        ("simple-err-proof-method.json", KeyFormatError),  # fragment is not a valid Multikey
        ("simple-err-proof-method-no-scheme.json", UnknownKey),
        ("simple-err-proof-method-unknown-did-method.json", UnknownKey),
        ("simple-err-proof-method-unknown-scheme.json", UnknownKey),
    ],
)
def test_fixtures_with_unusable_verification_methods_fail(name: str, error: type[Exception]) -> None:
    document = load_json(FIXTURES / name)
    with pytest.raises(error):
        verify_proofs(document, registry_for(document))


def test_the_legacy_eddsa_2022_suite_is_refused_with_a_clear_reason() -> None:
    document = load_json(FIXTURES / "simple-eddsa-2022.json")
    with pytest.raises(InvalidProof, match="cryptosuite 'eddsa-2022' is not supported") as info:
        verify_proofs(document, registry_for(document))
    assert info.value.code == "MALFORMED_PROOF_ERROR"
