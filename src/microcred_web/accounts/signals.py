"""Sign-in and second-factor events into the security log (ids only; issue 9 item 5)."""

from __future__ import annotations

from typing import Any

from allauth.account import signals as account_signals
from allauth.mfa import signals as mfa_signals
from allauth.mfa.models import Authenticator
from django.contrib.auth import signals as auth_signals
from django.dispatch import receiver

from microcred_web.core.security_log import SecurityEvent, security_event


@receiver(auth_signals.user_logged_in, dispatch_uid="microcred-sign-in-succeeded")
def _signed_in(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    security_event(SecurityEvent.SIGN_IN_SUCCEEDED, request=request, user_id=user.pk)


@receiver(auth_signals.user_logged_out, dispatch_uid="microcred-signed-out")
def _signed_out(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    security_event(SecurityEvent.SIGN_OUT, request=None, user_id=getattr(user, "pk", None))


@receiver(mfa_signals.authenticator_added, dispatch_uid="microcred-second-factor-added")
def _added(sender: Any, request: Any, user: Any, authenticator: Authenticator, **kwargs: Any) -> None:
    security_event(
        SecurityEvent.SECOND_FACTOR_ADDED, request=request, user_id=user.pk, kind=authenticator.type
    )


@receiver(mfa_signals.authenticator_removed, dispatch_uid="microcred-second-factor-removed")
def _removed(sender: Any, request: Any, user: Any, authenticator: Authenticator, **kwargs: Any) -> None:
    security_event(
        SecurityEvent.SECOND_FACTOR_REMOVED, request=request, user_id=user.pk, kind=authenticator.type
    )


@receiver(mfa_signals.authenticator_reset, dispatch_uid="microcred-recovery-codes-regenerated")
def _reset(sender: Any, request: Any, user: Any, authenticator: Authenticator, **kwargs: Any) -> None:
    security_event(SecurityEvent.RECOVERY_CODES_REGENERATED, request=request, user_id=user.pk)


@receiver(mfa_signals.authentication_failed, dispatch_uid="microcred-second-factor-failed")
def _failed(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    security_event(SecurityEvent.SECOND_FACTOR_FAILED, request=request, user_id=user.pk)


@receiver(account_signals.password_changed, dispatch_uid="microcred-password-changed")
@receiver(account_signals.password_set, dispatch_uid="microcred-password-set")
@receiver(account_signals.password_reset, dispatch_uid="microcred-password-reset")
def _password_changed(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    security_event(SecurityEvent.PASSWORD_CHANGED, request=request, user_id=user.pk)
