"""``{% load second_factor %}{% if user|needs_second_factor %}``: the rule of accounts.second_factor."""

from __future__ import annotations

from typing import Any

from django import template

from microcred_web.accounts.second_factor import second_factor_required

register = template.Library()


@register.filter
def needs_second_factor(user: Any) -> bool:
    return second_factor_required(user)


@register.filter
def inline_svg(svg: str) -> str:
    """The QR code's SVG to put inside HTML: without its XML declaration, labelled as an image.

    The SVG is the one allauth's adapter makes with qrcode (no user input), so it is marked safe.
    """
    from django.utils.safestring import mark_safe

    start = svg.find("<svg")
    body = svg[start:] if start >= 0 else ""
    return mark_safe(body.replace("<svg ", '<svg aria-hidden="true" focusable="false" ', 1))  # noqa: S308
