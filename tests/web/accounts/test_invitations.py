"""Staff invitations by e-mail with a set-password link; password reset and e-mail verification
through allauth. The tests read Django's local mail outbox and follow the real links."""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from datetime import timedelta
from typing import Any
from urllib.parse import urlsplit

import pytest
from allauth.account.models import EmailAddress
from django.conf import settings
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from microcred_web.accounts.models import Invitation, Membership, Role
from tests.web.a11y.html_checks import problems
from tests.web.accounts.factories import PASSWORD, make_institution, make_user

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "a-long-new-password-2026"


def link_in(message: Any) -> str:
    """The path of the first link of this platform in a mail."""
    match = re.search(re.escape(settings.PUBLIC_BASE_URL) + r"(/\S+)", message.body) or re.search(
        r"https?://testserver(/\S+)", message.body
    )
    assert match, message.body
    return urlsplit(match.group(1)).path


@pytest.fixture
def admin_client() -> tuple[Client, Any]:
    muni = make_institution("muni")
    admin = make_user("muni-admin", role=Role.INSTITUTION_ADMIN, institution=muni, email="admin@muni.example")
    client = Client()
    client.force_login(admin)
    return client, admin


def invite(client: Client, email: str, role: str = "qa_reviewer", institution: str = "muni") -> Any:
    return client.post(
        reverse("accounts:invitations"), {"email": email, "role": role, "institution": institution}
    )


def test_an_invitee_follows_the_link_sets_a_password_signs_in_and_holds_the_role(
    admin_client: tuple[Client, Any],
    security_log: Callable[[], list[dict[str, Any]]],
    settings: Any,
) -> None:
    client, _admin = admin_client
    response = invite(client, "new.reviewer@muni.example")
    assert response.status_code == 302
    assert problems(client.get(reverse("accounts:invitations")).content.decode()) == []
    settings.MICROCRED_REQUIRE_SECOND_FACTOR = True
    (message,) = mail.outbox
    assert message.to == ["new.reviewer@muni.example"] and "MUNI" in message.subject
    path = link_in(message)
    invitee = Client()
    page = invitee.get(path)
    assert page.status_code == 200 and "new.reviewer@muni.example" in page.content.decode()
    assert problems(page.content.decode()) == []
    response = invitee.post(path, {"username": "newqa", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert response.status_code == 302 and response["Location"] == reverse("accounts:login")
    user = Membership.objects.get(role=Role.QA_REVIEWER, institution__slug="muni").user
    assert user.username == "newqa"
    assert EmailAddress.objects.get(user=user).verified
    response = invitee.post(
        reverse("accounts:login"), {"login": "new.reviewer@muni.example", "password": NEW_PASSWORD}
    )
    assert response.status_code == 302
    # A QA reviewer must set up the second factor before anything else.
    assert invitee.get(reverse("accounts:home"))["Location"].startswith(reverse("mfa_activate_totp"))
    # The link worked once.
    again = Client().get(path)
    assert again.status_code == 410 and "has been used already" in html.unescape(again.content.decode())
    events = security_log()
    assert [e["event"] for e in events if e["event"].startswith(("account.", "role."))] == [
        "account.invitation_sent",
        "account.created",
        "role.granted",
    ]
    assert "muni.example" not in repr(events)
    assert message.body.count(path) == 1 and path.split("/")[-2] not in repr(events)


def test_an_expired_a_withdrawn_and_a_forged_link_are_refused_without_an_error(
    admin_client: tuple[Client, Any],
) -> None:
    client, _ = admin_client
    invite(client, "late@muni.example")
    invite(client, "withdrawn@muni.example")
    expired_path, withdrawn_path = (link_in(m) for m in mail.outbox)
    Invitation.objects.filter(email="late@muni.example").update(
        expires_at=timezone.now() - timedelta(seconds=1)
    )
    withdrawn = Invitation.objects.get(email="withdrawn@muni.example")
    client.post(reverse("accounts:invitation_withdraw", kwargs={"pk": withdrawn.pk}))
    for path, reason in [
        (expired_path, "has expired"),
        (withdrawn_path, "not valid"),
        (expired_path[:-5] + "AAAA/", "not valid"),
        ("/accounts/invitations/" + "x" * 5000 + "/", "not valid"),
        ("/accounts/invitations/%00%27%22/", "not valid"),
    ]:
        response = Client().post(
            path, {"username": "x", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
        )
        assert response.status_code == 410, path
        assert reason in html.unescape(response.content.decode())
    assert not Membership.objects.filter(user__username="x").exists()


def test_only_an_administrator_of_the_institution_invites_and_never_themself(
    admin_client: tuple[Client, Any],
) -> None:
    client, _ = admin_client
    make_institution("unisi", country="IT")
    assert invite(client, "someone@unisi.example", institution="unisi").status_code == 403
    response = invite(client, "ADMIN@muni.example", role="institution_admin")
    assert response.status_code == 400 and "cannot invite yourself" in html.unescape(
        response.content.decode()
    )
    assert invite(client, "not-an-address").status_code == 400
    assert invite(client, "x@muni.example", role="overlord").status_code == 400
    designer = make_user("designer", role=Role.COURSE_DESIGNER, institution=make_institution("muni"))
    other = Client()
    other.force_login(designer)
    assert invite(other, "friend@muni.example").status_code == 403
    assert not mail.outbox


def test_someone_with_an_account_accepts_with_it_when_its_verified_address_is_the_invited_one(
    admin_client: tuple[Client, Any],
) -> None:
    client, _ = admin_client
    person = make_user("linh", email="linh@muni.example")
    EmailAddress.objects.create(user=person, email="linh@muni.example", verified=True, primary=True)
    invite(client, "linh@muni.example", role="recognition_officer")
    path = link_in(mail.outbox[0])
    anonymous = Client().post(
        path, {"username": "linh2", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    )
    assert anonymous.status_code == 400 and "sign in with it" in html.unescape(anonymous.content.decode())
    stranger = Client()
    stranger.force_login(make_user("stranger", email="stranger@muni.example"))
    assert stranger.post(path, {"accept_with_account": "1"}).status_code == 400
    linh = Client()
    linh.force_login(person)
    assert linh.post(path, {"accept_with_account": "1"}).status_code == 302
    assert Membership.objects.filter(user=person, role=Role.RECOGNITION_OFFICER).exists()


def test_a_weak_or_mismatched_password_is_refused_and_the_link_still_works(
    admin_client: tuple[Client, Any],
) -> None:
    client, _ = admin_client
    invite(client, "weak@muni.example")
    path = link_in(mail.outbox[0])
    assert (
        Client().post(path, {"username": "weak", "password1": "123", "password2": "123"}).status_code == 400
    )
    assert (
        Client().post(path, {"username": "weak", "password1": NEW_PASSWORD, "password2": "other"}).status_code
        == 400
    )
    assert Client().get(path).status_code == 200


def test_a_locked_out_user_resets_the_password_by_the_mailed_link_and_signs_in(
    security_log: Callable[[], list[dict[str, Any]]], django_capture_on_commit_callbacks: Any
) -> None:
    user = make_user("designer", email="designer@muni.example")
    EmailAddress.objects.create(user=user, email="designer@muni.example", verified=True, primary=True)
    client = Client()
    for _ in range(settings.MICROCRED_SIGN_IN_MAX_FAILURES):
        client.post(reverse("accounts:login"), {"login": "designer", "password": "wrong"})
    response = client.post(reverse("account_reset_password"), {"email": "designer@muni.example"})
    assert response.status_code == 302
    (message,) = mail.outbox
    path = link_in(message)
    response = client.get(path)  # allauth moves the key into the session and redirects
    form_path = response["Location"] if response.status_code == 302 else path
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(form_path, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert response.status_code == 302
    events = [e["event"] for e in security_log()]
    assert "password.reset_requested" in events and "password.changed" in events
    response = client.post(reverse("accounts:login"), {"login": "designer", "password": NEW_PASSWORD})
    assert response.status_code == 302 and response["Location"] == reverse("accounts:home")
    assert (
        Client().post(reverse("accounts:login"), {"login": "designer", "password": PASSWORD}).status_code
        == 200
    )


def test_an_added_e_mail_address_is_verified_by_the_mailed_link() -> None:
    user = make_user("learner", role=Role.LEARNER)
    client = Client()
    client.post(reverse("accounts:login"), {"login": "learner", "password": PASSWORD})
    response = client.post(reverse("account_email"), {"action_add": "", "email": "learner@example.org"})
    assert response.status_code == 302
    assert not EmailAddress.objects.get(user=user).verified
    path = link_in(mail.outbox[-1])
    response = client.post(path)
    assert response.status_code == 302
    assert EmailAddress.objects.get(user=user).verified
