"""The demo keeps its accounts easy to try and shows the second factor on one of them."""

from __future__ import annotations

import time
from io import StringIO
from pathlib import Path

import pytest
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from microcred_web.core.management.commands.load_demo import (
    DEMO_PASSWORD,
    DEMO_TOTP_SECRET,
    DEMO_TOTP_USERNAME,
)

pytestmark = pytest.mark.django_db


def test_one_demo_account_asks_for_a_code_from_the_printed_secret_the_others_do_not(tmp_path: Path) -> None:
    out = StringIO()
    call_command("load_demo", specs=tmp_path, states=tmp_path / "none.json", stdout=out, stderr=StringIO())
    printed = out.getvalue()
    assert DEMO_TOTP_SECRET in printed and f"otpauth://totp/microcred:{DEMO_TOTP_USERNAME}" in printed
    codes = printed.split("recovery codes (each works once): ", 1)[1].split("\n", 1)[0].split()
    assert len(codes) == 10
    rerun = StringIO()
    call_command("load_demo", specs=tmp_path, states=tmp_path / "none.json", stdout=rerun, stderr=StringIO())
    assert " ".join(codes) in rerun.getvalue()  # idempotent: the same secret and codes

    client = Client()
    response = client.post(
        reverse("accounts:login"), {"login": DEMO_TOTP_USERNAME, "password": DEMO_PASSWORD}
    )
    assert response["Location"] == reverse("mfa_authenticate")
    code = format_hotp_value(hotp_value(DEMO_TOTP_SECRET, int(time.time()) // 30))
    response = client.post(reverse("mfa_authenticate"), {"code": code})
    assert response["Location"] == reverse("accounts:home")

    other = Client()
    response = other.post(reverse("accounts:login"), {"login": "muni-designer", "password": DEMO_PASSWORD})
    assert response["Location"] == reverse("accounts:home")
