"""``manage.py bulk_resume [--older-than SECONDS]``: after a crash, resume unfinished batches.

``django-tasks-db`` does not pick up a task that was running when its worker was killed, so the
recovery is ours (ADR 1101): items claimed more than SECONDS ago (default 300) and not issued go
back to ``pending``, and every batch with pending items is enqueued again. Run it when workers
start (``--older-than 0`` when no other worker runs), or from cron: it is safe to run at any time,
since an item is issued at most once whatever runs twice.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from microcred_web.bulk.services import DEFAULT_LEASE, batch_recover


class Command(BaseCommand):
    help = "Resume the bulk issuing batches a killed worker left unfinished (ADR 1101)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--older-than",
            type=float,
            default=DEFAULT_LEASE.total_seconds(),
            help="give back items claimed at least this many seconds ago (default 300)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        batches = batch_recover(older_than=timedelta(seconds=max(0.0, options["older_than"])))
        self.stdout.write(f"{len(batches)} batch(es) enqueued again")
        for batch in batches:
            self.stdout.write(f"  {batch.uuid}")
