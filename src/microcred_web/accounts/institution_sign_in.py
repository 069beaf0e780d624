"""Sign-in with an institution's own accounts through OpenID Connect (ADR 0310)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest


def connect_to_existing_account(request: HttpRequest, sociallogin: Any) -> None:
    """Placeholder until institution sign-in lands: no account is matched."""
