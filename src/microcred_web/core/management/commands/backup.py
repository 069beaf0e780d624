"""``manage.py backup PATH``: the database, the encrypted key store and the trust registry in one
file (ADR 1202; docs/operations.md). The key passphrase is never in it."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from microcred_web.core.backup import BackupError, backup_create


class Command(BaseCommand):
    help = "Write a backup of this installation (database, encrypted keys, trust registry) to PATH."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", help="the backup file to write (a .tar.gz; replaced if it exists)")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            summary = backup_create(options["path"])
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(
            f"backup written to {summary.path}: {sum(summary.rows.values())} rows, {summary.keys} key file(s)"
            + (", the trust registry" if summary.trust_registry else "")
            + ". The key passphrase is not in it: keep it apart (docs/operations.md)."
        )
