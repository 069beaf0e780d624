"""The signed example credentials verify, issued by a demo-registry institution."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from microcred.trust import TrustRegistry
from microcred.verification import HolderEvidence, inspect
from tests.conftest import EXAMPLES

CREDENTIALS = EXAMPLES / "credentials"
NOW = datetime(2026, 12, 1, tzinfo=UTC)


@pytest.mark.parametrize(
    "name",
    [
        "muni-econometrics.eddsa-rdfc-2022.json",
        "muni-econometrics.eddsa-jcs-2022.json",
        "muni-econometrics.vc-jwt.txt",
    ],
)
def test_the_example_verifies_and_is_trusted_with_the_demo_registry(name: str) -> None:
    text = (CREDENTIALS / name).read_text("utf-8").strip()
    credential = text if name.endswith(".txt") else json.loads(text)
    holder = HolderEvidence(email="lan.nguyen@example.edu.vn", salt="5f1c0e2a9b7d4c3e8a6f1b2d3c4e5f60")
    report = inspect(credential, trust=TrustRegistry.demo(), holder=holder, now=NOW)
    assert report.valid and report.trusted, report.as_dict()
    assert report.check("holder").passed
