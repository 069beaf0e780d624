"""The pilot dashboard's charts, drawn on the server as SVG (issue 11 item 5; ADR 1121).

:func:`weekly_chart` and :func:`country_chart` turn the figures of ``selectors.pilot_summary``
into shapes (rectangles, lines, texts) in a fixed coordinate system; ``charts/_chart.html`` (core/charts.py) writes
them out as an ``<svg role="img">`` with a ``<title>`` and ``<desc>``, each bar with its own
``<title>``, and the page shows the same figures in a table. Colours come from classes in
``pilot/dashboard.css`` (the CSP refuses inline styles); no script, no chart library.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from microcred_web.core.charts import Chart, Line, Rect, Text, nice_ceiling
from microcred_web.register.display import country_name

__all__ = ["Chart", "Line", "Rect", "Text", "country_chart", "nice_ceiling", "weekly_chart"]

WIDTH = 720  # the viewBox width; the page scales the drawing to its column
SERIES = ("enrolled", "completed", "credentialed")


def _label(key: str) -> str:
    return {"enrolled": _("Enrolled"), "completed": _("Completed"), "credentialed": _("Credentialed")}[key]


def weekly_chart(weeks: list[dict[str, Any]]) -> Chart:
    """Learners enrolled and learners credentialed per week: two bars a week, a vertical axis
    with five gridlines, a date under at most eight of the weeks (ISO 8601, read the same in
    every language)."""
    left, right, top, bottom, plot_h = 48, 8, 12, 28, 200
    plot_w = WIDTH - left - right
    peak = nice_ceiling(max((max(w["enrolled"], w["credentialed"]) for w in weeks), default=1))
    total_enrolled = sum(w["enrolled"] for w in weeks)
    total_credentialed = sum(w["credentialed"] for w in weeks)
    busiest = max(weeks, key=lambda w: w["enrolled"], default=None)
    chart = Chart(
        slug="weeks",
        width=WIDTH,
        height=top + plot_h + bottom,
        title=_("Learners enrolled and credentialed per week"),
        description=(
            _(
                "%(weeks)s weeks from %(first)s to %(last)s: %(enrolled)s learners enrolled and "
                "%(credentialed)s credentialed; most enrolments in the week of %(busiest)s (%(most)s)."
            )
            % {
                "weeks": len(weeks),
                "first": weeks[0]["starts_on"],
                "last": weeks[-1]["starts_on"],
                "enrolled": total_enrolled,
                "credentialed": total_credentialed,
                "busiest": busiest["starts_on"],
                "most": busiest["enrolled"],
            }
            if weeks and busiest is not None
            else _("No learner is enrolled yet.")
        ),
        series=(("enrolled", _label("enrolled")), ("credentialed", _label("credentialed"))),
    )
    base = top + plot_h
    for i in range(5):
        value = peak * i / 4
        y = base - plot_h * i / 4
        chart.lines.append(Line(left, y, WIDTH - right, y, "grid" if i else "axis"))
        chart.texts.append(Text(left - 6, y + 4, f"{value:g}", "tick", "end"))
    if not weeks:
        return chart
    slot = plot_w / len(weeks)
    bar = max(min(slot * 0.4, 24.0), 1.0)
    every = max(1, -(-len(weeks) // 8))
    for n, week in enumerate(weeks):
        x0 = left + n * slot + (slot - 2 * bar) / 2
        for k, key in enumerate(("enrolled", "credentialed")):
            height = plot_h * week[key] / peak
            chart.rects.append(
                Rect(
                    round(x0 + k * bar, 2),
                    round(base - height, 2),
                    round(bar, 2),
                    round(height, 2),
                    key,
                    _("Week of %(date)s: %(count)s %(what)s")
                    % {"date": week["starts_on"], "count": week[key], "what": _label(key).lower()},
                )
            )
        if n % every == 0:
            chart.texts.append(
                Text(round(left + n * slot + slot / 2, 2), base + 18, week["starts_on"], "tick", "middle")
            )
    return chart


def country_chart(countries: list[dict[str, Any]]) -> Chart:
    """Per country, three horizontal bars (enrolled, completed, credentialed) with the figure at
    the end of each and the country's name in the reader's language before them."""
    width = 480  # narrower than the weekly chart: a phone shrinks it less
    left, right, top, bar, gap, group_gap = 104, 40, 8, 16, 3, 16
    group = 3 * bar + 2 * gap
    plot_w = width - left - right
    peak = max([c["enrolled"] for c in countries] + [1])  # no gridlines: the longest bar fills the width
    named = [(country_name(c["country"]), c) for c in countries]
    chart = Chart(
        slug="countries",
        width=width,
        height=top + len(countries) * (group + group_gap) + 8,
        title=_("Learners per country"),
        description="; ".join(
            _("%(country)s: %(enrolled)s enrolled, %(completed)s completed, %(credentialed)s credentialed")
            % {"country": name, **{k: c[k] for k in SERIES}}
            for name, c in named
        )
        or _("No learner is enrolled yet."),
        series=tuple((key, _label(key)) for key in SERIES),
    )
    chart.lines.append(Line(left, top - 4, left, chart.height - 8, "axis"))
    for n, (name, c) in enumerate(named):
        y0 = top + n * (group + group_gap)
        chart.texts.append(Text(left - 8, y0 + group / 2 + 5, name, "label", "end"))
        for k, key in enumerate(SERIES):
            y = y0 + k * (bar + gap)
            length = plot_w * c[key] / peak
            chart.rects.append(
                Rect(
                    left,
                    y,
                    round(length, 2),
                    bar,
                    key,
                    _("%(country)s: %(count)s %(what)s")
                    % {"country": name, "count": c[key], "what": _label(key).lower()},
                )
            )
            chart.texts.append(Text(round(left + length + 4, 2), y + bar - 3, str(c[key]), "value"))
    return chart
