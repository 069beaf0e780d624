"""Dates in the interface language. Django ships no Lao locale, so Lao dates are written
day-month-year with month names from our own catalogue; Vietnamese and English use Django's
formats."""

from __future__ import annotations

from datetime import date, datetime

from django.utils import dateformat
from django.utils.formats import date_format
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

# The same msgids as django.utils.dates.MONTHS, listed here so makemessages keeps them in our
# catalogue (Django's own catalogue has no Lao).
MONTHS = (
    _("January"),
    _("February"),
    _("March"),
    _("April"),
    _("May"),
    _("June"),
    _("July"),
    _("August"),
    _("September"),
    _("October"),
    _("November"),
    _("December"),
)

# Day, month name, year: how Lao official documents write a date.
_FORMATS = {"lo": "j F Y"}


def local_date(value: date | datetime | None) -> str:
    if value is None:
        return ""
    fmt = _FORMATS.get((get_language() or "en").split("-")[0])
    return dateformat.format(value, fmt) if fmt else date_format(value, "DATE_FORMAT")
