"""Charts drawn on the server as SVG, shared by the pilot dashboard and the public statistics
(ADR 1121, generalised by ADR 1523).

A chart is shapes (rectangles, lines, texts) in a fixed coordinate system; ``charts/_chart.html``
writes them out as an ``<svg role="img">`` named by a caption and described by a sentence, each
bar with its own ``<title>``; the page shows the same figures in a table. Colours come from CSS
classes (the CSP refuses inline styles); no script, no chart library.
"""

from __future__ import annotations

from dataclasses import dataclass, field


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
class Bar:
    """One row of a :func:`bar_chart`: its label, its figure and the sentence a reader hears."""

    label: str
    value: int
    title: str


def bar_chart(
    *, slug: str, title: str, description: str, bars: list[Bar], css: str, legend: str, width: int = 480
) -> Chart:
    """One horizontal bar per row, the label before it and the figure after it; the longest bar
    fills the width (no gridlines: every figure is written)."""
    left, right, top, bar, gap = 168, 48, 8, 18, 8
    plot_w = width - left - right
    peak = max([b.value for b in bars] + [1])
    chart = Chart(
        slug=slug,
        width=width,
        height=top + len(bars) * (bar + gap) + 8,
        title=title,
        description=description,
        series=((css, legend),),
    )
    chart.lines.append(Line(left, top - 4, left, chart.height - 8, "axis"))
    for n, b in enumerate(bars):
        y = top + n * (bar + gap)
        length = plot_w * b.value / peak
        label = b.label if len(b.label) <= 26 else b.label[:25] + "\u2026"
        chart.texts.append(Text(left - 8, y + bar - 4, label, "label", "end"))
        chart.rects.append(Rect(left, y, round(length, 2), bar, css, b.title))
        chart.texts.append(Text(round(left + length + 4, 2), y + bar - 4, str(b.value), "value"))
    return chart
