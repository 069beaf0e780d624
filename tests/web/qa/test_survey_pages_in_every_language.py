"""The survey and report pages (ADR 1540, 1541) render in English, Vietnamese and Lao, pass the
static accessibility checks, carry nothing inline the CSP would block, and leave no English
survey wording in Vietnamese or Lao."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from microcred_web.skills.models import Employer, EmployerMember
from tests.web.a11y.html_checks import problems
from tests.web.csp_checks import header_problems, page_problems
from tests.web.pilot.conftest import client_of, make_user
from tests.web.qa.survey_world import learner_with_credential, survey_world

pytestmark = pytest.mark.django_db

ENGLISH = ("Strongly agree", "Survey results", "Respondents", "QA reports", "Employer feedback")
WORDS = {"en": "Strongly agree", "vi": "Hoàn toàn đồng ý", "lo": "ເຫັນດີຢ່າງຍິ່ງ"}


@pytest.mark.parametrize("language", ["en", "vi", "lo"])
def test_the_survey_and_report_pages_render_in_each_language(language: str, settings: Any) -> None:
    settings.MICROCRED_QA_COORDINATOR = "neu"
    world = survey_world()
    learner, enrolment = learner_with_credential(world["offerings"]["ifrs"], 90)
    employer = Employer.objects.create(name="Mekong Fintech JSC", slug="mekong-fintech", country="VN")
    member = make_user("mekong-hr")
    EmployerMember.objects.create(employer=employer, user=member)
    mc = world["offerings"]["ifrs"].version.micro_credential
    visits = [
        (learner, reverse("qa:learner_survey", kwargs={"pk": enrolment.pk})),
        (member, reverse("qa:employer_surveys")),
        (member, reverse("qa:employer_feedback", kwargs={"employer": employer.slug, "pk": mc.pk})),
        (world["qa_neu"], reverse("qa:survey_results")),
        (world["qa_neu"], reverse("qa:reports")),
    ]
    text = ""
    for user, path in visits:
        client = client_of(user)
        client.cookies["django_language"] = language
        response = client.get(path, HTTP_ACCEPT_LANGUAGE=language)
        assert response.status_code == 200, path
        html = response.content.decode()
        _header, nonce = header_problems(response)
        assert not page_problems(html, nonce), path
        assert not problems(html), (path, problems(html))
        text += html
    assert WORDS[language] in text
    if language != "en":
        for english in ENGLISH:
            assert english not in text, english
