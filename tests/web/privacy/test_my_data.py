"""Issue 13 item 5: a learner downloads everything held about them and can have erased what is
not inside a signed credential; the erasure is carried out, logged without personal data and
confirmed (ADR 1332, docs/privacy.md)."""

from __future__ import annotations

import json
import logging
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from microcred_web.credentials.models import IssuedCredential
from microcred_web.credentials.verifying import inspect_credential
from microcred_web.privacy.models import ErasureRecord
from tests.web.a11y.html_checks import problems

pytestmark = pytest.mark.django_db

NAME = "Nguyễn Thị Lan"


@pytest.fixture
def lan(issued: IssuedCredential) -> Any:
    user = get_user_model().objects.create_user(
        "lan", email="lan@example.org", password="a-long-test-password", first_name="Lan", last_name="Nguyễn"
    )
    issued.learner = user
    issued.learner_email = "lan@example.org"
    issued.save(update_fields=["learner", "learner_email"])
    return user


def signed_in(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_learner_downloads_everything_held_about_them_as_json(lan: Any, issued: IssuedCredential) -> None:
    response = signed_in(lan).get("/learner/my-data.json")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert "attachment" in response["Content-Disposition"]
    data = json.loads(response.content)
    assert data["format"] == "microcred-personal-data"
    assert data["account"]["email"] == "lan@example.org"
    [credential] = data["credentials"]
    assert credential["document"] == issued.document
    assert credential["learner_name"] == NAME
    text = response.content.decode()
    assert lan.password not in text and "pbkdf2" not in text


def test_only_the_learner_gets_their_data(lan: Any) -> None:
    assert Client().get("/learner/my-data.json").status_code == 302
    other = get_user_model().objects.create_user("other", password="another-long-password")
    assert json.loads(signed_in(other).get("/learner/my-data.json").content)["credentials"] == []


def test_nothing_is_erased_without_the_confirmation(lan: Any) -> None:
    response = signed_in(lan).post("/learner/my-data/", {})

    assert response.status_code == 200
    assert ErasureRecord.objects.count() == 0
    lan.refresh_from_db()
    assert lan.is_active and lan.email == "lan@example.org"


def test_erasure_removes_what_is_not_in_the_signed_credential_logs_no_personal_data_and_confirms(
    lan: Any, issued: IssuedCredential, caplog: pytest.LogCaptureFixture
) -> None:
    client = signed_in(lan)
    with caplog.at_level(logging.INFO, logger="microcred.security"):
        response = client.post("/learner/my-data/", {"confirm": "on"})

    record = ErasureRecord.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/learner/my-data/erased/{record.receipt}/"
    lan.refresh_from_db()
    assert not lan.is_active and not lan.has_usable_password()
    assert lan.email == lan.first_name == lan.last_name == ""
    assert lan.username.startswith("erased-")
    issued.refresh_from_db()
    assert issued.learner is None and issued.learner_email == ""
    assert issued.learner_name == NAME  # it is inside the signed credential
    assert inspect_credential(issued.document).verified
    [line] = [r.getMessage() for r in caplog.records if "personal_data.erased" in r.getMessage()]
    assert str(record.receipt) in line
    for personal in ("lan@example.org", "Lan", "Nguyễn", 'lan"'):
        assert personal not in line
    # the session is gone: the account page asks to sign in again
    assert client.get("/learner/my-data/").status_code == 302

    confirmation = Client().get(response["Location"])
    html = confirmation.content.decode()
    assert confirmation.status_code == 200
    assert str(record.receipt) in html
    assert record.counts["credentials_kept"] == 1 and record.counts["credential_emails"] == 1
    assert "lan@example.org" not in html and NAME not in html


@pytest.mark.parametrize("lang", ["en", "vi", "lo"])
def test_the_privacy_pages_pass_the_markup_checks(lan: Any, lang: str) -> None:
    for client, path in ((Client(), "/privacy/"), (signed_in(lan), "/learner/my-data/")):
        response = client.get(path, HTTP_ACCEPT_LANGUAGE=lang)
        assert response.status_code == 200
        assert problems(response.content.decode()) == []


def test_the_retention_periods_erase_old_enrolments_without_a_credential_and_old_receipts(
    published: Any, muni_admin: Any, issued: IssuedCredential
) -> None:
    import io
    from datetime import date, timedelta

    from django.core.management import call_command
    from django.utils import timezone

    from microcred_web.pilot.models import Enrolment, Offering

    offering = Offering.objects.create(
        version=published,
        term="2026 autumn",
        starts_on=date(2026, 9, 1),
        ends_on=date(2026, 12, 20),
        mode="online",
        language="en",
        capacity=30,
        created_by=muni_admin,
    )
    old, kept = (
        Enrolment.objects.create(
            offering=offering, external_id=key, given_names="Lan", full_name=NAME, email=f"{key}@example.org"
        )
        for key in ("old", "with-credential")
    )
    kept.credential = issued
    kept.save()
    Enrolment.objects.filter(pk__in=[old.pk, kept.pk]).update(
        enrolled_at=timezone.now() - timedelta(days=800)
    )
    ErasureRecord.objects.create()
    ErasureRecord.objects.update(requested_at=timezone.now() - timedelta(days=4000))

    call_command("privacy_retention", stdout=io.StringIO())

    old.refresh_from_db()
    kept.refresh_from_db()
    assert old.full_name == "-" and old.email.endswith("@erased.invalid")
    assert kept.full_name == NAME
    assert ErasureRecord.objects.count() == 0
