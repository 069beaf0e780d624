"""The QA plan's count of verifications (issue 15 "verification counts"; ADR 1240).

Every verification (page, VC-API, presentation, batch) adds one to the day's count. The count is
kept in this process and written to ``VerificationDay`` in one statement per day at most every
``MICROCRED_VERIFICATION_COUNT_FLUSH_SECONDS`` (0 writes at once), before the QA plan reads the
counts in this process (:func:`verification_counts_flush`), and when the process exits (a
gunicorn worker replaced or stopped). So a verify request writes nothing on most requests,
where it used to commit one UPDATE each time. A process killed without exiting loses at most the
counts of the last interval: a statistic, never a verdict.
"""

from __future__ import annotations

import atexit
import logging
import threading
import time
from datetime import date
from typing import Final

from django.conf import settings
from django.db import connections
from django.db.models import F
from django.utils import timezone

from microcred_web.qa.models import VerificationDay


def verification_counted() -> None:
    """Count one verification today (ADR 1240): added to this process's tally, written to the
    database at most every ``MICROCRED_VERIFICATION_COUNT_FLUSH_SECONDS`` (0: at once), before
    the QA plan reads the counts in this process, and when the process exits. A verify request
    then writes nothing on most requests."""
    _TALLY.add(timezone.localdate())


def verification_counts_flush() -> None:
    """Write this process's tally of verifications to ``VerificationDay`` now (ADR 1240)."""
    _TALLY.flush()


def _verification_day_add(day: date, count: int) -> None:
    """Add ``count`` to ``day``'s row: one UPDATE, or one INSERT on the day's first."""
    # one statement, atomic by itself (no savepoint around it: a verify request stays cheap)
    if not VerificationDay.objects.filter(day=day).update(count=F("count") + count):
        _, created = VerificationDay.objects.get_or_create(day=day, defaults={"count": count})
        if not created:  # another process made the day's row in between
            VerificationDay.objects.filter(day=day).update(count=F("count") + count)


class _Tally:
    """Verifications counted in this process and not yet written, by day (ADR 1240)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._pending: dict[date, int] = {}
        self._last_flush = time.monotonic()
        self._at_exit = False

    def add(self, day: date) -> None:
        every = float(getattr(settings, "MICROCRED_VERIFICATION_COUNT_FLUSH_SECONDS", 0))
        with self._lock:
            self._pending[day] = self._pending.get(day, 0) + 1
            if not self._at_exit:
                self._at_exit = True
                atexit.register(self._flush_at_exit)
            due = every <= 0 or time.monotonic() - self._last_flush >= every
        if due:
            self.flush()

    def flush(self) -> None:
        with self._lock:
            pending, self._pending = self._pending, {}
            self._last_flush = time.monotonic()
        written: list[date] = []
        try:
            for day, count in sorted(pending.items()):
                _verification_day_add(day, count)
                written.append(day)
        except BaseException:
            # nothing counted is lost: what was not written waits for the next flush
            with self._lock:
                for day, count in pending.items():
                    if day not in written:
                        self._pending[day] = self._pending.get(day, 0) + count
            raise

    def discard(self) -> None:
        """Forget the tally (tests: what a rolled-back test counted is not another's)."""
        with self._lock:
            self._pending = {}

    def _flush_at_exit(self) -> None:
        try:
            self.flush()
            connections.close_all()
        except Exception:  # the process is ending: say so, do not hide the exit status
            logging.getLogger(__name__).exception("the verification counts of this process were not written")


_TALLY: Final = _Tally()
