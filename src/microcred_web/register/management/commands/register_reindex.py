"""``python manage.py register_reindex [--check]``: rebuild the register's search entries, words
and facet counts from the catalogue, or (``--check``) only say where they differ (ADR 1525)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from microcred_web.register.services import register_index_problems, register_reindex


class Command(BaseCommand):
    help = "Rebuild the register's search table and facet counts, or check them (--check)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--check", action="store_true", help="change nothing; exit 1 and list differences if any"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["check"]:
            problems = register_index_problems()
            if problems:
                for line in problems:
                    self.stderr.write(line)
                raise CommandError(
                    "the register's search tables differ from the catalogue; run register_reindex"
                )
            self.stdout.write("the register's search tables agree with the catalogue")
            return
        count = register_reindex()
        self.stdout.write(f"{count} register entries rebuilt")
