"""The pilot dashboard's charts, drawn on the server as SVG (issue 11 item 5; ADR 1121).

:func:`weekly_chart` and :func:`country_chart` turn the figures of ``selectors.pilot_summary``
into shapes (rectangles, lines, texts) of ``core.charts`` (ADR 1452); ``core/_chart.html`` writes
them out as an ``<svg role="img">`` with a ``<title>`` and ``<desc>``, each bar with its own
``<title>``, and the page shows the same figures in a table. Colours come from classes in
``pilot/dashboard.css`` (the CSP refuses inline styles); no script, no chart library.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from microcred_web.core.charts import Chart, Group, grouped_bars, nice_ceiling, period_columns
from microcred_web.register.display import country_name

__all__ = ["Chart", "country_chart", "nice_ceiling", "weekly_chart"]

WIDTH = 720  # the viewBox width; the page scales the drawing to its column
SERIES = ("enrolled", "completed", "credentialed")


def _label(key: str) -> str:
    return {"enrolled": _("Enrolled"), "completed": _("Completed"), "credentialed": _("Credentialed")}[key]


def weekly_chart(weeks: list[dict[str, Any]]) -> Chart:
    """Learners enrolled and learners credentialed per week: two bars a week, a vertical axis
    with five gridlines, a date under at most eight of the weeks (ISO 8601, read the same in
    every language)."""
    left, right, top, bottom, plot_h = 48, 8, 12, 28, 200
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
    return period_columns(
        chart,
        periods=weeks,
        keys=("enrolled", "credentialed"),
        label_key="starts_on",
        title=lambda week, key: (
            _("Week of %(date)s: %(count)s %(what)s")
            % {"date": week["starts_on"], "count": week[key], "what": _label(key).lower()}
        ),
        css=lambda key: key,
        peak=peak,
        left=left,
        right=right,
        top=top,
        plot_h=plot_h,
        share=0.4,
        widest=24.0,
    )


def country_chart(countries: list[dict[str, Any]]) -> Chart:
    """Per country, three horizontal bars (enrolled, completed, credentialed) with the figure at
    the end of each and the country's name in the reader's language before them (drawn narrow,
    480 wide, so a phone shrinks it less)."""
    named = [(country_name(c["country"]), c) for c in countries]
    return grouped_bars(
        slug="countries",
        title=_("Learners per country"),
        description="; ".join(
            _("%(country)s: %(enrolled)s enrolled, %(completed)s completed, %(credentialed)s credentialed")
            % {"country": name, **{k: c[k] for k in SERIES}}
            for name, c in named
        )
        or _("No learner is enrolled yet."),
        series=tuple((key, _label(key)) for key in SERIES),
        groups=[
            Group(
                name,
                [c[key] for key in SERIES],
                [
                    _("%(country)s: %(count)s %(what)s")
                    % {"country": name, "count": c[key], "what": _label(key).lower()}
                    for key in SERIES
                ],
            )
            for name, c in named
        ],
    )
