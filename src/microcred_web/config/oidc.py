"""Sign-in with an institution's own accounts: the OpenID Connect configuration (ADR 0310).

``MICROCRED_OIDC_CONFIG`` names a JSON file, one entry per institution::

    {"institutions": [{
        "institution": "muni",                      # the institution's slug
        "name": "Masaryk University account",        # the button's label
        "issuer": "https://login.microsoftonline.com/<tenant-id>/v2.0",
        "client_id": "…",
        "client_secret_env": "MICROCRED_OIDC_MUNI_SECRET",  # the secret stays in the environment
        "email_domains": ["muni.cz", "mail.muni.cz"],
        "assume_verified_email": false               # true only for an issuer limited to the tenant
    }]}

This module parses it for the settings (it imports nothing of Django's models); the matching of
accounts is ``accounts.institution_sign_in``.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any


class OidcConfigError(ValueError):
    pass


def oidc_institutions(path: str) -> list[dict[str, Any]]:
    """The institutions of the file at ``path`` ([] when no file is named), each checked."""
    if not path:
        return []
    try:
        data = json.loads(Path(path).read_text("utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise OidcConfigError(f"MICROCRED_OIDC_CONFIG: cannot read {path}: {exc}") from None
    entries = data.get("institutions") if isinstance(data, dict) else None
    if not isinstance(entries, list):
        raise OidcConfigError('MICROCRED_OIDC_CONFIG: expected {"institutions": [...]}')
    result = []
    for i, entry in enumerate(entries):
        where = f"MICROCRED_OIDC_CONFIG institutions[{i}]"
        if not isinstance(entry, dict):
            raise OidcConfigError(f"{where}: expected an object")
        for key in ("institution", "issuer", "client_id"):
            if not isinstance(entry.get(key), str) or not entry[key]:
                raise OidcConfigError(f"{where}: {key} is required")
        secret = os.environ.get(str(entry.get("client_secret_env", "")), "") or entry.get("client_secret", "")
        domains = entry.get("email_domains")
        if not isinstance(domains, list) or not domains or not all(isinstance(d, str) and d for d in domains):
            raise OidcConfigError(f"{where}: email_domains must list the institution's e-mail domains")
        if not entry["issuer"].startswith("https://") and not entry.get("allow_http_issuer"):
            raise OidcConfigError(f"{where}: the issuer must be an https URL")
        result.append(
            {
                "institution": entry["institution"],
                "name": entry.get("name") or entry["institution"],
                "issuer": entry["issuer"].rstrip("/"),
                "client_id": entry["client_id"],
                "client_secret": secret,
                "email_domains": [d.lower().lstrip("@") for d in domains],
                "assume_verified_email": bool(entry.get("assume_verified_email", False)),
            }
        )
    return result


def socialaccount_providers(institutions: list[dict[str, Any]]) -> dict[str, Any]:
    """allauth's ``SOCIALACCOUNT_PROVIDERS`` for these institutions: one openid_connect app each,
    its provider id the institution's slug (so its URLs are /accounts/oidc/<slug>/login/)."""
    return {
        "openid_connect": {
            "OAUTH_PKCE_ENABLED": True,
            "APPS": [
                {
                    "provider_id": entry["institution"],
                    "name": entry["name"],
                    "client_id": entry["client_id"],
                    "secret": entry["client_secret"],
                    "settings": {"server_url": entry["issuer"], "oauth_pkce_enabled": True},
                }
                for entry in institutions
            ],
        }
    }
