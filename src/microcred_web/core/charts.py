"""Charts drawn on the server as SVG, for any page (ADR 1121, generalised by ADR 1452).

A :class:`Chart` is shapes (rectangles, lines, texts) in a fixed coordinate system, with a title
and a description (its text alternative); ``core/_chart.html`` writes it out as an
``<svg role="img">`` named by its caption and described by the sentence under it, each bar with
its own ``<title>``. The page shows the same figures in a table. Colours are classes in the
page's stylesheet (the CSP refuses inline styles); ``microcred/charts.css`` holds the common
rules. No script, no chart library.

:func:`grouped_bars` draws the common case: per item (a country, a skill) one horizontal bar per
series with the figure at its end. Domain charts (the pilot's weekly chart) build on the shapes.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Rect:
    x: float
    y: float
    width: float
    height: float
    css: str
    title: str


@dataclass(frozen=True)
class Text:
    x: float
    y: float
    text: str
    css: str = ""
    anchor: str = "start"


@dataclass(frozen=True)
class Line:
    x1: float
    y1: float
    x2: float
    y2: float
    css: str


@dataclass(frozen=True)
class Chart:
    """One drawing: its size, a title and a description (its text alternative), the shapes."""

    slug: str
    width: int
    height: int
    title: str
    description: str
    series: tuple[tuple[str, str], ...]  # (css class, label) for the legend
    rects: list[Rect] = field(default_factory=list)
    texts: list[Text] = field(default_factory=list)
    lines: list[Line] = field(default_factory=list)
    css: str = ""  # a class of the figure for the kind of drawing (``chart-bars``)


def nice_ceiling(value: int) -> int:
    """The axis's top: the smallest of 4, 8, 20, 40, 60, 80, 100, 200, 400… at or above
    ``value``, so that its quarters (the gridlines) are whole numbers."""
    magnitude = 1
    while True:
        for step in (2, 4, 6, 8, 10):
            top = step * magnitude
            if top % 4 == 0 and top >= value:
                return top
        magnitude *= 10


@dataclass(frozen=True)
class Group:
    """One item of a grouped bar chart: its name, its figure per series (in the order of the
    chart's series) and each bar's title (the figure in words)."""

    label: str
    values: Sequence[int]
    titles: Sequence[str]


def grouped_bars(
    *,
    slug: str,
    title: str,
    description: str,
    series: tuple[tuple[str, str], ...],
    groups: Sequence[Group],
    width: int = 480,
    left: int = 104,
) -> Chart:
    """Per group, one horizontal bar per series with the figure at its end and the group's name
    before them. The longest bar fills the width (no gridlines); ``left`` is the room for names."""
    right, top, bar, gap, group_gap = 40, 8, 16, 3, 16
    count = len(series)
    group_h = count * bar + (count - 1) * gap
    plot_w = width - left - right
    peak = max([v for g in groups for v in g.values] + [1])
    chart = Chart(
        slug=slug,
        width=width,
        height=top + len(groups) * (group_h + group_gap) + 8,
        title=title,
        description=description,
        series=series,
        css="chart-bars",
    )
    chart.lines.append(Line(left, top - 4, left, chart.height - 8, "axis"))
    for n, group in enumerate(groups):
        y0 = top + n * (group_h + group_gap)
        chart.texts.append(Text(left - 8, y0 + group_h / 2 + 5, group.label, "label", "end"))
        for k, ((css, _label), value, bar_title) in enumerate(
            zip(series, group.values, group.titles, strict=True)
        ):
            y = y0 + k * (bar + gap)
            length = plot_w * value / peak
            chart.rects.append(Rect(left, y, round(length, 2), bar, css, bar_title))
            chart.texts.append(Text(round(left + length + 4, 2), y + bar - 3, str(value), "value"))
    return chart


@dataclass(frozen=True)
class Bar:
    """One row of a :func:`bar_chart`: its label, its figure and the sentence a reader hears."""

    label: str
    value: int
    title: str


def bar_chart(
    *, slug: str, title: str, description: str, bars: Sequence[Bar], css: str, legend: str, width: int = 480
) -> Chart:
    """One series: :func:`grouped_bars` with one bar per row (the public statistics, ADR 1521).
    A long label is cut at 26 characters with an ellipsis; the bar's title and the page's table
    keep it whole."""
    return grouped_bars(
        slug=slug,
        title=title,
        description=description,
        series=((css, legend),),
        groups=[
            Group(b.label if len(b.label) <= 26 else b.label[:25] + "\u2026", (b.value,), (b.title,))
            for b in bars
        ],
        width=width,
        left=168,
    )


def period_columns(
    chart: Chart,
    *,
    periods: Sequence[Mapping[str, Any]],
    keys: Sequence[str],
    label_key: str,
    title: Callable[[Mapping[str, Any], str], str],
    css: Callable[[str], str],
    peak: int,
    left: int,
    right: int,
    top: int,
    plot_h: int,
    share: float,
    widest: float,
) -> Chart:
    """Onto ``chart``: a vertical axis with five gridlines up to ``peak``, then per period one
    column per key (``share`` of the period's slot, at most ``widest``), each with its ``title``,
    and the period's ``label_key`` under at most eight periods (the pilot's weeks, the QA plan's
    months; ADR 1121)."""
    base = top + plot_h
    plot_w = chart.width - left - right
    for i in range(5):
        y = base - plot_h * i / 4
        chart.lines.append(Line(left, y, chart.width - right, y, "grid" if i else "axis"))
        chart.texts.append(Text(left - 6, y + 4, f"{peak * i / 4:g}", "tick", "end"))
    if not periods:
        return chart
    slot = plot_w / len(periods)
    bar = max(min(slot * share, widest), 1.0)
    every = max(1, -(-len(periods) // 8))
    for n, period in enumerate(periods):
        x0 = left + n * slot + (slot - len(keys) * bar) / 2
        for k, key in enumerate(keys):
            height = plot_h * period[key] / peak
            chart.rects.append(
                Rect(
                    round(x0 + k * bar, 2),
                    round(base - height, 2),
                    round(bar, 2),
                    round(height, 2),
                    css(key),
                    title(period, key),
                )
            )
        if n % every == 0:
            chart.texts.append(
                Text(round(left + n * slot + slot / 2, 2), base + 18, period[label_key], "tick", "middle")
            )
    return chart
