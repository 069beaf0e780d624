"""The QA plan's monthly trends drawn on the server as SVG, with the platform's chart shapes and
template (``core.charts``, ``core/_chart.html``; ADR 1121, ADR 1452): grouped bars per month, a text
alternative, each bar with its own title; the page shows the same figures in a table."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from microcred_web.core.charts import Chart, Line, Rect, Text, nice_ceiling
from microcred_web.qa.messages import INDICATOR_LABELS

WIDTH = 720  # the viewBox width, as the pilot's; the page scales the drawing to its column
SERIES = ("learners_piloted", "micro_credentials_developed", "recognition_requests", "verifications")


def monthly_chart(months: list[dict[str, Any]]) -> Chart:
    left, right, top, bottom, plot_h = 48, 8, 12, 28, 200
    plot_w = WIDTH - left - right
    peak = nice_ceiling(max((m[s] for m in months for s in SERIES), default=1) or 1)
    chart = Chart(
        slug="qa-months",
        width=WIDTH,
        height=top + plot_h + bottom,
        title=_("The QA plan per month"),
        description="; ".join(
            f"{m['month']}: " + ", ".join(f"{INDICATOR_LABELS[s]} {m[s]}" for s in SERIES) for m in months
        )
        or _("no data yet"),
        series=tuple((f"qa-{s}", str(INDICATOR_LABELS[s])) for s in SERIES),
    )
    base = top + plot_h
    for i in range(5):
        y = base - plot_h * i / 4
        chart.lines.append(Line(left, y, WIDTH - right, y, "grid" if i else "axis"))
        chart.texts.append(Text(left - 6, y + 4, f"{peak * i / 4:g}", "tick", "end"))
    if not months:
        return chart
    slot = plot_w / len(months)
    bar = max(min(slot * 0.2, 18.0), 1.0)
    every = max(1, -(-len(months) // 8))
    for n, month in enumerate(months):
        x0 = left + n * slot + (slot - len(SERIES) * bar) / 2
        for k, key in enumerate(SERIES):
            height = plot_h * month[key] / peak
            chart.rects.append(
                Rect(
                    round(x0 + k * bar, 2),
                    round(base - height, 2),
                    round(bar, 2),
                    round(height, 2),
                    f"qa-{key}",
                    f"{month['month']}: {INDICATOR_LABELS[key]} {month[key]}",
                )
            )
        if n % every == 0:
            chart.texts.append(
                Text(round(left + n * slot + slot / 2, 2), base + 18, month["month"], "tick", "middle")
            )
    return chart
