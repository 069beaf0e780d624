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
