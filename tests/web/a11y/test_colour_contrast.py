"""Colour pairs of the stylesheet meet WCAG 2.1 AA: 4.5:1 for text (1.4.3), 3:1 for the focus
ring and control borders (1.4.11). Colours are read from the CSS custom properties in :root."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

CSS = (
    Path(__file__).resolve().parents[3]
    / "src"
    / "microcred_web"
    / "core"
    / "static"
    / "microcred"
    / "site.css"
)

TEXT_PAIRS = [
    ("text", "bg"),
    ("text", "surface"),
    ("muted", "bg"),
    ("muted", "surface"),
    ("link", "bg"),
    ("link", "surface"),
    ("link-visited", "bg"),
    ("accent-text", "accent"),
    ("header-text", "header-bg"),
    ("header-link", "header-bg"),
    ("notice-text", "notice-bg"),
    ("tag-text", "tag-bg"),
    ("error", "bg"),
    ("error", "surface"),
]
NON_TEXT_PAIRS = [
    ("focus", "bg"),
    ("focus", "surface"),
    ("focus-on-dark", "header-bg"),
    ("border", "bg"),
    ("border", "surface"),
]


def _properties() -> dict[str, str]:
    root = re.search(r":root\s*\{(.*?)\}", CSS.read_text("utf-8"), re.S)
    assert root, "site.css has no :root block"
    return dict(re.findall(r"--([\w-]+):\s*(#[0-9a-fA-F]{6})\s*;", root.group(1)))


def _luminance(hex_colour: str) -> float:
    def channel(c: int) -> float:
        s = c / 255
        return s / 12.92 if s <= 0.03928 else ((s + 0.055) / 1.055) ** 2.4

    r, g, b = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast(a: str, b: str) -> float:
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def test_the_contrast_formula_matches_known_values() -> None:
    assert contrast("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)


@pytest.mark.parametrize(("fg", "bg"), TEXT_PAIRS, ids=[f"{f}-on-{b}" for f, b in TEXT_PAIRS])
def test_text_colours_have_at_least_4_5_to_1(fg: str, bg: str) -> None:
    colours = _properties()
    ratio = contrast(colours[fg], colours[bg])
    assert ratio >= 4.5, f"--{fg} {colours[fg]} on --{bg} {colours[bg]} is {ratio:.2f}:1"


@pytest.mark.parametrize(("fg", "bg"), NON_TEXT_PAIRS, ids=[f"{f}-on-{b}" for f, b in NON_TEXT_PAIRS])
def test_focus_ring_and_control_borders_have_at_least_3_to_1(fg: str, bg: str) -> None:
    colours = _properties()
    ratio = contrast(colours[fg], colours[bg])
    assert ratio >= 3.0, f"--{fg} {colours[fg]} on --{bg} {colours[bg]} is {ratio:.2f}:1"


def test_the_stylesheet_stays_small_for_slow_connections() -> None:
    assert CSS.stat().st_size < 20_000


def test_the_stylesheet_downloads_no_fonts_and_makes_no_external_requests() -> None:
    css = CSS.read_text("utf-8")
    assert "@font-face" not in css
    assert "@import" not in css
    assert not re.search(r"url\(\s*['\"]?(https?:)?//", css)
