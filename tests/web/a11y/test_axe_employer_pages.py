"""ADRs 1461-1462: the employers' home (with its key section) and the demand-profile skill
picker, with search results shown, have no WCAG 2.1 A/AA violation in en, vi and lo (axe-core
in Chromium, as ``test_axe_in_a_browser``; without the whole demo, so it stays quick)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from django.db import connections

from microcred.crypto.key_provider import InMemoryKeyProvider
from microcred_web.credentials.identity import use_key_provider
from microcred_web.skills import services
from microcred_web.skills.models import DemandProfile, Employer, EmployerKey, EmployerMember
from tests.conftest import ASSETS
from tests.web.a11y.test_axe_in_a_browser import LANGS, context_for, problems_of
from tests.web.a11y.test_axe_in_a_browser import browser as browser
from tests.web.a11y.test_axe_in_a_browser import pytestmark as axe_marks
from tests.web.pilot.conftest import make_user

pytestmark = axe_marks


@pytest.fixture
def employer(settings: Any, transactional_db: None) -> Iterator[Employer]:
    settings.PUBLIC_BASE_URL = "https://micro4asia.example.org"
    use_key_provider(InMemoryKeyProvider())
    try:
        services.esco_import(path=ASSETS / "esco" / "v1.1.1")
        employer = Employer.objects.create(name="Mekong Fintech JSC", slug="mekong-fintech", country="VN")
        EmployerMember.objects.create(employer=employer, user=make_user("mekong-hr"))
        EmployerKey.objects.create(employer=employer, provider_key_id="k", public_key_multibase="z6MkTest")
        yield employer
    finally:
        use_key_provider(None)
        connections.close_all()


def test_the_employer_home_and_the_skill_picker_pass_axe_in_three_languages(
    employer: Employer, live_server: Any, browser: Any
) -> None:
    profile = DemandProfile.objects.create(
        employer=employer,
        job_role="Data analyst",
        headcount=3,
        country="VN",
        horizon_from=date(2027, 1, 1),
        horizon_to=date(2027, 12, 31),
    )
    found: list[str] = []
    for lang in LANGS:
        context = context_for(browser, live_server, lang, "mekong-hr")
        page = context.new_page()
        page.goto("/employers/")
        found += problems_of(page, f"{lang} /employers/")
        page.goto(f"/employers/{employer.slug}/demand/{profile.pk}/")
        page.fill("#q", "SQL")
        page.locator("button[name=search]").click()
        page.wait_for_load_state()
        assert page.locator("input[name=skills]").count() >= 1
        found += problems_of(page, f"{lang} demand profile (search results)")
        context.close()
    assert found == []
