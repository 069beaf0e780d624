from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client

from microcred_web.credentials.models import ApiToken
from microcred_web.institutions.models import Institution
from tests.web.a11y.html_checks import problems
from tests.web.credentials.conftest import make_user

pytestmark = pytest.mark.django_db


def logged_in(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_an_administrator_rotates_the_key_and_both_stay_in_the_did_document(
    muni: Institution, muni_admin: Any
) -> None:
    client = logged_in(muni_admin)
    page = client.get("/studio/keys/").content.decode()
    assert "did:web:micro4asia.example.org:institutions:muni" in page
    assert problems(page) == []

    client.post("/studio/keys/muni/", {"action": "rotate_key"})

    doc = Client().get("/institutions/muni/did.json").json()
    assert len(doc["verificationMethod"]) == 2


def test_a_new_token_is_shown_once_and_works_until_revoked(muni: Institution, muni_admin: Any) -> None:
    client = logged_in(muni_admin)
    response = client.post("/studio/keys/muni/", {"action": "new_token", "name": "registrar"}, follow=True)
    plain = re.search(r"mcvc_[A-Za-z0-9_-]+", response.content.decode())
    assert plain is not None
    token = ApiToken.objects.get()
    assert token.token_hash != plain.group(0)
    api = Client(HTTP_AUTHORIZATION=f"Bearer {plain.group(0)}")
    assert api.post("/vc-api/status-lists", "{}", content_type="application/json").status_code == 201

    client.post("/studio/keys/muni/", {"action": "revoke_token", "token": token.pk})
    assert api.post("/vc-api/status-lists", "{}", content_type="application/json").status_code == 401


def test_course_designers_and_other_institutions_cannot_manage_keys(
    muni: Institution, unisi_admin: Any
) -> None:
    designer = make_user("designer", muni, "course_designer")
    assert logged_in(designer).get("/studio/keys/").status_code == 403
    assert logged_in(unisi_admin).post("/studio/keys/muni/", {"action": "rotate_key"}).status_code == 403
    assert muni.signing_keys.count() == 1
