"""The verifier checks the signatures of the W3C vc-di-eddsa and 1EdTech OB 3.0 signed vectors and
rejects any altered copy with a reason. The W3C vectors are signed with a did:key that their
``issuer`` (https://vc.example/issuers/5678) does not control, so they are not *valid* credentials
(ADR 0606, issuer binding): their signature verifies and the key check names the mismatch."""

from __future__ import annotations

import copy
import re
from typing import Any

import pytest

from microcred.trust import TrustRegistry
from microcred.verification import (
    InvalidCredentialProof,
    IssuerNotBound,
    VerificationUnconfirmed,
    inspect,
    verify,
)
from tests.core.verification.conftest import VECTORS, load

W3C = ["w3c-eddsa-rdfc-2022-signed.json", "w3c-eddsa-jcs-2022-signed.json"]
OB3 = "1edtech-ob3-signed-credential.json"


def _ob3_trust() -> TrustRegistry:
    return TrustRegistry.load(VECTORS / "trust-ob3-vector.json")


@pytest.mark.parametrize("name", W3C)
def test_the_w3c_vectors_signature_verifies_but_its_issuer_does_not_control_the_key(name: str) -> None:
    report = inspect(load(VECTORS / name))
    assert report.check("proof").passed
    key = report.check("key")
    assert key.code == "key.not_controlled_by_issuer"
    assert key.params["key"].startswith("did:key:z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2#")
    assert key.params["issuer"] == "https://vc.example/issuers/5678"
    assert report.verdict == "invalid"
    with pytest.raises(IssuerNotBound, match=re.escape("not by the issuer https://vc.example/issuers/5678")):
        verify(load(VECTORS / name))


def test_the_w3c_vectors_key_is_the_published_key_pair() -> None:
    key_pair = load(VECTORS / "w3c-keyPair.json")
    report = inspect(load(VECTORS / W3C[0]))
    assert key_pair["publicKeyMultibase"] in report.check("key").details["verification_methods"][0]


def test_it_accepts_the_ob3_vector_through_a_controller_document_in_the_trust_file() -> None:
    result = verify(load(VECTORS / OB3), trust=_ob3_trust(), require_trusted=True)
    assert result.issuer == "https://example.edu/issuers/565049"
    assert result.report.check("format").details["open_badge"] is True


def test_without_the_trust_file_the_ob3_vectors_https_key_is_unknown_so_it_cannot_be_confirmed() -> None:
    with pytest.raises(
        VerificationUnconfirmed, match="controller documents are resolved only from the local store"
    ) as raised:
        verify(load(VECTORS / OB3))
    assert raised.value.check == "key" and raised.value.check_code == "key.unresolvable"
    assert raised.value.report is not None and raised.value.report.verdict == "unconfirmed"


def _altered(document: dict[str, Any]) -> dict[str, Any]:
    altered = copy.deepcopy(document)
    altered["credentialSubject"]["id"] = altered["credentialSubject"]["id"] + "0"
    return altered


@pytest.mark.parametrize("name", [*W3C, OB3])
def test_it_rejects_an_altered_copy_with_a_reason(name: str) -> None:
    with pytest.raises(InvalidCredentialProof, match="changed after signing"):
        verify(_altered(load(VECTORS / name)), trust=_ob3_trust())


@pytest.mark.parametrize("name", [*W3C, OB3])
def test_it_rejects_a_copy_with_an_altered_signature(name: str) -> None:
    document = load(VECTORS / name)
    value = document["proof"]["proofValue"]
    document["proof"]["proofValue"] = value[:-2] + ("A" if value[-2] != "A" else "B") + value[-1]
    with pytest.raises(InvalidCredentialProof):
        verify(document, trust=_ob3_trust())
