"""The VC-API as the W3C test suites use it (vc-tech.md §6–7)."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest
from django.test import Client

from microcred.crypto.keys import Ed25519KeyPair
from microcred.crypto.proofs import ProofOptions, add_proof
from microcred.crypto.signer import KeyPairSigner
from microcred_web.credentials.models import IssuedCredential

pytestmark = pytest.mark.django_db
ISSUER = "did:web:micro4asia.example.org:institutions:muni"


def unsigned(**extra: Any) -> dict[str, Any]:
    return {
        "@context": ["https://www.w3.org/ns/credentials/v2", "https://www.w3.org/ns/credentials/examples/v2"],
        "type": ["VerifiableCredential", "ExampleAlumniCredential"],
        "issuer": ISSUER,
        "validFrom": "2026-01-01T00:00:00Z",
        "credentialSubject": {"id": "did:example:abcdefgh", "alumniOf": "The School of Examples"},
        **extra,
    }


def post(client: Client, path: str, body: Any) -> Any:
    return client.post(path, data=json.dumps(body), content_type="application/json")


def issue(api: Client, credential: dict[str, Any], **options: Any) -> Any:
    return post(api, "/vc-api/credentials/issue", {"credential": credential, "options": options})


def test_issue_answers_201_with_the_signed_credential(api: Client) -> None:
    response = issue(api, unsigned())

    assert response.status_code == 201
    vc = response.json()["verifiableCredential"]
    assert vc["proof"]["type"] == "DataIntegrityProof"
    assert vc["proof"]["cryptosuite"] == "eddsa-rdfc-2022"
    assert vc["proof"]["proofPurpose"] == "assertionMethod"


def test_issue_without_a_token_is_refused_with_401(db: None, muni: Any) -> None:
    response = issue(Client(), unsigned())
    assert response.status_code == 401
    assert not IssuedCredential.objects.exists()


@pytest.mark.parametrize(
    ("change", "where"),
    [
        ({"@context": ["https://www.w3.org/2018/credentials/v1"]}, "@context"),
        ({"type": ["ExampleAlumniCredential"]}, "$.type"),
        ({"issuer": "not a url"}, "$.issuer"),
        ({"credentialSubject": {}}, "$.credentialSubject"),
        ({"validFrom": "2026-01-01"}, "$.validFrom"),
        ({"credentialStatus": {"id": "https://x.example/1"}}, "$.credentialStatus.type"),
    ],
)
def test_issue_answers_400_naming_what_is_malformed(api: Client, change: dict[str, Any], where: str) -> None:
    response = issue(api, unsigned(**change))

    assert response.status_code == 400
    assert where in response.json()["problemDetails"][0]["detail"]


def test_issue_for_another_issuer_is_refused(api: Client) -> None:
    response = issue(api, unsigned(issuer="did:web:elsewhere.example"))
    assert response.status_code == 400
    assert "this token signs for" in response.json()["problemDetails"][0]["detail"]


def test_an_undefined_term_is_reported_instead_of_silently_dropped(api: Client) -> None:
    credential = unsigned()
    credential["@context"] = ["https://www.w3.org/ns/credentials/v2"]
    response = issue(api, credential)
    assert response.status_code == 400
    assert "ExampleAlumniCredential' is not defined" in response.json()["problemDetails"][0]["detail"]


def test_issue_adds_a_status_entry_when_the_options_ask_for_one(api: Client) -> None:
    response = issue(api, unsigned(), credentialStatus={"type": "BitstringStatusListEntry"})

    vc = response.json()["verifiableCredential"]
    entry = vc["credentialStatus"]
    assert entry["type"] == "BitstringStatusListEntry"
    assert entry["statusPurpose"] == "revocation"
    assert entry["statusListIndex"] == "0"
    assert entry["statusListCredential"] == "https://micro4asia.example.org/status/muni/revocation-1"
    assert vc["id"].startswith("urn:uuid:")


def test_issue_fills_in_a_status_entry_that_the_credential_requests(api: Client) -> None:
    credential = unsigned(
        credentialStatus={"type": "BitstringStatusListEntry", "statusPurpose": "suspension"}
    )
    vc = issue(api, credential).json()["verifiableCredential"]
    assert vc["credentialStatus"]["statusListCredential"].endswith("/status/muni/suspension-1")


def test_status_urls_follow_the_public_base_url_behind_a_tls_proxy(api: Client, settings: Any) -> None:
    settings.PUBLIC_BASE_URL = "https://credentials.muni.example"
    vc = issue(
        api,
        unsigned(issuer="did:web:credentials.muni.example:institutions:muni"),
        credentialStatus={"type": "BitstringStatusListEntry"},
    ).json()["verifiableCredential"]
    assert (
        vc["credentialStatus"]["statusListCredential"]
        == "https://credentials.muni.example/status/muni/revocation-1"
    )
    listed = json.loads(Client().get("/status/muni/revocation-1", secure=False).content)
    assert listed["id"] == vc["credentialStatus"]["statusListCredential"]


def test_verify_answers_200_and_ignores_unknown_options(api: Client) -> None:
    vc = issue(api, unsigned()).json()["verifiableCredential"]

    response = post(
        Client(),
        "/vc-api/credentials/verify",
        {"verifiableCredential": vc, "options": {"checks": ["proof"], "anything": 1}},
    )

    assert response.status_code == 200
    body = response.json()
    assert body["verified"] is True
    assert body["problemDetails"] == []


def test_a_tampered_credential_gets_exactly_400_with_a_reason(api: Client) -> None:
    vc = issue(api, unsigned()).json()["verifiableCredential"]
    tampered = copy.deepcopy(vc)
    tampered["credentialSubject"]["alumniOf"] = "A Better School"

    response = post(Client(), "/vc-api/credentials/verify", {"verifiableCredential": tampered, "options": {}})

    assert response.status_code == 400
    body = response.json()
    assert body["verified"] is False
    [problem] = body["problemDetails"]
    assert set(problem) == {"type", "title", "detail"}
    assert "changed after signing" in problem["detail"]


@pytest.mark.parametrize("body", [b"not json", b"[]", b'{"verifiableCredential": 3}'])
def test_unreadable_verify_requests_get_400_with_verified_false(db: None, body: bytes) -> None:
    response = Client().post("/vc-api/credentials/verify", data=body, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["verified"] is False
    assert response.json()["problemDetails"]


def test_a_credential_without_a_proof_is_not_verified(db: None) -> None:
    response = post(Client(), "/vc-api/credentials/verify", {"verifiableCredential": unsigned()})
    assert response.status_code == 400
    assert response.json()["verified"] is False


def test_revoking_through_the_api_makes_verification_fail(api: Client) -> None:
    vc = issue(api, unsigned(), credentialStatus={"type": "BitstringStatusListEntry"}).json()[
        "verifiableCredential"
    ]

    response = post(
        api,
        "/vc-api/credentials/status",
        {
            "credentialId": vc["id"],
            "credentialStatus": {"type": "BitstringStatusListEntry", "statusPurpose": "revocation"},
            "status": True,
        },
    )
    assert response.status_code == 200

    verified = post(Client(), "/vc-api/credentials/verify", {"verifiableCredential": vc})
    assert verified.status_code == 400
    assert "revoked" in verified.json()["problemDetails"][0]["title"]


def test_suspension_through_the_api_can_be_lifted(api: Client) -> None:
    vc = issue(
        api, unsigned(), credentialStatus={"type": "BitstringStatusListEntry", "statusPurpose": "suspension"}
    ).json()["verifiableCredential"]
    change = {
        "credentialId": vc["id"],
        "credentialStatus": {"type": "BitstringStatusListEntry", "statusPurpose": "suspension"},
    }
    assert post(api, "/vc-api/credentials/status", {**change, "status": True}).status_code == 200
    assert post(Client(), "/vc-api/credentials/verify", {"verifiableCredential": vc}).status_code == 400
    assert post(api, "/vc-api/credentials/status", {**change, "status": False}).status_code == 200
    assert post(Client(), "/vc-api/credentials/verify", {"verifiableCredential": vc}).status_code == 200


def test_status_of_an_unknown_credential_is_404_and_without_a_token_401(api: Client) -> None:
    body = {"credentialId": "urn:uuid:nothing", "credentialStatus": {"statusPurpose": "revocation"}}
    assert post(api, "/vc-api/credentials/status", body).status_code == 404
    assert post(Client(), "/vc-api/credentials/status", body).status_code == 401


def test_another_institutions_token_cannot_revoke(api: Client, unisi: Any) -> None:
    from microcred_web.credentials import services

    vc = issue(api, unsigned(), credentialStatus={"type": "BitstringStatusListEntry"}).json()[
        "verifiableCredential"
    ]
    _token, other = services.api_token_create(institution=unisi, name="other")
    response = post(
        Client(HTTP_AUTHORIZATION=f"Bearer {other}"),
        "/vc-api/credentials/status",
        {"credentialId": vc["id"], "credentialStatus": {"statusPurpose": "revocation"}},
    )
    assert response.status_code == 404
    assert IssuedCredential.objects.get(credential_id=vc["id"]).revoked_at is None


def test_a_presentation_with_the_holders_challenge_and_domain_verifies(api: Client) -> None:
    vc = issue(api, unsigned()).json()["verifiableCredential"]
    holder = Ed25519KeyPair.generate()
    signer = KeyPairSigner(holder, holder.public_key.did_key_verification_method)
    vp = {
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        "type": ["VerifiablePresentation"],
        "holder": holder.public_key.did_key,
        "verifiableCredential": [vc],
    }
    options = ProofOptions(proof_purpose="authentication", challenge="c-123", domain="verifier.example")
    signed = add_proof(vp, signer, options=options)

    ok = post(
        Client(),
        "/vc-api/presentations/verify",
        {"verifiablePresentation": signed, "options": {"challenge": "c-123", "domain": "verifier.example"}},
    )
    wrong = post(
        Client(),
        "/vc-api/presentations/verify",
        {"verifiablePresentation": signed, "options": {"challenge": "other", "domain": "verifier.example"}},
    )

    assert ok.status_code == 200, ok.json()
    assert ok.json()["verified"] is True
    assert wrong.status_code == 400
    assert wrong.json()["verified"] is False


def test_status_lists_can_be_created_and_fetched_through_the_api(api: Client) -> None:
    created = post(api, "/vc-api/status-lists", {"statusPurpose": "suspension"})
    assert created.status_code == 201
    path = created["Location"].removeprefix("https://micro4asia.example.org/status/")
    fetched = Client().get(f"/vc-api/status-lists/{path}")
    assert fetched.status_code == 200
    assert fetched["Content-Type"] == "application/vc"
    assert json.loads(fetched.content)["credentialSubject"]["statusPurpose"] == "suspension"


def test_issue_refuses_a_validity_period_that_ends_before_it_starts(api: Client) -> None:
    response = issue(api, unsigned(validUntil="2025-01-01T00:00:00Z"))
    assert response.status_code == 400
    assert "$.validUntil" in response.json()["problemDetails"][0]["detail"]


def test_an_enveloped_vc_jwt_is_verified(issued_jwt: IssuedCredential) -> None:
    enveloped = {
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        "type": "EnvelopedVerifiableCredential",
        "id": "data:application/vc+jwt," + issued_jwt.jws,
    }
    response = post(Client(), "/vc-api/credentials/verify", {"verifiableCredential": enveloped})
    assert response.status_code == 200, response.json()


@pytest.fixture
def issued_jwt(published: Any, muni_admin: Any) -> IssuedCredential:
    from microcred_web.credentials import services
    from tests.web.credentials.conftest import LEARNER, RESULT

    return services.credential_issue(
        version=published, learner=LEARNER, result=RESULT, by=muni_admin, suite="vc-jwt"
    )


def test_a_presentation_signed_by_someone_other_than_its_holder_is_refused(api: Client) -> None:
    vc = issue(api, unsigned()).json()["verifiableCredential"]
    signer_pair, named_holder = Ed25519KeyPair.generate(), Ed25519KeyPair.generate()
    vp = {
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        "type": ["VerifiablePresentation"],
        "holder": named_holder.public_key.did_key,
        "verifiableCredential": [vc],
    }
    signer = KeyPairSigner(signer_pair, signer_pair.public_key.did_key_verification_method)
    signed = add_proof(vp, signer, options=ProofOptions(proof_purpose="authentication", challenge="c"))

    response = post(
        Client(),
        "/vc-api/presentations/verify",
        {"verifiablePresentation": signed, "options": {"challenge": "c"}},
    )

    assert response.status_code == 400
    assert "not signed by its holder" in response.json()["problemDetails"][0]["title"]


def test_a_presentation_without_proof_and_challenge_is_checked_credential_by_credential(api: Client) -> None:
    vc = issue(api, unsigned()).json()["verifiableCredential"]
    tampered = {**vc, "validFrom": "2026-01-02T00:00:00Z"}
    vp = {"@context": ["https://www.w3.org/ns/credentials/v2"], "type": ["VerifiablePresentation"]}

    ok = post(
        Client(),
        "/vc-api/presentations/verify",
        {"verifiablePresentation": {**vp, "verifiableCredential": [vc]}},
    )
    bad = post(
        Client(),
        "/vc-api/presentations/verify",
        {"verifiablePresentation": {**vp, "verifiableCredential": [tampered]}},
    )

    assert ok.status_code == 200
    assert bad.status_code == 400
    assert bad.json()["problemDetails"][0]["detail"].startswith("verifiableCredential[0]")


def test_a_refused_issue_leaves_no_status_index_or_record_behind(api: Client) -> None:
    from microcred_web.credentials.models import StatusList

    credential = unsigned()
    credential["@context"] = ["https://www.w3.org/ns/credentials/v2"]  # ExampleAlumniCredential undefined
    response = issue(api, credential, credentialStatus={"type": "BitstringStatusListEntry"})

    assert response.status_code == 400
    assert not IssuedCredential.objects.exists()
    assert not StatusList.objects.exists()


def test_a_request_larger_than_the_server_accepts_gets_a_json_400(db: None, settings: Any) -> None:
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 100
    response = post(Client(), "/vc-api/credentials/verify", {"verifiableCredential": unsigned()})
    assert response.status_code == 400
    assert response.json()["verified"] is False
    assert "[input.too_large]" in response.json()["problemDetails"][0]["detail"]  # names the limit
    assert "[input.too_large]" in response.json()["problemDetails"][0]["detail"]  # names the limit


def test_a_malformed_credential_is_named_once_per_place_in_the_problem_detail(api: Client) -> None:
    credential = {**unsigned(), "issuer": "not a url", "validFrom": "yesterday"}
    response = issue(api, credential)
    assert response.status_code == 400
    detail = response.json()["problemDetails"][0]["detail"]
    assert detail.startswith("$.issuer: must be a URL")
    assert detail.count("$.issuer") == 1 and "$.validFrom: " in detail
