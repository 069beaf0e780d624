"""The language a person signs in with is the language they are written to (ADR 1110)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import signals as auth_signals
from django.dispatch import receiver
from django.utils.translation import get_language

from microcred_web.notifications import language


@receiver(auth_signals.user_logged_in, dispatch_uid="microcred-mail-language")
def _remember_language(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    language.remember(user, getattr(request, "LANGUAGE_CODE", None) or get_language())
