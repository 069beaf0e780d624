"""The outbox (ADR 1110): one row per (kind, record, recipient), so queuing twice or running the
send task twice sends one mail; a worker that died while sending, or a mail server that refused,
is resumed by ``outbox_resume``; a mail no longer needed is not sent; mails are written in the
recipient's language; the logs never hold an address."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from microcred.model.award import AssessmentResult, Learner
from microcred_web.credentials import services as credential_services
from microcred_web.credentials.models import IssuedCredential
from microcred_web.notifications import services
from microcred_web.notifications.models import ClaimToken, Kind, Message, State
from tests.web.notifications.conftest import claim_path, mails_to

pytestmark = pytest.mark.django_db

LEARNER = "khamla@example.edu.la"


@pytest.fixture
def credential(nuol_version: Any, nuol_registrar: Any, nuol: Any) -> IssuedCredential:
    """A credential issued from the studio by NUOL (Laos) to a learner with no account and no
    offering: the claim mail is queued, not yet sent (its transaction has not committed)."""
    credential_services.institution_key_create(institution=nuol)
    return credential_services.credential_issue(
        version=nuol_version,
        learner=Learner(display_name="ຄຳຫຼ້າ ພົມມະຈັນ", email=LEARNER),
        result=AssessmentResult(passed=True, grade="A", awarded_on=datetime(2026, 12, 1, tzinfo=UTC)),
        by=nuol_registrar,
    )


def _message(credential: IssuedCredential) -> Message:
    return Message.objects.get(kind=Kind.CLAIM_LINK, object_id=str(credential.pk))


def test_issuing_queues_one_claim_mail_and_queuing_it_again_adds_nothing(
    credential: IssuedCredential,
) -> None:
    services.claim_link_queue(credential=credential)
    services.claim_link_queue(credential=credential)
    message = _message(credential)
    assert (
        Message.objects.count() == 1 and message.state == State.QUEUED and message.recipient_email == LEARNER
    )
    assert mail.outbox == []  # sent by a task, after the commit


def test_running_the_send_task_twice_sends_one_mail_in_lao(credential: IssuedCredential) -> None:
    message = _message(credential)
    assert services.message_send(message_id=message.pk) == State.SENT
    assert services.message_send(message_id=message.pk) == State.SENT
    assert len(mail.outbox) == 1
    message.refresh_from_db()
    assert message.attempts == 1 and message.sent_at is not None and message.language == "lo"
    letter = mail.outbox[0]
    # NUOL is in Laos and the learner has no account and no offering: Lao, text and HTML parts
    assert "ໃບຢັ້ງຢືນ" in letter.subject and "ສະບາຍດີ ຄຳຫຼ້າ ພົມມະຈັນ" in letter.body
    assert letter.alternatives[0][1] == "text/html" and 'lang="lo"' in letter.alternatives[0][0]
    assert claim_path(letter).startswith("/claim/")


def test_a_worker_killed_while_sending_is_resumed_and_the_mail_goes_once(
    credential: IssuedCredential,
) -> None:
    message = _message(credential)
    # the worker took the row and died before the mail server answered
    Message.objects.filter(pk=message.pk).update(
        state=State.SENDING, attempts=1, sending_since=timezone.now() - timedelta(hours=1)
    )
    call_command("outbox_resume", "--older-than", "600", stdout=None)
    call_command("outbox_resume", "--older-than", "600", stdout=None)
    assert len(mails_to(LEARNER)) == 1
    message.refresh_from_db()
    assert message.state == State.SENT and message.attempts == 2


def test_a_message_being_sent_now_is_not_sent_again_by_the_resume(credential: IssuedCredential) -> None:
    message = _message(credential)
    Message.objects.filter(pk=message.pk).update(state=State.SENDING, sending_since=timezone.now())
    services.outbox_resume()
    assert mail.outbox == []


def test_a_mail_server_outage_fails_the_message_with_a_code_and_the_resume_sends_it(
    credential: IssuedCredential, settings: Any, caplog: Any
) -> None:
    message = _message(credential)
    settings.EMAIL_BACKEND = "tests.web.notifications.failing_backend.RefusingBackend"
    assert services.message_send(message_id=message.pk) == State.FAILED
    message.refresh_from_db()
    assert (message.state, message.error_code, message.attempts) == (State.FAILED, "smtp", 1)
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    services.outbox_resume()
    message.refresh_from_db()
    assert message.state == State.SENT and len(mail.outbox) == 1
    # the logs name the message, never the address
    assert not [r for r in caplog.records if LEARNER in r.getMessage()]


def test_a_message_that_failed_too_often_stays_failed(credential: IssuedCredential) -> None:
    message = _message(credential)
    Message.objects.filter(pk=message.pk).update(
        state=State.FAILED, error_code="smtp", attempts=services.MAX_ATTEMPTS
    )
    services.outbox_resume()
    assert mail.outbox == [] and Message.objects.get(pk=message.pk).state == State.FAILED


def test_the_claim_mail_of_a_credential_revoked_before_sending_is_cancelled(
    credential: IssuedCredential, nuol_registrar: Any
) -> None:
    credential_services.credential_revoke(
        credential=credential, reason="issued by mistake", by=nuol_registrar
    )
    message = _message(credential)
    assert services.message_send(message_id=message.pk) == State.CANCELLED
    assert mail.outbox == [] and not ClaimToken.objects.exists()


def test_sending_again_replaces_the_link_so_only_the_last_one_works(credential: IssuedCredential) -> None:
    message = _message(credential)
    services.message_send(message_id=message.pk)
    first = claim_path(mail.outbox[0]).split("/")[2]
    Message.objects.filter(pk=message.pk).update(state=State.QUEUED)  # e.g. resent after a crash
    services.message_send(message_id=message.pk)
    second = claim_path(mail.outbox[1]).split("/")[2]
    assert first != second
    with pytest.raises(services.ClaimError) as refused:
        services.claim_for(first)
    assert refused.value.code == "unknown"
    assert services.claim_for(second).credential == credential


def test_the_mail_tasks_run_on_the_queue_of_bulk_issuing_or_inline(
    credential: IssuedCredential, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    settings.MICROCRED_MAIL_TASKS = "inline"
    with django_capture_on_commit_callbacks(execute=True):
        Message.objects.all().delete()
        services.claim_link_queue(credential=credential)
    assert len(mail.outbox) == 1 and _message(credential).state == State.SENT


def test_demo_loads_record_their_mails_as_suppressed_and_send_nothing(
    nuol_version: Any, nuol_registrar: Any, nuol: Any, django_capture_on_commit_callbacks: Any
) -> None:
    credential_services.institution_key_create(institution=nuol)
    with django_capture_on_commit_callbacks(execute=True), services.mail_suppressed():
        issued = credential_services.credential_issue(
            version=nuol_version,
            learner=Learner(display_name="Demo Learner", email="demo@example.org"),
            result=AssessmentResult(passed=True, grade="A", awarded_on=datetime(2026, 12, 1, tzinfo=UTC)),
            by=nuol_registrar,
        )
    services.outbox_resume()
    assert mail.outbox == []
    assert (_message(issued).state, _message(issued).error_code) == (State.CANCELLED, "suppressed")
