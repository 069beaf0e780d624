"""How django-allauth behaves here (ADR 0310): lock-out with a message that says when to try
again, sign-in events in the security log (ids only), sign-up only by invitation, and sign-in
through an institution's identity provider matched to existing accounts only."""

from __future__ import annotations

import time
from datetime import UTC, datetime
from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core.internal import ratelimit as allauth_ratelimit
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import HttpRequest
from django.utils.translation import ngettext

from microcred_web.core.security_log import SecurityEvent, client_address, security_event


def user_id_for_login(login: str) -> int | None:
    """The id of the account a username or e-mail address names, or ``None``.

    The security log keeps this id, never the string typed (it may be a mistyped password).
    """
    login = (login or "").strip()
    if not login or len(login) > 254:
        return None
    from allauth.account.models import EmailAddress

    user_model = get_user_model()
    found = (
        user_model.objects.filter(Q(username__iexact=login) | Q(email__iexact=login))
        .values_list("pk", flat=True)
        .first()
    )
    if found is None:
        found = EmailAddress.objects.filter(email__iexact=login).values_list("user_id", flat=True).first()
    return found


def retry_after_seconds(request: HttpRequest, key: str) -> int:
    """Seconds until the ``login_failed`` limits allow another attempt for ``key`` (0: now).

    Each limit keeps the times of the recent failures; it opens again when the oldest failure that
    keeps it full leaves its window.
    """
    now = time.time()
    wait = 0.0
    for rate in allauth_ratelimit.get_rates(app="allauth.account", action="login_failed"):
        cache_key = allauth_ratelimit.get_cache_key(
            request, app="allauth.account", action="login_failed", rate=rate, key=key
        )
        history = sorted((t for t in cache.get(cache_key, []) if t > now - rate.duration), reverse=True)
        if len(history) >= rate.amount:
            wait = max(wait, history[rate.amount - 1] + rate.duration - now)
    return int(wait) + 1 if wait > 0 else 0


def lockout_message(seconds: int) -> str:
    """The translated lock-out message: how long, and until when (UTC)."""
    minutes = max(1, -(-seconds // 60))
    until = datetime.fromtimestamp(time.time() + seconds, tz=UTC).strftime("%H:%M")
    return ngettext(
        "Too many failed sign-ins for this account. Try again in %(minutes)d minute (after %(time)s UTC), "
        "or reset your password.",
        "Too many failed sign-ins for this account. Try again in %(minutes)d minutes (after %(time)s UTC), "
        "or reset your password.",
        minutes,
    ) % {"minutes": minutes, "time": until}


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request: HttpRequest) -> bool:
        """Accounts come from invitations; open sign-up only when ``MICROCRED_OPEN_SIGNUP``."""
        return bool(getattr(settings, "MICROCRED_OPEN_SIGNUP", False))

    def get_login_redirect_url(self, request: HttpRequest) -> str:
        """A learner with a consent still pending is asked first (ADR 1371), then goes home."""
        from microcred_web.privacy.views import consent_redirect

        return consent_redirect(request, super().get_login_redirect_url(request))

    def get_client_ip(self, request: HttpRequest) -> str:
        """The address the platform's rate limiter sees (trusted proxies only), else REMOTE_ADDR."""
        return client_address(request) or super().get_client_ip(request)

    def _get_login_attempts_cache_key(self, request: HttpRequest, **credentials: Any) -> str:
        """Count failures per *account*, so its username and e-mail address share one count;
        a login that names no account is counted by the string typed."""
        login = str(credentials.get("email", credentials.get("username", "")))
        user_id = user_id_for_login(login)
        return f"user:{user_id}" if user_id is not None else f"login:{login.strip().lower()}"

    def pre_authenticate(self, request: HttpRequest, **credentials: Any) -> None:
        try:
            super().pre_authenticate(request, **credentials)
        except ValidationError:
            key = self._get_login_attempts_cache_key(request, **credentials)
            login = str(credentials.get("email", credentials.get("username", "")))
            security_event(
                SecurityEvent.SIGN_IN_LOCKED_OUT, request=request, user_id=user_id_for_login(login)
            )
            raise ValidationError(
                lockout_message(retry_after_seconds(request, key)), code="too_many_login_attempts"
            ) from None

    def authentication_failed(self, request: HttpRequest, **credentials: Any) -> None:
        login = str(credentials.get("email", credentials.get("username", "")))
        security_event(SecurityEvent.SIGN_IN_FAILED, request=request, user_id=user_id_for_login(login))

    def is_reauthentication_required(self, *, app: str, **kwargs: Any) -> bool:
        """Setting up the second factor right after signing in (where staff are sent) does not ask
        for the password again; later, and for everything else, allauth's rule holds."""
        if app == "allauth.mfa":
            from allauth.account import app_settings as account_settings
            from allauth.account.internal.flows.login import get_authentication_records
            from allauth.core import context

            request = context.request
            records = get_authentication_records(request, request.user) if request is not None else []
            if records and time.time() - records[-1]["at"] < account_settings.REAUTHENTICATION_TIMEOUT:
                return False
        return bool(super().is_reauthentication_required(app=app, **kwargs))

    def send_password_reset_mail(self, user: Any, email: str, context: dict[str, Any]) -> None:
        security_event(SecurityEvent.PASSWORD_RESET_REQUESTED, request=self.request, user_id=user.pk)
        super().send_password_reset_mail(user, email, context)

    def format_email_subject(self, subject: str) -> str:
        return f"[{settings.PLATFORM_NAME}] {subject}"


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    """Sign-in through an institution's identity provider (OpenID Connect): see
    ``accounts.institution_sign_in``. Nobody gets a new account this way."""

    def is_open_for_signup(self, request: HttpRequest, sociallogin: Any) -> bool:
        return False

    def pre_social_login(self, request: HttpRequest, sociallogin: Any) -> None:
        from microcred_web.accounts.institution_sign_in import connect_to_existing_account

        connect_to_existing_account(request, sociallogin)


class MFAAdapter(DefaultMFAAdapter):
    """A user who must have a second factor (accounts.second_factor) cannot remove the last one."""

    def can_delete_authenticator(self, authenticator: Any) -> bool:
        from allauth.mfa.models import Authenticator

        from microcred_web.accounts.second_factor import second_factor_required

        if authenticator.type == Authenticator.Type.TOTP and second_factor_required(authenticator.user):
            return False
        return bool(super().can_delete_authenticator(authenticator))
