"""/healthz says the process answers without touching the database; /readyz says whether it can
serve (database, migrations, key store, queue) and never why not: the reason goes to the log."""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any

import pytest
from django.db import OperationalError
from django.test import Client

from microcred.crypto.key_provider import InMemoryKeyProvider
from microcred_web.core import health
from microcred_web.credentials import services
from microcred_web.credentials.identity import use_key_provider
from microcred_web.institutions.models import Institution


@pytest.fixture(autouse=True)
def _empty_key_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    keys = tmp_path / "keys"
    keys.mkdir(mode=0o700)
    monkeypatch.setenv("MICROCRED_KEY_DIR", str(keys))
    monkeypatch.setattr(health, "_migrations_applied", False)


def test_healthz_answers_without_the_database(client: Client) -> None:
    # No django_db mark: any query here would fail the test.
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert response["Cache-Control"] == "no-store"


def test_probes_are_answered_for_any_host_over_plain_http_and_never_rate_limited(settings: Any) -> None:
    settings.SECURE_SSL_REDIRECT = True
    settings.MICROCRED_RATE_LIMITS = dict.fromkeys(settings.MICROCRED_RATE_LIMITS, "1/m")
    probe = Client(HTTP_HOST="10.1.2.3:8000")  # the load balancer asks the process by its address

    statuses = [probe.get("/healthz").status_code for _ in range(3)]

    assert statuses == [200, 200, 200]


def test_a_probe_takes_only_get_and_head(client: Client) -> None:
    response = client.post("/healthz")

    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD"


@pytest.mark.django_db
def test_readyz_is_ready_on_a_migrated_database_with_its_keys(client: Client) -> None:
    response = client.get("/readyz")

    assert response.status_code == 200
    assert response.json() == {
        "status": "ready",
        "checks": {"database": "ok", "migrations": "ok", "key_store": "ok", "queue": "skipped"},
    }


@pytest.mark.django_db
def test_readyz_is_not_ready_when_a_key_the_database_names_is_missing_from_the_store(client: Client) -> None:
    # A restore that brought the database back but not the key store (docs/operations.md).
    institution = Institution.objects.create(slug="muni", name={"en": "Masaryk University"}, country="CZ")
    use_key_provider(InMemoryKeyProvider())
    try:
        services.institution_key_create(institution=institution)
    finally:
        use_key_provider(None)

    response = client.get("/readyz")

    assert response.status_code == 503
    assert response.json()["checks"]["key_store"] == "failed"


@pytest.mark.django_db
def test_readyz_says_a_queue_failed_but_not_where_it_is(
    client: Client, settings: Any, caplog: pytest.LogCaptureFixture
) -> None:
    pytest.importorskip("redis")
    settings.MICROCRED_TASKS_BACKEND = "rq"
    settings.MICROCRED_REDIS_URL = "redis://127.0.0.1:1/0"  # nothing listens on port 1

    with caplog.at_level(logging.WARNING, logger="microcred.health"):
        response = client.get("/readyz")

    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "not ready" and body["checks"]["queue"] == "failed"
    assert "127.0.0.1" not in response.content.decode() and "Error" not in response.content.decode()
    assert "queue check failed" in caplog.text


def test_readyz_without_a_database_fails_without_leaking_the_drivers_message(
    client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse() -> str:
        raise OperationalError(
            'connection to server at "10.9.8.7", port 5432 failed: password authentication'
        )

    monkeypatch.setitem(health.CHECKS, "database", refuse)

    response = client.get("/readyz")

    assert response.status_code == 503
    assert json.loads(response.content) == {
        "status": "not ready",
        "checks": {"database": "failed", "migrations": "skipped", "key_store": "skipped", "queue": "skipped"},
    }
    assert b"10.9.8.7" not in response.content and b"password" not in response.content


@pytest.mark.django_db
def test_readyz_is_not_ready_when_the_key_store_cannot_be_read_safely(client: Client, tmp_path: Path) -> None:
    loose = tmp_path / "keys" / "z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK.key.json"
    loose.write_text("{}")
    loose.chmod(0o644)  # readable by others: the key store refuses it (ADR 0202)

    response = client.get("/readyz")

    assert response.status_code == 503
    assert response.json()["checks"]["key_store"] == "failed"
    assert b"0644" not in response.content and b"z6Mk" not in response.content
