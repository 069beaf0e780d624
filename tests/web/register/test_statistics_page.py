"""GET /statistics/ and the landing page: every figure equals what the raw data gives, the charts
are SVG with table fallbacks, and they render in a real browser (headless Chromium)."""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterator
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from microcred_web.credentials.models import IssuedCredential
from microcred_web.recognition.models import RecognitionCase
from microcred_web.register.statistics import register_statistics
from tests.web.register import factories as f

CHROMIUM = next(
    (p for p in ("/usr/bin/chromium", shutil.which("chromium") or "") if p and Path(p).exists()), None
)
SKILL = "http://data.europa.eu/esco/skill/ab7e4b7c-1b43-4c6f-b9a5-3f8f3b7bd3c1"


def _case(n: int, outcome: str) -> None:
    RecognitionCase.objects.create(
        reference=f"NEU-2026-{n:04d}",
        learner_ref=f"L-{n}",
        host=f.institution("neu"),
        purpose="ELECTIVE_CREDIT",
        status="decided",
        final_outcome=outcome,
        final_credits=Decimal("2"),
        final_credit_system="VN-TC",
        decision_date=date(2026, 10, 1),
        target={"title": "Applied econometrics"},
        source_institutions="muni",
        credential_codes="MUNI-ECON-R",
    )


def _credential(n: int, slug: str, *, revoked: bool = False) -> None:
    IssuedCredential.objects.create(
        credential_id=f"urn:uuid:00000000-0000-4000-8000-{n:012d}",
        institution=f.institution(slug),
        suite="eddsa-rdfc-2022",
        document={},
        revoked_at=datetime(2026, 5, 1, tzinfo=UTC) if revoked else None,
    )


def _data() -> None:
    econ = f.econometrics()
    econ["learning_outcomes"][0]["esco_skills"] = [SKILL]  # the other outcomes keep theirs
    f.publish(econ, slug="muni")
    bank = f.banking_vn()
    bank["learning_outcomes"][0]["esco_skills"] = [SKILL]
    f.publish(bank, slug="buh")
    f.publish(f.banking_vn(code="BUH-TWO"), slug="buh")
    f.publish(f.finance_lao(), slug="nuol")
    for n in range(3):
        _credential(n, "buh")
    _credential(3, "buh", revoked=True)
    _credential(4, "muni")
    _case(1, "FULL")
    _case(2, "FULL")
    _case(3, "PARTIAL")
    _case(4, "")  # not decided yet: not counted


@pytest.mark.django_db
def test_every_figure_equals_the_raw_data(client: Client) -> None:
    _data()
    stats = register_statistics()
    by_slug = {i.slug: i for i in stats.institutions}
    assert (by_slug["buh"].published, by_slug["buh"].credentials) == (2, 3)  # the revoked one is not counted
    assert (by_slug["muni"].published, by_slug["muni"].credentials) == (1, 1)
    assert stats.countries == [("CZ", 1, 1), ("LA", 1, 0), ("VN", 2, 3)]
    assert stats.outcomes == [("FULL", 2), ("PARTIAL", 1)]
    specs = [f.econometrics()["learning_outcomes"][1:], f.finance_lao()["learning_outcomes"]]
    others = {u for los in specs for lo in los for u in lo.get("esco_skills", [])}
    assert stats.skills[0] == (SKILL, 2)
    assert sorted(stats.skills[1:]) == sorted((u, 1) for u in others - {SKILL})
    assert stats.skills_total == len(others | {SKILL})
    html = client.get("/statistics/").content.decode()
    assert html.count('<svg xmlns="http://www.w3.org/2000/svg"') == 4
    assert html.count('role="img"') == 4
    assert re.search(r"<th scope=\"row\">Recognised in full</th><td>2</td>", html)
    assert "<title>Recognised in part: 1</title>" in html


@pytest.mark.django_db
@pytest.mark.parametrize("lang", ["vi", "lo"])
def test_the_landing_and_statistics_pages_speak_the_reader_s_language(client: Client, lang: str) -> None:
    for url in ("/", "/statistics/"):
        html = client.get(url, HTTP_ACCEPT_LANGUAGE=lang).content.decode()
        assert f'lang="{lang}"' in html
        assert "Statistics" not in html and "Open data" not in html


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as p:
            b = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
            yield b
            b.close()
    finally:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


@pytest.mark.skipif(
    CHROMIUM is None, reason="no Chromium at /usr/bin/chromium (make install adds it as root)"
)
def test_the_charts_render_in_a_real_browser(browser: Any, live_server: Any, transactional_db: None) -> None:
    _data()
    page = browser.new_page()  # the page's real CSP applies: nothing inline, nothing from a CDN
    blocked: list[str] = []
    page.on("console", lambda m: blocked.append(m.text) if "Content Security Policy" in m.text else None)
    page.on("request", lambda r: blocked.append(r.url) if not r.url.startswith(live_server.url) else None)
    page.goto(live_server.url + "/statistics/")
    charts = page.locator("figure.chart svg")
    assert charts.count() == 4
    for n in range(4):
        box = charts.nth(n).bounding_box()
        assert box is not None and box["width"] > 200 and box["height"] > 20
    # the bars are drawn, with their colour from the platform's own stylesheet
    bar = page.locator("figure.chart-credentials-institutions rect.bar").first
    assert bar.evaluate("e => getComputedStyle(e).fill") == "rgb(27, 110, 60)"
    assert bar.bounding_box()["width"] > 0
    assert blocked == []
    page.close()
