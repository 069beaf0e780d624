"""The e-mail task (ADR 1110), on the task framework of bulk issuing (ADR 1101). An adapter of one
line: the guarantees (one send per queued row, a code when it fails) are in ``services``."""

from __future__ import annotations

from django_tasks import task

from microcred_web.notifications import services


@task()
def send_message(message_id: int) -> str:
    """Send one message of the outbox; returns its state afterwards."""
    return services.message_send(message_id=message_id)


@task()
def send_messages(message_ids: list[int]) -> dict[str, int]:
    """Send several messages of the outbox, one after the other (a bulk chunk's claim links, ADR
    1236); returns the count of each end state."""
    return services.messages_send(message_ids=message_ids)
