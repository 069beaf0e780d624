"""Apply the retention periods of personal data (docs/privacy.md); run it daily, e.g. from cron::

python manage.py privacy_retention
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from microcred_web.privacy.services import retention_apply


class Command(BaseCommand):
    help = "Erase personal data whose retention period has passed."

    def handle(self, *args: Any, **options: Any) -> None:
        counts = retention_apply(
            now=timezone.now(),
            enrolment_days=settings.MICROCRED_RETENTION_ENROLMENT_DAYS,
            erasure_record_days=settings.MICROCRED_RETENTION_ERASURE_RECORD_DAYS,
        )
        self.stdout.write(
            f"enrolments erased: {counts['enrolments']}, erasure records deleted: {counts['erasure_records']}, "
            f"download records deleted: {counts['downloads']}"
        )
