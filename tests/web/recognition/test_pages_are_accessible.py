"""The recognition pages pass the platform's WCAG markup checks in every interface language, and
the desk's own colour pairs keep 4.5:1 contrast (WCAG 2.1 1.4.3)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from tests.web.a11y.html_checks import problems
from tests.web.recognition.conftest import client_for, decided_case, imported_case

CSS = Path(__file__).resolve().parents[3] / "src/microcred_web/recognition/static/recognition/recognition.css"


@pytest.mark.parametrize("lang", ["en", "vi", "lo"])
def test_the_officer_pages_pass_the_markup_checks(
    consortium: Any, officers: Any, learner: Any, lang: str
) -> None:
    proposed = imported_case("E2", "unisi", consortium, officers)
    decided = decided_case("E6", "unisi", consortium, officers, applicant=learner)
    officer = client_for(officers["unisi"])
    for url in (
        reverse("recognition:workspace"),
        reverse("recognition:open"),
        reverse("recognition:import"),
        reverse("recognition:case", args=[proposed.uuid]),
        reverse("recognition:case", args=[decided.uuid]),
        reverse("recognition:notice", args=[decided.uuid]),
    ):
        response = officer.get(url, HTTP_ACCEPT_LANGUAGE=lang)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert f'<html lang="{lang}"' in html
        assert problems(html) == [], url


@pytest.mark.parametrize("lang", ["en", "vi", "lo"])
def test_the_learner_and_public_pages_pass_the_markup_checks(
    consortium: Any, officers: Any, learner: Any, lang: str
) -> None:
    decided = decided_case("E1", "neu", consortium, officers, applicant=learner)
    mine = client_for(learner)
    for url in (
        reverse("recognition:my_cases"),
        reverse("recognition:request"),
        reverse("recognition:my_case", args=[decided.uuid]),
    ):
        assert problems(mine.get(url, HTTP_ACCEPT_LANGUAGE=lang).content.decode()) == [], url
    assert (
        problems(Client().get(reverse("recognition:precedents"), HTTP_ACCEPT_LANGUAGE=lang).content.decode())
        == []
    )


def _luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def test_the_status_colours_have_enough_contrast() -> None:
    colours = dict(re.findall(r"--([a-z-]+):\s*(#[0-9a-fA-F]{6})", CSS.read_text("utf-8")))
    for name in ("ok", "bad", "warn", "na"):
        fg, bg = _luminance(colours[f"{name}-text"]), _luminance(colours[f"{name}-bg"])
        ratio = (max(fg, bg) + 0.05) / (min(fg, bg) + 0.05)
        assert ratio >= 4.5, (name, ratio)
