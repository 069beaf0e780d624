"""The learner satisfaction survey and the employer feedback form (issue 15 item 3; ADR 1540):
one response per learner and offering, editable until closed; refusals are codes and write
nothing; results never show a group under five; the satisfaction indicator is fed from them;
comments reach QA roles only, without names."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.urls import reverse

from microcred.qa import surveys
from microcred.qa.surveys import SurveyError
from microcred_web.accounts.models import Role
from microcred_web.notifications.selectors import todo_for
from microcred_web.qa import selectors, survey_selectors, survey_services
from microcred_web.qa.errors import QaError
from microcred_web.qa.models import EmployerFeedback, LearnerSurveyResponse
from microcred_web.skills.models import Employer, EmployerMember
from tests.web.pilot.conftest import client_of, make_user
from tests.web.qa.survey_world import TODAY, answers, learner_with_credential, survey_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(db: None) -> dict[str, Any]:
    return survey_world()


def test_a_learner_answers_once_and_edits_until_the_survey_closes(world: dict[str, Any]) -> None:
    user, enrolment = learner_with_credential(world["offerings"]["ifrs"], 99)
    assert [t.url for t in todo_for(user) for t in t.items] == [
        reverse("qa:learner_survey", kwargs={"pk": enrolment.pk})
    ]
    client = client_of(user)
    url = reverse("qa:learner_survey", kwargs={"pk": enrolment.pk})
    assert client.get(url).status_code == 200
    form = {k: v[0] for k, v in answers(2).items()}
    assert client.post(url, form).status_code == 302
    form["overall"] = "5"
    client.post(url, form)
    row = LearnerSurveyResponse.objects.get(enrolment=enrolment)
    assert (row.scores["overall"], row.satisfied) == (5, True)
    assert LearnerSurveyResponse.objects.filter(enrolment=enrolment).count() == 1
    assert todo_for(user) == []  # answered: no longer a task
    closed = surveys.closes_on(enrolment.offering.ends_on)
    with pytest.raises(QaError) as refused:
        survey_services.learner_survey_answer(
            enrolment=enrolment, by=user, raw=answers(1), today=date.fromordinal(closed.toordinal() + 1)
        )
    assert refused.value.code == "survey.closed"


@pytest.mark.parametrize(
    ("form", "code"),
    [
        ({"overall": "6"}, "survey.not_a_score"),
        ({"overall": "4.5"}, "survey.not_a_score"),
        ({"overall": "٤"}, "survey.not_a_score"),
        ({"overall": ""}, "survey.unanswered"),
        ({"is_admin": "1"}, "survey.unknown_field"),
        ({"comment": "x" * (surveys.COMMENT_LIMIT + 1)}, "survey.comment_too_long"),
        ({"comment": "bell \x07"}, "survey.comment_control_characters"),
    ],
)
def test_forged_and_malformed_answers_are_refused_with_a_code_and_nothing_is_written(
    world: dict[str, Any], form: dict[str, str], code: str
) -> None:
    user, enrolment = learner_with_credential(world["offerings"]["ifrs"], 98)
    raw = {**answers(4), **{k: [v] for k, v in form.items()}}
    with pytest.raises(SurveyError) as refused:
        survey_services.learner_survey_answer(enrolment=enrolment, by=user, raw=raw, today=TODAY)
    assert refused.value.code == code
    response = client_of(user).post(
        reverse("qa:learner_survey", kwargs={"pk": enrolment.pk}),
        {**{k: v[0] for k, v in answers(4).items()}, **form},
    )
    assert response.status_code == 400
    assert not LearnerSurveyResponse.objects.filter(enrolment=enrolment).exists()


def test_a_field_sent_twice_is_refused(world: dict[str, Any]) -> None:
    user, enrolment = learner_with_credential(world["offerings"]["ifrs"], 97)
    with pytest.raises(SurveyError) as refused:
        survey_services.learner_survey_answer(
            enrolment=enrolment, by=user, raw={**answers(4), "overall": ["5", "1"]}, today=TODAY
        )
    assert refused.value.code == "survey.duplicated"


def test_nobody_answers_or_opens_another_learners_survey(world: dict[str, Any]) -> None:
    _, enrolment = learner_with_credential(world["offerings"]["ifrs"], 96)
    intruder = world["learners"]["ifrs"][0]
    assert (
        client_of(intruder).get(reverse("qa:learner_survey", kwargs={"pk": enrolment.pk})).status_code == 404
    )
    with pytest.raises(QaError) as refused:
        survey_services.learner_survey_answer(enrolment=enrolment, by=intruder, raw=answers(5), today=TODAY)
    assert refused.value.code == "survey.not_yours"


def test_results_never_show_a_group_under_five_nor_one_that_can_be_subtracted(world: dict[str, Any]) -> None:
    data = survey_selectors.results(surveys.SurveyKind.LEARNER, "2026-Q4")
    cells = {(c["scope"], c["subject"]): c for c in data["cells"]}
    small = [c for c in data["cells"] if c["scope"] == "micro_credential" and c["subject"].startswith("neu/")]
    assert len(small) == 2 and all(
        c["suppressed"] for c in small
    )  # 3 is small; IFRS (9) beside it would give it away
    assert cells[("institution", "neu")] == {
        **cells[("institution", "neu")],
        "suppressed": False,
        "n": 12,
        "satisfied": "0.6667",
    }
    assert cells[("consortium", "consortium")]["n"] == 18
    assert all(c["suppressed"] or c["n"] >= 5 for c in data["cells"])


def test_the_satisfaction_indicator_is_the_latest_rounds_published_share(world: dict[str, Any]) -> None:
    data = selectors.qa_indicators()
    value = {
        (s["scope"], s["subject"]): next(
            i for i in s["indicators"] if i["indicator"] == "learner_satisfaction"
        )
        for s in data["scopes"]
    }
    raw = LearnerSurveyResponse.objects.all()
    assert (
        value[("consortium", "consortium")]["value"]
        == f"{raw.filter(satisfied=True).count() / raw.count():.4f}"
    )
    assert value[("institution", "nuol")]["value"] == "0.5000"
    assert value[("institution", "nuol")]["status"] == "red"  # 0.5 < 0.8 x 0.8
    assert data["satisfaction_round"] == "2026-Q4"
    neu_courses = [v for k, v in value.items() if k[0] == "micro_credential" and k[1].startswith("neu/")]
    assert neu_courses and all(v["value"] is None and v["status"] == "no_data" for v in neu_courses)


def test_comments_reach_qa_roles_of_the_institution_only_and_never_with_a_name(world: dict[str, Any]) -> None:
    url = reverse("qa:survey_results") + "?survey=learner_satisfaction&round=2026-Q4"
    page = client_of(world["qa_neu"]).get(url).content.decode()
    assert "comment ifrs 0" in page and "comment python 2" in page
    assert "comment green" not in page  # NUOL's comments are NUOL's QA's
    assert "learner-neu" not in page and "Nguyễn Thị Lan" not in page
    assert client_of(world["learners"]["ifrs"][0]).get(url).status_code == 403
    registrar = make_user("neu-registrar-2", world["neu"], Role.REGISTRAR)
    assert client_of(registrar).get(url).status_code == 403


def test_an_employer_member_gives_feedback_once_per_round_in_the_organisations_name(
    world: dict[str, Any],
) -> None:
    employer = Employer.objects.create(name="Mekong Fintech JSC", slug="mekong-fintech", country="VN")
    member = make_user("mekong-hr")
    EmployerMember.objects.create(employer=employer, user=member)
    mc = world["offerings"]["ifrs"].version.micro_credential
    client = client_of(member)
    assert client.get(reverse("qa:employer_surveys")).status_code == 200
    url = reverse("qa:employer_feedback", kwargs={"employer": employer.slug, "pk": mc.pk})
    form = {code: "4" for code in surveys.EMPLOYER_FEEDBACK.statements}
    assert client.post(url, form).status_code == 302
    assert client.post(url, {**form, "skills_relevant": "5"}).status_code == 302
    row = EmployerFeedback.objects.get()
    assert (row.scores["skills_relevant"], row.employer, row.by) == (5, employer, member)
    outsider = make_user("someone-else")
    assert client_of(outsider).post(url, form).status_code == 403
    admin = make_user("root")
    admin.is_superuser = True
    admin.save()
    with pytest.raises(QaError):  # an employer's word is not a consortium administrator's to give
        survey_services.employer_feedback_give(employer=employer, micro_credential=mc, by=admin, raw={})
    results = survey_selectors.results(surveys.SurveyKind.EMPLOYER, row.survey_round)
    assert [c["suppressed"] for c in results["cells"]] == [True] * len(results["cells"])  # one employer


def test_the_demo_answers_are_deterministic_and_run_twice_add_nothing(world: dict[str, Any]) -> None:
    from django.core.management import call_command

    for n in range(12):
        learner_with_credential(world["offerings"]["green"], 50 + n)
    call_command("demo_surveys")
    first = sorted(LearnerSurveyResponse.objects.values_list("enrolment__external_id", "scores"))
    call_command("demo_surveys")
    assert sorted(LearnerSurveyResponse.objects.values_list("enrolment__external_id", "scores")) == first
    from microcred_web.qa.management.commands.demo_surveys import demo_answers

    assert demo_answers("X/1") == demo_answers("X/1")
    assert 18 < len(first) <= 18 + 12


def test_a_learner_who_holds_the_credential_finds_the_survey_on_their_credentials_page(
    world: dict[str, Any],
) -> None:
    user, enrolment = learner_with_credential(world["offerings"]["green"], 95)
    enrolment.learner = None  # linked through the claimed credential only
    enrolment.save(update_fields=["learner"])
    enrolment.credential.learner = user
    enrolment.credential.save(update_fields=["learner"])
    url = reverse("qa:learner_survey", kwargs={"pk": enrolment.pk})
    assert url in client_of(user).get(reverse("credentials:learner")).content.decode()
    assert client_of(user).post(url, {k: v[0] for k, v in answers(5).items()}).status_code == 302
    assert LearnerSurveyResponse.objects.filter(enrolment=enrolment, satisfied=True).exists()


def test_a_learner_downloads_their_answers_and_erasure_removes_the_comment_not_the_scores(
    world: dict[str, Any],
) -> None:
    from microcred_web.privacy.selectors import personal_data_of
    from microcred_web.privacy.services import personal_data_erase

    user = world["learners"]["ifrs"][0]
    [enrolment] = personal_data_of(user)["pilot_enrolments"]
    assert enrolment["satisfaction_survey"]["comment"] == "comment ifrs 0"
    assert enrolment["satisfaction_survey"]["scores"]["overall"] == 5
    record = personal_data_erase(user=user)
    assert record.counts["survey_comments"] == 1
    row = LearnerSurveyResponse.objects.get(
        comment="", enrolment__external_id__endswith="-0", satisfied=True, scores__overall=5
    )
    assert row.enrolment.learner is None
    assert survey_selectors.results(surveys.SurveyKind.LEARNER, "2026-Q4")["cells"][0]["n"] == 18
