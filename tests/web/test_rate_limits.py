"""The public endpoints that cost work are metered per client: the request past the limit gets
429 with Retry-After, a page for people and a problem detail for API clients (issue 9 item 3,
ADR 0320). Each test sets small limits; the test settings keep them out of every other test."""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client

from microcred_web.core.rate_limits import PROBLEM_TYPE
from tests.web.csp_checks import header_problems, page_problems

pytestmark = pytest.mark.django_db

ALICE, BOB = "203.0.113.5", "198.51.100.7"
PROXY = "10.0.0.2"


@pytest.fixture(autouse=True)
def _small_limits(settings: Any) -> Iterator[None]:
    settings.MICROCRED_RATE_LIMITS = {
        "verify": "3/m",
        "vc_api_verify": "2/m",
        "register_search": "2/m",
        "register_export": "1/h",
    }
    settings.MICROCRED_TRUSTED_PROXIES = []
    cache.clear()
    yield
    cache.clear()


def verify(client: Client, addr: str = ALICE, **extra: Any) -> Any:
    return client.post("/verify/", {"credential": "{}"}, REMOTE_ADDR=addr, **extra)


def vc_api(client: Client, path: str, addr: str = ALICE) -> Any:
    return client.post(path, "{}", content_type="application/json", REMOTE_ADDR=addr)


def test_the_request_past_the_limit_gets_429_with_retry_after_and_a_page_saying_when(client: Client) -> None:
    answered = [verify(client).status_code for _ in range(3)]
    assert 429 not in answered
    refused = verify(client)
    assert refused.status_code == 429
    assert 1 <= int(refused["Retry-After"]) <= 60
    html = refused.content.decode()
    assert "Too many requests" in html
    assert f"{refused['Retry-After']} second" in html
    problems, nonce = header_problems(refused)
    assert problems == []
    assert page_problems(html, nonce) == []


def test_the_page_is_in_the_visitors_language(client: Client) -> None:
    for _ in range(3):
        verify(client)
    assert "Quá nhiều yêu cầu" in verify(client, HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    assert "ຄຳຮ້ອງຂໍຫຼາຍເກີນໄປ" in verify(client, HTTP_ACCEPT_LANGUAGE="lo").content.decode()


def test_another_client_is_not_affected(client: Client) -> None:
    for _ in range(4):
        verify(client)
    assert verify(client).status_code == 429
    assert verify(client, BOB).status_code != 429


def test_looking_at_the_verifier_is_not_counted_only_checking_is(client: Client) -> None:
    for _ in range(10):
        assert client.get("/verify/", REMOTE_ADDR=ALICE).status_code == 200
    assert verify(client).status_code != 429


def test_a_forged_x_forwarded_for_from_an_untrusted_peer_gives_no_new_identity(client: Client) -> None:
    for n in range(3):
        verify(client, HTTP_X_FORWARDED_FOR=f"192.0.2.{n}")
    assert verify(client, HTTP_X_FORWARDED_FOR="192.0.2.99").status_code == 429


def test_a_trusted_proxys_x_forwarded_for_names_the_client(client: Client, settings: Any) -> None:
    settings.MICROCRED_TRUSTED_PROXIES = ["10.0.0.0/8"]
    for _ in range(3):
        verify(client, PROXY, HTTP_X_FORWARDED_FOR=ALICE)
    assert verify(client, PROXY, HTTP_X_FORWARDED_FOR=ALICE).status_code == 429
    # Bob behind the same proxy is another client; Alice prepending a made-up hop is still Alice.
    assert verify(client, PROXY, HTTP_X_FORWARDED_FOR=BOB).status_code != 429
    assert verify(client, PROXY, HTTP_X_FORWARDED_FOR=f"192.0.2.1, {ALICE}").status_code == 429


def test_the_vc_api_verify_endpoints_answer_a_problem_detail(client: Client) -> None:
    assert vc_api(client, "/vc-api/credentials/verify").status_code == 400
    assert vc_api(client, "/vc-api/presentations/verify").status_code == 400  # one scope for both
    refused = vc_api(client, "/vc-api/credentials/verify")
    assert refused.status_code == 429
    assert refused["Content-Type"].startswith("application/json")
    assert 1 <= int(refused["Retry-After"]) <= 60
    [problem] = json.loads(refused.content)["problemDetails"]
    assert problem["type"] == PROBLEM_TYPE == "urn:microcred:problem:rate-limited"
    assert problem["title"] == "Too many requests"
    assert refused["Retry-After"] in problem["detail"]
    assert vc_api(client, "/vc-api/presentations/verify").status_code == 429
    assert vc_api(client, "/vc-api/credentials/verify", BOB).status_code == 400
    described = json.loads(client.get("/api/openapi.json").content)["paths"]
    for path in ("/vc-api/credentials/verify", "/vc-api/presentations/verify"):
        assert "Retry-After" in described[path]["post"]["responses"]["429"]["headers"]


def test_the_register_search_and_its_api_share_a_limit_and_the_export_has_its_own(client: Client) -> None:
    assert client.get("/register/?q=economics", REMOTE_ADDR=ALICE).status_code == 200
    assert client.get("/api/micro-credentials?q=economics", REMOTE_ADDR=ALICE).status_code == 200
    assert client.get("/register/", REMOTE_ADDR=ALICE).status_code == 429
    api = client.get("/api/micro-credentials", REMOTE_ADDR=ALICE)
    assert api.status_code == 429
    assert json.loads(api.content)["problemDetails"][0]["type"] == PROBLEM_TYPE
    assert client.get("/register.csv", REMOTE_ADDR=ALICE).status_code == 200
    export = client.get("/register.csv?country=VN", REMOTE_ADDR=ALICE)
    assert export.status_code == 429
    # the export's window is the hour (fixed windows, aligned to the clock): Retry-After is what is
    # left of it, which is at most a minute in the last minute of an hour, so compare with the clock
    left_of_hour = 3600 - int(time.time()) % 3600
    assert abs(int(export["Retry-After"]) - left_of_hour) <= 2
    # the whole-register files share the export's limit (ADR 1521, 1522)
    assert client.get("/register/elm.jsonld", REMOTE_ADDR=ALICE).status_code == 429
    assert client.get("/sitemap.xml", REMOTE_ADDR=ALICE).status_code == 429
    assert client.get("/institutions/", REMOTE_ADDR=ALICE).status_code == 200  # not metered


def test_a_scope_can_be_switched_off(client: Client, settings: Any) -> None:
    settings.MICROCRED_RATE_LIMITS = {"verify": "off"}
    assert all(verify(client).status_code != 429 for _ in range(5))


def test_the_first_refusal_in_a_window_is_a_security_event(
    client: Client, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO, logger="microcred.security"):
        for _ in range(6):
            verify(client)
    lines = [json.loads(r.getMessage()) for r in caplog.records if r.name == "microcred.security"]
    assert len(lines) == 1  # three refusals, one line
    assert lines[0]["event"] == "request.rate_limited"
    assert lines[0]["client"] == ALICE
    assert lines[0]["scope"] == "verify"
    assert lines[0]["limit"] == "3/60s"
