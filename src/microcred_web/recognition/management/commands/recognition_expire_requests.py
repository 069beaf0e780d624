"""Close the recognition cases whose request for information ran out (recognition.md §4.4:
PENDING_INFORMATION "expires to CLOSED_INCOMPLETE"; ADR 0803).

A case waiting for information (status ``information_requested``) whose deadline, the one in its
last ``INFORMATION_REQUESTED`` event, is before today is closed as incomplete by the actor
``system`` with a ``CASE_CLOSED`` event. Run it once a day (README: cron); running it again
changes nothing. A case the learner answered is back at the desk and is not touched.

    python manage.py recognition_expire_requests [--dry-run] [--today YYYY-MM-DD]
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from microcred.errors import MicrocredError
from microcred_web.recognition.decision import (
    information_requests_expired,
    recognition_information_request_expire,
)


def _day(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"--today: {value!r} is not a date (YYYY-MM-DD)") from None


class Command(BaseCommand):
    help = "Close as incomplete the recognition cases whose request for information is past its deadline."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="say what would be closed; change nothing")
        parser.add_argument(
            "--today", type=_day, default=None, help="the day to judge deadlines by (YYYY-MM-DD)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        today: date = options["today"] or timezone.localdate()
        dry_run: bool = options["dry_run"]
        closed = 0
        for case, deadline in information_requests_expired(today=today):
            if dry_run:
                self.stdout.write(f"{case.reference}: would close (information due {deadline.isoformat()})")
                closed += 1
                continue
            try:
                done = recognition_information_request_expire(case=case, today=today)
            except MicrocredError as exc:
                self.stderr.write(f"{case.reference}: not closed: {exc}")
                continue
            if done is not None:
                closed += 1
                self.stdout.write(
                    f"{case.reference}: closed as incomplete (information due {deadline.isoformat()})"
                )
        verb = "would be closed" if dry_run else "closed"
        self.stdout.write(self.style.SUCCESS(f"{closed} case(s) {verb} on {today.isoformat()}"))
