"""VC-API bearer tokens are machine credentials (ADR 0310): one institution, a set of scopes, an
expiry, revocable; every refusal is a 401 or 403 problem detail, never a 500, and every use and
refusal is in the security log (the token's id, never the token)."""

from __future__ import annotations

import json
import logging
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from microcred_web.credentials import services
from microcred_web.credentials.models import ApiToken
from microcred_web.institutions.models import Institution
from tests.web.credentials.test_vc_api import issue, post, unsigned

pytestmark = pytest.mark.django_db


def bearer(plain: str) -> Client:
    return Client(HTTP_AUTHORIZATION=f"Bearer {plain}")


def refusal(response: Any, status: int) -> str:
    assert response.status_code == status, response.content
    body = response.json()
    assert body["problemDetails"][0]["type"].startswith("urn:microcred:problem:")
    return str(body["problemDetails"][0]["detail"])


def test_a_token_without_the_issue_scope_cannot_issue_but_can_do_what_it_holds(muni: Institution) -> None:
    _token, plain = services.api_token_create(institution=muni, name="status only", scopes=["status"])
    response = issue(bearer(plain), unsigned())
    assert "does not hold the scope 'issue'" in refusal(response, 403)
    assert 'error="insufficient_scope"' in response["WWW-Authenticate"]
    response = post(bearer(plain), "/vc-api/credentials/status", {"credentialId": "urn:uuid:unknown"})
    assert response.status_code == 404  # authorised; the credential is simply not there
    assert post(bearer(plain), "/vc-api/status-lists", {}).status_code == 403


def test_an_expired_token_is_refused_and_says_so(muni: Institution) -> None:
    token, plain = services.api_token_create(institution=muni, name="old", expires_in_days=1)
    assert issue(bearer(plain), unsigned()).status_code == 201
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    response = issue(bearer(plain), unsigned())
    assert "has expired" in refusal(response, 401)
    assert 'error="invalid_token"' in response["WWW-Authenticate"]


def test_a_revoked_token_is_refused(muni: Institution) -> None:
    token, plain = services.api_token_create(institution=muni, name="gone")
    services.api_token_revoke(token=token)
    assert "revoked" in refusal(issue(bearer(plain), unsigned()), 401)


def test_another_institutions_token_neither_issues_nor_changes_status_for_this_one(
    muni: Institution, unisi: Institution, api: Client
) -> None:
    vc = issue(api, unsigned()).json()["verifiableCredential"]
    _token, other = services.api_token_create(institution=unisi, name="siena")
    response = issue(bearer(other), unsigned())  # the credential names MUNI as issuer
    assert (
        response.status_code == 400
        and "this token signs for" in response.json()["problemDetails"][0]["detail"]
    )
    response = post(bearer(other), "/vc-api/credentials/status", {"credentialId": vc["id"]})
    assert response.status_code == 404
    revocation = next(s for s in [vc["credentialStatus"]] if s["statusPurpose"] == "revocation")
    list_path = revocation["statusListCredential"].split("://", 1)[1].split("/", 1)[1]
    response = bearer(other).post(f"/{list_path}/publish", "{}", content_type="application/json")
    assert response.status_code == 404


@pytest.mark.parametrize(
    "header",
    [
        "",
        "Bearer",
        "Bearer ",
        "Basic bWNfOnB3",
        "Bearer mcvc_" + "A" * 43,  # the right shape, no such token
        "Bearer not-a-token",
        "Bearer mcvc_" + "A" * 5000,
        "Bearer mcvc_\u00e9\u00e9",
        "Bearer mcvc_abc def",
        "bearer\tmcvc_x",
    ],
)
def test_a_missing_or_malformed_token_is_a_401_problem_never_a_500(muni: Institution, header: str) -> None:
    client = Client(HTTP_AUTHORIZATION=header) if header else Client()
    for path, body in [
        ("/vc-api/credentials/issue", {"credential": unsigned()}),
        ("/vc-api/credentials/status", {"credentialId": "urn:uuid:x"}),
        ("/vc-api/status-lists", {}),
    ]:
        response = post(client, path, body)
        refusal(response, 401)
        assert response["WWW-Authenticate"].startswith('Bearer realm="vc-api"')


def test_scopes_and_expiry_are_checked_when_the_token_is_made(muni: Institution) -> None:
    from microcred_web.credentials.errors import CredentialInputError

    for kwargs in [
        {"scopes": []},
        {"scopes": ["issue", "admin"]},
        {"expires_in_days": 0},
        {"expires_in_days": 400},
    ]:
        with pytest.raises(CredentialInputError):
            services.api_token_create(institution=muni, name="x", **kwargs)
    token, _plain = services.api_token_create(institution=muni, name="default")
    assert token.scope_set == {"issue", "status", "status_lists"}
    assert timedelta(days=89) < token.expires_at - timezone.now() <= timedelta(days=90)


def test_token_use_and_refusal_are_logged_by_id_never_by_value(
    muni: Institution, caplog: pytest.LogCaptureFixture
) -> None:
    token, plain = services.api_token_create(institution=muni, name="logged", scopes=["issue"])
    with caplog.at_level(logging.INFO, logger="microcred.security"):
        issue(bearer(plain), unsigned())
        post(bearer(plain), "/vc-api/status-lists", {})
        issue(bearer("mcvc_" + "B" * 43), unsigned())
    events = [json.loads(r.getMessage()) for r in caplog.records if r.name == "microcred.security"]
    used = [e for e in events if e["event"] == "api_token.used"]
    rejected = [e for e in events if e["event"] == "api_token.rejected"]
    assert used[0]["token_id"] == token.pk and used[0]["scope"] == "issue"
    assert [(e["reason"], e["token_id"]) for e in rejected] == [("out_of_scope", token.pk), ("unknown", None)]
    assert plain not in caplog.text and "B" * 43 not in caplog.text


def test_a_staff_second_factor_does_not_apply_to_tokens(
    muni: Institution, api: Client, settings: Any
) -> None:
    settings.MICROCRED_REQUIRE_SECOND_FACTOR = True
    assert issue(api, unsigned()).status_code == 201
