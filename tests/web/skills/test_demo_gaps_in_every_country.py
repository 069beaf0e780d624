"""The demo's labour market answers the gap analysis in every country where employers state a
demand (issue 14 "done when"; ADR 1480): covered and uncovered skills both, each country its own
answer, and the answer is what the rule of ADR 1403 gives when applied row by row here."""

from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from freezegun import freeze_time

from microcred.crypto.key_provider import InMemoryKeyProvider
from microcred_web.catalogue.models import Status
from microcred_web.credentials.identity import use_key_provider
from microcred_web.pilot.models import Mode, Offering
from microcred_web.skills import selectors
from microcred_web.skills.models import DemandProfile

pytestmark = pytest.mark.django_db

COUNTRIES = ("VN", "LA", "HR", "IT", "CZ", "BE")
DAY = date(2027, 3, 1)  # inside the demand horizon (2027-2028) and the demo's 2027 spring runs


@pytest.fixture
def demo(settings: Any) -> Iterator[None]:
    settings.MICROCRED_TRUST_REGISTRY_DEMO_SIGN = True
    use_key_provider(InMemoryKeyProvider())  # the employers' endorsements are signed
    call_command("load_demo", stdout=io.StringIO(), stderr=io.StringIO())
    call_command("demo_employers", stdout=io.StringIO())
    yield
    use_key_provider(None)


def _by_the_rule(country: str, day: date) -> tuple[set[str], set[str]]:
    """Demanded and covered skills, from the raw rows: a skill is demanded by a profile of the
    country whose horizon has not ended; covered by a published version confirmed-aligned to it
    with an offering not ended and online or run by an institution of the country."""
    demanded = {
        skill.uri
        for profile in DemandProfile.objects.prefetch_related("skills")
        if profile.country == country and profile.horizon_to >= day
        for skill in profile.skills.all()
    }
    covered = {
        uri
        for offering in Offering.objects.select_related("version__micro_credential__institution")
        if offering.ends_on >= day
        and offering.version.status == Status.PUBLISHED
        and (offering.mode == Mode.ONLINE or offering.version.micro_credential.institution.country == country)
        for uri in offering.version.skills.split()
    }
    return demanded, covered & demanded


def test_every_demo_country_has_covered_and_uncovered_skills_as_the_rule_gives_them(demo: None) -> None:
    answers = set()
    for country in COUNTRIES:
        demanded, covered = _by_the_rule(country, DAY)
        gaps, n_covered = selectors.skill_gaps(country, DAY)
        assert covered and demanded - covered, country
        assert {g.uri for g in gaps} == demanded - covered, country
        assert n_covered == len(covered), country
        with freeze_time(DAY):
            body = Client().get("/api/skills/gaps", {"country": country}).json()
        assert body["as_of"] == DAY.isoformat() and body["covered"] == len(covered)
        assert {g["skill"] for g in body["gaps"]} == demanded - covered, country
        answers.add((frozenset(covered), frozenset(demanded - covered)))
    assert len(answers) == len(COUNTRIES)  # a different answer in each country
