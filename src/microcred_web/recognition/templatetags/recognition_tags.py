"""Small display filters of the recognition pages."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import template

register = template.Library()


@register.filter
def normalize(value: Any) -> str:
    """A Decimal without trailing zeros (4.00 -> 4)."""
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    return "" if value is None else str(value)
