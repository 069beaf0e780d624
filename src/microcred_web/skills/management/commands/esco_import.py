"""``manage.py esco_import PATH [--esco-version vX.Y.Z]``: the official ESCO CSV files into the
platform's database, writing only new or changed rows (``microcred esco import`` does the same
into the core's SQLite store; ADR 1401). Problems are listed by file, row, column and code."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from microcred.esco.layout import EscoFileError
from microcred_web.skills import services


class Command(BaseCommand):
    help = "Import the official ESCO CSV files (a folder of the download, or one file)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path")
        parser.add_argument("--esco-version", default=None)

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            plan = services.esco_import(path=Path(options["path"]), version=options["esco_version"])
        except EscoFileError as exc:
            for problem in exc.problems:
                self.stderr.write(str(problem))
            raise CommandError(f"nothing imported: {len(exc.problems)} problem(s)") from None
        self.stdout.write(
            f"ESCO {plan.version}: rows created {plan.created}, updated {plan.updated}, unchanged {plan.unchanged}"
        )
