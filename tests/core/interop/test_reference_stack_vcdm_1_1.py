"""Open Badges in the VCDM 1.1 shape (OB 3.0.0-3.0.2), signed by the Digital Bazaar reference
stack (tests/reference_js: ``@digitalbazaar/vc`` 7.3.0 with ``ed25519-signature-2020`` 5.4.0, and
``data-integrity`` 2.5.0 with ``eddsa-rdfc-2022`` 1.3.0; pinned by its package-lock.json), verify
with us offline, and a change of one field makes us refuse them (ADR 0902).

The badge is the Digital Credentials Consortium's VCDM 1.1 fixture (tests/assets/realworld),
its proof removed and its issuer replaced by the test key's did:key. Skipped, with the reason,
when node or tests/reference_js/node_modules is missing (``make test`` runs ``npm ci`` there).
"""

from __future__ import annotations

import copy
import json
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from microcred.crypto.did import DidResolver
from microcred.crypto.keys import Ed25519KeyPair
from microcred.verification import inspect
from tests.core.reference_js import REFERENCE_STACK_MARKS, run_node

ROOT = Path(__file__).parents[3]
BADGE_1_1 = ROOT / "tests" / "assets" / "realworld" / "credentials" / "dcc-verifiercore--v1nostatus.json"
NOW = datetime(2026, 12, 7, tzinfo=UTC)
TEST_KEY_REFERENCE = Ed25519KeyPair.from_seed(b"microcred interop TEST key: DBjs")

pytestmark = list(REFERENCE_STACK_MARKS)

DATA_INTEGRITY_V2 = "https://w3id.org/security/data-integrity/v2"
OB_3_0_0 = "https://purl.imsglobal.org/spec/ob/v3p0/context.json"


def unsigned_badge(*, context: list[str] | None = None) -> dict[str, Any]:
    badge: dict[str, Any] = json.loads(BADGE_1_1.read_text("utf-8"))
    del badge["proof"]
    badge["issuer"]["id"] = TEST_KEY_REFERENCE.did_key
    if context is not None:
        badge["@context"] = context
    return badge


# (suite, @context): the 3.0.2 badge as the DCC signs it, the 3.0.0 context, and a
# DataIntegrityProof over VCDM 1.1 (which needs the data-integrity context beside the v1 one).
CASES = {
    "Ed25519Signature2020, OB 3.0.2": ("Ed25519Signature2020", None),
    "Ed25519Signature2020, OB 3.0.0": (
        "Ed25519Signature2020",
        [
            "https://www.w3.org/2018/credentials/v1",
            OB_3_0_0,
            "https://w3id.org/security/suites/ed25519-2020/v1",
        ],
    ),
    "eddsa-rdfc-2022 over VCDM 1.1": (
        "eddsa-rdfc-2022",
        [
            "https://www.w3.org/2018/credentials/v1",
            "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.2.json",
            DATA_INTEGRITY_V2,
        ],
    ),
}


def _run_reference(jobs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return run_node("sign_verify.mjs", jobs)


@cache
def signed_by_reference() -> dict[str, dict[str, Any]]:
    """Every case signed in one node process, then verified by the reference stack itself."""
    key = {
        "publicKeyMultibase": TEST_KEY_REFERENCE.public_key_multibase,
        "secretKeyMultibase": TEST_KEY_REFERENCE.export_secret_key_multibase(),
    }
    jobs = [
        {
            "op": "sign",
            "cryptosuite": suite,
            "credential": unsigned_badge(context=context),
            "key": key,
            "created": "2026-06-30T12:00:00Z",
        }
        for suite, context in CASES.values()
    ]
    signed = _run_reference(jobs)
    assert all("credential" in s for s in signed), signed
    checked = _run_reference([{"op": "verify", "credential": s["credential"]} for s in signed])
    assert all(c == {"verified": True} for c in checked), checked
    return {name: s["credential"] for name, s in zip(CASES, signed, strict=True)}


@pytest.mark.parametrize("case", CASES)
def test_a_vcdm_1_1_badge_signed_by_the_reference_stack_verifies_offline(case: str) -> None:
    credential = signed_by_reference()[case]
    suite = CASES[case][0]
    assert credential["proof"]["type"] == (
        "Ed25519Signature2020" if suite == "Ed25519Signature2020" else "DataIntegrityProof"
    )

    report = inspect(credential, resolver=DidResolver(), now=NOW)  # did:key only: nothing fetched

    assert report.valid, [c.as_dict() for c in report.checks if not c.passed]
    assert report.check("format").details == {"open_badge": True, "vcdm": "1.1"}
    assert report.check("proof").details["cryptosuite"] == suite


def _change(credential: dict[str, Any], field: str) -> None:
    if field == "achievement name":
        credential["credentialSubject"]["achievement"]["name"] += "!"
    elif field == "issuanceDate":
        credential["issuanceDate"] = credential["issuanceDate"].replace("2023", "2022")
    elif field == "issuer name":
        credential["issuer"]["name"] = "Someone else"
    elif field == "proof created":
        credential["proof"]["created"] = "2026-06-30T12:00:01Z"
    else:  # pragma: no cover - the parameter list below is the whole set
        raise AssertionError(field)


@pytest.mark.parametrize("field", ["achievement name", "issuanceDate", "issuer name", "proof created"])
@pytest.mark.parametrize("case", ["Ed25519Signature2020, OB 3.0.2", "eddsa-rdfc-2022 over VCDM 1.1"])
def test_changing_one_field_of_a_reference_signed_badge_makes_us_refuse_it(case: str, field: str) -> None:
    credential = copy.deepcopy(signed_by_reference()[case])
    _change(credential, field)

    report = inspect(credential, resolver=DidResolver(), now=NOW)

    assert not report.valid
    assert report.check("proof").failed, report.check("proof")
    assert report.check("proof").params["error"] == "PROOF_VERIFICATION_ERROR"
