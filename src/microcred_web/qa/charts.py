"""The QA plan's monthly trends drawn on the server as SVG, with the platform's chart shapes and
template (``core.charts``, ``core/_chart.html``; ADR 1121, ADR 1452): grouped bars per month, a text
alternative, each bar with its own title; the page shows the same figures in a table."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from microcred_web.core.charts import Chart, nice_ceiling, period_columns
from microcred_web.qa.messages import INDICATOR_LABELS

WIDTH = 720  # the viewBox width, as the pilot's; the page scales the drawing to its column
SERIES = ("learners_piloted", "micro_credentials_developed", "recognition_requests", "verifications")


def monthly_chart(months: list[dict[str, Any]]) -> Chart:
    left, right, top, bottom, plot_h = 48, 8, 12, 28, 200
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
    return period_columns(
        chart,
        periods=months,
        keys=SERIES,
        label_key="month",
        title=lambda month, key: f"{month['month']}: {INDICATOR_LABELS[key]} {month[key]}",
        css=lambda key: f"qa-{key}",
        peak=peak,
        left=left,
        right=right,
        top=top,
        plot_h=plot_h,
        share=0.2,
        widest=18.0,
    )
