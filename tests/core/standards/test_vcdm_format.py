"""The one VCDM/OB format checker (microcred.standards.vcdm, ADR 0902): VCDM 2.0 and 1.1 rules
with codes and JSON paths, the OB 3.0 schema for 2.0 badges only, the validity window, and every
layer (issuance, verification, web) giving the same answer because they ask the same function."""

from __future__ import annotations

import copy
import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from microcred.issuance import IssuanceError, issue_credential
from microcred.standards.vcdm import (
    VcdmError,
    credential_from_jwt_claims,
    credential_problems,
    validity_window,
)
from microcred.verification import check_format
from microcred_web.credentials.vcdm import credential_problems as web_problems

ASSETS = Path(__file__).resolve().parents[2] / "assets"
OB3_2_0 = ASSETS / "ob3" / "muni-econometrics-unsigned.json"
OB3_1_1 = ASSETS / "realworld" / "credentials" / "dcc-verifiercore--v1nostatus.json"


def v2() -> dict[str, Any]:
    return {
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        "id": "urn:uuid:2f8a6d1e-0c7c-4a77-9d1e-0d1b3a1c9e01",
        "type": ["VerifiableCredential"],
        "issuer": "did:example:issuer",
        "validFrom": "2026-01-01T00:00:00Z",
        "credentialSubject": {"id": "did:example:learner", "name": "A learner"},
    }


def v1() -> dict[str, Any]:
    document = v2()
    document["@context"] = ["https://www.w3.org/2018/credentials/v1"]
    document["issuanceDate"] = document.pop("validFrom")
    return document


def bsl(**change: Any) -> dict[str, Any]:
    """A well-formed ``BitstringStatusListEntry`` (Bitstring Status List v1.0 §2.1), changed."""
    entry = {
        "type": "BitstringStatusListEntry",
        "statusPurpose": "revocation",
        "statusListIndex": "7",
        "statusListCredential": "https://x.example/status/1",
    }
    return {**entry, **change}


# The Bitstring Status List suite's negative fixture (20-algorithms.js, commit 5cdc562).
SUITE_MALFORMED_ENTRY = {
    "type": "BitstringStatusListEntry",
    "statusListIndex": True,
    "statusListCredential": "https://example.com",
}


def load(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(path.read_text("utf-8"))
    return data


def test_well_formed_credentials_of_both_data_models_and_both_badge_shapes_pass() -> None:
    assert credential_problems(v2()) == []
    assert credential_problems(v1()) == []
    assert credential_problems(load(OB3_2_0)) == []
    assert credential_problems(load(OB3_1_1)) == []  # an OB 3.0.2 badge: VCDM 1.1 rules, no 3.0.3 schema


@pytest.mark.parametrize(
    ("make", "change", "code", "path"),
    [
        (v2, {"@context": ["https://example.org/ctx"]}, "CONTEXT_FIRST", "$.@context[0]"),
        (v2, {"@context": "https://www.w3.org/ns/credentials/v2"}, "CONTEXT_MISSING", "$.@context"),
        (v2, {"type": ["AlumniCredential"]}, "TYPE_LACKS_VC", "$.type"),
        (v2, {"type": ["VerifiableCredential", 3]}, "TYPE_NOT_STRINGS", "$.type"),
        (v2, {"id": "not a url"}, "NOT_A_URL", "$.id"),
        (v2, {"issuer": None}, "REQUIRED", "$.issuer"),
        (v2, {"issuer": {"name": "No id"}}, "NOT_A_URL", "$.issuer.id"),
        (v2, {"credentialSubject": {}}, "NO_CLAIMS", "$.credentialSubject"),
        (v2, {"credentialSubject": []}, "EMPTY_LIST", "$.credentialSubject"),
        (v2, {"validFrom": "2026-01-01"}, "NOT_A_DATETIME", "$.validFrom"),
        (v2, {"validFrom": "12026-01-01T00:00:00Z"}, "NOT_A_DATETIME", "$.validFrom"),  # five-digit year
        (v2, {"validUntil": "2025-01-01T00:00:00Z"}, "ENDS_BEFORE_START", "$.validUntil"),
        (v2, {"name": 42}, "LANGUAGE_VALUE", "$.name"),
        (v2, {"credentialStatus": {"id": "https://x.example/1"}}, "REQUIRED", "$.credentialStatus.type"),
        (v2, {"credentialSchema": {"type": "JsonSchema"}}, "REQUIRED", "$.credentialSchema.id"),
        (
            v2,
            {"relatedResource": [{"id": "https://x.example/a", "digestSRI": "sha384-" + "A" * 64}] * 2},
            "DUPLICATE_ID",
            "$.relatedResource[1].id",
        ),
        (v2, {"relatedResource": [{"id": "https://x.example/a"}]}, "DIGEST_REQUIRED", "$.relatedResource[0]"),
        (v1, {"issuanceDate": None}, "REQUIRED", "$.issuanceDate"),
        (v1, {"issuanceDate": "yesterday"}, "NOT_A_DATETIME", "$.issuanceDate"),
        (v1, {"expirationDate": "2020-01-01T00:00:00Z"}, "ENDS_BEFORE_START", "$.expirationDate"),
        (v1, {"credentialStatus": {"type": "StatusList2021Entry"}}, "REQUIRED", "$.credentialStatus.id"),
        # Bitstring Status List v1.0 §2.1; the first is the status suite's malformed entry (5cdc562).
        (v2, {"credentialStatus": SUITE_MALFORMED_ENTRY}, "STATUS_ENTRY", "$.credentialStatus.statusPurpose"),
        (
            v2,
            {"credentialStatus": bsl(statusListIndex=True)},
            "STATUS_ENTRY",
            "$.credentialStatus.statusListIndex",
        ),
        (
            v2,
            {"credentialStatus": bsl(statusListIndex="-1")},
            "STATUS_ENTRY",
            "$.credentialStatus.statusListIndex",
        ),
        (
            v2,
            {
                "credentialStatus": [
                    {"id": "https://x.example/s", "type": "Other"},
                    bsl(statusListCredential="a b"),
                ]
            },
            "STATUS_ENTRY",
            "$.credentialStatus[1].statusListCredential",
        ),
        (v2, {"credentialStatus": bsl(statusSize=2)}, "STATUS_ENTRY", "$.credentialStatus.statusMessage"),
        (
            v1,
            {"credentialStatus": bsl(id="https://x.example/l#7", statusPurpose="")},
            "STATUS_ENTRY",
            "$.credentialStatus.statusPurpose",
        ),
    ],
)
def test_each_broken_rule_is_reported_with_its_code_and_json_path(
    make: Any, change: dict[str, Any], code: str, path: str
) -> None:
    document = make()
    for key, value in change.items():
        if value is None:
            del document[key]
        else:
            document[key] = value
    problems = credential_problems(document)
    assert (problems[0].code, problems[0].path) == (code, path)
    assert problems[0].message  # every code renders in English for logs and the CLI


def test_the_ob_3_0_3_schema_judges_a_vcdm_2_0_badge_but_not_a_3_0_2_one() -> None:
    badge = load(OB3_2_0)
    del badge["credentialSubject"]["achievement"]["criteria"]
    [problem, *_] = credential_problems(badge)
    assert problem.code == "OB_SCHEMA" and problem.path.startswith("$.credentialSubject.achievement")
    old = load(OB3_1_1)
    del old["credentialSubject"]["achievement"]["criteria"]
    assert credential_problems(old) == []  # 3.0.0-3.0.2 have no schema of ours; JSON-LD checks their terms


def test_issuance_accepts_vcdm_2_0_only() -> None:
    [problem] = credential_problems(v1(), versions=("2.0",))
    assert problem.code == "VERSION_NOT_ACCEPTED" and problem.params["version"] == "1.1"
    with pytest.raises(IssuanceError, match=r"VCDM 1\.1"):
        issue_credential(v1(), signer=object())  # type: ignore[arg-type]  # refused before any signing


BROKEN = [
    {**v2(), "@context": ["https://www.w3.org/2018/credentials/v1"]},
    {**v2(), "issuer": "not a url"},
    {**v2(), "credentialSubject": {}},
    {**v2(), "validFrom": "2026-01-01"},
    {**v2(), "validUntil": "2025-01-01T00:00:00Z"},
    {**v2(), "credentialStatus": {"id": "https://x.example/1"}},
    {**v2(), "relatedResource": [{"id": "https://x.example/a"}]},
    {**v2(), "credentialStatus": bsl(statusListIndex=True)},
]


def test_a_well_formed_bitstring_entry_and_entries_of_other_types_pass() -> None:
    for status in (
        bsl(),
        [bsl(), bsl(statusPurpose="suspension")],
        {"id": "https://x.example/s", "type": "X"},
    ):
        assert credential_problems({**v2(), "credentialStatus": status}) == []
    assert (
        credential_problems({**v2(), "credentialStatus": bsl(statusListIndex=7)}) == []
    )  # 1EdTech's integer


def test_the_core_issuer_refuses_to_sign_a_malformed_status_entry() -> None:
    with pytest.raises(IssuanceError, match=r"statusListIndex") as refused:
        issue_credential({**v2(), "credentialStatus": bsl(statusListIndex=True)}, signer=object())  # type: ignore[arg-type]
    assert refused.value.where == "credentialStatus.statusListIndex"


@pytest.mark.parametrize("document", BROKEN)
def test_issuance_verification_and_the_web_find_the_same_first_problem(document: dict[str, Any]) -> None:
    core = credential_problems(document, versions=("2.0",))
    web = web_problems(document)
    assert [(p.path, p.message) for p in core] == web
    if document["@context"][0].endswith("/v2"):  # verification also reads 1.1, so the context case differs
        verification = check_format(document)
        assert verification is not None and f"$.{verification[0]}" == core[0].path


def test_the_validity_window_reads_the_fields_of_each_data_model() -> None:
    window = validity_window({**v2(), "validUntil": "2030-01-01T00:00:00Z"})
    assert (window.start_name, window.end_name) == ("validFrom", "validUntil")
    assert window.end == datetime(2030, 1, 1, tzinfo=UTC)
    window = validity_window({**v1(), "expirationDate": "2027-01-01T00:00:00Z"})
    assert (window.start_name, window.end_name) == ("issuanceDate", "expirationDate")
    assert window.expired(datetime(2027, 1, 1, tzinfo=UTC)) and not window.expired(
        datetime(2026, 6, 1, tzinfo=UTC)
    )
    assert window.not_yet_valid(datetime(2025, 12, 31, tzinfo=UTC))
    with pytest.raises(VcdmError) as info:
        validity_window({**v1(), "issuanceDate": "99999-01-01T00:00:00Z"})
    assert info.value.problem.path == "$.issuanceDate"


def test_jwt_claims_map_onto_a_1_1_credential_and_leave_a_2_0_one_alone() -> None:
    claims = {"iss": "did:example:i", "sub": "did:example:s", "jti": "urn:x:1", "nbf": 0, "exp": 86400}
    vc_1_1 = {k: v for k, v in v1().items() if k not in ("issuer", "id", "issuanceDate")}
    vc_1_1["credentialSubject"] = {"name": "A learner"}
    mapped = credential_from_jwt_claims({**claims, "vc": vc_1_1})
    assert mapped is not None
    assert mapped["issuer"] == "did:example:i" and mapped["id"] == "urn:x:1"
    assert mapped["credentialSubject"] == {"name": "A learner", "id": "did:example:s"}
    assert (mapped["issuanceDate"], mapped["expirationDate"]) == (
        "1970-01-01T00:00:00Z",
        "1970-01-02T00:00:00Z",
    )
    assert credential_problems(mapped) == []
    assert credential_from_jwt_claims({**claims, "vc": v2()}) == v2()
    assert credential_from_jwt_claims({**claims, "vc": "not an object"}) is None
    assert credential_from_jwt_claims(
        {**claims, "vc": {**vc_1_1, "credentialSubject": {"id": "x"}}, "nbf": 1e300}
    )


def test_the_checker_never_raises_on_hostile_shapes() -> None:
    hostile: list[Any] = [None, [], "x", 1, {"@context": [None]}, {"@context": [{}], "issuer": []}]
    for document in hostile:
        assert credential_problems(copy.deepcopy(document))  # a problem, not an exception
