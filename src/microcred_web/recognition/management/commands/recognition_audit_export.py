"""Write a recognition case's audit log as JSON Lines, for ``microcred replay`` (ADR 0520).

    python manage.py recognition_audit_export CASE-REFERENCE > case.jsonl
    microcred replay case.jsonl --decision-credential decision.json --trust registry.json

The decision credential is the one the applicant holds (or ``GET /recognition/cases/<uuid>/
decisions/<credential-uuid>.json``); the registry is ``GET /trust/registry.json``. The log holds
the case's events as stored (ids of actors, no names); it is given to an auditor, not published.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from microcred.recognition.audit import AuditLog
from microcred_web.recognition import adapters
from microcred_web.recognition.models import RecognitionCase


class Command(BaseCommand):
    help = "Print a recognition case's hash-chained audit log as JSON Lines (for microcred replay)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("reference", help="the case reference, e.g. NEU-2026-0001")

    def handle(self, *args: Any, **options: Any) -> None:
        case = RecognitionCase.objects.filter(reference=options["reference"]).first()
        if case is None:
            raise CommandError(f"no recognition case {options['reference']!r}")
        self.stdout.write(AuditLog(adapters.audit_events(case.events.order_by("seq"))).to_jsonl(), ending="")
