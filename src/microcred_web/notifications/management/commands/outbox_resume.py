"""``manage.py outbox_resume [--older-than SECONDS]``: after a crash or a mail server outage, send
again what the outbox holds unsent (ADR 1110): messages ``sending`` for longer than SECONDS
(default 600; their worker died) and messages that failed on the mail server fewer than five
times, then every queued message is enqueued. Running it twice sends nothing twice."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from microcred_web.notifications.services import SENDING_LEASE, outbox_resume


class Command(BaseCommand):
    help = "Enqueue the e-mails of the outbox that are not sent yet (after a crash or an outage)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--older-than",
            type=int,
            default=int(SENDING_LEASE.total_seconds()),
            help="send again messages 'sending' for at least this many seconds (default 600)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        count = outbox_resume(older_than=timedelta(seconds=max(0, options["older_than"])))
        self.stdout.write(f"{count} e-mail(s) enqueued")
