"""``manage.py restore PATH``: a backup into an empty installation (ADR 1202; docs/operations.md).

Migrates the database first (a new database gets this release's tables), then refuses unless it
is empty, the key directory is empty, the backup is whole and from this release, and
``MICROCRED_KEY_PASSPHRASE`` opens its keys. Then the rows load in one transaction and the key
files are put in place.
"""

from __future__ import annotations

from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser

from microcred_web.core.backup import BackupError, backup_restore


class Command(BaseCommand):
    help = "Restore a backup made by `manage.py backup` into this empty installation."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", help="the backup file")
        parser.add_argument(
            "--no-check-passphrase",
            action="store_true",
            help="restore the key files without checking that MICROCRED_KEY_PASSPHRASE opens them",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        call_command("migrate", interactive=False, verbosity=0)
        try:
            summary = backup_restore(options["path"], check_passphrase=not options["no_check_passphrase"])
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(
            f"restored {sum(summary.rows.values())} rows and {summary.keys} key file(s)"
            + ("; the passphrase opens every active key" if summary.keys_checked else "")
            + (f"; trust registry written to {summary.trust_registry}" if summary.trust_registry else "")
            + ". Check GET /readyz before sending traffic."
        )
