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
