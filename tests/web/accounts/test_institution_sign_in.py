"""Sign-in with a university account through OpenID Connect, against a real provider started by
the test (panva's oidc-provider under node, tests/reference_js/oidc_provider.mjs): the whole
authorization-code flow with PKCE, through Django's live server, by a real HTTP client that
fills in the provider's own login and consent forms. Skipped only when node is missing."""

from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
import time
from collections.abc import Iterator
from typing import Any

import pytest
import requests
from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, generate_totp_secret, hotp_value
from allauth.socialaccount.models import SocialAccount

from microcred_web.accounts.models import Role
from microcred_web.config.oidc import socialaccount_providers
from tests.conftest import ROOT
from tests.web.accounts.factories import make_institution, make_user

REFERENCE = ROOT / "tests" / "reference_js"
CLIENT_ID, CLIENT_SECRET = "microcred-muni", "test-client-secret-not-secret"
ACCOUNTS = {
    # login at the IdP (also its `sub`) -> the claims it asserts
    "petra": {"email": "petra@muni.example", "email_verified": True},
    "claims-a-stranger": {"email": "officer@unisi.example", "email_verified": True},
    "unverified": {"email": "linh@muni.example", "email_verified": False},
    "no-verified-address-here": {"email": "tomas@muni.example", "email_verified": True},
}

pytestmark = [
    pytest.mark.reference_js,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed"),
    pytest.mark.skipif(
        not (REFERENCE / "node_modules" / "oidc-provider").is_dir(),
        reason="tests/reference_js/node_modules is missing: run `npm ci` in tests/reference_js",
    ),
]


@pytest.fixture(scope="module")
def idp(live_server: Any) -> Iterator[str]:
    """The provider's issuer URL; the provider knows this live server's callback."""
    config = {
        "clients": [
            {
                "client_id": CLIENT_ID,
                "client_secret": CLIENT_SECRET,
                "redirect_uris": [f"{live_server.url}/accounts/oidc/muni/login/callback/"],
                "token_endpoint_auth_method": "client_secret_post",
            }
        ],
        "accounts": ACCOUNTS,
    }
    process = subprocess.Popen(
        ["node", str(REFERENCE / "oidc_provider.mjs"), json.dumps(config)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        cwd=REFERENCE,
    )
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        assert line.startswith("LISTENING "), line
        yield line.split()[1]
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture
def muni_sign_in(idp: str, settings: Any) -> str:
    institutions = [
        {
            "institution": "muni",
            "name": "Masaryk University account",
            "issuer": idp,
            "client_id": CLIENT_ID,
            "client_secret": CLIENT_SECRET,
            "email_domains": ["muni.example"],
            "assume_verified_email": False,
        }
    ]
    settings.MICROCRED_OIDC_INSTITUTIONS = institutions
    settings.SOCIALACCOUNT_PROVIDERS = socialaccount_providers(institutions)
    return idp


def _form(page: str) -> tuple[str, dict[str, str]]:
    action = re.search(r'<form[^>]*action="([^"]+)"', page)
    assert action, page
    fields = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', page))
    return html.unescape(action.group(1)), fields


def sign_in_with_university(live_url: str, login: str) -> requests.Response:
    """Click the university button, sign in at the IdP, consent; the last response."""
    browser = requests.Session()
    page = browser.get(f"{live_url}/accounts/login/", timeout=10)
    assert "Masaryk University account" in page.text
    match = re.search(r'<form method="post" action="([^"]*/accounts/oidc/muni/login/[^"]*)">', page.text)
    assert match, page.text
    csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
    assert csrf
    response = browser.post(
        live_url + html.unescape(match.group(1)), data={"csrfmiddlewaretoken": csrf.group(1)}, timeout=10
    )
    assert 'name="login"' in response.text, response.text[:500]  # the provider's own login form
    action, fields = _form(response.text)
    response = browser.post(
        requests.compat.urljoin(response.url, action),
        data={**fields, "login": login, "password": "anything"},
        timeout=10,
    )
    if 'name="prompt" value="consent"' in response.text:
        action, fields = _form(response.text)
        response = browser.post(requests.compat.urljoin(response.url, action), data=fields, timeout=10)
    response.browser = browser  # type: ignore[attr-defined]
    return response


def test_a_member_signs_in_with_the_university_account_and_is_asked_for_the_second_factor(
    live_server: Any, muni_sign_in: str
) -> None:
    muni = make_institution("muni")
    officer = make_user("petra", role=Role.RECOGNITION_OFFICER, institution=muni, email="petra@muni.example")
    EmailAddress.objects.create(user=officer, email="petra@muni.example", verified=True, primary=True)
    secret = generate_totp_secret()
    TOTP.activate(officer, secret)

    response = sign_in_with_university(live_server.url, "petra")
    assert response.url == f"{live_server.url}/accounts/2fa/authenticate/", response.url
    browser = response.browser  # type: ignore[attr-defined]
    _action, fields = _form(response.text)
    code = format_hotp_value(hotp_value(secret, int(time.time()) // 30))
    response = browser.post(response.url, data={**fields, "code": code}, timeout=10)
    assert response.url == f"{live_server.url}/accounts/"
    assert "petra" in response.text
    link = SocialAccount.objects.get(user=officer)
    assert (link.provider, link.uid) == ("muni", "petra")


@pytest.mark.parametrize(
    ("login", "said"),
    [
        ("claims-a-stranger", "not one of your university"),  # another institution's address
        ("unverified", "did not confirm an e-mail address"),
        ("no-verified-address-here", "Ask an administrator of your institution to invite"),
    ],
)
def test_the_idp_reaches_no_account_it_does_not_vouch_for(
    live_server: Any, muni_sign_in: str, login: str, said: str
) -> None:
    muni, unisi = make_institution("muni"), make_institution("unisi", country="IT")
    stranger = make_user("unisi-officer", role=Role.RECOGNITION_OFFICER, institution=unisi)
    EmailAddress.objects.create(user=stranger, email="officer@unisi.example", verified=True, primary=True)
    linh = make_user("linh", role=Role.LEARNER, institution=muni)
    EmailAddress.objects.create(user=linh, email="linh@muni.example", verified=True, primary=True)
    tomas = make_user("tomas", role=Role.COURSE_DESIGNER, institution=muni)
    EmailAddress.objects.create(user=tomas, email="tomas@muni.example", verified=False, primary=True)

    response = sign_in_with_university(live_server.url, login)
    assert response.status_code == 403
    assert said in html.unescape(response.text)
    assert not SocialAccount.objects.exists()
    home = response.browser.get(f"{live_server.url}/accounts/", timeout=10, allow_redirects=False)  # type: ignore[attr-defined]
    assert home.status_code == 302  # not signed in
