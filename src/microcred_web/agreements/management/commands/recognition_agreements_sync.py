"""Load the consortium profile shipped with the core (``M4A-DEFAULT`` v1) into the agreements
register. Idempotent and independent of ``load_demo``:

    python manage.py recognition_agreements_sync
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from microcred_web.agreements.services import recognition_agreements_sync


class Command(BaseCommand):
    help = "Load the shipped consortium recognition profile (M4A-DEFAULT) into the database."

    def handle(self, *args: Any, **options: Any) -> None:
        made = recognition_agreements_sync()
        for row in made:
            self.stdout.write(f"{row.ref}: loaded ({row.status})")
        self.stdout.write(self.style.SUCCESS(f"{len(made)} agreement version(s) loaded"))
