"""The institutions' OpenID Connect configuration (MICROCRED_OIDC_CONFIG) is checked when read."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from microcred_web.config.oidc import OidcConfigError, oidc_institutions, socialaccount_providers


def write(tmp_path: Path, data: Any) -> str:
    path = tmp_path / "oidc.json"
    path.write_text(json.dumps(data), "utf-8")
    return str(path)


ENTRY = {
    "institution": "muni",
    "name": "MUNI account",
    "issuer": "https://login.microsoftonline.com/00000000-0000-0000-0000-000000000000/v2.0/",
    "client_id": "client",
    "client_secret_env": "MICROCRED_OIDC_MUNI_SECRET",
    "email_domains": ["@MUNI.cz"],
}


def test_the_secret_comes_from_the_environment_and_each_institution_is_one_app(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MICROCRED_OIDC_MUNI_SECRET", "from-the-environment")
    (entry,) = oidc_institutions(write(tmp_path, {"institutions": [ENTRY]}))
    assert entry["client_secret"] == "from-the-environment"
    assert entry["email_domains"] == ["muni.cz"] and entry["issuer"].endswith("/v2.0")
    (app,) = socialaccount_providers([entry])["openid_connect"]["APPS"]
    assert app["provider_id"] == "muni" and app["settings"]["oauth_pkce_enabled"] is True
    assert oidc_institutions("") == []


@pytest.mark.parametrize(
    "broken",
    [
        {"institutions": [{**ENTRY, "issuer": "http://idp.example"}]},
        {"institutions": [{**ENTRY, "email_domains": []}]},
        {"institutions": [{k: v for k, v in ENTRY.items() if k != "client_id"}]},
        {"institutions": {}},
        [],
    ],
)
def test_a_broken_configuration_is_refused_with_the_reason(tmp_path: Path, broken: Any) -> None:
    with pytest.raises(OidcConfigError, match="MICROCRED_OIDC_CONFIG"):
        oidc_institutions(write(tmp_path, broken))
