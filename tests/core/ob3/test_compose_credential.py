"""An award composed as an OB 3.0 OpenBadgeCredential (OB 3.0 §B.1.1; ADR 0601, 0602)."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from typing import Any

import pytest

from microcred.jsonld import canonicalize
from microcred.model import MicroCredentialSpec
from microcred.model.award import AssessmentResult, Learner
from microcred.standards.ob3 import (
    IncompleteSpecError,
    IssuerProfile,
    add_duration,
    compose_credential,
    identity_hash,
    identity_matches,
    schema_problems,
)
from microcred.standards.status_list import BitstringStatusListEntry
from tests.conftest import ASSETS
from tests.core.ob3.conftest import ACHIEVEMENT_ID, CREDENTIAL_ID, ISSUED_AT, ISSUER_DID, SALT
from tests.core.ob3.golden import assert_matches_golden


def _compose(
    spec: MicroCredentialSpec, learner: Learner, result: AssessmentResult, **kw: Any
) -> dict[str, Any]:
    return compose_credential(
        spec,
        learner,
        result,
        issuer=IssuerProfile.from_spec(spec, did=ISSUER_DID),
        credential_id=CREDENTIAL_ID,
        achievement_id=ACHIEVEMENT_ID,
        issued_at=ISSUED_AT,
        salt=SALT,
        **kw,
    )


def test_it_matches_the_golden_credential(credential: dict[str, Any]) -> None:
    assert_matches_golden(credential, ASSETS / "ob3" / "muni-econometrics-unsigned.json")


def test_it_fits_the_ob3_json_schema(credential: dict[str, Any]) -> None:
    assert schema_problems(credential) == []


def test_it_canonicalizes_in_safe_mode(credential: dict[str, Any]) -> None:
    assert canonicalize(credential).endswith("\n")


def test_it_starts_with_the_vcdm2_and_ob3_contexts(credential: dict[str, Any]) -> None:
    assert credential["@context"] == [
        "https://www.w3.org/ns/credentials/v2",
        "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
        "https://purl.imsglobal.org/spec/ob/v3p0/extensions.json",
    ]
    assert credential["type"] == ["VerifiableCredential", "OpenBadgeCredential"]


def test_it_dates_the_credential_when_issued(credential: dict[str, Any]) -> None:
    assert credential["validFrom"] == "2026-06-30T12:00:00Z"
    assert credential["awardedDate"] == "2026-06-30T10:00:00Z"
    assert "validUntil" not in credential


def test_it_names_the_issuer_with_its_did_and_country(credential: dict[str, Any]) -> None:
    assert credential["issuer"]["id"] == ISSUER_DID
    assert credential["issuer"]["address"]["addressCountryCode"] == "CZ"


def test_it_never_writes_the_email_or_the_salt(credential: dict[str, Any], learner: Learner) -> None:
    text = json.dumps(credential)
    assert learner.email is not None
    assert learner.email not in text
    assert SALT not in text


def test_the_hashed_email_matches_the_learner_with_the_salt(credential: dict[str, Any]) -> None:
    identities = credential["credentialSubject"]["identifier"]
    email = next(i for i in identities if i["identityType"] == "emailAddress")
    assert email["hashed"] is True
    assert identity_matches(email, "lan.nguyen@example.edu.vn", SALT)
    assert not identity_matches(email, "lan.nguyen@example.edu.vn", "another-salt-0000")


def test_the_identity_hash_follows_the_ob3_schema_example() -> None:
    assert identity_hash("a@example.com", "Kosher") == (
        "sha256$b5809d8a92f8858436d7e6b87c12ebc0ae1eac4baecc2c0b913aee2c922ef399"
    )


def test_it_shows_the_name_as_the_learner_wants_it(credential: dict[str, Any]) -> None:
    name = credential["credentialSubject"]["identifier"][0]
    assert name == {
        "type": "IdentityObject",
        "identityHash": "Nguyễn Thị Lan",
        "identityType": "name",
        "hashed": False,
    }


def test_it_binds_the_learner_did_as_subject_id(credential: dict[str, Any], learner: Learner) -> None:
    assert credential["credentialSubject"]["id"] == learner.did


def test_it_leaves_the_subject_id_out_without_a_did(
    spec: MicroCredentialSpec, learner: Learner, result: AssessmentResult
) -> None:
    c = _compose(spec, learner.model_copy(update={"did": None}), result)
    assert "id" not in c["credentialSubject"]
    assert schema_problems(c) == []


def test_it_hashes_a_required_date_of_birth(
    spec: MicroCredentialSpec, learner: Learner, result: AssessmentResult
) -> None:
    c = _compose(spec, learner.model_copy(update={"date_of_birth": date(2001, 5, 17)}), result)
    dob = c["credentialSubject"]["identifier"][-1]
    assert dob["identityType"] == "ext:dateOfBirth"
    assert "2001-05-17" not in json.dumps(c)
    assert identity_matches(dob, "2001-05-17", SALT)
    canonicalize(c)


def test_it_records_the_grade_against_the_grading_scheme(credential: dict[str, Any]) -> None:
    subject = credential["credentialSubject"]
    assert subject["result"] == [
        {"type": ["Result"], "value": "B", "resultDescription": f"{ACHIEVEMENT_ID}#grade"}
    ]
    assert subject["achievement"]["resultDescription"][0]["id"] == f"{ACHIEVEMENT_ID}#grade"
    assert subject["creditsEarned"] == 5


def test_it_ends_validity_after_the_spec_validity_period(
    spec: MicroCredentialSpec, learner: Learner, result: AssessmentResult
) -> None:
    c = _compose(spec.model_copy(update={"validity_period": "P3Y"}), learner, result)
    assert c["validUntil"] == "2029-06-30T10:00:00Z"


def test_a_month_end_plus_a_month_is_the_last_day_of_the_next_month() -> None:
    assert add_duration(datetime(2026, 1, 31, tzinfo=UTC), "P1M") == datetime(2026, 2, 28, tzinfo=UTC)


def test_it_embeds_a_status_list_entry(
    spec: MicroCredentialSpec, learner: Learner, result: AssessmentResult
) -> None:
    entry = BitstringStatusListEntry(
        status_list_credential="https://micro4asia.example/status/1", status_list_index=42
    )
    c = _compose(spec, learner, result, status=entry)
    assert c["credentialStatus"]["statusListIndex"] == "42"
    assert schema_problems(c) == []
    canonicalize(c)


def test_it_refuses_a_short_salt(
    spec: MicroCredentialSpec, learner: Learner, result: AssessmentResult
) -> None:
    with pytest.raises(IncompleteSpecError, match="salt"):
        compose_credential(
            spec,
            learner,
            result,
            issuer=IssuerProfile.from_spec(spec, did=ISSUER_DID),
            credential_id=CREDENTIAL_ID,
            achievement_id=ACHIEVEMENT_ID,
            issued_at=ISSUED_AT,
            salt="abc",
        )
