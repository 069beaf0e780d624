"""An employer picks the ESCO skills of a demand profile (issue 14; ADR 1461): a server-side
search by label that works without JavaScript, refusals of forged skills, and the base
navigation's link to /employers/ for the people who may open it."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from microcred_web.accounts.models import Role
from microcred_web.skills import selectors
from microcred_web.skills.models import DemandProfile, Employer, EscoConcept
from tests.web.pilot.conftest import client_of, make_institution, make_user

pytestmark = pytest.mark.db
SQL = "http://data.europa.eu/esco/skill/598de5b0-5b58-4ea7-8058-a4bc4d18c742"


@pytest.fixture
def employer(esco: None) -> Employer:
    return Employer.objects.create(name="Mekong Fintech JSC", slug="mekong-fintech", country="VN")


@pytest.fixture
def profile(employer: Employer) -> DemandProfile:
    return DemandProfile.objects.create(
        employer=employer,
        job_role="Data analyst",
        headcount=3,
        country="VN",
        horizon_from=date(2027, 1, 1),
        horizon_to=date(2027, 12, 31),
    )


def _form(**extra: Any) -> dict[str, Any]:
    return {
        "job_role": "Data analyst",
        "headcount": "4",
        "region": "Hanoi",
        "horizon_from": "2027-01-01",
        "horizon_to": "2027-12-31",
        **extra,
    }


def test_the_search_finds_skills_by_every_word_of_their_english_labels(esco: None) -> None:
    found = selectors.skill_search("sql")
    assert found[0] == (SQL, "SQL")
    labels = [label.casefold() for _uri, label in selectors.skill_search("financial statements")]
    assert labels[:2] == ["financial statements", "prepare financial statements"]
    assert selectors.skill_search("   ") == [] and selectors.skill_search("zzqx nowhere") == []
    assert len(selectors.skill_search("a " * 500)) <= selectors.SEARCH_SHOWN


def test_a_member_searches_ticks_and_saves_skills_without_javascript(
    member: Any, profile: DemandProfile
) -> None:
    url = reverse("employers:demand_edit", kwargs={"slug": "mekong-fintech", "pk": profile.pk})
    client = client_of(member)
    searched = client.post(url, _form(q="SQL", search="1"), HTTP_ACCEPT_LANGUAGE="en")
    html = searched.content.decode()
    assert searched.status_code == 200 and f'value="{SQL}"' in html and 'value="Hanoi"' in html
    assert not profile.skills.exists()  # a search saves nothing
    assert client.post(url, _form(skills=[SQL])).status_code == 302
    profile.refresh_from_db()
    assert list(profile.skills.values_list("uri", flat=True)) == [SQL] and profile.headcount == 4
    again = client.get(url).content.decode()
    assert f'value="{SQL}" id="skill-chosen-1" checked' in again
    assert client.post(url, _form()).status_code == 302  # untick every box: no skill left
    assert not profile.skills.exists()


def test_forged_unknown_or_too_many_skills_are_refused_and_nothing_is_written(
    member: Any, profile: DemandProfile
) -> None:
    url = reverse("employers:demand_edit", kwargs={"slug": "mekong-fintech", "pk": profile.pk})
    client = client_of(member)
    occupation = EscoConcept.objects.filter(kind=EscoConcept.Kind.OCCUPATION).values_list("uri", flat=True)[0]
    many = list(EscoConcept.objects.filter(kind=EscoConcept.Kind.SKILL).values_list("uri", flat=True)[:51])
    for skills, words in (
        (["http://evil.example/skill/x"], "not in the imported ESCO classification"),
        ([occupation], "not in the imported ESCO classification"),
        (["x" * 5000], "not in the imported ESCO classification"),
        (many, "at most 50 skills"),
    ):
        page = client.post(url, _form(skills=skills, job_role="Changed"), HTTP_ACCEPT_LANGUAGE="en")
        assert page.status_code == 200 and words in page.content.decode()
    profile.refresh_from_db()
    assert profile.job_role == "Data analyst" and not profile.skills.exists()
    assert client.post(url, _form(q="x" * 10_000, search="1")).status_code == 200


@pytest.mark.parametrize("lang", ["vi", "lo"])
def test_the_skill_picker_speaks_vietnamese_and_lao(lang: str, member: Any, profile: DemandProfile) -> None:
    url = reverse("employers:demand_edit", kwargs={"slug": "mekong-fintech", "pk": profile.pk})
    html = client_of(member).post(url, _form(q="SQL", search="1"), HTTP_ACCEPT_LANGUAGE=lang).content.decode()
    for english in ("Required skills (ESCO)", "Search ESCO skills", "skill found", "English names"):
        assert english not in html
    assert '<span lang="en">' in html or 'lang="en">SQL<' in html


def test_the_navigation_links_to_employers_for_members_and_consortium_administrators(
    member: Any, employer: Employer
) -> None:
    link = f'href="{reverse("employers:home")}"'
    admin = get_user_model().objects.create_superuser("consortium", "c@example.org", "pw")
    designer = make_user("neu-designer", make_institution("neu", "NEU", "VN"), Role.COURSE_DESIGNER)
    for user, shown in ((member, True), (admin, True), (designer, False)):
        page = client_of(user).get(reverse("register:index"))
        assert (link in page.content.decode()) is shown, user.username
        if shown:
            assert client_of(user).get(reverse("employers:home")).status_code == 200
    from django.test import Client

    assert link not in Client().get(reverse("register:index")).content.decode()
