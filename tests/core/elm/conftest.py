"""Fixtures: the example spec, learner and result, and a fixed issuer, id, time and salt."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from microcred.model import MicroCredentialSpec, load_spec
from microcred.model.award import AssessmentResult, Learner, load_learner, load_result
from microcred.standards.ob3 import IssuerProfile, compose_credential
from tests.conftest import EXAMPLES

ACHIEVEMENT_ID = "https://register.micro4asia.example/specs/MUNI-ECON-R/v1"
CREDENTIAL_ID = "urn:uuid:6a0e5f9e-2b36-4a6e-9d0e-0b3c1f9e8a11"
ISSUED_AT = datetime(2026, 6, 30, 12, 0, tzinfo=UTC)
SALT = "0123456789abcdef0123456789abcdef"
ISSUER_DID = "did:web:micro4asia.example:institutions:muni"


@pytest.fixture
def spec() -> MicroCredentialSpec:
    return load_spec(EXAMPLES / "specs" / "muni-econometrics-in-r.json")


@pytest.fixture
def learner() -> Learner:
    return load_learner(EXAMPLES / "learner-sample.json")


@pytest.fixture
def result() -> AssessmentResult:
    return load_result(EXAMPLES / "result-sample.json")


@pytest.fixture
def credential(spec: MicroCredentialSpec, learner: Learner, result: AssessmentResult) -> dict[str, Any]:
    return compose_credential(
        spec,
        learner,
        result,
        issuer=IssuerProfile.from_spec(spec, did=ISSUER_DID),
        credential_id=CREDENTIAL_ID,
        achievement_id=ACHIEVEMENT_ID,
        issued_at=ISSUED_AT,
        salt=SALT,
    )
