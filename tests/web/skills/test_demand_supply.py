"""Demand against supply per skill and country (issue 14 item 4, ADR 1452): the figures of the
selector, the JSON API and the page equal counts taken straight from the rows; the number of
queries does not grow with the data; the page and the learner's skills profile read in
Vietnamese and Lao without English."""

from __future__ import annotations

import itertools
from datetime import date, timedelta
from typing import Any

import pytest
from django.db import connection
from django.db.models import Sum
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from microcred_web.catalogue.models import MicroCredentialVersion, Status
from microcred_web.credentials.models import IssuedCredential
from microcred_web.institutions.models import Institution
from microcred_web.pilot.models import Offering
from microcred_web.skills import selectors
from microcred_web.skills.models import DemandProfile, Employer, EscoConcept
from tests.web.csp_checks import header_problems, page_problems
from tests.web.pilot.conftest import make_institution, make_user, publish

pytestmark = pytest.mark.django_db

PYTHON = "http://data.europa.eu/esco/skill/ccd0a1d9-afda-43d9-b901-96344886e14d"
SQL = "http://data.europa.eu/esco/skill/598de5b0-5b58-4ea7-8058-a4bc4d18c742"
ML = "http://data.europa.eu/esco/skill/3a2d5b45-56e4-4f5a-a55a-4a4a65afdc43"
_ids = itertools.count()


def aligned(
    institution: Institution, spec_file: str, status: str = Status.PUBLISHED
) -> MicroCredentialVersion:
    version = publish(institution, spec_file, status=status)
    version.skills = " ".join(
        u for lo in version.spec["learning_outcomes"] for u in lo.get("esco_skills", [])
    )
    version.save()
    return version


def offering(version: MicroCredentialVersion, mode: str, ends_in_days: int) -> Offering:
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


def demand(country: str, *uris: str, headcount: int, slug: str, ended: bool = False) -> DemandProfile:
    employer, _ = Employer.objects.get_or_create(
        slug=slug, defaults={"name": slug.title(), "country": country}
    )
    until = timezone.localdate() + timedelta(days=-1 if ended else 365)
    profile = DemandProfile.objects.create(
        employer=employer,
        job_role=f"role {next(_ids)}",
        headcount=headcount,
        country=country,
        horizon_from=date(2025, 1, 1),
        horizon_to=until,
    )
    profile.skills.set(EscoConcept.objects.filter(uri__in=uris))
    return profile


def issue(version: MicroCredentialVersion, *, learner: Any = None, revoked: bool = False) -> IssuedCredential:
    return IssuedCredential.objects.create(
        credential_id=f"urn:uuid:test-{next(_ids)}",
        institution=version.micro_credential.institution,
        version=version,
        learner=learner,
        suite="eddsa-rdfc-2022",
        document={},
        revoked_at=timezone.now() if revoked else None,
    )


@pytest.fixture
def market(esco: None) -> dict[str, Any]:
    neu = make_institution("neu", "NEU", "VN")
    nuol = make_institution("nuol", "NUOL", "LA")
    python = aligned(neu, "neu-python-for-finance.json")
    sql = aligned(nuol, "ueh-business-analytics-sql.json")
    offering(python, "online", 60)
    offering(python, "onsite", 30)
    offering(sql, "onsite", 60)  # in Laos only
    offering(sql, "online", -1)  # ended
    demand("VN", PYTHON, SQL, ML, headcount=12, slug="acme")
    demand("VN", ML, headcount=3, slug="beta")
    demand("VN", SQL, headcount=7, slug="acme")
    demand("VN", PYTHON, headcount=50, slug="gone", ended=True)
    demand("LA", PYTHON, SQL, ML, headcount=4, slug="lao")
    for _ in range(3):
        issue(python)
    issue(python, revoked=True)
    issue(sql)
    return {"neu": neu, "nuol": nuol, "python": python, "sql": sql}


def raw(country: str, uri: str) -> dict[str, Any]:
    """The figures of one skill counted straight from the rows, one question at a time."""
    today = timezone.localdate()
    profiles = DemandProfile.objects.filter(country=country, horizon_to__gte=today, skills__uri=uri)
    versions = MicroCredentialVersion.objects.filter(skills__contains=uri)
    return {
        "headcount": profiles.aggregate(n=Sum("headcount"))["n"] or 0,
        "profiles": profiles.count(),
        "employers": profiles.values("employer").distinct().count(),
        "micro_credentials": versions.filter(status=Status.PUBLISHED)
        .values("micro_credential")
        .distinct()
        .count(),
        "offerings": Offering.objects.filter(
            selectors.open_offerings(country, today), version__in=versions.filter(status=Status.PUBLISHED)
        ).count(),
        "credentials_issued": IssuedCredential.objects.filter(
            version__in=versions, revoked_at=None, institution__country=country
        ).count(),
    }


FIELDS = ("headcount", "profiles", "employers", "micro_credentials", "offerings", "credentials_issued")


@pytest.mark.parametrize("country", ["VN", "LA"])
def test_every_figure_equals_the_count_taken_from_the_rows(market: dict[str, Any], country: str) -> None:
    rows = selectors.demand_supply(country, timezone.localdate())

    assert {r.uri for r in rows} >= {PYTHON, SQL, ML}
    for row in rows:
        assert {f: getattr(row, f) for f in FIELDS} == raw(country, row.uri), row.label
    gaps, _covered = selectors.skill_gaps(country, timezone.localdate())
    assert {r.uri for r in rows if r.headcount and not r.covered} == {g.uri for g in gaps}


def test_the_vietnamese_figures_are_the_ones_expected_by_hand(market: dict[str, Any]) -> None:
    rows = {r.uri: r for r in selectors.demand_supply("VN", timezone.localdate())}

    # Python: 12 people (the ended profile left out); taught online, so open in Vietnam twice;
    # three credentials of NEU (the revoked one left out)
    assert (rows[PYTHON].headcount, rows[PYTHON].offerings, rows[PYTHON].credentials_issued) == (12, 2, 3)
    assert rows[PYTHON].covered
    # SQL: 12 + 7 people of one employer; its only open offering is on site in Laos
    assert (rows[SQL].headcount, rows[SQL].employers, rows[SQL].offerings) == (19, 1, 0)
    assert not rows[SQL].covered and rows[SQL].credentials_issued == 0
    assert (rows[ML].headcount, rows[ML].employers, rows[ML].micro_credentials) == (15, 2, 0)


def test_the_number_of_queries_does_not_grow_with_the_data(market: dict[str, Any]) -> None:
    today = timezone.localdate()
    with CaptureQueriesContext(connection) as small:
        selectors.demand_supply("VN", today)
    for n in range(6):
        demand("VN", PYTHON, SQL, headcount=n + 1, slug=f"more{n}")
        version = aligned(market["neu"], "ueh-business-analytics-sql.json") if n == 0 else market["python"]
        offering(version, "online", 10)
        issue(version)
    with CaptureQueriesContext(connection) as large:
        selectors.demand_supply("VN", today)

    assert len(large) == len(small)


def test_the_json_api_gives_the_selectors_figures_and_refuses_a_bad_country(
    market: dict[str, Any], client: Client
) -> None:
    answer = client.get("/api/skills/demand-supply", {"country": "vn"}).json()
    rows = selectors.demand_supply("VN", timezone.localdate())

    assert answer["country"] == "VN" and answer["covered_rule"] and answer["supply_rule"]
    assert [
        (s["skill"], s["headcount"], s["credentials_issued"], s["covered"]) for s in answer["skills"]
    ] == [(r.uri, r.headcount, r.credentials_issued, r.covered) for r in rows]
    assert client.get("/api/skills/demand-supply", {"country": "Viet"}).status_code == 422


ENGLISH = (
    "Skills: demand and supply",
    "People needed",
    "Credentials issued",
    "Open offerings",
    "Skills demanded that no micro-credential covers",
    "These figures as JSON",
    "skills are demanded in",
    "My skills",
    "Shown by",
)


def _page(client: Client, path: str, lang: str) -> str:
    client.cookies["django_language"] = lang
    response = client.get(path, HTTP_ACCEPT_LANGUAGE=lang)
    assert response.status_code == 200, path
    _problems, nonce = header_problems(response)
    html = response.content.decode()
    assert page_problems(html, nonce) == [], path
    return html


@pytest.mark.parametrize("lang", ["en", "vi", "lo"])
def test_the_page_draws_the_chart_with_its_table_and_the_learner_sees_their_skills(
    market: dict[str, Any], lang: str
) -> None:
    learner = make_user("lan")
    issue(market["python"], learner=learner)
    issue(market["sql"], learner=learner, revoked=True)
    client = Client()
    page = _page(client, "/skills/demand-supply/?country=VN", lang)
    client.force_login(learner)
    mine = _page(client, "/learner/credentials/", lang)

    assert '<svg xmlns="http://www.w3.org/2000/svg"' in page and 'role="img"' in page
    assert page.count("<tr>") >= 4 and "work with machine learning" not in page.split("<svg", 1)[0]
    labels = selectors.skill_labels([PYTHON, SQL])
    profile = mine.split('class="skills-profile"', 1)[1].split("</section>", 1)[0]
    assert f">{labels[PYTHON]}</a>" in profile
    assert f">{labels[SQL]}</a>" not in profile  # the revoked credential shows nothing
    if lang == "en":
        assert "People needed" in page and "My skills" in mine
    else:
        assert [w for w in ENGLISH if w in page + mine] == []
