"""The learner's page with a request for information and its answer form, the officer's page
with the learner's answer, and the pages with a revoked decision credential pass the platform's
WCAG markup checks in every interface language (ADR 0803)."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from microcred_web.credentials import services as credential_services
from microcred_web.recognition.appeal import recognition_appeal_decide, recognition_appeal_lodge
from microcred_web.recognition.decision_credential import recognition_decision_issue
from microcred_web.recognition.information_answers import recognition_information_answer
from tests.web.a11y.html_checks import problems
from tests.web.recognition.conftest import client_for, decided_case
from tests.web.recognition.test_learner_answers_an_information_request import waiting_for_the_issuer


@pytest.mark.parametrize("lang", ["en", "vi", "lo"])
def test_the_answer_pages_pass_the_markup_checks(
    consortium: Any, officers: Any, learner: Any, muni_published: Any, lang: str
) -> None:
    case = waiting_for_the_issuer(learner, consortium, officers, muni_published)
    mine, officer = client_for(learner), client_for(officers["neu"])
    html = mine.get(
        reverse("recognition:my_case", args=[case.uuid]), HTTP_ACCEPT_LANGUAGE=lang
    ).content.decode()
    assert 'name="reply_1"' in html
    assert problems(html) == []
    recognition_information_answer(case=case, by=learner, replies={1: "MU will confirm by mail."})
    for client, url in (
        (mine, reverse("recognition:my_case", args=[case.uuid])),
        (officer, reverse("recognition:case", args=[case.uuid])),
        (officer, reverse("recognition:workspace")),
    ):
        response = client.get(url, HTTP_ACCEPT_LANGUAGE=lang)
        assert response.status_code == 200, url
        assert problems(response.content.decode()) == [], url


@pytest.mark.parametrize("lang", ["en", "vi", "lo"])
def test_the_pages_with_a_revoked_decision_credential_pass_the_markup_checks(
    consortium: Any, officers: Any, learner: Any, lang: str
) -> None:
    credential_services.institution_key_create(institution=consortium["unisi"])
    case = decided_case("E2", "unisi", consortium, officers, applicant=learner)
    case = recognition_decision_issue(case=case, by=officers["unisi"])
    appeal = recognition_appeal_lodge(case=case, by=learner, grounds="The project covered LO5 and LO6.")
    recognition_appeal_decide(
        appeal=appeal,
        by=officers.second("unisi"),
        result="upheld",
        reasons="The project report shows LO5 and LO6 were assessed.",
        outcome="FULL",
        credits="6",
    )
    for client, url in (
        (client_for(learner), reverse("recognition:my_case", args=[case.uuid])),
        (client_for(officers["unisi"]), reverse("recognition:case", args=[case.uuid])),
    ):
        html = client.get(url, HTTP_ACCEPT_LANGUAGE=lang).content.decode()
        assert problems(html) == [], url
