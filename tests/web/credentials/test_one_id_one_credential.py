"""One id, one credential (ADR 0607): a credential id is taken once on the whole platform; reuse
is refused (VC-API 409 with a problem detail naming the id, a coded error in the studio) and
nothing is half-written; revoking by id then finds exactly one credential."""

from __future__ import annotations

import json
import threading
import uuid
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.utils import translation

from microcred_web.catalogue.models import MicroCredentialVersion
from microcred_web.credentials import services
from microcred_web.credentials.errors import CredentialIdInUseError
from microcred_web.credentials.messages import error_message
from microcred_web.credentials.models import IssuedCredential, PlatformCredentialId, StatusList
from microcred_web.institutions.models import Institution
from tests.web.credentials.conftest import LEARNER, RESULT
from tests.web.credentials.test_vc_api import issue, post, unsigned

pytestmark = pytest.mark.django_db
REUSED = "urn:uuid:0b2c6f0e-7a51-4c1e-9d3a-5f1e2b7c9a01"
REVOCATION = {"type": "BitstringStatusListEntry", "statusPurpose": "revocation"}


def revocation_list(institution: Institution) -> StatusList:
    return StatusList.objects.get(institution=institution, purpose="revocation")


def assert_refused_as_in_use(response: Any, credential_id: str) -> None:
    assert response.status_code == 409
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["type"] == "urn:microcred:problem:credential-id-in-use"
    assert body["status"] == 409
    assert body["credentialId"] == credential_id
    assert credential_id in body["detail"]
    assert body["problemDetails"] == [{k: v for k, v in body.items() if k != "problemDetails"}]


def test_an_id_issued_through_the_vc_api_is_refused_the_second_time_with_409(api: Client, muni: Any) -> None:
    first = issue(api, unsigned(id=REUSED), credentialStatus=REVOCATION)
    assert first.status_code == 201
    taken = revocation_list(muni).next_index

    second = issue(api, unsigned(id=REUSED, name="Another credential"), credentialStatus=REVOCATION)

    assert_refused_as_in_use(second, REUSED)
    assert IssuedCredential.objects.filter(credential_id=REUSED).count() == 1
    assert revocation_list(muni).next_index == taken  # no status-list index consumed
    assert PlatformCredentialId.objects.filter(credential_id=REUSED).count() == 1


def test_an_id_given_as_options_credential_id_is_refused_the_same_way(api: Client) -> None:
    assert issue(api, unsigned(), credentialId=REUSED).status_code == 201

    assert_refused_as_in_use(issue(api, unsigned(), credentialId=REUSED), REUSED)
    assert_refused_as_in_use(issue(api, unsigned(id=REUSED)), REUSED)
    assert IssuedCredential.objects.count() == 1


def test_another_institution_cannot_take_an_id_already_issued_here(api: Client, unisi: Institution) -> None:
    assert issue(api, unsigned(id=REUSED)).status_code == 201
    _token, plain = services.api_token_create(institution=unisi, name="siena client")
    siena = Client(HTTP_AUTHORIZATION=f"Bearer {plain}")

    response = issue(siena, unsigned(id=REUSED, issuer="did:web:micro4asia.example.org:institutions:unisi"))

    assert_refused_as_in_use(response, REUSED)
    assert not IssuedCredential.objects.filter(institution=unisi).exists()


def test_the_id_of_a_studio_credential_cannot_be_reused_through_the_vc_api(
    api: Client, issued: IssuedCredential
) -> None:
    response = issue(api, unsigned(id=issued.credential_id), credentialStatus=REVOCATION)

    assert_refused_as_in_use(response, issued.credential_id)
    assert IssuedCredential.objects.get(credential_id=issued.credential_id) == issued


def test_credentials_without_an_id_are_not_in_each_others_way(api: Client) -> None:
    # Without a status entry (the default adds one, and an id with it) the credential has no id.
    assert issue(api, unsigned(), credentialStatus=False).status_code == 201
    assert issue(api, unsigned(), credentialStatus=False).status_code == 201
    assert IssuedCredential.objects.filter(credential_id="").count() == 2
    assert not PlatformCredentialId.objects.exists()


def test_an_id_longer_than_the_column_is_refused_with_400_naming_the_limit(api: Client) -> None:
    long_id = "urn:example:" + "x" * 600
    response = issue(api, unsigned(id=long_id))

    assert response.status_code == 400
    assert "at most 500" in response.json()["problemDetails"][0]["detail"]
    assert not IssuedCredential.objects.exists()


def test_revoking_by_id_after_a_refused_reuse_revokes_the_one_credential(api: Client) -> None:
    vc = issue(api, unsigned(id=REUSED), credentialStatus=REVOCATION).json()["verifiableCredential"]
    assert issue(api, unsigned(id=REUSED), credentialStatus=REVOCATION).status_code == 409

    response = post(
        api, "/vc-api/credentials/status", {"credentialId": REUSED, "credentialStatus": REVOCATION}
    )

    assert response.status_code == 200 and response.json()["revoked"] is True
    (only,) = IssuedCredential.objects.filter(credential_id=REUSED)
    assert only.revoked_at is not None
    assert post(Client(), "/vc-api/credentials/verify", {"verifiableCredential": vc}).status_code == 400


def test_a_studio_id_already_taken_is_a_coded_error_and_nothing_is_written(
    published: MicroCredentialVersion, muni_admin: Any, muni: Institution, monkeypatch: Any
) -> None:
    services.credential_issue(version=published, learner=LEARNER, result=RESULT, by=muni_admin)
    taken = revocation_list(muni).next_index
    # A fresh uuid4 never collides; give the next studio credential an id the VC-API holds.
    clash = uuid.UUID("7d0c6b1e-2f3a-4b5c-8d9e-0a1b2c3d4e5f")
    services.credential_id_claim(credential_id=f"urn:uuid:{clash}", source="vc-api", record_uuid=uuid.uuid4())
    monkeypatch.setattr(IssuedCredential._meta.get_field("uuid"), "_get_default", lambda: clash)

    with pytest.raises(CredentialIdInUseError) as raised:
        services.credential_issue(version=published, learner=LEARNER, result=RESULT, by=muni_admin)

    assert raised.value.code == "CREDENTIAL_ID_IN_USE"
    assert raised.value.credential_id == f"urn:uuid:{clash}"
    assert IssuedCredential.objects.count() == 1
    assert revocation_list(muni).next_index == taken
    with translation.override("vi"):
        said = error_message(raised.value)
    assert f"urn:uuid:{clash}" in said and "đã được dùng" in said


def test_the_studio_page_says_a_taken_id_in_the_users_language(
    published: MicroCredentialVersion, muni_admin: Any, monkeypatch: Any
) -> None:
    clash = uuid.UUID("7d0c6b1e-2f3a-4b5c-8d9e-0a1b2c3d4e5f")
    services.credential_id_claim(credential_id=f"urn:uuid:{clash}", source="vc-api", record_uuid=uuid.uuid4())
    monkeypatch.setattr(IssuedCredential._meta.get_field("uuid"), "_get_default", lambda: clash)
    client = Client()
    client.force_login(muni_admin)

    response = client.post(
        "/studio/issue/",
        {
            "version": published.pk,
            "display_name": "Lan Nguyen",
            "email": "lan@example.org",
            "did": "",
            "grade": "A",
            "grading_scheme": "ECTS",
            "awarded_on": "2026-06-30",
            "suite": "eddsa-rdfc-2022",
        },
        HTTP_ACCEPT_LANGUAGE="lo",
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert f"urn:uuid:{clash}" in html and "ຖືກໃຊ້ແລ້ວ" in html
    assert not IssuedCredential.objects.exists()


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs concurrent writers (PostgreSQL)")
def test_of_two_concurrent_issues_of_one_id_the_database_lets_one_win_and_the_other_gets_409(
    muni: Institution,
) -> None:
    _token, plain = services.api_token_create(institution=muni, name="racing client")
    start = threading.Barrier(2)
    statuses: list[int] = []

    def racer(name: str) -> None:
        try:
            client = Client(HTTP_AUTHORIZATION=f"Bearer {plain}")
            start.wait(timeout=10)
            body = {"credential": unsigned(id=REUSED, name=name), "options": {"credentialStatus": REVOCATION}}
            response = client.post(
                "/vc-api/credentials/issue", data=json.dumps(body), content_type="application/json"
            )
            statuses.append(response.status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=racer, args=(n,)) for n in ("first", "second")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert sorted(statuses) == [201, 409]
    assert IssuedCredential.objects.filter(credential_id=REUSED).count() == 1
    assert revocation_list(muni).next_index == 1
