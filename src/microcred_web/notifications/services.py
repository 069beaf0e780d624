"""E-mails through an outbox, sent by tasks, in the recipient's language (ADR 1110), and the claim
link of an issued credential.

* ``*_queue`` / ``notify_*`` (called by the other apps, inside their transaction): one ``Message``
  row per (kind, record, recipient), created with the change it reports, so it is never lost; the
  task is enqueued when the transaction commits. Queuing again changes nothing (the unique row).
* ``message_send`` (the task): takes the row (``queued`` → ``sending``, one conditional update: of
  two workers one sends), writes the mail from the record in the recipient's language, sends it
  through Django's e-mail backend and marks it ``sent``. A worker killed between the SMTP server's
  acceptance and the ``sent`` mark leaves the row ``sending``: ``outbox_resume`` sends it again
  after the lease (at least once; ADR 1110 says why not "exactly once" over SMTP).
* ``claim_*``: the learner opens the link, signs in or creates an account, and the credential is
  put into that account (``IssuedCredential.learner``: what the cohort reads as "claimed").

Logs carry ids and kinds only, never an address, a name or a token.
"""

from __future__ import annotations

import hashlib
import logging
import secrets
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model, password_validation
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives
from django.db import models, transaction
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from microcred.errors import MicrocredError
from microcred_web.core.security_log import SecurityEvent, security_event
from microcred_web.notifications import language
from microcred_web.notifications.messages import message
from microcred_web.notifications.models import ClaimToken, Kind, Message, State

log = logging.getLogger(__name__)

TOKEN_BYTES = 32
#: Sends of one message before it stays ``failed`` (``outbox_resume`` retries below this).
MAX_ATTEMPTS = 5
#: A message ``sending`` for longer than this lost its worker (``outbox_resume``).
SENDING_LEASE = timedelta(minutes=10)


_suppressed: ContextVar[bool] = ContextVar("microcred_mail_suppressed", default=False)


@contextmanager
def mail_suppressed() -> Iterator[None]:
    """Within it, messages are recorded ``cancelled`` (``suppressed``) instead of sent: for demo
    data and bulk loads whose people must not be written to. Queuing one again later changes
    nothing (one row per kind, record and recipient)."""
    token = _suppressed.set(True)
    try:
        yield
    finally:
        _suppressed.reset(token)


@dataclass(frozen=True)
class Recipient:
    email: str
    user: Any = None
    language: str = "en"


def absolute_url(path: str) -> str:
    return f"{settings.PUBLIC_BASE_URL}{path}"


# ---------------------------------------------------------------------------------------------
# The outbox


def message_queue(*, kind: str, record: models.Model, recipients: list[Recipient]) -> list[Message]:
    """One message of ``kind`` about ``record`` to each recipient (with an address), unless it is
    queued already; each new one is sent by a task once the caller's transaction commits."""
    object_type, object_id = record._meta.label_lower, str(record.pk)
    out = []
    seen: set[str] = set()
    for recipient in recipients:
        email = (recipient.email or "").strip()
        if not email or email.lower() in seen:
            continue
        seen.add(email.lower())
        quiet = _suppressed.get()
        found, created = Message.objects.get_or_create(
            kind=kind,
            object_type=object_type,
            object_id=object_id,
            recipient_email=email,
            defaults={
                "recipient_user": recipient.user,
                "language": recipient.language,
                **({"state": State.CANCELLED, "error_code": "suppressed"} if quiet else {}),
            },
        )
        if created and not quiet:
            transaction.on_commit(lambda pk=found.pk: enqueue(pk))
        out.append(found)
    return out


def enqueue(message_id: int) -> None:
    """Hand the message to its task: on the queue, or at once (``MICROCRED_MAIL_TASKS=inline``).
    A queue that cannot be reached leaves the row ``queued``; ``outbox_resume`` enqueues it again."""
    from microcred_web.notifications.tasks import send_message

    backend = "inline" if settings.MICROCRED_MAIL_TASKS == "inline" else "default"
    try:
        send_message.using(backend=backend).enqueue(message_id)
    except Exception:  # the change it reports is committed; the mail waits in the outbox
        log.warning("mail %s not enqueued; outbox_resume will", message_id, exc_info=True)


def _finish(message_id: int, state: str, error_code: str = "") -> None:
    now = timezone.now()
    Message.objects.filter(pk=message_id, state=State.SENDING).update(
        state=state, error_code=error_code, sent_at=now if state == State.SENT else None
    )


def message_send(*, message_id: int) -> str:
    """Send one queued message (the task). Returns its state afterwards; running it again for a
    message sent or being sent does nothing."""
    taken = Message.objects.filter(pk=message_id, state=State.QUEUED).update(
        state=State.SENDING, sending_since=timezone.now(), attempts=F("attempts") + 1
    )
    if not taken:
        return str(Message.objects.filter(pk=message_id).values_list("state", flat=True).first() or "missing")
    msg = Message.objects.get(pk=message_id)
    try:
        email = _compose(msg)
    except Exception:
        log.exception("mail %s (%s) could not be written", msg.pk, msg.kind)
        _finish(msg.pk, State.FAILED, "render")
        return State.FAILED
    if email is None:
        _finish(msg.pk, State.CANCELLED, "gone")
        return State.CANCELLED
    try:
        email.send()
    except Exception as exc:  # SMTP refused, connection lost...: retried by outbox_resume
        log.warning("mail %s (%s) not sent: %s", msg.pk, msg.kind, type(exc).__name__)
        _finish(msg.pk, State.FAILED, "smtp")
        return State.FAILED
    _finish(msg.pk, State.SENT)
    log.info("mail %s (%s) sent", msg.pk, msg.kind)
    return State.SENT


def outbox_resume(*, older_than: timedelta = SENDING_LEASE) -> int:
    """After a crash or an outage: put back to ``queued`` the messages ``sending`` for longer than
    ``older_than`` (their worker died) and those ``failed`` on sending fewer than
    :data:`MAX_ATTEMPTS` times, and enqueue every queued message. Returns how many it enqueued."""
    cutoff = timezone.now() - older_than
    Message.objects.filter(
        Q(state=State.SENDING, sending_since__lt=cutoff)
        | Q(state=State.FAILED, error_code="smtp", attempts__lt=MAX_ATTEMPTS)
    ).update(state=State.QUEUED, sending_since=None)
    ids = list(Message.objects.filter(state=State.QUEUED).order_by("pk").values_list("pk", flat=True))
    for pk in ids:
        enqueue(pk)
    return len(ids)


Composer = Callable[[Message], "tuple[dict[str, Any], dict[str, Any]] | None"]

# The apps whose records are mailed register how a mail is made from its record (their
# ``AppConfig.ready``), so this app imports none of them: recognition sits above credentials,
# which queues claim mails here (the layer contract, ADR 0853).
_COMPOSERS: dict[Kind, Composer] = {}


def composer_register(kind: Kind, composer: Composer) -> None:
    _COMPOSERS[kind] = composer


def _compose(msg: Message) -> EmailMultiAlternatives | None:
    """The e-mail of ``msg`` in its language, made from its record now (``None``: not needed
    any more, e.g. the credential was revoked)."""
    composer = {
        Kind.CLAIM_LINK: _claim_link_context,
        Kind.CHANGES_REQUESTED: _changes_requested_context,
        **_COMPOSERS,
    }[Kind(msg.kind)]
    with translation.override(language.supported(msg.language) or "en"):
        found = composer(msg)
        if found is None:
            return None
        subject_params, context = found
        context["platform"] = settings.PLATFORM_NAME
        context["lang"] = translation.get_language() or "en"
        subject = f"[{settings.PLATFORM_NAME}] {message('subject.' + msg.kind, subject_params)}"
        text = render_to_string(f"notifications/email/{msg.kind}.txt", context)
        html = render_to_string(f"notifications/email/{msg.kind}.html", context)
    email = EmailMultiAlternatives(subject=subject, body=text, to=[msg.recipient_email])
    email.attach_alternative(html, "text/html")
    return email


# ---------------------------------------------------------------------------------------------
# Claim links (issued credentials)


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def claim_link_queue(*, credential: Any, offering_language: str | None = None) -> None:
    """The claim e-mail of a credential just issued (the studio, bulk issuing, the pilot's
    "issue the ready learners"): to the learner's address, in the learner's language.
    ``offering_language``: the language of the offering the credential was issued from, when the
    caller knows it (a bulk run from an offering), so the learner's language is not looked up by
    e-mail among all enrolments for every credential of a batch."""
    if not credential.learner_email:
        return
    chosen = language.of_user(credential.learner) if credential.learner_id else None
    lang = chosen or language.supported(offering_language) or language.of_credential(credential)
    message_queue(
        kind=Kind.CLAIM_LINK,
        record=credential,
        recipients=[Recipient(credential.learner_email, credential.learner, lang)],
    )


def claim_links_queue(*, credentials: list[Any], offering_language: str | None = None) -> list[Message]:
    """``claim_link_queue`` for many credentials issued in the caller's transaction (a bulk issuing
    chunk, ADR 1234): the same messages in the same languages, written with one insert, and one
    task that sends them enqueued once the caller's commits (ADR 1236)."""
    with_mail = [c for c in credentials if c.learner_email and c.learner_email.strip()]
    if not with_mail:
        return []
    languages = language.of_credentials(with_mail, offering_language=offering_language)
    quiet = _suppressed.get()
    from microcred_web.credentials.rows import insert_rows

    created = [  # one insert with fewer ORM layers than bulk_create (ADR 1235)
        Message(
            kind=Kind.CLAIM_LINK,
            object_type=credential._meta.label_lower,
            object_id=str(credential.pk),
            recipient_email=credential.learner_email.strip(),
            recipient_user=credential.learner,
            language=lang,
            **({"state": State.CANCELLED, "error_code": "suppressed"} if quiet else {}),
        )
        for credential, lang in zip(with_mail, languages, strict=True)
    ]
    insert_rows(created)
    if not quiet:
        pks = [m.pk for m in created]
        transaction.on_commit(lambda: _enqueue_all(pks))
    return created


def _enqueue_all(message_ids: list[int]) -> None:
    """One task for the chunk's messages (ADR 1236): a queued task per message cost the bulk worker
    a row of the database queue each, more than a tenth of its time per credential."""
    from microcred_web.notifications.tasks import send_messages

    backend = "inline" if settings.MICROCRED_MAIL_TASKS == "inline" else "default"
    try:
        send_messages.using(backend=backend).enqueue(message_ids)
    except Exception:  # the credentials are committed; the mails wait in the outbox
        log.warning("mails %s.. not enqueued; outbox_resume will", message_ids[:1], exc_info=True)


def messages_send(*, message_ids: list[int]) -> dict[str, int]:
    """``message_send`` of each message, one after the other (the task of a bulk chunk's claim
    links, ADR 1236); each is sent at most once as alone. Returns the count of each end state. A
    worker killed midway leaves the rest ``queued``: ``outbox_resume`` enqueues them again."""
    counts: dict[str, int] = {}
    for message_id in message_ids:
        state = message_send(message_id=message_id)
        counts[state] = counts.get(state, 0) + 1
    return counts


def version_title(version: Any) -> str:
    from microcred_web.register import display

    spec = version.spec if version is not None else None
    return str(display.text((spec or {}).get("title")) or "") if isinstance(spec, dict) else ""


def _claim_link_context(msg: Message) -> tuple[dict[str, Any], dict[str, Any]] | None:
    from microcred_web.credentials.models import IssuedCredential

    credential = (
        IssuedCredential.objects.select_related("institution", "version").filter(pk=msg.object_id).first()
    )
    if credential is None or credential.revoked_at is not None:
        return None
    existing = ClaimToken.objects.filter(credential=credential).first()
    if existing is not None and existing.used_at is not None:
        return None  # taken already (an earlier send reached the learner)
    token = secrets.token_urlsafe(TOKEN_BYTES)
    days = settings.MICROCRED_CLAIM_DAYS
    # committed before the mail leaves: a link in a sent mail always exists (a new send replaces it)
    ClaimToken.objects.update_or_create(
        credential=credential,
        defaults={"token_hash": _hash(token), "expires_at": timezone.now() + timedelta(days=days)},
    )
    lang = translation.get_language() or "en"
    title = version_title(credential.version) or credential.learner_name
    institution = credential.institution.display_name(lang)
    context = {
        "name": credential.learner_name,
        "title": title,
        "institution": institution,
        "url": absolute_url(reverse("notifications:claim", kwargs={"token": token})),
        "page_url": absolute_url(reverse("credentials:page", kwargs={"uuid": credential.uuid})),
        "days": days,
    }
    # the same credential for a wallet app, over OpenID4VCI (ADR 1360): a single-use offer with
    # the claim link's lifetime, as a link and a QR code
    from microcred_web.wallet.services import wallet_offer_for_email

    context.update(wallet_offer_for_email(credential=credential))
    return {"title": title, "institution": institution}, context


class ClaimError(MicrocredError):
    """A claim link that cannot be used; ``code`` names why (``notifications.messages``)."""

    def __init__(self, code: str, where: str = "claim") -> None:
        super().__init__(f"claim refused: {code}", where=where)
        self.code = code
        self.messages: list[str] = []  # a refused password: Django's validators' own words


def claim_for(token: str) -> ClaimToken:
    """The claim of this link, or :class:`ClaimError` saying why it does not work."""
    if not token or len(token) > 100:
        raise ClaimError("unknown")
    claim = ClaimToken.objects.select_related("credential__institution", "credential__version").filter(
        token_hash=_hash(token)
    )
    found = claim.first()
    if found is None:
        raise ClaimError("unknown")
    if found.used_at is not None:
        raise ClaimError("used")
    if found.expires_at <= timezone.now():
        raise ClaimError("expired")
    if found.credential.revoked_at is not None:
        raise ClaimError("revoked")
    return found


def _refused(exc: ClaimError, request: Any, claim_id: Any = None) -> ClaimError:
    security_event(SecurityEvent.CLAIM_REFUSED, request=request, reason=exc.code, claim_id=claim_id)
    return exc


def claim_check(*, token: str, request: Any = None) -> ClaimToken:
    """:func:`claim_for`, logging a refusal."""
    try:
        return claim_for(token)
    except ClaimError as exc:
        raise _refused(exc, request) from None


def claim_take(*, token: str, user: Any, request: Any = None) -> Any:
    """Put the link's credential into ``user``'s account; the link then works no more. Refused
    when the link is unknown, used, expired, or its credential revoked or in another account."""
    from microcred_web.accounts.models import Membership, Role
    from microcred_web.credentials.models import IssuedCredential
    from microcred_web.pilot.models import Enrolment

    with transaction.atomic():
        claim = claim_check(token=token, request=request)
        claim = ClaimToken.objects.select_for_update().get(pk=claim.pk)
        if claim.used_at is not None:
            raise _refused(ClaimError("used"), request, claim.pk)
        credential = IssuedCredential.objects.select_for_update().get(pk=claim.credential_id)
        if credential.learner_id is not None and credential.learner_id != user.pk:
            raise _refused(ClaimError("other_account"), request, claim.pk)
        credential.learner = user
        credential.save(update_fields=["learner"])
        claim.used_at, claim.used_by = timezone.now(), user
        claim.save(update_fields=["used_at", "used_by"])
        Enrolment.objects.filter(credential=credential, learner__isnull=True).update(learner=user)
        if not Membership.objects.filter(user=user, role=Role.LEARNER).exists():
            Membership.objects.create(user=user, institution=None, role=Role.LEARNER)
        language.remember(user, translation.get_language())
        security_event(
            SecurityEvent.CREDENTIAL_CLAIMED,
            request=request,
            user_id=user.pk,
            credential=credential.credential_id or str(credential.uuid),
            record=str(credential.uuid),
            institution=credential.institution.slug,
        )
    return credential


def claim_sign_up(*, token: str, username: str, password: str, request: Any = None) -> Any:
    """Create the learner's account from the link (its address verified: the link reached it) and
    put the credential into it. Returns the new user."""
    from allauth.account.models import EmailAddress

    user_model = get_user_model()
    with transaction.atomic():
        claim = claim_check(token=token, request=request)
        email = claim.credential.learner_email
        if (
            EmailAddress.objects.filter(email__iexact=email).exists()
            or user_model.objects.filter(email__iexact=email).exists()
        ):
            raise ClaimError("account_exists")
        username = username.strip()
        if not username or len(username) > 150:
            raise ClaimError("username", where="username")
        if user_model.objects.filter(username__iexact=username).exists():
            raise ClaimError("username_taken", where="username")
        user = user_model(username=username, email=email)
        try:
            user_model.username_validator(username)  # type: ignore[attr-defined]
            password_validation.validate_password(password, user)
        except ValidationError as exc:
            error = ClaimError("password", where="password")
            error.messages = exc.messages  # Django's own translated words
            raise error from None
        user.set_password(password)
        user.save()
        EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
        security_event(SecurityEvent.ACCOUNT_CREATED, request=request, user_id=user.pk, via="claim")
        claim_take(token=token, user=user, request=request)
    return user


# ---------------------------------------------------------------------------------------------
# QA change requests (catalogue) and information requests (recognition)


def notify_change_request(comment: Any) -> None:
    """The reviewer's "changes requested" (a ``ReviewComment``) to the version's authors: who
    created it and who edited it, the reviewer excepted."""
    from microcred_web.catalogue.models import VersionEdit

    version = comment.version
    ids = {
        version.created_by_id,
        *VersionEdit.objects.filter(version=version).values_list("editor_id", flat=True),
    }
    ids.discard(None)
    ids.discard(comment.author_id)
    users = get_user_model().objects.filter(pk__in=ids, is_active=True).exclude(email="").order_by("pk")
    message_queue(
        kind=Kind.CHANGES_REQUESTED,
        record=comment,
        recipients=[Recipient(u.email, u, language.of_staff(u)) for u in users],
    )


def _changes_requested_context(msg: Message) -> tuple[dict[str, Any], dict[str, Any]] | None:
    from microcred_web.catalogue.models import ReviewComment, Status

    comment = (
        ReviewComment.objects.select_related("version__micro_credential__institution")
        .filter(pk=msg.object_id)
        .first()
    )
    if comment is None:
        return None
    version = comment.version
    params = {"code": version.micro_credential.code, "version": version.version}
    context = {
        **params,
        "title": version_title(version),
        "note": comment.body,
        "still_draft": version.status == Status.DRAFT,
        "url": absolute_url(reverse("catalogue:version", kwargs={"uuid": version.uuid})),
    }
    return params, context


def holders(action: Any, institution: Any) -> list[Any]:
    """Active users who may take ``action`` at ``institution`` by one of their roles (the
    permission table, ``accounts.permissions.ROLE_ACTIONS``)."""
    from microcred_web.accounts.models import Membership
    from microcred_web.accounts.permissions import ROLE_ACTIONS

    roles = [role for role, actions in ROLE_ACTIONS.items() if action in actions]
    return [
        m.user
        for m in Membership.objects.filter(institution=institution, role__in=roles, user__is_active=True)
        .exclude(user__email="")
        .select_related("user")
        .order_by("user_id")
    ]
