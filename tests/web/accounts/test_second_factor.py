"""A TOTP second factor with recovery codes, required for the roles that sign, revoke, decide,
approve QA or administer, optional for learners (issue 9 "Done when": the second factor enforced
for staff roles). Codes are computed from the secret as an authenticator app computes them."""

from __future__ import annotations

import html
import time
from collections.abc import Callable
from typing import Any

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, generate_totp_secret, hotp_value
from django.test import Client
from django.urls import reverse

from microcred_web.accounts.models import Role
from microcred_web.accounts.second_factor import SECOND_FACTOR_ROLES, second_factor_required
from tests.web.a11y.html_checks import problems
from tests.web.accounts.factories import PASSWORD, make_institution, make_user

pytestmark = pytest.mark.django_db

LOGIN = reverse("accounts:login")
SETUP = reverse("mfa_activate_totp")


@pytest.fixture(autouse=True)
def _enforced(settings: Any) -> None:
    settings.MICROCRED_REQUIRE_SECOND_FACTOR = True


def code_for(secret: str, offset: int = 0) -> str:
    """The code an authenticator app shows now (RFC 6238: HOTP over 30-second steps)."""
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30 + offset))


def sign_in(client: Client, username: str, password: str = PASSWORD) -> Any:
    return client.post(LOGIN, {"login": username, "password": password})


def enrol(user: Any) -> str:
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return secret


@pytest.mark.parametrize(
    "role",
    [Role.INSTITUTION_ADMIN, Role.QA_REVIEWER, Role.RECOGNITION_OFFICER, Role.COURSE_DESIGNER, "registrar"],
)
def test_the_roles_that_sign_decide_approve_or_administer_need_a_second_factor(role: str) -> None:
    user = make_user("staff", role=role, institution=make_institution())
    assert str(role) in SECOND_FACTOR_ROLES
    assert second_factor_required(user)


@pytest.mark.parametrize("role", [Role.LEARNER, Role.EMPLOYER, None])
def test_learners_and_employers_may_but_need_not_add_one(role: Role | None) -> None:
    user = make_user("person", role=role)
    assert not second_factor_required(user)
    client = Client()
    assert sign_in(client, "person")["Location"] == reverse("accounts:home")
    assert client.get(reverse("accounts:home")).status_code == 200


def test_a_superuser_needs_one_and_the_setting_off_needs_none(settings: Any) -> None:
    root = make_user("root", superuser=True)
    assert second_factor_required(root)
    settings.MICROCRED_REQUIRE_SECOND_FACTOR = False
    assert not second_factor_required(root)


def test_staff_reach_no_staff_page_until_they_have_set_up_the_second_factor(
    security_log: Callable[[], list[dict[str, Any]]], django_capture_on_commit_callbacks: Any
) -> None:
    admin = make_user("muni-admin", role=Role.INSTITUTION_ADMIN, institution=make_institution())
    client = Client()
    response = sign_in(client, "muni-admin")
    assert response.status_code == 302
    for path in [
        reverse("accounts:home"),
        reverse("accounts:staff"),
        reverse("catalogue:index"),
        reverse("admin:index"),
        "/recognition/",
    ]:
        response = client.get(path)
        assert response.status_code == 302, path
        assert response["Location"].startswith(SETUP), (path, response["Location"])
    api = client.get("/api/studio/micro-credentials")
    assert api.status_code == 403 and api.json()["code"] == "second_factor_required"
    page = client.get(SETUP)
    assert page.status_code == 200
    text = html.unescape(page.content.decode())
    assert "your account needs a second factor before you continue" in text
    secret = client.session["mfa.totp.secret"]
    assert secret in text  # shown to type into an app that cannot scan
    assert "<svg " in text and "<?xml" not in text and problems(page.content.decode()) == []
    response = client.post(SETUP, {"code": "000000" if code_for(secret) != "000000" else "111111"})
    assert response.status_code == 200 and not Authenticator.objects.filter(user=admin).exists()
    with django_capture_on_commit_callbacks(execute=True):  # allauth signals after the commit
        response = client.post(SETUP, {"code": code_for(secret)})
    assert response.status_code == 302 and response["Location"] == reverse("mfa_view_recovery_codes")
    codes_page = client.get(reverse("mfa_view_recovery_codes")).content.decode()
    codes = RecoveryCodes(Authenticator.objects.get(user=admin, type="recovery_codes")).get_unused_codes()
    assert len(codes) == 10 and all(c in codes_page for c in codes)
    assert client.get(reverse("accounts:staff")).status_code == 200
    assert client.get(reverse("catalogue:index")).status_code == 200
    added = [e for e in security_log() if e["event"] == "second_factor.added"]
    assert {e["kind"] for e in added} == {"totp", "recovery_codes"}
    assert all(e["user_id"] == admin.pk for e in added) and secret not in repr(security_log())


def test_with_a_second_factor_sign_in_asks_for_the_code_before_signing_in(
    security_log: Callable[[], list[dict[str, Any]]],
) -> None:
    officer = make_user("officer", role=Role.RECOGNITION_OFFICER, institution=make_institution())
    secret = enrol(officer)
    client = Client()
    response = sign_in(client, "officer")
    assert response.status_code == 302 and response["Location"] == reverse("mfa_authenticate")
    assert "_auth_user_id" not in client.session  # the password alone signs nobody in
    assert client.get("/recognition/").status_code == 302
    response = client.post(reverse("mfa_authenticate"), {"code": "12345"})
    assert response.status_code == 200 and "_auth_user_id" not in client.session
    response = client.post(reverse("mfa_authenticate"), {"code": code_for(secret)})
    assert response.status_code == 302 and response["Location"] == reverse("accounts:home")
    assert client.get("/recognition/").status_code == 200
    events = [e["event"] for e in security_log()]
    assert "second_factor.failed" in events and events[-1] == "sign_in.succeeded"


def test_a_code_is_accepted_once_and_a_recovery_code_once() -> None:
    qa = make_user("qa", role=Role.QA_REVIEWER, institution=make_institution())
    secret = enrol(qa)
    recovery = RecoveryCodes.activate(qa).get_unused_codes()
    first = Client()
    sign_in(first, "qa")
    code = code_for(secret)
    assert first.post(reverse("mfa_authenticate"), {"code": code}).status_code == 302
    replay = Client()
    sign_in(replay, "qa")
    assert replay.post(reverse("mfa_authenticate"), {"code": code}).status_code == 200  # replayed
    assert replay.post(reverse("mfa_authenticate"), {"code": recovery[0]}).status_code == 302
    again = Client()
    sign_in(again, "qa")
    assert again.post(reverse("mfa_authenticate"), {"code": recovery[0]}).status_code == 200


def test_staff_cannot_remove_the_second_factor_they_are_required_to_have() -> None:
    admin = make_user("admin", role=Role.INSTITUTION_ADMIN, institution=make_institution())
    secret = enrol(admin)
    client = Client()
    sign_in(client, "admin")
    client.post(reverse("mfa_authenticate"), {"code": code_for(secret)})
    client.post(reverse("mfa_deactivate_totp"))
    assert Authenticator.objects.filter(user=admin, type="totp").exists()


def test_a_learner_may_set_up_a_second_factor_and_is_then_asked_for_it() -> None:
    learner = make_user("learner", role=Role.LEARNER)
    client = Client()
    sign_in(client, "learner")
    client.get(SETUP)
    secret = client.session["mfa.totp.secret"]
    assert client.post(SETUP, {"code": code_for(secret)}).status_code == 302
    assert Authenticator.objects.filter(user=learner, type="totp").exists()
    other = Client()
    assert sign_in(other, "learner")["Location"] == reverse("mfa_authenticate")


def test_staff_whose_address_is_not_verified_yet_can_still_set_up_the_second_factor() -> None:
    from allauth.account.models import EmailAddress

    admin = make_user("root", superuser=True, email="root@example.org")
    EmailAddress.objects.create(user=admin, email="root@example.org", verified=False, primary=True)
    client = Client()
    sign_in(client, "root")
    assert client.get(reverse("accounts:home"))["Location"].startswith(SETUP)
    assert client.get(SETUP).status_code == 200
    secret = client.session["mfa.totp.secret"]
    assert client.post(SETUP, {"code": code_for(secret)}).status_code == 302
    assert client.get(reverse("accounts:home")).status_code == 200
