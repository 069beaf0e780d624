"""Issue 10, "Done when": the stuck journey reaches a decision in a browser, with the learner asked
only for what she can supply (ADR 0810). Playwright drives Debian's Chromium (``/usr/bin/chromium``;
``make install`` installs it on a fresh machine as root; no browser is downloaded) against the
live test server."""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.db import connections
from django.test import Client

from microcred_web.accounts.models import Role
from microcred_web.catalogue.models import MicroCredential, MicroCredentialVersion, Status
from microcred_web.recognition.models import RecognitionCase
from microcred_web.recognition.models import Status as CaseStatus
from tests.conftest import EXAMPLES
from tests.web.recognition.conftest import make_user
from tests.web.recognition.stuck_journey import issued, masaryk_with_gaps

CHROMIUM = next(
    (p for p in ("/usr/bin/chromium", shutil.which("chromium") or "") if p and Path(p).exists()), None
)

pytestmark = [
    pytest.mark.db,
    pytest.mark.skipif(
        CHROMIUM is None, reason="no Chromium at /usr/bin/chromium (make install adds it as root)"
    ),
]


@pytest.fixture
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the ORM calls of the test itself
    # stay synchronous and the live server answers from its own thread.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as p:
            b = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
            yield b
            b.close()
            # the ORM opened its own connection while Playwright's loop ran; close it here, or
            # PostgreSQL refuses to drop the test database at the end
            connections.close_all()
    finally:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


def page_of(browser: Any, live_server: Any, user: Any) -> Any:
    """A browser page signed in as ``user`` (the session made by the test client)."""
    client = Client()
    client.force_login(user)
    context = browser.new_context(base_url=live_server.url, locale="en-GB")
    context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    context.set_default_timeout(8000)
    return context.new_page()


def ueh_register_entry(consortium: Any) -> MicroCredentialVersion:
    import json

    spec = json.loads((EXAMPLES / "specs" / "ueh-business-analytics-sql.json").read_text("utf-8"))
    mc = MicroCredential.objects.create(institution=consortium["ueh"], code=spec["code"])
    return MicroCredentialVersion.objects.create(
        micro_credential=mc, version=1, status=Status.PUBLISHED, spec=spec, title_en=spec["title"]["en"]
    )


def test_the_stuck_journey_reaches_a_decision_and_the_learner_is_asked_only_for_what_she_can_supply(
    consortium: Any, officers: Any, learner: Any, live_server: Any, browser: Any
) -> None:
    credential = issued(masaryk_with_gaps(consortium), learner, consortium)
    target = ueh_register_entry(consortium)
    officer, second = officers["ueh"], officers.second("ueh")
    designer = make_user("muni-designer", consortium["muni"], Role.COURSE_DESIGNER)

    # The learner picks UEH by its full name and the course from UEH's published register.
    lan = page_of(browser, live_server, learner)
    lan.goto("/recognition/my/new/")
    lan.select_option("#id_host", label="University of Economics Ho Chi Minh City (UEH)")
    lan.select_option("#id_purpose", "ELECTIVE_CREDIT")
    lan.select_option("#id_target_entry", str(target.pk))
    lan.select_option("#id_credential", str(credential.pk))
    lan.get_by_role("button", name=re.compile("request", re.I)).click()
    case = RecognitionCase.objects.get(applicant=learner)

    # The officer's target starts from the register entry; they add the programme and propose.
    desk = page_of(browser, live_server, officer)
    desk.goto(f"/recognition/cases/{case.uuid}/")
    assert desk.input_value("#target_id") == target.spec["code"]
    assert desk.input_value("#target_credits") == target.spec["workload"]["credits"]
    desk.fill("#target_programme_id", "UEH-BA-BUS")
    desk.fill("#target_programme_title", "Bachelor of Business Administration")
    desk.get_by_role("button", name="Save the target").click()
    desk.get_by_role("button", name="Sign off the matrix").click()
    desk.get_by_role("button", name=re.compile("propose", re.I)).click()
    assert "Asked of Masaryk University" in desk.content()

    # The learner is asked for nothing she cannot supply.
    lan.goto(f"/recognition/my/{case.uuid}/")
    assert lan.locator("#nothing-asked").is_visible()
    assert lan.locator("form[action$='/answer/']").count() == 0
    assert "closed as incomplete" not in lan.content()

    # Masaryk's staff answer on their own page.
    mu = page_of(browser, live_server, designer)
    mu.goto("/recognition/requests/")
    mu.locator("select[name$='-supervision']").select_option("supervised_with_id")
    mu.locator("input[name$='-source']").fill("Examination regulations of the course, art. 4")
    mu.get_by_role("button", name="Send the answer").click()
    assert "No institution is waiting" in mu.content()

    # The officer proposes again and decides; a second officer signs where four eyes apply.
    desk.goto(f"/recognition/cases/{case.uuid}/")
    assert "Information was supplied" in desk.content()
    desk.get_by_role("button", name="Propose again").click()
    desk.get_by_role("button", name="Sign the decision").click()
    case.refresh_from_db()
    if case.status != CaseStatus.DECIDED:
        other = page_of(browser, live_server, second)
        other.goto(f"/recognition/cases/{case.uuid}/")
        other.get_by_role("button", name="Sign as second officer").click()
        case.refresh_from_db()
    assert case.status == CaseStatus.DECIDED, case.proposal["missing_information"]
    lan.goto(f"/recognition/my/{case.uuid}/")
    assert lan.get_by_role("link", name="Read the decision notice").is_visible()
