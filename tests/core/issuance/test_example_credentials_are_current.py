"""The example credentials in ``examples/credentials`` are what the composer makes today."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from microcred.model import load_spec
from microcred.model.award import load_learner, load_result
from microcred.standards.elm import elm_specification, european_digital_credential
from microcred.standards.ob3 import IssuerProfile, compose_credential
from tests.conftest import EXAMPLES

CREDENTIALS = EXAMPLES / "credentials"
DID = "did:web:micro4asia.example:institutions:muni"
AID = "https://register.micro4asia.example/specs/MUNI-ECON-R/v1"
CID = "urn:uuid:0d3c7a52-6f1e-4d8e-9b1a-5c2e7f4a9b10"
ISSUED = datetime(2026, 6, 30, 12, 0, tzinfo=UTC)
SALT = "5f1c0e2a9b7d4c3e8a6f1b2d3c4e5f60"


def test_the_unsigned_example_and_the_elm_exports_are_current() -> None:
    spec = load_spec(EXAMPLES / "specs" / "muni-econometrics-in-r.json")
    learner = load_learner(EXAMPLES / "learner-sample.json")
    result = load_result(EXAMPLES / "result-sample.json")
    unsigned = compose_credential(
        spec,
        learner,
        result,
        issuer=IssuerProfile.from_spec(spec, did=DID),
        credential_id=CID,
        achievement_id=AID,
        issued_at=ISSUED,
        salt=SALT,
    )
    assert unsigned == json.loads((CREDENTIALS / "muni-econometrics.unsigned.json").read_text("utf-8"))
    signed = json.loads((CREDENTIALS / "muni-econometrics.eddsa-rdfc-2022.json").read_text("utf-8"))
    assert {k: v for k, v in signed.items() if k != "proof"} == unsigned
    edc = european_digital_credential(
        spec, learner, result, credential_id=CID, spec_id=AID, issued_at=ISSUED, issuer_id=DID
    )
    assert edc == json.loads((CREDENTIALS / "muni-econometrics.edc-unsealed.jsonld").read_text("utf-8"))
    assert elm_specification(spec, spec_id=AID) == json.loads(
        (CREDENTIALS / "muni-econometrics.spec.elm.jsonld").read_text("utf-8")
    )
