"""Sign-in with an institution's own accounts through OpenID Connect (ADR 0310).

An identity provider (IdP) vouches for the people of *its* institution only. A sign-in through
institution X's IdP reaches an account here when, and only when:

1. the account was linked to that IdP subject before (allauth's ``SocialAccount``); or
2. the IdP says the e-mail address is verified (``email_verified``, OpenID Connect Core 1.0
   §5.1), the address is in one of X's configured ``email_domains``, an account here has that
   address *verified*, and that account holds a role at X. The link is then recorded, so later
   sign-ins go by the IdP's ``sub``, not by the address.

Nobody gets a new account this way (people are invited); an IdP of one institution can never
reach an account of another institution's domain, nor an account whose address was never
verified here: that is what stops an account takeover by an IdP that asserts any address.
"""

from __future__ import annotations

from typing import Any

from allauth.account.models import EmailAddress
from allauth.core.exceptions import ImmediateHttpResponse
from django.conf import settings
from django.http import HttpRequest
from django.shortcuts import render

from microcred_web.accounts.models import Membership
from microcred_web.core.security_log import SecurityEvent, security_event


def institution_config(provider_id: str) -> dict[str, Any] | None:
    """The configured institution of this openid_connect app (its provider id is the slug)."""
    return next(
        (e for e in getattr(settings, "MICROCRED_OIDC_INSTITUTIONS", []) if e["institution"] == provider_id),
        None,
    )


def _claims(sociallogin: Any) -> dict[str, Any]:
    data = sociallogin.account.extra_data or {}
    merged: dict[str, Any] = {}
    for part in ("id_token", "userinfo"):  # userinfo wins, as allauth reads it
        if isinstance(data.get(part), dict):
            merged.update(data[part])
    return merged or dict(data)


def _verified(value: Any) -> bool:
    return value is True or (isinstance(value, str) and value.lower() == "true")


def matching_user(provider_id: str, claims: dict[str, Any]) -> tuple[Any, str]:
    """The account this IdP's claims may reach, or ``(None, reason)``."""
    config = institution_config(provider_id)
    if config is None:
        return None, "unknown_institution"
    email = claims.get("email")
    if not isinstance(email, str) or "@" not in email or len(email) > 254:
        return None, "no_email"
    if not (_verified(claims.get("email_verified")) or config["assume_verified_email"]):
        return None, "email_not_verified_by_idp"
    domain = email.rsplit("@", 1)[1].lower()
    if domain not in config["email_domains"]:
        return None, "email_outside_institution_domains"
    address = EmailAddress.objects.filter(email__iexact=email, verified=True).select_related("user").first()
    if address is None:
        return None, "no_account_with_verified_email"
    user = address.user
    if not Membership.objects.filter(user=user, institution__slug=config["institution"]).exists():
        return None, "account_not_at_institution"
    return user, ""


def connect_to_existing_account(request: HttpRequest, sociallogin: Any) -> None:
    """allauth's ``pre_social_login``: link the sign-in to the one account it may reach, or
    refuse with a page that says what to do (403)."""
    provider_id = sociallogin.account.provider
    if sociallogin.is_existing:
        return
    user, reason = matching_user(provider_id, _claims(sociallogin))
    if user is None:
        security_event(
            SecurityEvent.SIGN_IN_FAILED,
            request=request,
            user_id=None,
            method="oidc",
            institution=provider_id,
            reason=reason,
        )
        config = institution_config(provider_id)
        raise ImmediateHttpResponse(
            render(
                request,
                "accounts/institution_sign_in_refused.html",
                {"institution_name": config["name"] if config else provider_id, "reason": reason},
                status=403,
            )
        )
    sociallogin.connect(request, user)
