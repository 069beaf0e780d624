"""Staff invitations by e-mail (issue 9 item 1, ADR 0310): an institution administrator invites
an address to a role at the institution; the link lets the invitee set a password (or, holding an
account with that address already, accept with it) and gives the role. Single use, expiring."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model, password_validation
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from microcred.errors import MicrocredError
from microcred_web.accounts.models import Invitation, Membership, Role
from microcred_web.accounts.permissions import Action, require
from microcred_web.core.security_log import SecurityEvent, security_event
from microcred_web.institutions.models import Institution

TOKEN_BYTES = 32


class InvitationError(MicrocredError):
    """An invitation that cannot be made or used; ``code`` names the reason for the page."""

    def __init__(self, message: str, *, code: str, where: str = "invitation") -> None:
        super().__init__(message, where=where)
        self.code = code


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def invitation_url(token: str) -> str:
    return f"{settings.PUBLIC_BASE_URL}{reverse('accounts:invitation_accept', kwargs={'token': token})}"


@dataclass(frozen=True)
class SentInvitation:
    invitation: Invitation
    url: str


def _send(invitation: Invitation, token: str, *, place: str, request: Any) -> SentInvitation:
    """Mail the link of a new invitation and log it (every kind of invitation alike)."""
    url = invitation_url(token)
    context = {
        "institution": {"short_name": place},
        "role": Role(invitation.role).label,
        "url": url,
        "days": settings.MICROCRED_INVITATION_DAYS,
        "platform": settings.PLATFORM_NAME,
    }
    send_mail(
        subject=render_to_string("accounts/email/invitation_subject.txt", context).strip(),
        message=render_to_string("accounts/email/invitation_message.txt", context),
        from_email=None,
        recipient_list=[invitation.email],
    )
    security_event(
        SecurityEvent.INVITATION_SENT,
        request=request,
        invitation_id=invitation.pk,
        institution=invitation.place_slug,
        role=invitation.role,
    )
    return SentInvitation(invitation, url)


def invitation_create(
    *, institution: Institution, email: str, role: str, by: Any, request: Any = None
) -> SentInvitation:
    """Invite ``email`` to ``role`` at ``institution`` and send the link by e-mail."""
    require(by, Action.MANAGE_STAFF, institution)
    email = email.strip()
    try:
        validate_email(email)
    except ValidationError:
        raise InvitationError("not an e-mail address", code="email", where="email") from None
    if role not in Role.values:
        raise InvitationError(f"unknown role {role!r}", code="role", where="role")
    if by.email and by.email.lower() == email.lower():
        raise InvitationError("a role given to oneself is refused", code="self", where="email")
    token = secrets.token_urlsafe(TOKEN_BYTES)
    with transaction.atomic():
        invitation = Invitation.objects.create(
            institution=institution,
            email=email,
            role=role,
            token_hash=_hash(token),
            invited_by=by,
            expires_at=timezone.now() + timedelta(days=settings.MICROCRED_INVITATION_DAYS),
        )
    return _send(invitation, token, place=institution.short_name, request=request)


def employer_invitation_create(*, employer: Any, email: str, by: Any, request: Any = None) -> SentInvitation:
    """Invite ``email`` to act for ``employer`` (ADR 1430): a consortium administrator's step; the
    link, its expiry and its acceptance are those of every invitation."""
    require(by, Action.MANAGE_EMPLOYERS)
    email = email.strip()
    try:
        validate_email(email)
    except ValidationError:
        raise InvitationError("not an e-mail address", code="email", where="email") from None
    if by.email and by.email.lower() == email.lower():
        raise InvitationError("a role given to oneself is refused", code="self", where="email")
    token = secrets.token_urlsafe(TOKEN_BYTES)
    with transaction.atomic():
        invitation = Invitation.objects.create(
            employer=employer,
            email=email,
            role=Role.EMPLOYER,
            token_hash=_hash(token),
            invited_by=by,
            expires_at=timezone.now() + timedelta(days=settings.MICROCRED_INVITATION_DAYS),
        )
    return _send(invitation, token, place=employer.name, request=request)


def invitation_for(token: str) -> Invitation:
    """The usable invitation of this link, or :class:`InvitationError` saying why not."""
    if not token or len(token) > 100:
        raise InvitationError("no such invitation", code="unknown")
    invitation = (
        Invitation.objects.select_related("institution", "employer").filter(token_hash=_hash(token)).first()
    )
    if invitation is None or invitation.withdrawn_at is not None:
        raise InvitationError("no such invitation", code="unknown")
    if invitation.accepted_at is not None:
        raise InvitationError("this invitation has been used", code="used")
    if invitation.expires_at <= timezone.now():
        raise InvitationError("this invitation has expired", code="expired")
    return invitation


def _grant(invitation: Invitation, user: Any, request: Any) -> Membership:
    if invitation.invited_by_id == user.pk:
        raise InvitationError("a role given to oneself is refused", code="self")
    if invitation.employer is not None:  # ADR 1430: a member of the employer organisation
        from microcred_web.skills.models import EmployerMember

        EmployerMember.objects.get_or_create(employer=invitation.employer, user=user)
        membership, _created = Membership.objects.get_or_create(
            user=user, institution=None, role=Role.EMPLOYER, organisation=invitation.employer.name[:200]
        )
    else:
        membership, _created = Membership.objects.get_or_create(
            user=user, institution=invitation.institution, role=invitation.role
        )
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    security_event(
        SecurityEvent.ROLE_GRANTED,
        request=request,
        user_id=user.pk,
        institution=invitation.place_slug,
        role=invitation.role,
        invitation_id=invitation.pk,
        granted_by=invitation.invited_by_id,
    )
    return membership


def invitation_accept_new_account(*, token: str, username: str, password: str, request: Any = None) -> Any:
    """Create the invitee's account (its address verified: the link reached it) and give the role."""
    from allauth.account.models import EmailAddress

    user_model = get_user_model()
    with transaction.atomic():
        invitation = invitation_for(token)
        invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
        if invitation.accepted_at is not None:
            raise InvitationError("this invitation has been used", code="used")
        if EmailAddress.objects.filter(email__iexact=invitation.email).exists():
            raise InvitationError("an account with this address exists", code="account_exists")
        username = username.strip()
        if not username or len(username) > 150:
            raise InvitationError("choose a username", code="username", where="username")
        if user_model.objects.filter(username__iexact=username).exists():
            raise InvitationError("this username is taken", code="username_taken", where="username")
        user = user_model(username=username, email=invitation.email)
        try:
            user_model.username_validator(username)  # type: ignore[attr-defined]
            password_validation.validate_password(password, user)
        except ValidationError as exc:
            raise InvitationError("; ".join(exc.messages), code="password", where="password") from None
        user.set_password(password)
        user.save()
        EmailAddress.objects.create(user=user, email=invitation.email, verified=True, primary=True)
        security_event(SecurityEvent.ACCOUNT_CREATED, request=request, user_id=user.pk)
        _grant(invitation, user, request)
    return user


def invitation_accept_existing_account(*, token: str, user: Any, request: Any = None) -> Membership:
    """A signed-in user whose verified address is the invited one takes the role."""
    from allauth.account.models import EmailAddress

    with transaction.atomic():
        invitation = invitation_for(token)
        invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
        if invitation.accepted_at is not None:
            raise InvitationError("this invitation has been used", code="used")
        if not EmailAddress.objects.filter(user=user, email__iexact=invitation.email, verified=True).exists():
            raise InvitationError("this invitation is for another address", code="other_address")
        return _grant(invitation, user, request)


def invitation_withdraw(*, invitation: Invitation, by: Any) -> None:
    if invitation.employer_id is not None:
        require(by, Action.MANAGE_EMPLOYERS)
    else:
        require(by, Action.MANAGE_STAFF, invitation.institution)
    if invitation.accepted_at is None and invitation.withdrawn_at is None:
        invitation.withdrawn_at = timezone.now()
        invitation.save(update_fields=["withdrawn_at"])
