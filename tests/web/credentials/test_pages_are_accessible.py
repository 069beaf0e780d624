"""The credential pages pass the platform's WCAG markup checks, in every interface language."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from django.test import Client

from microcred_web.credentials.models import IssuedCredential
from tests.web.a11y.html_checks import problems

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("lang", ["en", "vi", "lo"])
def test_the_credential_page_passes_the_markup_checks(issued: IssuedCredential, lang: str) -> None:
    html = Client().get(f"/credentials/{issued.uuid}/", HTTP_ACCEPT_LANGUAGE=lang).content.decode()
    assert f'<html lang="{lang}"' in html
    assert problems(html) == []


def test_the_credential_page_with_staff_actions_passes_the_markup_checks(
    issued: IssuedCredential, muni_admin: Any
) -> None:
    client = Client()
    client.force_login(muni_admin)
    assert problems(client.get(f"/credentials/{issued.uuid}/").content.decode()) == []


def test_the_verifier_passes_the_markup_checks_before_and_after_a_check(issued: IssuedCredential) -> None:
    assert problems(Client().get("/verify/").content.decode()) == []
    after = Client().post("/verify/", {"credential": json.dumps(issued.document)}).content.decode()
    assert problems(after) == []


@pytest.mark.parametrize("path", ["/studio/issue/", "/learner/credentials/"])
def test_the_studio_and_learner_pages_pass_the_markup_checks(
    issued: IssuedCredential, muni_admin: Any, path: str
) -> None:
    client = Client()
    client.force_login(muni_admin)
    assert problems(client.get(path).content.decode()) == []


@pytest.mark.parametrize("lang", ["en", "vi", "lo"])
def test_each_technical_details_summary_of_a_check_is_named_after_its_check(
    issued: IssuedCredential, lang: str
) -> None:
    """Issue 13 item 7: six identical "Technical details" summaries told a screen-reader user
    nothing; each now names its check, and the result's heading takes the focus (verify.js)."""
    html = (
        Client()
        .post("/verify/", {"credential": json.dumps(issued.document)}, HTTP_ACCEPT_LANGUAGE=lang)
        .content.decode()
    )
    summaries = re.findall(r"<summary>(.*?)</summary>", html, re.S)
    details = [s for s in summaries if ":" in s]
    assert len(details) >= 4
    assert len(set(details)) == len(details)
    assert 'id="result-heading" tabindex="-1"' in html
    assert "credentials/verify" in html and ".js" in html
