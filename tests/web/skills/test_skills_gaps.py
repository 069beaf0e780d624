"""``GET /api/skills/gaps?country=…``: demanded skills that no micro-credential covers there."""

from __future__ import annotations

import io
from datetime import date, timedelta
from typing import Any

import pytest
from django.core.management import call_command
from django.utils import timezone

from microcred_web.catalogue.models import MicroCredentialVersion, Status
from microcred_web.institutions.models import Institution
from microcred_web.pilot.models import Offering
from microcred_web.skills.models import DemandProfile, Employer, EscoConcept
from tests.web.pilot.conftest import make_institution, publish

pytestmark = pytest.mark.django_db

PYTHON = "http://data.europa.eu/esco/skill/ccd0a1d9-afda-43d9-b901-96344886e14d"
SQL = "http://data.europa.eu/esco/skill/598de5b0-5b58-4ea7-8058-a4bc4d18c742"
ML = "http://data.europa.eu/esco/skill/3a2d5b45-56e4-4f5a-a55a-4a4a65afdc43"


def _published_with_skills(institution: Institution, spec_file: str) -> MicroCredentialVersion:
    version = publish(institution, spec_file)
    version.skills = " ".join(
        u for lo in version.spec["learning_outcomes"] for u in lo.get("esco_skills", [])
    )
    version.save()
    return version


def _offering(version: MicroCredentialVersion, mode: str, ends_in_days: int) -> Offering:
    today = timezone.localdate()
    return Offering.objects.create(
        version=version,
        term="t",
        starts_on=today - timedelta(days=30),
        ends_on=today + timedelta(days=ends_in_days),
        mode=mode,
        language="en",
        capacity=10,
    )


def _demand(country: str, *uris: str, headcount: int = 5, slug: str = "acme") -> DemandProfile:
    employer, _ = Employer.objects.get_or_create(
        slug=slug, defaults={"name": slug.title(), "country": country}
    )
    profile = DemandProfile.objects.create(
        employer=employer,
        job_role="analyst",
        headcount=headcount,
        country=country,
        horizon_from=date(2026, 1, 1),
        horizon_to=timezone.localdate() + timedelta(days=365),
    )
    profile.skills.set(EscoConcept.objects.filter(uri__in=uris))
    return profile


@pytest.fixture
def market(esco: None) -> None:
    neu = make_institution("neu", "NEU", "VN")
    nuol = make_institution("nuol", "NUOL", "LA")
    _offering(_published_with_skills(neu, "neu-python-for-finance.json"), "online", 60)  # Python, everywhere
    _offering(
        _published_with_skills(nuol, "ueh-business-analytics-sql.json"), "onsite", 60
    )  # SQL, in Laos only
    _demand("VN", PYTHON, SQL, ML, headcount=12)
    _demand("VN", ML, headcount=3, slug="beta")
    _demand("LA", PYTHON, SQL, ML, headcount=4, slug="lao")


def test_a_skill_is_a_gap_unless_an_open_offering_of_a_published_alignment_covers_it(
    market: None, client: Any
) -> None:
    vn = client.get("/api/skills/gaps", {"country": "VN"}).json()
    assert [(g["label"], g["employers"], g["headcount"]) for g in vn["gaps"]] == [
        ("machine learning", 2, 15),
        ("SQL", 1, 12),
    ]
    assert (vn["demanded_skills"], vn["covered"]) == (3, 1)
    la = client.get("/api/skills/gaps", {"country": "la"}).json()
    assert [g["skill"] for g in la["gaps"]] == [ML] and la["country"] == "LA"


def test_an_ended_offering_or_an_unpublished_version_covers_nothing(market: None, client: Any) -> None:
    Offering.objects.update(ends_on=timezone.localdate() - timedelta(days=1), starts_on=date(2020, 1, 1))
    assert len(client.get("/api/skills/gaps", {"country": "VN"}).json()["gaps"]) == 3
    Offering.objects.update(ends_on=timezone.localdate() + timedelta(days=5))
    MicroCredentialVersion.objects.update(status=Status.DRAFT)
    assert len(client.get("/api/skills/gaps", {"country": "LA"}).json()["gaps"]) == 3


def test_a_country_without_demand_has_no_gap_and_a_bad_country_is_refused(market: None, client: Any) -> None:
    assert client.get("/api/skills/gaps", {"country": "HR"}).json()["gaps"] == []
    for bad in ("VNM", "1A", "", "V%00"):
        assert client.get("/api/skills/gaps", {"country": bad}).status_code == 422
    assert client.get("/api/skills/gaps").status_code == 422


def test_the_demo_command_creates_employers_in_every_partner_country(db: None) -> None:
    call_command("demo_employers", stdout=io.StringIO())
    call_command("demo_employers", stdout=io.StringIO())  # idempotent
    assert set(Employer.objects.values_list("country", flat=True)) == {"VN", "LA", "HR", "IT", "CZ", "BE"}
    assert DemandProfile.objects.count() == 13
    assert all(p.skills.count() >= 2 for p in DemandProfile.objects.all())


def test_the_gap_analysis_is_metered_with_the_register_searches(
    market: None, client: Any, settings: Any
) -> None:
    from django.core.cache import cache

    settings.MICROCRED_RATE_LIMITS = {**settings.MICROCRED_RATE_LIMITS, "register_search": "2/m"}
    cache.clear()
    codes = [
        client.get("/api/skills/gaps", {"country": "VN"}, REMOTE_ADDR="203.0.113.14").status_code
        for _ in range(3)
    ]
    assert codes == [200, 200, 429]
    cache.clear()
