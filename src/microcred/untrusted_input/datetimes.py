"""The one reader of date-times that come from outside (``validFrom``, ``validUntil``, a proof's
``created`` and ``expires``, a JWT's dates): XSD 1.1 ``dateTime`` lexical form (VCDM 2.0 §4.9,
XML Schema 1.1 Part 2 §3.3.7), refused cleanly when it is not one or when it lies outside the
years 1-9999 that the rest of the system can compute with."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Final

from microcred.untrusted_input.limits import MAX_YEAR, MIN_YEAR, UntrustedInputError

_XSD_DATE_TIME: Final = re.compile(
    r"(-?[0-9]{4,})-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]+)?(?:Z|[+-][0-9]{2}:[0-9]{2})?"
)


class DateTimeError(UntrustedInputError, ValueError):
    """Not an XSD date-time (``input.not_a_date_time``) or one out of range
    (``input.date_out_of_range``). A ``ValueError`` too, as ``datetime.fromisoformat`` raises."""


def _shown(value: object) -> str:
    """How an error message shows the value: its repr, cut at 64 characters."""
    return repr(value) if not isinstance(value, str) or len(value) <= 64 else repr(value[:64] + "…")


def parse_date_time(value: object, *, where: str = "", require_zone: bool = False) -> datetime:
    """An aware ``datetime`` in UTC; a value without a time zone is taken as UTC unless
    ``require_zone`` (an XSD ``dateTimeStamp``) refuses it."""
    match = _XSD_DATE_TIME.fullmatch(value) if isinstance(value, str) and len(value) <= 64 else None
    if match is None or (require_zone and value[-1] != "Z" and value[-6] not in "+-"):  # type: ignore[index]
        shown = _shown(value)
        raise DateTimeError(
            "input.not_a_date_time",
            f"{shown} is not an XSD date-time such as 2026-06-30T10:00:00Z",
            where=where,
            value=shown,
        )
    assert isinstance(value, str)
    year = int(match.group(1))
    if not MIN_YEAR <= year <= MAX_YEAR:
        shown = _shown(value)
        raise DateTimeError(
            "input.date_out_of_range",
            f"{shown}: the year {year} is outside {MIN_YEAR:04d}-{MAX_YEAR}, the years this system handles",
            where=where,
            value=shown,
            limit=MAX_YEAR,
            found=year,
        )
    try:
        parsed = datetime.fromisoformat(value)
        zone = parsed.tzinfo
        if zone is UTC:  # a ``Z``: already the instant in UTC (no second copy, ADR 0611)
            return parsed
        return parsed.astimezone(UTC) if zone is not None else parsed.replace(tzinfo=UTC)
    except ValueError:
        shown = _shown(value)
        raise DateTimeError(
            "input.not_a_date_time", f"{shown} is not a valid date and time", where=where, value=shown
        ) from None
    except OverflowError:  # 9999-12-31T23:00:00-14:00 is in year 10000 in UTC
        shown = _shown(value)
        raise DateTimeError(
            "input.date_out_of_range",
            f"{shown} is outside the years {MIN_YEAR:04d}-{MAX_YEAR} in UTC",
            where=where,
            value=shown,
            limit=MAX_YEAR,
        ) from None
