"""Public API: /api/institutions, /api/micro-credentials (filters, pages), one version by uuid."""

import pytest
from django.test import Client

from microcred_web.catalogue.models import Status
from tests.web.register import factories as f

pytestmark = pytest.mark.django_db


def test_the_institutions_endpoint_lists_institutions_with_their_published_counts(client: Client) -> None:
    f.publish(f.finance_lao(), slug="nuol")
    f.institution("muni")
    data = client.get("/api/institutions").json()
    assert data["count"] == 2
    by_slug = {i["slug"]: i for i in data["results"]}
    assert by_slug["nuol"]["published_micro_credentials"] == 1
    assert by_slug["nuol"]["credit_system"] == "LA-CR"


def test_the_micro_credentials_endpoint_applies_the_register_filters(client: Client) -> None:
    f.publish(f.econometrics(), slug="muni")
    f.publish(f.banking_vn(), slug="buh")
    f.publish(f.finance_lao(), slug="nuol")
    data = client.get("/api/micro-credentials", {"q": "ngan hang"}).json()
    assert [r["code"] for r in data["results"]] == ["BUH-DIGIBANK"]
    data = client.get("/api/micro-credentials", {"country": "LA", "language": "lo"}).json()
    assert [r["code"] for r in data["results"]] == ["NUOL-BANKFIN"]
    assert data["results"][0]["title"]["lo"] == "ການວິເຄາະງົບການເງິນທະນາຄານ"


def test_the_micro_credentials_endpoint_is_paginated_with_next_and_previous(client: Client) -> None:
    for n in range(21):
        f.publish(f.banking_vn(code=f"BUH-{n:02}"), slug="buh")
    first = client.get("/api/micro-credentials", {"country": "VN"}).json()
    assert first["count"] == 21
    assert len(first["results"]) == 20
    assert first["previous"] is None
    assert first["next"].endswith("/api/micro-credentials?country=VN&page=2")
    second = client.get("/api/micro-credentials", {"country": "VN", "page": 2}).json()
    assert len(second["results"]) == 1
    assert second["next"] is None


def test_a_page_past_the_end_is_not_found(client: Client) -> None:
    f.publish(f.banking_vn(), slug="buh")
    response = client.get("/api/micro-credentials", {"page": 5})
    assert response.status_code == 404
    assert "page 5 does not exist" in response.json()["detail"]


def test_one_version_comes_with_its_specification(client: Client) -> None:
    v = f.publish(f.econometrics(), slug="muni")
    data = client.get(f"/api/micro-credentials/{v.uuid}").json()
    assert data["code"] == "MUNI-ECON-R"
    assert data["spec"]["format"] == "microcred-spec"
    assert data["recognitions"] == []
    assert data["stable_url"].endswith("/register/muni/MUNI-ECON-R/")
    assert data["elm_url"].endswith(f"/register/{v.uuid}/elm.jsonld")
    assert data["achievement_url"].endswith(f"/register/{v.uuid}/achievement.json")


def test_a_draft_is_not_served_by_the_api(client: Client) -> None:
    v = f.publish(f.econometrics(), slug="muni", status=Status.DRAFT)
    assert client.get(f"/api/micro-credentials/{v.uuid}").status_code == 404
    assert client.get("/api/micro-credentials").json()["count"] == 0


def test_the_openapi_document_describes_the_public_endpoints(client: Client) -> None:
    paths = client.get("/api/openapi.json").json()["paths"]
    assert {"/api/institutions", "/api/micro-credentials", "/api/micro-credentials/{uuid}"} <= set(paths)
    assert client.get("/api/docs").status_code == 200
