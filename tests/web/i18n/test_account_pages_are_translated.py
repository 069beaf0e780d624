"""allauth's own pages under /accounts/ (password reset, e-mail addresses, the second factor,
recovery codes, sign-out, third-party sign-in) and its e-mails read in Vietnamese and Lao, not
English: allauth ships no vi or lo catalogue, so ours carries its strings (issue 9, ADR 0310).

The English strings are those of the block of allauth entries at the end of our catalogue; a
page in vi or lo must show none of them."""

from __future__ import annotations

import html
import re
import time
from pathlib import Path
from typing import Any

import pytest
from allauth.account.forms import default_token_generator
from allauth.account.utils import user_pk_to_url_str
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, generate_totp_secret, hotp_value
from django.core import mail
from django.test import Client
from django.urls import reverse

from microcred_web.accounts.models import Role
from tests.web.accounts.factories import PASSWORD, make_institution, make_user
from tests.web.i18n.catalogues import LANGUAGES, LOCALE, ensure_compiled, read_po

pytestmark = pytest.mark.django_db

MARKER = "#. review: drafted by a developer; allauth's own pages, forms, messages and e-mails"
# entries appended later (other features) come after this line and are not allauth's
END_MARKER = "# end of the block of allauth's own pages, forms, messages and e-mails"
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]|\{\w+\}")


def english_strings(tmp_path: Path) -> list[str]:
    """The literal fragments (placeholders and tags taken out) of the allauth entries we carry."""
    text = (LOCALE / "vi" / "LC_MESSAGES" / "django.po").read_text("utf-8")
    assert MARKER in text, "the allauth block of the vi catalogue is missing"
    block = tmp_path / "allauth.po"
    block.write_text(text.split(MARKER, 1)[1].split(END_MARKER, 1)[0], "utf-8")
    fragments: set[str] = set()
    for entry in read_po(block):
        for part in PLACEHOLDER.split(re.sub(r"<[^>]+>", " ", entry.msgid)):
            part = " ".join(part.split()).strip(" .:,!?")
            # Single short words ("Add", "View") would match inside other words or names.
            if len(part) >= 12 or (len(part) >= 4 and " " not in part and part[0].isupper()):
                fragments.add(part)
    return sorted(fragments)


def page_text(content: bytes) -> str:
    body = content.decode()
    body = re.sub(r"(?s)<(script|style)\b.*?</\1>", " ", body)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", body)).split())


def english_in(text: str, strings: list[str]) -> list[str]:
    return [s for s in strings if re.search(rf"(?<!\w){re.escape(s)}(?!\w)", text)]


def code_for(secret: str) -> str:
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


@pytest.fixture(scope="module", autouse=True)
def _compiled() -> None:
    ensure_compiled()


@pytest.fixture(autouse=True)
def _second_factor_on(settings: Any) -> None:
    settings.MICROCRED_REQUIRE_SECOND_FACTOR = True


def signed_in_with_second_factor(lang: str) -> Client:
    """A staff member signed in through the real forms: password, then the TOTP code, so the
    pages that ask for a recent sign-in open without asking again."""
    user = make_user(
        "muni-admin", role=Role.INSTITUTION_ADMIN, institution=make_institution(), email="a@muni.cz"
    )
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    RecoveryCodes.activate(user)
    client = Client(HTTP_ACCEPT_LANGUAGE=lang)
    client.post(reverse("accounts:login"), {"login": "muni-admin", "password": PASSWORD})
    assert client.post(reverse("mfa_authenticate"), {"code": code_for(secret)}).status_code == 302
    return client


SIGNED_OUT = [
    "account_reset_password",
    "account_reset_password_done",
    "account_reset_password_from_key_done",
    "account_signup",
    "socialaccount_login_cancelled",
    "socialaccount_login_error",
]
SIGNED_IN = [
    "account_logout",
    "account_email",
    "account_change_password",
    "account_reauthenticate",
    "account_email_verification_sent",
    "mfa_index",
    "mfa_reauthenticate",
    "mfa_deactivate_totp",
    "mfa_view_recovery_codes",
    "mfa_generate_recovery_codes",
    "socialaccount_connections",
]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_account_page_reads_in_the_language_asked_for(lang: str, tmp_path: Path) -> None:
    strings = english_strings(tmp_path)
    anonymous = Client(HTTP_ACCEPT_LANGUAGE=lang)
    client = signed_in_with_second_factor(lang)
    learner = make_user("lan", email="lan@example.edu.vn")
    reset_key = f"{user_pk_to_url_str(learner)}-{default_token_generator.make_token(learner)}"
    pages: dict[str, Any] = {name: anonymous.get(reverse(name)) for name in SIGNED_OUT}
    pages["password reset, a used link"] = anonymous.get(
        reverse("account_reset_password_from_key", kwargs={"uidb36": "zz", "key": "no-such-key"})
    )
    pages["password reset, the form"] = anonymous.get(
        reverse(
            "account_reset_password_from_key",
            kwargs={"uidb36": reset_key.split("-", 1)[0], "key": reset_key.split("-", 1)[1]},
        ),
        follow=True,
    )
    pages["e-mail confirmation, a bad key"] = anonymous.get(
        reverse("account_confirm_email", args=["nonsense"])
    )
    pages.update({name: client.get(reverse(name)) for name in SIGNED_IN})
    learner_client = Client(HTTP_ACCEPT_LANGUAGE=lang)
    learner_client.post(reverse("accounts:login"), {"login": "lan", "password": PASSWORD})
    pages["mfa_activate_totp"] = learner_client.get(reverse("mfa_activate_totp"))

    found = {}
    for name, response in pages.items():
        assert response.status_code in (200, 401), (name, response.status_code)  # 401: the error page
        assert response.headers["Content-Language"] == lang, name
        if leftovers := english_in(page_text(response.content), strings):
            found[name] = leftovers
    assert not found, f"English on the {lang} account pages: {found}"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_password_reset_and_e_mail_confirmation_messages_are_translated(
    lang: str, tmp_path: Path
) -> None:
    strings = english_strings(tmp_path)
    make_user("lan", email="lan@example.edu.vn")
    client = Client(HTTP_ACCEPT_LANGUAGE=lang)
    assert client.post(reverse("account_reset_password"), {"email": "lan@example.edu.vn"}).status_code == 302
    assert client.post(reverse("account_reset_password"), {"email": "nobody@example.org"}).status_code == 302
    staff = signed_in_with_second_factor(lang)
    staff.post(reverse("account_email"), {"action_send": "", "email": "a@muni.cz"})
    assert len(mail.outbox) >= 2
    for message in mail.outbox:
        leftovers = english_in(" ".join(f"{message.subject} {message.body}".split()), strings)
        assert not leftovers, f"English in the {lang} e-mail {message.subject!r}: {leftovers}"
