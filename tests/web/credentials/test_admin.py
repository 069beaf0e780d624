from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from microcred_web.credentials.models import IssuedCredential

pytestmark = pytest.mark.django_db


def test_the_admin_lists_credentials_read_only_without_salts_or_token_hashes(
    issued: IssuedCredential, api_token: Any
) -> None:
    admin = get_user_model().objects.create_superuser("root", "root@example.org", "pw")
    client = Client()
    client.force_login(admin)

    assert client.get("/admin/credentials/issuedcredential/").status_code == 200
    detail = client.get(f"/admin/credentials/issuedcredential/{issued.pk}/change/").content.decode()
    assert issued.email_salt not in detail
    tokens = client.get("/admin/credentials/apitoken/").content.decode()
    assert "token_hash" not in tokens
    assert client.get("/admin/credentials/institutionkey/add/").status_code == 403


def test_an_institution_administrator_opens_their_own_credentials_in_the_admin_and_not_anothers(
    issued: IssuedCredential, muni_admin: Any, unisi_admin: Any
) -> None:
    """The credential admin goes through the one policy (ADR 0330): it used to answer 403 to an
    institution administrator on their own credentials."""
    own, other = Client(), Client()
    own.force_login(muni_admin)
    other.force_login(unisi_admin)
    change = f"/admin/credentials/issuedcredential/{issued.pk}/change/"

    assert own.get("/admin/credentials/issuedcredential/").status_code == 200
    page = own.get(change)
    assert page.status_code == 200 and issued.credential_id in page.content.decode()
    assert issued.email_salt not in page.content.decode()
    assert own.post(change, {}).status_code == 403  # read-only for everyone

    listing = other.get("/admin/credentials/issuedcredential/")
    assert listing.status_code == 200 and issued.credential_id not in listing.content.decode()
    refused = other.get(change)
    assert refused.status_code == 302 and refused["Location"] == "/admin/"


def test_the_token_admin_shows_scopes_expiry_last_use_and_revocation_but_never_the_hash(
    muni: Any, muni_admin: Any, unisi_admin: Any
) -> None:
    """ADR 0310: the admin reads tokens through the one policy (``manage_tokens``); it never shows
    or edits the hash, and a token is made on /studio/keys/ (shown once), not here."""
    from microcred_web.credentials import services
    from tests.web.credentials.conftest import make_user

    token, _plain = services.api_token_create(institution=muni, name="moodle", scopes=["status"])
    revoked, _ = services.api_token_create(institution=muni, name="old lms")
    services.api_token_revoke(token=revoked)
    own, other = Client(), Client()
    own.force_login(muni_admin)
    other.force_login(unisi_admin)

    listing = own.get("/admin/credentials/apitoken/").content.decode()
    assert "moodle" in listing and "Revoke and suspend credentials" in listing
    assert "expires" in listing.lower() and "last used" in listing.lower() and "revoked" in listing.lower()
    assert token.token_hash not in listing and revoked.token_hash not in listing

    change = f"/admin/credentials/apitoken/{token.pk}/change/"
    detail = own.get(change)
    assert detail.status_code == 200
    page = detail.content.decode()
    assert token.token_hash not in page and "token_hash" not in page and 'name="scopes"' not in page
    before = (token.token_hash, token.scopes, token.expires_at)
    assert own.post(change, {"token_hash": "0" * 64, "scopes": "issue"}).status_code == 403
    token.refresh_from_db()
    assert (token.token_hash, token.scopes, token.expires_at) == before

    add = own.get("/admin/credentials/apitoken/add/")
    assert add.status_code == 302 and add["Location"] == "/studio/keys/"
    assert "apitoken/add/" not in listing  # no "add" button
    registrar = Client()
    registrar.force_login(make_user("muni-registrar", muni, "registrar"))
    for url in ("/admin/credentials/apitoken/add/", "/admin/credentials/apitoken/"):
        assert registrar.get(url)["Location"].startswith("/admin/login/")  # not an admin user
    assert "moodle" not in other.get("/admin/credentials/apitoken/").content.decode()
    assert other.get(change).status_code == 302  # another institution's token: not there
