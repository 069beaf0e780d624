"""VC-API bearer tokens (RFC 6750): machine credentials of one institution, limited to scopes
(issue, status, status_lists) and an expiry, revocable, shown once (ADR 0310). They are exempt
from the second factor: a token is a secret a machine holds, not a person's sign-in."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterable
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from microcred_web.core.security_log import SecurityEvent, security_event
from microcred_web.credentials import permissions
from microcred_web.credentials.errors import CredentialInputError
from microcred_web.credentials.models import ApiToken, ApiTokenScope
from microcred_web.institutions.models import Institution

TOKEN_PREFIX = "mcvc_"  # noqa: S105 - a label, not a secret
MAX_TOKEN_CHARS = 200  # a real token is 48 characters; anything far longer is not one
DEFAULT_DAYS = 90
MAX_DAYS = 366


class TokenRejected(Exception):
    """A bearer token that does not authorise the request. ``reason`` is one of ``missing``,
    ``malformed``, ``unknown``, ``revoked``, ``expired`` (HTTP 401) or ``out_of_scope`` (403)."""

    def __init__(self, reason: str, token: ApiToken | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.token = token

    @property
    def status(self) -> int:
        return 403 if self.reason == "out_of_scope" else 401


def _hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _check(by: Any, institution: Institution) -> None:
    """``None`` is the system (management commands); anyone else needs the permission."""
    if by is not None:
        permissions.require(permissions.can_manage_tokens(by, institution), "manage VC-API tokens")


def _scopes(scopes: Iterable[str] | None) -> str:
    if scopes is None:
        # the VC-API scopes; ``results`` (the pilot's results API, ADR 1001) only when asked for
        return " ".join(s for s in ApiTokenScope.values if s != ApiTokenScope.RESULTS)
    chosen = sorted({s.strip() for s in scopes if s.strip()})
    unknown = [s for s in chosen if s not in ApiTokenScope.values]
    if unknown:
        raise CredentialInputError(f"unknown scope {unknown[0]!r}", where="scopes")
    if not chosen:
        raise CredentialInputError("choose at least one scope", where="scopes")
    return " ".join(chosen)


@transaction.atomic
def api_token_create(
    *,
    institution: Institution,
    name: str,
    by: Any = None,
    scopes: Iterable[str] | None = None,
    expires_in_days: int | None = None,
) -> tuple[ApiToken, str]:
    """A new VC-API token. The plain token is returned once and never stored.

    Every scope and ``MICROCRED_API_TOKEN_DAYS`` (90) days unless said otherwise; at most 366.
    """
    from microcred_web.core.security_log import SecurityEvent, security_event

    _check(by, institution)
    if not name.strip():
        raise CredentialInputError("give the token a name", where="name")
    days = (
        expires_in_days
        if expires_in_days is not None
        else getattr(settings, "MICROCRED_API_TOKEN_DAYS", DEFAULT_DAYS)
    )
    if not 1 <= days <= MAX_DAYS:
        raise CredentialInputError(f"a token lasts 1 to {MAX_DAYS} days", where="expires_in_days")
    plain = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        institution=institution,
        name=name.strip()[:100],
        token_hash=_hash_token(plain),
        prefix=plain[:12],
        created_by=by if getattr(by, "is_authenticated", False) else None,
        scopes=_scopes(scopes),
        expires_at=timezone.now() + timedelta(days=days),
    )
    security_event(
        SecurityEvent.TOKEN_CREATED,
        token_id=token.pk,
        institution=institution.slug,
        scopes=token.scopes,
        by_user_id=getattr(by, "pk", None),
    )
    return token, plain


@transaction.atomic
def api_token_revoke(*, token: ApiToken, by: Any = None) -> ApiToken:
    """Stop a token from working (it stays listed, with the date)."""
    from microcred_web.core.security_log import SecurityEvent, security_event

    _check(by, token.institution)
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        security_event(
            SecurityEvent.TOKEN_REVOKED,
            token_id=token.pk,
            institution=token.institution.slug,
            by_user_id=getattr(by, "pk", None),
        )
    return token


def api_token_check(plain: str | None, scope: str) -> ApiToken:
    """The token this value names, if it is live and holds ``scope``; else :class:`TokenRejected`."""
    if plain is None:
        raise TokenRejected("missing")
    plain = plain.strip()
    if not plain:
        raise TokenRejected("missing")
    if len(plain) > MAX_TOKEN_CHARS or not plain.isascii() or not plain.startswith(TOKEN_PREFIX):
        raise TokenRejected("malformed")
    token = ApiToken.objects.select_related("institution").filter(token_hash=_hash_token(plain)).first()
    if token is None:
        raise TokenRejected("unknown")
    if token.revoked_at is not None:
        raise TokenRejected("revoked", token)
    if token.expires_at <= timezone.now():
        raise TokenRejected("expired", token)
    if scope not in token.scope_set:
        raise TokenRejected("out_of_scope", token)
    return token


def api_token_authenticate(plain: str) -> ApiToken | None:
    """The live token with this value whatever its scopes, or ``None`` (older callers)."""
    try:
        token = api_token_check(plain, "")
    except TokenRejected as exc:
        return exc.token if exc.reason == "out_of_scope" else None
    return token


def bearer_token(request: HttpRequest, scope: str) -> ApiToken:
    """The live token of the request's ``Authorization: Bearer`` header holding ``scope``
    (RFC 6750 §2.1), for every API that takes tokens (the VC-API, the pilot's results API).
    Every use and refusal goes to the security log; a refusal raises :class:`TokenRejected`,
    which each API renders in its own format."""
    scope = str(scope)
    scheme, _sep, value = request.headers.get("Authorization", "").partition(" ")
    try:
        token = api_token_check(value if scheme.lower() == "bearer" else None, scope)
    except TokenRejected as exc:
        security_event(
            SecurityEvent.TOKEN_REJECTED,
            request=request,
            reason=exc.reason,
            token_id=exc.token.pk if exc.token else None,
            scope=scope,
            path=request.path,
        )
        raise
    security_event(
        SecurityEvent.TOKEN_USED,
        request=request,
        token_id=token.pk,
        institution=token.institution.slug,
        scope=scope,
        path=request.path,
    )
    return token
