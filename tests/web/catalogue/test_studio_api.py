"""The studio API: drafts from exchange-format JSON, workflow transitions and comments, with
clear answers for bad input and impossible steps."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from microcred_web.catalogue.models import MicroCredential, Status
from microcred_web.institutions.models import Institution
from tests.web.accounts.factories import conformant_spec, make_version


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _post(client: Client, url: str, body: Any) -> Any:
    data = body if isinstance(body, str) else json.dumps(body)
    return client.post(url, data=data, content_type="application/json")


def test_it_creates_a_draft_and_reports_its_conformance(muni: Institution, staff: dict[str, Any]) -> None:
    response = _post(_client(staff["designer"]), "/api/studio/micro-credentials", conformant_spec())
    body = response.json()
    assert response.status_code == 201
    assert (body["code"], body["version"], body["status"]) == ("MUNI-ECON-R", 1, "draft")
    assert body["conformance"]["conformant"] is True
    assert set(body["actions"]) == {"submit", "edit_draft", "comment"}


def test_a_draft_may_be_incomplete_but_the_findings_say_what_is_missing(
    muni: Institution, staff: dict[str, Any]
) -> None:
    response = _post(
        _client(staff["designer"]), "/api/studio/micro-credentials", {"code": "X1", "title": {"en": "Draft"}}
    )
    body = response.json()
    assert response.status_code == 201
    assert body["conformance"]["conformant"] is False
    assert "EU-M6-MISSING" in {f["code"] for f in body["conformance"]["findings"]}


@pytest.mark.parametrize(
    ("body", "path", "message"),
    [
        ('{"code": "X", ', "(body)", "not valid JSON"),
        ({"code": "X", "workload": {"hours": "many"}}, "workload.hours", ""),
        ({"code": "X", "colour": "blue"}, "colour", "unknown element 'colour'"),
    ],
)
def test_it_answers_400_with_the_problems_and_saves_nothing(
    muni: Institution, staff: dict[str, Any], body: Any, path: str, message: str
) -> None:
    response = _post(_client(staff["designer"]), "/api/studio/micro-credentials", body)
    findings = response.json()["findings"]
    assert response.status_code == 400
    assert any(f["path"] == path and message in f["message"] for f in findings), findings
    assert MicroCredential.objects.count() == 0


def test_an_impossible_transition_is_409_and_changes_nothing(
    muni: Institution, staff: dict[str, Any]
) -> None:
    version = make_version(muni, status=Status.DRAFT, by=staff["designer"])
    response = _post(
        _client(staff["admin"]), f"/api/studio/versions/{version.uuid}/transitions", {"action": "publish"}
    )
    version.refresh_from_db()
    assert response.status_code == 409
    assert "it is draft" in response.json()["detail"]
    assert version.status == Status.DRAFT


def test_publishing_a_non_conformant_version_is_409_with_the_findings(
    muni: Institution, staff: dict[str, Any]
) -> None:
    spec = conformant_spec()
    del spec["level"]
    version = make_version(muni, status=Status.APPROVED, by=staff["designer"], spec=spec)
    response = _post(
        _client(staff["admin"]), f"/api/studio/versions/{version.uuid}/transitions", {"action": "publish"}
    )
    assert response.status_code == 409
    assert {f["code"] for f in response.json()["findings"]} == {"EU-M8-MISSING"}


def test_an_unknown_action_is_400(muni: Institution, staff: dict[str, Any]) -> None:
    version = make_version(muni, status=Status.DRAFT, by=staff["designer"])
    response = _post(
        _client(staff["designer"]), f"/api/studio/versions/{version.uuid}/transitions", {"action": "teleport"}
    )
    assert response.status_code == 400
    assert "teleport" in response.json()["detail"]


def test_editing_a_submitted_version_is_409(muni: Institution, staff: dict[str, Any]) -> None:
    version = make_version(muni, status=Status.SUBMITTED, by=staff["designer"])
    response = _client(staff["designer"]).put(
        f"/api/studio/versions/{version.uuid}",
        data=json.dumps(conformant_spec()),
        content_type="application/json",
    )
    assert response.status_code == 409
    assert "only drafts can be edited" in response.json()["detail"]


def test_without_a_session_the_api_answers_401(muni: Institution) -> None:
    assert Client().get("/api/studio/micro-credentials").status_code == 401


def test_with_a_session_unsafe_methods_need_the_csrf_token(muni: Institution, staff: dict[str, Any]) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(staff["designer"])
    response = _post(client, "/api/studio/micro-credentials", conformant_spec())
    assert response.status_code == 403
    assert MicroCredential.objects.count() == 0


def test_the_studio_endpoints_are_in_the_openapi_document(db: None) -> None:
    paths = Client().get("/api/openapi.json").json()["paths"]
    assert {
        "/api/studio/micro-credentials",
        "/api/studio/versions/{uuid}",
        "/api/studio/versions/{uuid}/transitions",
        "/api/studio/versions/{uuid}/comments",
    } <= set(paths)
