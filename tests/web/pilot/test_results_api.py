"""The results API for student-information systems: a VC-API bearer token of the offering's
institution with the scope ``results``; every item validated; all written or none; sending
again updates; every refusal a clear status, never a 500."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from microcred_web.credentials.api_tokens import api_token_create
from microcred_web.institutions.models import Institution
from microcred_web.pilot.models import Enrolment, Offering

pytestmark = pytest.mark.django_db

ITEMS = [
    {
        "external_id": "NEU27001",
        "given_names": "Văn An",
        "family_name": "Nguyễn",
        "email": "an.nguyen@st.neu.edu.vn",
        "grade": 8.5,
        "assessed_on": "2026-11-20",
        "supervision_applied": "supervised_with_id",
    },
    {
        "external_id": "NEU27002",
        "given_names": "Thị Hương",
        "family_name": "Trần",
        "email": "huong@st.neu.edu.vn",
        "grade": "C",
    },
]


def token_for(institution: Institution, scopes: list[str] | None = None) -> str:
    _token, plain = api_token_create(institution=institution, name="SIS", scopes=scopes or ["results"])
    return plain


def post(offering: Offering, body: Any, token: str | None, content_type: str = "application/json") -> Any:
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}
    data = body if isinstance(body, bytes) else json.dumps(body)
    return Client().post(
        f"/api/pilot/offerings/{offering.pk}/results", data, content_type=content_type, **headers
    )


def test_a_student_information_system_sends_results_and_sending_again_updates(
    neu_offering: Offering, neu: Institution
) -> None:
    token = token_for(neu)
    first = post(neu_offering, {"supervision_applied": "supervised_no_id", "results": ITEMS}, token)
    assert first.status_code == 200, first.content
    assert first.json() | {"import": 0} == {
        "offering": neu_offering.pk,
        "import": 0,
        "rows": 2,
        "created": 2,
        "updated": 0,
        "grading_table_version": "2026-12-07",
    }
    second = post(neu_offering, {"results": [{**ITEMS[0], "grade": "9"}]}, token)
    assert second.json()["updated"] == 1 and Enrolment.objects.count() == 2
    an = Enrolment.objects.get(external_id="NEU27001")
    assert (an.grade, an.full_name) == ("9", "Nguyễn Văn An")
    assert Enrolment.objects.get(external_id="NEU27002").supervision_applied == "supervised_no_id"


def test_one_bad_item_refuses_them_all_with_row_column_and_code(
    neu_offering: Offering, neu: Institution
) -> None:
    bad = [*ITEMS, {**ITEMS[0], "external_id": "NEU27003", "grade": "=1+1", "email": "nope"}]
    response = post(neu_offering, {"results": bad}, token_for(neu))
    assert response.status_code == 400
    assert {(p["row"], p["column"], p["code"]) for p in response.json()["problems"]} == {
        (3, "grade", "grade.not_in_scheme"),
        (3, "email", "email.invalid"),
    }
    assert Enrolment.objects.count() == 0


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ({"results": "all of them"}, "body.shape"),
        ({"results": [["NEU1"]]}, "value.not_an_object"),
        ({"results": [{**ITEMS[0], "nickname": "An"}]}, "column.unknown"),
        (b'{"results": ' + b"[" * 100 + b"]" * 100 + b"}", "input.too_deep"),
        (b"not json", "input.not_json"),
    ],
)
def test_a_malformed_body_is_a_400_naming_the_problem(
    neu_offering: Offering, neu: Institution, body: Any, code: str
) -> None:
    response = post(neu_offering, body, token_for(neu))
    assert response.status_code == 400
    assert code in {p["code"] for p in response.json()["problems"]}


def test_tokens_are_checked_for_scope_institution_and_presence(
    neu_offering: Offering, neu: Institution, nuol: Institution
) -> None:
    assert post(neu_offering, {"results": ITEMS}, None).status_code == 401
    assert post(neu_offering, {"results": ITEMS}, "mcvc_forged").status_code == 401
    assert post(neu_offering, {"results": ITEMS}, token_for(neu, ["issue"])).status_code == 403
    assert post(neu_offering, {"results": ITEMS}, token_for(nuol)).status_code == 404
    assert post(neu_offering, b"a,b", token_for(neu), content_type="text/csv").status_code == 415
    assert Enrolment.objects.count() == 0


def test_problems_are_worded_in_the_language_the_client_asks_for(
    neu_offering: Offering, neu: Institution
) -> None:
    bad = [{**ITEMS[0], "grade": "11"}]
    response = Client().post(
        f"/api/pilot/offerings/{neu_offering.pk}/results",
        json.dumps({"results": bad}),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token_for(neu)}",
        HTTP_ACCEPT_LANGUAGE="lo",
    )
    (problem,) = response.json()["problems"]
    assert problem["code"] == "grade.not_in_scheme" and "ບໍ່ແມ່ນຄະແນນຂອງລະບົບ" in problem["message"]


@pytest.mark.parametrize("size", [2 * 1024 * 1024 + 10, 3 * 1024 * 1024])
def test_an_oversized_body_is_a_400_naming_the_limit(
    neu_offering: Offering, neu: Institution, size: int
) -> None:
    body = b'{"results": [], "padding": "' + b"x" * size + b'"}'
    response = post(neu_offering, body, token_for(neu))
    assert response.status_code == 400
    assert response.json()["problems"][0]["code"] == "input.too_large"


def test_the_results_api_is_described_in_the_openapi_document(db: None) -> None:
    schema = Client().get("/api/openapi.json").json()
    operation = schema["paths"]["/api/pilot/offerings/{id}/results"]["post"]
    assert operation["security"] == [{"VcApiToken": []}]
    assert set(operation["responses"]) == {"200", "400", "401", "403", "404", "415"}
