"""A designer confirms suggested ESCO skills; they reach the credential, the ELM export and the
register's skill filter."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

import pytest
from django.urls import reverse

from microcred.model import parse_spec
from microcred.standards.elm.export import elm_specification
from microcred.standards.ob3.achievement import achievement_from_spec
from microcred_web.accounts.models import Role
from microcred_web.catalogue.models import MicroCredentialVersion, Status
from microcred_web.catalogue.register_fields import register_fields
from microcred_web.institutions.models import Institution
from microcred_web.skills import services
from microcred_web.skills.services import UnknownSkillError
from tests.web.a11y.html_checks import problems as html_problems
from tests.web.csp_checks import header_problems, page_problems
from tests.web.pilot.conftest import client_of, make_user

pytestmark = pytest.mark.django_db

ENTRIES = "http://data.europa.eu/esco/skill/99b163e8-7815-43e2-83f3-a47f3076354c"  # accounting entries
TAX = "http://data.europa.eu/esco/skill/2ecf90f1-c511-464b-b26f-598d69182c70"  # calculate tax


def test_the_page_suggests_skills_per_outcome_and_says_outcomes_go_through_english(
    esco: None, designer: Any, draft: MicroCredentialVersion
) -> None:
    page = client_of(designer).get(reverse("skills:version_skills", kwargs={"uuid": draft.uuid}))
    body = page.content.decode()
    assert page.status_code == 200
    assert "no Vietnamese or Lao labels" in body and "accounting entries" in body
    assert f'value="{ENTRIES}"' in body


def test_confirmed_skills_are_written_to_the_draft_and_appear_as_alignments_and_related_esco_skills(
    esco: None, designer: Any, draft: MicroCredentialVersion
) -> None:
    response = client_of(designer).post(
        reverse("skills:version_skills", kwargs={"uuid": draft.uuid}), {"skills-LO1": [ENTRIES]}
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    spec = parse_spec(draft.spec)
    assert spec.learning_outcomes[0].esco_skills == (ENTRIES,)
    assert all(lo.esco_skills == () for lo in spec.learning_outcomes[1:])

    achievement = achievement_from_spec(spec, achievement_id="urn:uuid:00000000-0000-4000-8000-000000000001")
    alignment = [a for a in achievement["alignment"] if a["targetUrl"] == ENTRIES]
    assert alignment and alignment[0]["targetType"] == "ext:ESCOSkill"
    elm = elm_specification(spec, spec_id="urn:epass:learningOpportunity:1")
    related = [s["id"] for lo in elm["learningOutcome"] for s in lo.get("relatedESCOSkill", [])]
    assert related == [ENTRIES]


def test_a_confirmed_skill_is_a_filter_of_the_register_once_published(
    esco: None, designer: Any, draft: MicroCredentialVersion, client: Any
) -> None:
    version = services.skills_confirm(version=draft, by=designer, confirmed={"LO1": [ENTRIES]})
    # What version_publish does once the reviewer and the publisher have acted (four eyes).
    for name, value in asdict(register_fields(parse_spec(version.spec))).items():
        setattr(version, name, value)
    version.status = Status.PUBLISHED
    version.save()
    found = client.get("/api/micro-credentials", {"skill": ENTRIES.rsplit("/", 1)[1]}).json()
    assert [item["code"] for item in found["results"]] == ["NUOL-ACC-SME"]
    assert client.get("/api/micro-credentials", {"skill": TAX.rsplit("/", 1)[1]}).json()["count"] == 0


def test_a_skill_that_is_not_imported_is_refused_and_the_draft_is_unchanged(
    esco: None, designer: Any, draft: MicroCredentialVersion
) -> None:
    before = draft.spec
    forged = "http://data.europa.eu/esco/skill/00000000-0000-4000-8000-000000000000"
    with pytest.raises(UnknownSkillError):
        services.skills_confirm(version=draft, by=designer, confirmed={"LO1": [forged]})
    page = client_of(designer).post(
        reverse("skills:version_skills", kwargs={"uuid": draft.uuid}), {"skills-LO1": [forged, "<script>"]}
    )
    assert page.status_code == 200 and "not an ESCO skill" in page.content.decode()
    draft.refresh_from_db()
    assert draft.spec == before


def test_a_designer_of_another_institution_cannot_see_or_confirm(
    esco: None, draft: MicroCredentialVersion
) -> None:
    other = make_user(
        "other-designer",
        Institution.objects.create(
            slug="ueh",
            name={"en": "UEH"},
            short_name="UEH",
            country="VN",
            credit_system="ECTS",
            national_framework="VQF",
            homepage="https://ueh.example.edu/",
        ),
        Role.COURSE_DESIGNER,
    )
    url = reverse("skills:version_skills", kwargs={"uuid": draft.uuid})
    assert client_of(other).get(url).status_code in (403, 404)
    assert client_of(other).post(url, {"skills-LO1": [ENTRIES]}).status_code in (403, 404)
    draft.refresh_from_db()
    assert parse_spec(draft.spec).learning_outcomes[0].esco_skills == ()


def test_a_published_version_is_shown_but_cannot_be_changed(
    esco: None, designer: Any, neu: Institution
) -> None:
    from tests.web.pilot.conftest import publish

    version = publish(neu, "ueh-business-analytics-sql.json")
    url = reverse("skills:version_skills", kwargs={"uuid": version.uuid})
    assert "disabled" in client_of(designer).get(url).content.decode()
    client_of(designer).post(url, {"skills-LO1": [ENTRIES]})
    version.refresh_from_db()
    assert ENTRIES not in str(version.spec)


@pytest.mark.parametrize(
    ("language", "words"),
    [("en", "no Vietnamese or Lao labels"), ("vi", "không có nhãn tiếng Việt"), ("lo", "ບໍ່ມີປ້າຍພາສາຫວຽດນາມ")],
)
def test_the_page_reads_in_each_language_without_inline_code(
    esco: None, designer: Any, draft: MicroCredentialVersion, language: str, words: str
) -> None:
    client = client_of(designer)
    client.cookies["django_language"] = language
    response = client.get(
        reverse("skills:version_skills", kwargs={"uuid": draft.uuid}), HTTP_ACCEPT_LANGUAGE=language
    )
    body = response.content.decode()
    _header, nonce = header_problems(response)
    assert words in body and not page_problems(body, nonce)
    assert html_problems(body) == []
    if language != "en":
        assert "Save confirmed skills" not in body and "matched through its English version" not in body


def test_the_register_page_names_a_confirmed_skill_by_its_esco_label(
    esco: None, neu: Institution, client: Any
) -> None:
    from tests.web.pilot.conftest import publish

    version = publish(neu, "ueh-business-analytics-sql.json")
    body = client.get(f"/register/{version.uuid}/").content.decode()
    assert (
        '?skill=http%3A%2F%2Fdata.europa.eu%2Fesco%2Fskill%2F598de5b0-5b58-4ea7-8058-a4bc4d18c742" lang="en">SQL</a>'
        in body
    )
