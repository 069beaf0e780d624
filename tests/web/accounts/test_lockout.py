"""Failed sign-ins lock the account out for a while, with a message that says when to try again
(issue 9 "Done when": lock-out after the configured number of failures)."""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from typing import Any

import pytest
from allauth.core.internal import ratelimit as allauth_ratelimit
from django.conf import settings
from django.test import Client
from django.urls import reverse

from microcred_web.accounts.models import Role
from tests.web.accounts.factories import PASSWORD, make_institution, make_user

pytestmark = pytest.mark.django_db

LOGIN = reverse("accounts:login")


def sign_in(client: Client, login: str, password: str) -> Any:
    return client.post(LOGIN, {"login": login, "password": password})


def page_text(response: Any) -> str:
    return html.unescape(response.content.decode())


def test_the_limits_are_settings_with_documented_defaults() -> None:
    assert settings.MICROCRED_SIGN_IN_MAX_FAILURES == 5
    assert settings.MICROCRED_SIGN_IN_LOCKOUT_SECONDS == 900
    assert settings.ACCOUNT_RATE_LIMITS["login_failed"] == "20/m/ip,5/900s/key"


def test_the_right_password_is_refused_after_the_configured_number_of_failures() -> None:
    make_user("designer", role=Role.COURSE_DESIGNER, institution=make_institution())
    client = Client()
    for _ in range(settings.MICROCRED_SIGN_IN_MAX_FAILURES):
        response = sign_in(client, "designer", "wrong-password")
        assert response.status_code == 200
        assert "Too many failed sign-ins" not in page_text(response)
    response = sign_in(client, "designer", PASSWORD)
    assert response.status_code == 200, "signed in despite the lock-out"
    text = page_text(response)
    assert re.search(r"Try again in 15 minutes \(after \d\d:\d\d UTC\)", text), text
    assert client.get(reverse("accounts:home")).status_code == 302  # not signed in


def test_the_probe_of_the_issue_40_wrong_passwords_then_the_right_one_no_longer_signs_muni_admin_in() -> None:
    make_user("muni-admin", role=Role.INSTITUTION_ADMIN, institution=make_institution())
    client = Client()
    for _ in range(40):
        sign_in(client, "muni-admin", "guess")
    response = sign_in(client, "muni-admin", PASSWORD)
    assert "Too many failed sign-ins for this account" in page_text(response)
    assert "_auth_user_id" not in client.session


def test_the_username_and_the_e_mail_address_of_one_account_share_one_count() -> None:
    make_user("qa", email="qa@muni.example", role=Role.QA_REVIEWER, institution=make_institution())
    client = Client()
    for i in range(settings.MICROCRED_SIGN_IN_MAX_FAILURES):
        sign_in(client, "qa" if i % 2 else "QA@muni.example", "wrong")
    assert "Too many failed sign-ins" in page_text(sign_in(Client(), "qa@muni.example", PASSWORD))


def test_the_account_opens_again_when_the_window_has_passed(monkeypatch: pytest.MonkeyPatch) -> None:
    make_user("designer")
    client = Client()
    for _ in range(settings.MICROCRED_SIGN_IN_MAX_FAILURES):
        sign_in(client, "designer", "wrong")
    assert "Too many failed sign-ins" in page_text(sign_in(client, "designer", PASSWORD))
    later = allauth_ratelimit.time.time() + settings.MICROCRED_SIGN_IN_LOCKOUT_SECONDS + 1
    monkeypatch.setattr(allauth_ratelimit.time, "time", lambda: later)
    response = sign_in(client, "designer", PASSWORD)
    assert response.status_code == 302 and response["Location"] == reverse("accounts:home")


def test_the_lock_out_message_is_translated() -> None:
    make_user("designer")
    client = Client()
    for _ in range(settings.MICROCRED_SIGN_IN_MAX_FAILURES):
        sign_in(client, "designer", "wrong")
    response = client.post(LOGIN, {"login": "designer", "password": PASSWORD}, HTTP_ACCEPT_LANGUAGE="vi")
    text = page_text(response)
    assert "Too many failed sign-ins" not in text
    assert re.search(r"15 phút", text), text


def test_sign_ins_are_logged_with_ids_never_the_name_typed(
    security_log: Callable[[], list[dict[str, Any]]],
) -> None:
    user = make_user("designer", email="designer@muni.example")
    client = Client()
    sign_in(client, "designer", PASSWORD)
    sign_in(Client(), "designer@muni.example", "wrong-password")
    sign_in(Client(), "nobody-at-all", "wrong-password")
    for _ in range(settings.MICROCRED_SIGN_IN_MAX_FAILURES):
        sign_in(Client(), "designer", "wrong-password")
    events = security_log()
    names = [e["event"] for e in events]
    assert names[0] == "sign_in.succeeded" and events[0]["user_id"] == user.pk
    failed = [e for e in events if e["event"] == "sign_in.failed"]
    assert failed[0]["user_id"] == user.pk
    assert failed[1]["user_id"] is None  # no account by that name: nothing identifying
    locked = [e for e in events if e["event"] == "sign_in.locked_out"]
    assert locked and locked[0]["user_id"] == user.pk
    text = repr(events)
    for secret in ("designer@muni.example", "nobody-at-all", "wrong-password", PASSWORD, "'designer'"):
        assert secret not in text
