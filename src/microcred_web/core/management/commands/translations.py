"""``manage.py translations export|import``: translations checked by native speakers (ADR 0840).

    manage.py translations export --lang vi [--only-review] [--out vi.csv]
    manage.py translations import --lang vi vi-reviewed.csv

Export writes the language's catalogue as CSV (``microcred_web.core.catalogues``); import
writes the reviewed rows back into ``locale/<lang>/LC_MESSAGES/django.po`` in place and clears
the review mark of each row whose ``review`` column the reviewer emptied (or set to ``ok``).
Run ``make messages`` afterwards to compile the catalogue.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from microcred_web.core.catalogues import CatalogueError, apply_rows, export_rows, read_csv, write_csv


class Command(BaseCommand):
    help = "Export a language's translations to CSV for review, or import the reviewed CSV."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        export = sub.add_parser("export", help="write the catalogue of --lang as CSV")
        export.add_argument("--lang", required=True)
        export.add_argument("--out", help="file to write (default: standard output)")
        export.add_argument("--only-review", action="store_true", help="only entries marked for review")
        imp = sub.add_parser("import", help="write reviewed CSV rows into the catalogue of --lang")
        imp.add_argument("--lang", required=True)
        imp.add_argument("file")

    def handle(self, *args: Any, **options: Any) -> None:
        lang = options["lang"]
        if lang not in {code for code, _name in settings.LANGUAGES} or lang == "en":
            raise CommandError(f"no catalogue for {lang!r}: one of vi, lo")
        po = Path(settings.LOCALE_PATHS[0]) / lang / "LC_MESSAGES" / "django.po"
        if not po.exists():
            raise CommandError(f"{po} does not exist")
        if options["action"] == "export":
            text = write_csv(export_rows(po, only_review=options["only_review"]))
            if options.get("out"):
                Path(options["out"]).write_text(text, "utf-8")
                self.stdout.write(f"{text.count(chr(10)) - 1} row(s) written to {options['out']}")
            else:
                self.stdout.write(text, ending="")
            return
        try:
            rows = read_csv(Path(options["file"]).read_bytes())
            result = apply_rows(po, rows)
        except OSError as exc:
            raise CommandError(f"{options['file']}: {exc.strerror}") from None
        except CatalogueError as exc:
            raise CommandError(str(exc)) from None
        for problem in result.problems:
            self.stderr.write(problem)
        self.stdout.write(
            f"{result.updated} translation(s) changed, {result.reviewed} marked reviewed, "
            f"{result.unchanged} unchanged, {len(result.problems)} row(s) left out; "
            "run `make messages` to compile"
        )
