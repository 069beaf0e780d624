"""Template filters for register pages."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from django import template
from django.utils.formats import number_format

from microcred_web.register import dates

register = template.Library()


@register.filter
def num(value: Decimal | int | float | str | None) -> str:
    """A number in the viewer's locale, at most two decimals, without trailing zeros:
    2.5 -> "2.5" (en) or "2,5" (vi); 3.3333 -> "3.33". Exact values stay in the JSON exports."""
    if value is None or value == "":
        return ""
    number = Decimal(str(value)).quantize(Decimal("0.01"))
    # normalize() would write 100 as 1E+2; quantize to the integer when there is no fraction.
    number = number.quantize(Decimal(1)) if number == number.to_integral() else number.normalize()
    return number_format(number, use_l10n=True)


@register.filter
def local_date(value: date | datetime | None) -> str:
    """A date in the interface language (``register.dates``)."""
    return dates.local_date(value)
