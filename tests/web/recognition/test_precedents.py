"""The precedents register: decided cases only, anonymised, searchable; ``GET
/api/recognition/precedents`` is stable, paginated and filters by source, host, code, outcome
and purpose."""

from __future__ import annotations

import json
from typing import Any

from django.test import Client

from microcred_web.recognition import api as precedents_api
from tests.web.recognition.conftest import decided_case, imported_case, make_user

KEYS = {
    "reference",
    "source_institutions",
    "micro_credential_codes",
    "micro_credential_titles",
    "host_institution",
    "purpose",
    "outcome",
    "credits",
    "credit_system",
    "target_component",
    "decision_date",
    "agreement",
    "appealed",
}


def all_decided(consortium: Any, officers: Any, learner: Any) -> dict[str, Any]:
    cases = {
        name: decided_case(name, host, consortium, officers, applicant=learner)
        for name, host in (("E1", "neu"), ("E2", "unisi"), ("E3", "buh"), ("E5", "unidu"), ("E6", "unisi"))
    }
    imported_case("E4", "muni", consortium, officers)  # proposed, not decided: no precedent
    return cases


def get(params: dict[str, Any] | None = None) -> dict[str, Any]:
    response = Client().get("/api/recognition/precedents", params or {})
    assert response.status_code == 200, response.content
    data: dict[str, Any] = response.json()
    return data


def test_the_api_lists_only_decided_cases_with_the_stable_keys(
    consortium: Any, officers: Any, learner: Any
) -> None:
    all_decided(consortium, officers, learner)
    data = get()
    assert data["count"] == 5 and data["next"] is None and data["previous"] is None
    assert {r["outcome"] for r in data["results"]} == {"FULL", "PARTIAL", "NOT_RECOGNISED"}
    for row in data["results"]:
        assert set(row) == KEYS
        assert set(row["target_component"]) == {"id", "title", "credits", "credit_system", "level"}
    e2 = next(r for r in data["results"] if r["host_institution"] == "unisi" and r["outcome"] == "PARTIAL")
    assert e2["credits"] == "4" and e2["credit_system"] == "IT-CFU"
    assert e2["target_component"]["title"] == "Banking and Financial Intermediaries"
    assert e2["agreement"] == "UEH-UNISI@1" and e2["source_institutions"] == ["ueh"]


def test_the_api_carries_no_learner_data(consortium: Any, officers: Any, learner: Any) -> None:
    cases = all_decided(consortium, officers, learner)
    text = json.dumps(get())
    for case in cases.values():
        assert f'"{case.learner_ref}"' not in text and f'"{case.reference}"' not in text
    assert learner.username not in text and learner.email not in text
    assert "learner" not in text and "applicant" not in text and "holder" not in text


def test_the_api_filters_by_source_host_code_outcome_and_purpose(
    consortium: Any, officers: Any, learner: Any
) -> None:
    all_decided(consortium, officers, learner)
    assert get({"host": "unisi"})["count"] == 2
    assert get({"source": "ueh"})["count"] == 2  # E2 and the UEH component of E6
    assert get({"source": "ue"})["count"] == 0  # whole slugs, not prefixes
    assert get({"outcome": "NOT_RECOGNISED"})["count"] == 2
    assert get({"purpose": "ELECTIVE_CREDIT"})["count"] == 1  # E3
    assert get({"host": "unisi", "outcome": "FULL"})["count"] == 1
    code = get({"host": "neu"})["results"][0]["micro_credential_codes"][0]
    assert get({"code": code})["count"] == 1


def test_the_api_refuses_unknown_values_and_pages(consortium: Any, officers: Any, learner: Any) -> None:
    assert Client().get("/api/recognition/precedents", {"outcome": "MAYBE"}).status_code == 400
    assert Client().get("/api/recognition/precedents", {"page": 3}).status_code == 404


def test_the_api_is_paginated(consortium: Any, officers: Any, learner: Any, monkeypatch: Any) -> None:
    all_decided(consortium, officers, learner)
    monkeypatch.setattr(precedents_api, "PAGE_SIZE", 2)
    first = get({"host": "unisi", "page": 1})
    assert first["count"] == 2 and first["next"] is None
    page1 = get()
    assert len(page1["results"]) == 2 and page1["next"].endswith("page=2")
    page3 = get({"page": 3})
    assert len(page3["results"]) == 1 and page3["next"] is None and page3["previous"].endswith("page=2")


def test_the_precedents_page_is_public_and_searchable(consortium: Any, officers: Any, learner: Any) -> None:
    all_decided(consortium, officers, learner)
    html = Client().get("/recognition/precedents/", {"q": "Banking"}).content.decode()
    assert "Banking and Financial Intermediaries" in html
    assert "Applied Econometrics" not in html
    anyone = make_user("visitor")
    assert anyone.username not in html
