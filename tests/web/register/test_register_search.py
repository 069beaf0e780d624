"""The register list: search in Vietnamese and Lao, combinable filters, only current versions."""

import re

import pytest
from django.test import Client

from microcred_web.catalogue.models import Status
from tests.web.register import factories as f

pytestmark = pytest.mark.django_db


def _titles(client: Client, query: str) -> list[str]:
    html = client.get("/register/" + query).content.decode()
    return re.findall(r'class="entry-title"><a href="[^"]+" lang="[a-z]+">([^<]+)</a>', html)


@pytest.fixture
def register() -> None:
    f.publish(f.econometrics(), slug="muni")
    f.publish(f.banking_vn(), slug="buh")
    f.publish(f.finance_lao(), slug="nuol")


@pytest.mark.usefixtures("register")
def test_the_register_lists_every_current_published_micro_credential(client: Client) -> None:
    assert sorted(_titles(client, "")) == [
        "Bank financial statements",
        "Digital banking operations",
        "Econometrics in R",
    ]


@pytest.mark.usefixtures("register")
def test_a_vietnamese_title_is_found_with_and_without_diacritics(client: Client) -> None:
    assert _titles(client, "?q=Ngân+hàng+số") == ["Digital banking operations"]
    assert _titles(client, "?q=ngan+hang+so") == ["Digital banking operations"]


@pytest.mark.usefixtures("register")
def test_a_lao_learning_outcome_is_found_by_one_of_its_words(client: Client) -> None:
    assert _titles(client, "?q=ທະນາຄານ") == ["Bank financial statements"]


@pytest.mark.usefixtures("register")
def test_every_query_word_must_match(client: Client) -> None:
    assert _titles(client, "?q=regression+fintech") == []
    assert _titles(client, "?q=regression+econometrics") == ["Econometrics in R"]


@pytest.mark.usefixtures("register")
def test_a_query_word_matches_the_start_of_a_word_not_its_middle(client: Client) -> None:
    assert _titles(client, "?q=econom") == ["Econometrics in R"]
    assert _titles(client, "?q=conometrics") == []


@pytest.mark.usefixtures("register")
@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("?institution=buh", ["Digital banking operations"]),
        ("?country=LA", ["Bank financial statements"]),
        ("?eqf=6&country=CZ", ["Econometrics in R"]),
        ("?credits_min=4.5", ["Econometrics in R"]),
        ("?credits_max=4", ["Bank financial statements", "Digital banking operations"]),
        ("?isced=04", ["Bank financial statements", "Digital banking operations"]),
        ("?isced=0311", ["Econometrics in R"]),
        ("?language=lo", ["Bank financial statements"]),
        ("?language=en", ["Bank financial statements", "Econometrics in R"]),
        ("?mode=online", ["Digital banking operations"]),
        ("?skill=" + f.SKILL, ["Bank financial statements", "Econometrics in R"]),
        ("?skill=ccd0a1d9-afda-43d9-b901-96344886e14d&country=LA", ["Bank financial statements"]),
        ("?q=bank&language=vi&eqf=6", ["Digital banking operations"]),
    ],
)
def test_filters_combine_and_are_read_from_the_url(client: Client, query: str, expected: list[str]) -> None:
    assert sorted(_titles(client, query)) == expected


@pytest.mark.usefixtures("register")
def test_a_malformed_filter_value_is_ignored_rather_than_failing(client: Client) -> None:
    response = client.get("/register/?eqf=twelve&credits_min=lots&skill=nonsense")
    assert response.status_code == 200
    assert len(_titles(client, "?eqf=twelve&credits_min=lots")) == 3


def test_only_the_latest_published_version_is_listed(client: Client) -> None:
    f.publish(f.econometrics(version=1), slug="muni", status=Status.RETIRED)
    f.publish(f.econometrics(version=2, title={"en": "Econometrics in R, second edition"}), slug="muni")
    f.publish(f.econometrics(version=3, title={"en": "Econometrics draft"}), slug="muni", status=Status.DRAFT)
    assert _titles(client, "") == ["Econometrics in R, second edition"]


def test_drafts_and_versions_in_review_are_not_public(client: Client) -> None:
    f.publish(f.banking_vn(), slug="buh", status=Status.IN_REVIEW)
    assert _titles(client, "") == []


@pytest.mark.usefixtures("register")
def test_the_result_count_is_announced_to_screen_readers(client: Client) -> None:
    html = client.get("/register/?country=VN").content.decode()
    assert re.search(r'role="status"[^>]*>1 micro-credential found', html)


def test_results_are_paginated_and_pages_keep_the_filters(client: Client) -> None:
    for n in range(23):
        f.publish(f.banking_vn(code=f"BUH-{n:02}", title={"en": f"Banking {n:02}"}), slug="buh")
    first = client.get("/register/?country=VN").content.decode()
    assert len(_titles(client, "?country=VN")) == 20
    assert 'href="?country=VN&amp;page=2"' in first
    assert len(_titles(client, "?country=VN&page=2")) == 3


@pytest.mark.usefixtures("register")
def test_the_filter_panel_is_open_when_a_filter_is_set_so_a_phone_shows_what_applies(client: Client) -> None:
    assert '<details class="more-filters" data-open-wide>' in client.get("/register/?q=bank").content.decode()
    html = client.get("/register/?country=VN&credits_min=1&credits_max=5").content.decode()
    assert '<details class="more-filters" data-open-wide open>' in html
    assert "Filters (2 set)" in html


def test_the_front_page_leads_to_the_register(client: Client) -> None:
    response = client.get("/")
    assert response.status_code == 200
    assert 'href="/register/"' in response.content.decode()
