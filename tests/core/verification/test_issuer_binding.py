"""Issuer binding (ADR 0606, VC Data Integrity §2.1 and the controller rule): a credential is valid
only when a proof's key is controlled by its ``issuer``. Proof sets and chains with other signers
(a witness, an endorser) are allowed when every proof verifies and one binds to the issuer."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from microcred.cli import main
from microcred.crypto.proofs import ProofOptions, add_proof
from microcred.issuance import Suite
from microcred.trust import TrustRegistry
from microcred.verification import IssuerNotBound, inspect, verify
from tests.core.verification.conftest import (
    CREATED,
    ISSUER_DID,
    NOW,
    TEST_SIGNER,
    forged,
    fresh_signer,
    status_list,
    unsigned,
    with_status,
)
from tests.signed_registry import TEST_ANCHOR, write_signed_registry

WITNESS = fresh_signer(b"a witness of the consortium")
ENDORSER = fresh_signer(b"an endorser")


def _lists(url: str) -> dict[str, Any]:
    return status_list("revocation", set_index=None)


@pytest.fixture(scope="module", params=["eddsa-rdfc-2022", "eddsa-jcs-2022", "vc-jwt"])
def forgery(request: pytest.FixtureRequest) -> Any:
    return forged(with_status(), request.param)


def test_a_forged_issuer_is_refused_by_inspect_and_verify(forgery: Any, trust: TrustRegistry) -> None:
    report = inspect(forgery, trust=trust, status=_lists, now=NOW)
    assert report.check("proof").passed  # the attacker's signature is a good one
    key = report.check("key")
    assert key.failed and key.code == "key.not_controlled_by_issuer"
    assert key.params["issuer"] == ISSUER_DID
    assert key.params["key"] == fresh_signer().key_id
    assert fresh_signer().key_id in key.reason and ISSUER_DID in key.reason
    assert report.verdict == "invalid" and not report.valid
    with pytest.raises(IssuerNotBound) as raised:
        verify(forgery, trust=trust, status=_lists, now=NOW)
    assert raised.value.check == "key" and raised.value.check_code == "key.not_controlled_by_issuer"


def test_a_forged_issuer_is_refused_by_the_cli_with_the_key_and_the_issuer(
    forgery: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from tests.core.verification.test_cli_verify import _registry_json

    credential, listing, registry = (tmp_path / n for n in ("forged.json", "list.json", "registry.json"))
    credential.write_text(forgery if isinstance(forgery, str) else json.dumps(forgery))
    listing.write_text(json.dumps(status_list("revocation", set_index=None)))
    write_signed_registry(registry, _registry_json())
    args = ["verify", str(credential), "--trust", str(registry), "--trust-anchor", TEST_ANCHOR]
    args += ["--status-list", str(listing)]
    assert main(args) == 1
    out = capsys.readouterr().out
    assert ": INVALID" in out and fresh_signer().key_id in out and ISSUER_DID in out
    assert main([*args, "--format", "json"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert report["verdict"] == "invalid"
    assert report["checks"][2]["code"] == "key.not_controlled_by_issuer"


def test_the_genuine_credential_the_forgery_was_made_from_is_valid(trust: TrustRegistry) -> None:
    report = inspect(with_status(), trust=trust, status=_lists, now=NOW)
    assert report.verdict == "valid", [c.as_dict() for c in report.checks if not c.passed]


# ------------------------------------------------------------------------- proof sets and chains


def _issued(suite: Suite, *, proof_id: str | None = None, previous: str | None = None) -> dict[str, Any]:
    options = ProofOptions(created=CREATED, id=proof_id, previous_proof=previous)
    return add_proof(unsigned(), TEST_SIGNER, cryptosuite=suite, options=options)  # type: ignore[arg-type]


SUITES = ["eddsa-rdfc-2022", "eddsa-jcs-2022"]


@pytest.mark.parametrize("suite", SUITES)
def test_a_proof_set_of_the_issuer_and_a_witness_is_valid(suite: Any, trust: TrustRegistry) -> None:
    document = add_proof(_issued(suite), WITNESS, cryptosuite=suite, options=ProofOptions(created=CREATED))
    report = inspect(document, trust=trust, now=NOW)
    assert report.verdict == "valid", [c.as_dict() for c in report.checks if not c.passed]
    assert report.check("key").params["bound"] == [TEST_SIGNER.key_id]
    assert report.check("key").params["other_signers"] == [WITNESS.key_id]
    assert report.check("trust").passed  # trust looks at the issuer's key, not the witness's
    assert verify(document, trust=trust, now=NOW, require_trusted=True).verification_method == (
        TEST_SIGNER.key_id
    )


@pytest.mark.parametrize("suite", SUITES)
def test_a_proof_set_where_only_witnesses_bind_is_refused(suite: Any, trust: TrustRegistry) -> None:
    options = ProofOptions(created=CREATED)
    document = add_proof(unsigned(), WITNESS, cryptosuite=suite, options=options)
    document = add_proof(document, ENDORSER, cryptosuite=suite, options=options)
    report = inspect(document, trust=trust, now=NOW)
    assert report.check("proof").passed
    assert report.check("key").code == "key.not_controlled_by_issuer"
    assert report.verdict == "invalid"


@pytest.mark.parametrize("suite", SUITES)
def test_a_proof_set_with_a_broken_witness_signature_is_refused(suite: Any, trust: TrustRegistry) -> None:
    document = add_proof(_issued(suite), WITNESS, cryptosuite=suite, options=ProofOptions(created=CREATED))
    value = document["proof"][1]["proofValue"]
    document["proof"][1]["proofValue"] = value[:-2] + ("A" if value[-2] != "A" else "B") + value[-1]
    report = inspect(document, trust=trust, now=NOW)
    assert report.check("proof").code == "proof.signature_mismatch"
    assert report.verdict == "invalid"


@pytest.mark.parametrize("suite", SUITES)
def test_a_proof_chain_whose_second_proof_names_the_first_is_valid(suite: Any, trust: TrustRegistry) -> None:
    first = _issued(suite, proof_id="urn:uuid:0a4b6f5e-1a2b-4c3d-8e9f-000000000001")
    chain = add_proof(
        first,
        WITNESS,
        cryptosuite=suite,
        options=ProofOptions(
            created=CREATED,
            id="urn:uuid:0a4b6f5e-1a2b-4c3d-8e9f-000000000002",
            previous_proof="urn:uuid:0a4b6f5e-1a2b-4c3d-8e9f-000000000001",
        ),
    )
    report = inspect(chain, trust=trust, now=NOW)
    assert report.verdict == "valid", [c.as_dict() for c in report.checks if not c.passed]
    assert report.check("proof").params["proofs"] == 2


@pytest.mark.parametrize("suite", SUITES)
def test_a_proof_chain_with_a_broken_previous_proof_is_refused(suite: Any, trust: TrustRegistry) -> None:
    witness_first = add_proof(
        unsigned(),
        WITNESS,
        cryptosuite=suite,
        options=ProofOptions(created=CREATED, id="urn:uuid:0a4b6f5e-1a2b-4c3d-8e9f-000000000003"),
    )
    chain = add_proof(
        witness_first,
        TEST_SIGNER,
        cryptosuite=suite,
        options=ProofOptions(created=CREATED, previous_proof="urn:uuid:0a4b6f5e-1a2b-4c3d-8e9f-000000000003"),
    )
    assert inspect(chain, trust=trust, now=NOW).verdict == "valid"
    broken = copy.deepcopy(chain)
    broken["proof"] = [broken["proof"][1]]  # the issuer's proof names a proof that is gone
    report = inspect(broken, trust=trust, now=NOW)
    assert report.check("proof").code == "proof.previous_proof_broken"
    assert report.verdict == "invalid"


def test_a_status_list_signed_by_someone_else_is_refused(trust: TrustRegistry) -> None:
    listing = status_list("revocation", set_index=None)
    listing.pop("proof")
    stranger_list = add_proof(
        listing, WITNESS, cryptosuite="eddsa-jcs-2022", options=ProofOptions(created=CREATED)
    )
    report = inspect(with_status(), trust=trust, status=lambda url: stranger_list, now=NOW)
    assert report.check("status").code == "status.list_invalid"
    assert "not signed by a key of its issuer" in report.check("status").reason
    assert report.verdict == "invalid"
