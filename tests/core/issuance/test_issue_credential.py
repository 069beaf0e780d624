"""issue_credential: validate, sign, verify what was just signed, return (dict or compact JWS)."""

from __future__ import annotations

from typing import Any

import pytest

from microcred.crypto.keys import Ed25519KeyPair, P256KeyPair
from microcred.crypto.signer import KeyPairSigner
from microcred.issuance import IssuanceError, issue_credential
from microcred.verification import verify
from tests.core.verification.conftest import CREATED, NOW, TEST_SIGNER, registry, unsigned


@pytest.mark.parametrize("suite", ["eddsa-rdfc-2022", "eddsa-jcs-2022"])
def test_it_returns_a_credential_with_one_data_integrity_proof(suite: Any) -> None:
    secured = issue_credential(unsigned(), signer=TEST_SIGNER, suite=suite, created=CREATED)
    assert secured["proof"]["cryptosuite"] == suite
    assert secured["proof"]["proofPurpose"] == "assertionMethod"
    assert secured["proof"]["verificationMethod"] == TEST_SIGNER.key_id
    assert secured["proof"]["created"] == "2026-06-30T12:00:00Z"
    verify(secured, trust=registry(), now=NOW, require_trusted=True)


def test_the_jcs_proof_keeps_the_documents_context() -> None:
    secured = issue_credential(unsigned(), signer=TEST_SIGNER, suite="eddsa-jcs-2022", created=CREATED)
    assert secured["proof"]["@context"] == secured["@context"]


def test_it_returns_a_compact_jws_for_vc_jwt() -> None:
    token = issue_credential(unsigned(), signer=TEST_SIGNER, suite="vc-jwt", created=CREATED)
    assert isinstance(token, str) and token.count(".") == 2
    verify(token, trust=registry(), now=NOW)


def test_it_signs_with_a_p256_key_as_es256_jwt() -> None:
    pair = P256KeyPair.generate()
    document = unsigned()
    document["issuer"]["id"] = pair.public_key.did_key
    token = issue_credential(
        document, signer=KeyPairSigner(pair, pair.public_key.did_key_verification_method), suite="vc-jwt"
    )
    assert verify(token).proof_format == "vc-jwt"


def test_it_refuses_a_signer_whose_key_does_not_match_its_key_id() -> None:
    other = Ed25519KeyPair.from_seed(bytes(32))
    liar = KeyPairSigner(other, TEST_SIGNER.key_id)

    class Mismatched:
        key_id = TEST_SIGNER.key_id
        public_key = TEST_SIGNER.public_key
        sign = staticmethod(liar.sign)

    with pytest.raises(IssuanceError, match="its own verification"):
        issue_credential(unsigned(), signer=Mismatched(), suite="eddsa-jcs-2022")


def test_it_refuses_a_credential_that_is_already_signed() -> None:
    secured = issue_credential(unsigned(), signer=TEST_SIGNER, suite="eddsa-jcs-2022")
    with pytest.raises(IssuanceError, match="already has a proof"):
        issue_credential(secured, signer=TEST_SIGNER)


def test_it_refuses_a_credential_that_breaks_the_ob3_schema() -> None:
    document = unsigned()
    del document["credentialSubject"]["achievement"]["criteria"]
    with pytest.raises(IssuanceError, match=r"OB 3\.0 JSON Schema") as info:
        issue_credential(document, signer=TEST_SIGNER)
    assert "credentialSubject.achievement" in info.value.where


def test_it_refuses_an_undefined_term_before_anything_is_signed() -> None:
    document = unsigned()
    document["credentialSubject"]["studentNumber"] = "123"
    with pytest.raises(Exception, match="studentNumber"):
        issue_credential(document, signer=TEST_SIGNER, suite="eddsa-rdfc-2022")


def test_it_refuses_an_unknown_suite() -> None:
    with pytest.raises(IssuanceError, match="unknown suite"):
        issue_credential(unsigned(), signer=TEST_SIGNER, suite="rsa-2018")  # type: ignore[call-overload]


def test_issue_award_composes_signs_and_hands_back_the_salt() -> None:
    from microcred.issuance import issue_award
    from microcred.model import load_spec
    from microcred.model.award import load_learner, load_result
    from microcred.standards.ob3 import IssuerProfile, identity_matches
    from tests.conftest import EXAMPLES
    from tests.core.verification.conftest import ISSUER_DID

    spec = load_spec(EXAMPLES / "specs" / "muni-econometrics-in-r.json")
    award = issue_award(
        spec,
        load_learner(EXAMPLES / "learner-sample.json"),
        load_result(EXAMPLES / "result-sample.json"),
        issuer=IssuerProfile.from_spec(spec, did=ISSUER_DID),
        signer=TEST_SIGNER,
        achievement_id="https://register.micro4asia.example/specs/MUNI-ECON-R/v1",
        suite="eddsa-jcs-2022",
        issued_at=CREATED,
    )
    assert isinstance(award.credential, dict)
    assert award.credential["id"] == award.credential_id
    email = award.credential["credentialSubject"]["identifier"][1]
    assert identity_matches(email, "lan.nguyen@example.edu.vn", award.salt)
    verify(award.credential, trust=registry(), now=NOW, require_trusted=True)


def test_it_accepts_a_string_enum_for_the_suite() -> None:
    from enum import StrEnum

    class SuiteChoice(StrEnum):
        RDFC = "eddsa-rdfc-2022"

    secured = issue_credential(unsigned(), signer=TEST_SIGNER, suite=SuiteChoice.RDFC)  # type: ignore[call-overload]
    assert secured["proof"]["cryptosuite"] == "eddsa-rdfc-2022"
    assert type(secured["proof"]["cryptosuite"]) is str


def test_it_says_when_the_key_does_not_fit_the_suite() -> None:
    pair = P256KeyPair.generate()
    signer = KeyPairSigner(pair, pair.public_key.did_key_verification_method)
    with pytest.raises(IssuanceError, match="cannot sign with eddsa-jcs-2022"):
        issue_credential(unsigned(), signer=signer, suite="eddsa-jcs-2022")
