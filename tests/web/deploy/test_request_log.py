"""One JSON line per request: method, path without secrets, route, status, duration, request id;
the caller's X-Request-ID is kept when it is safe to echo, else a new one is made."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from types import SimpleNamespace
from typing import Any

import pytest
from django.test import Client

from microcred_web.core.security_log import SecurityEvent, security_event


class _Lines(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[dict[str, Any]] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(json.loads(record.getMessage()))


@pytest.fixture
def lines() -> Iterator[list[dict[str, Any]]]:
    logger = logging.getLogger("microcred.request")
    handler, level = _Lines(), logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)
    yield handler.records
    logger.removeHandler(handler)
    logger.setLevel(level)


def test_every_request_writes_one_json_line_and_answers_its_id(client: Client, lines: list[Any]) -> None:
    response = client.get("/healthz?token=s3cr3t-in-a-query")

    (line,) = lines
    assert set(line) == {"at", "request_id", "method", "path", "route", "status", "duration_ms"}
    assert line["method"] == "GET" and line["path"] == "/healthz" and line["status"] == 200
    assert isinstance(line["duration_ms"], float) and line["duration_ms"] >= 0
    assert response["X-Request-ID"] == line["request_id"] and len(line["request_id"]) == 32
    assert "s3cr3t" not in json.dumps(line)


def test_a_callers_request_id_is_kept(client: Client, lines: list[Any]) -> None:
    response = client.get("/healthz", HTTP_X_REQUEST_ID="lb-7f3a9c21-0001")

    assert response["X-Request-ID"] == "lb-7f3a9c21-0001"
    assert lines[0]["request_id"] == "lb-7f3a9c21-0001"


@pytest.mark.parametrize(
    "offered",
    ["short", "x" * 129, "id with spaces", 'id"}, {"forged": "line', "id\u00e9-unicode-12345"],
    ids=["too-short", "too-long", "spaces", "json-injection", "non-ascii"],
)
def test_an_unsafe_request_id_is_replaced_not_echoed(client: Client, lines: list[Any], offered: str) -> None:
    response = client.get("/healthz", HTTP_X_REQUEST_ID=offered)

    assert response["X-Request-ID"] != offered and len(response["X-Request-ID"]) == 32
    assert lines[0]["request_id"] == response["X-Request-ID"]


@pytest.mark.django_db
def test_a_secret_in_the_path_is_withheld_and_the_route_is_named(client: Client, lines: list[Any]) -> None:
    client.get("/accounts/invitations/inv-s3cr3t-t0ken-value/")

    (line,) = lines
    assert line["path"] == "/accounts/invitations/[withheld]/"
    assert line["route"] == "accounts/invitations/<str:token>/"
    assert "s3cr3t" not in json.dumps(line)


class _Levels(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.seen: list[tuple[str, int]] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.seen.append((json.loads(record.getMessage())["path"], record.levelno))


@pytest.mark.django_db
def test_a_page_is_logged_at_info_and_a_probe_at_debug(client: Client, lines: list[Any]) -> None:
    handler = _Levels()
    logging.getLogger("microcred.request").addHandler(handler)
    try:
        client.get("/register/")
        client.get("/readyz")
    finally:
        logging.getLogger("microcred.request").removeHandler(handler)

    assert handler.seen == [("/register/", logging.INFO), ("/readyz", logging.DEBUG)]


def test_a_security_event_names_the_request_it_belongs_to() -> None:
    request = SimpleNamespace(request_id="lb-7f3a9c21-0002", META={"REMOTE_ADDR": "192.0.2.1"})

    record = security_event(SecurityEvent.TOKEN_REJECTED, request=request)

    assert record["request_id"] == "lb-7f3a9c21-0002"
