"""Retiring a compromised key from /studio/keys/ (ADR 0204; until now only
``manage.py institution_key_retire --compromised-since``): an institution administrator gives the
moment the key was last known safe, reads the consequences, confirms; nobody else can."""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from microcred_web.credentials.models import InstitutionKey
from microcred_web.institutions.models import Institution
from tests.web.a11y.html_checks import problems
from tests.web.credentials.conftest import make_user
from tests.web.i18n.catalogues import ensure_compiled

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module", autouse=True)
def _compiled() -> None:
    ensure_compiled()


def logged_in(user: Any, lang: str = "en") -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE=lang)
    client.force_login(user)
    return client


def url(key: InstitutionKey) -> str:
    return f"/studio/keys/{key.institution.slug}/retire/{key.pk}/"


def test_an_administrator_retires_their_own_key_after_confirming(
    muni: Institution, muni_admin: Any, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="microcred.security")
    key = muni.signing_keys.get()
    client = logged_in(muni_admin)
    assert url(key) in client.get("/studio/keys/").content.decode()

    form = client.get(url(key))
    page = form.content.decode()
    assert form.status_code == 200 and problems(page) == []
    assert "fails verification" in page and 'type="datetime-local"' in page
    assert timezone.now().strftime("%Y-%m-%dT%H:") in page  # default: now

    safe = (timezone.now() - timedelta(days=2)).replace(second=0, microsecond=0)
    moment = safe.strftime("%Y-%m-%dT%H:%M")
    confirm = client.post(url(key), {"compromised_since": moment})
    assert confirm.status_code == 200 and 'name="confirmed"' in confirm.content.decode()
    assert problems(confirm.content.decode()) == []
    key.refresh_from_db()
    assert key.compromised_since is None and key.retired_at is None  # not before confirming

    done = client.post(url(key), {"compromised_since": f"{moment}:00", "confirmed": "yes"}, follow=True)
    key.refresh_from_db()
    assert key.compromised_since == safe and key.retired_at is not None
    assert muni.signing_keys.filter(retired_at__isnull=True).count() == 1  # a new key took over
    assert "retired as compromised" in done.content.decode()
    events = [json.loads(r.getMessage()) for r in caplog.records if r.name == "microcred.security"]
    retired = [e for e in events if e["event"] == "key.retired"]
    assert retired and retired[0]["key"] == key.public_key_multibase
    assert retired[0]["compromised_since"] == safe.isoformat()


def test_a_registrar_and_another_institutions_administrator_are_refused(
    muni: Institution, unisi_admin: Any
) -> None:
    key = muni.signing_keys.get()
    registrar = make_user("muni-registrar", muni, "registrar")
    moment = (timezone.now() - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M")
    for user in (registrar, unisi_admin):
        client = logged_in(user)
        assert client.get(url(key)).status_code == 403
        data = {"compromised_since": moment, "confirmed": "yes"}
        assert client.post(url(key), data).status_code == 403
    key.refresh_from_db()
    assert key.compromised_since is None and key.retired_at is None
    assert muni.signing_keys.count() == 1


@pytest.mark.parametrize(
    ("lang", "says"), [("en", "cannot be in the future"), ("vi", "tương lai"), ("lo", "ອະນາຄົດ")]
)
def test_a_moment_to_come_is_refused_with_a_clear_message(
    muni: Institution, muni_admin: Any, lang: str, says: str
) -> None:
    key = muni.signing_keys.get()
    future = (datetime.now(UTC) + timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    response = logged_in(muni_admin, lang).post(url(key), {"compromised_since": future, "confirmed": "yes"})
    assert response.status_code == 200 and says in response.content.decode()
    key.refresh_from_db()
    assert key.compromised_since is None and key.retired_at is None


def test_a_malformed_or_later_moment_changes_nothing(muni: Institution, muni_admin: Any) -> None:
    key = muni.signing_keys.get()
    client = logged_in(muni_admin)
    for junk in ("", "yesterday", "9999-99-99T99:99", "x" * 5000):
        response = client.post(url(key), {"compromised_since": junk, "confirmed": "yes"})
        assert response.status_code == 200
    first = (timezone.now() - timedelta(days=3)).replace(second=0, microsecond=0)
    client.post(url(key), {"compromised_since": first.strftime("%Y-%m-%dT%H:%M"), "confirmed": "yes"})
    later = (first + timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    response = client.post(url(key), {"compromised_since": later, "confirmed": "yes"})
    assert "only an earlier" in response.content.decode()
    key.refresh_from_db()
    assert key.compromised_since == first
    assert client.get(f"/studio/keys/muni/retire/{key.pk + 999}/").status_code == 404
