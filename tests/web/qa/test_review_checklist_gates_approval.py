"""Approval needs the QA checklist (ADR 1501): every mandatory item met with evidence, no item met
against a failed pre-check, and a second reviewer where the institution asks for one."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied

from microcred import four_eyes
from microcred.qa.checklist import CHECKLIST_VERSION
from microcred_web.accounts.models import Role
from microcred_web.catalogue import services
from microcred_web.catalogue.models import MicroCredentialVersion, Status
from microcred_web.institutions.models import Institution
from microcred_web.qa import services as qa
from microcred_web.qa.errors import QaError
from microcred_web.qa.models import ChecklistAnswer, InstitutionQaPolicy
from tests.web.accounts.factories import conformant_spec, make_user, make_version
from tests.web.qa.helpers import answer_checklist

pytestmark = pytest.mark.django_db


@pytest.fixture
def in_review(muni: Institution, staff: dict[str, Any]) -> MicroCredentialVersion:
    return make_version(muni, status=Status.IN_REVIEW, by=staff["designer"])


def test_approval_is_refused_until_every_mandatory_item_is_met_with_evidence(
    in_review: MicroCredentialVersion, staff: dict[str, Any]
) -> None:
    answer_checklist(in_review, staff["qa"], skip="eu.portability")
    with pytest.raises(QaError) as refused:
        services.version_approve(version=in_review, by=staff["qa"])
    assert refused.value.code == "qa.checklist.mandatory_unanswered"
    assert refused.value.params["item"] == "eu.portability"
    qa.checklist_answer_record(
        version=in_review, by=staff["qa"], item="eu.portability", met=False, evidence="no"
    )
    with pytest.raises(QaError, match="mandatory_not_met"):
        services.version_approve(version=in_review, by=staff["qa"])
    in_review.refresh_from_db()
    assert in_review.status == Status.IN_REVIEW and not in_review.events.exists()
    qa.checklist_answer_record(
        version=in_review,
        by=staff["qa"],
        item="eu.portability",
        met=True,
        evidence="EDC wallet export",
        link="https://muni.example/qa/portability",
    )
    assert services.version_approve(version=in_review, by=staff["qa"]).status == Status.APPROVED
    # every answer is kept (audit), each with the checklist version it answered
    assert ChecklistAnswer.objects.filter(version=in_review, item="eu.portability").count() == 2
    assert set(ChecklistAnswer.objects.values_list("checklist_version", flat=True)) == {CHECKLIST_VERSION}


def test_an_item_cannot_be_met_when_the_specification_fails_its_precheck(
    muni: Institution, staff: dict[str, Any]
) -> None:
    spec = conformant_spec()
    del spec["stackability"]
    version = make_version(muni, code="NO-STACK", status=Status.IN_REVIEW, by=staff["designer"], spec=spec)
    with pytest.raises(QaError) as refused:
        qa.checklist_answer_record(
            version=version, by=staff["qa"], item="eu.learning_pathways", met=True, evidence="stacks"
        )
    assert refused.value.code == "qa.checklist.precheck_failed"


@pytest.mark.parametrize(
    ("fields", "code"),
    [
        ({"item": "eu.nothing"}, "qa.checklist.unknown_item"),
        ({"evidence": "  \n "}, "qa.checklist.evidence_required"),
        ({"evidence": "x" * 4001}, "qa.checklist.evidence_too_long"),
        ({"link": "javascript:alert(1)"}, "qa.checklist.link_invalid"),
        ({"link": "https://e.example/" + "a" * 500}, "qa.checklist.link_too_long"),
    ],
)
def test_a_malformed_answer_is_refused_with_a_code_and_nothing_is_written(
    in_review: MicroCredentialVersion, staff: dict[str, Any], fields: dict[str, str], code: str
) -> None:
    answer = {"item": "eu.quality", "met": True, "evidence": "QA manual §3", "link": ""} | fields
    with pytest.raises(QaError) as refused:
        qa.checklist_answer_record(version=in_review, by=staff["qa"], **answer)  # type: ignore[arg-type]
    assert refused.value.code == code
    assert not ChecklistAnswer.objects.exists()


def test_only_a_reviewer_who_may_approve_answers_and_only_during_the_review(
    muni: Institution, in_review: MicroCredentialVersion, staff: dict[str, Any]
) -> None:
    for who in ("designer", "admin"):
        with pytest.raises(PermissionDenied):
            qa.checklist_answer_record(
                version=in_review, by=staff[who], item="eu.quality", met=True, evidence="x"
            )
    draft = make_version(muni, code="DRAFT-1", status=Status.DRAFT, by=staff["designer"])
    with pytest.raises(QaError, match="not_in_review"):
        qa.checklist_answer_record(version=draft, by=staff["qa"], item="eu.quality", met=True, evidence="x")


def test_where_the_institution_requires_it_a_second_reviewer_approves(
    muni: Institution, in_review: MicroCredentialVersion, staff: dict[str, Any]
) -> None:
    InstitutionQaPolicy.objects.create(institution=muni, second_reviewer_required=True)
    second = make_user("qa-2", role=Role.QA_REVIEWER, institution=muni)
    answer_checklist(in_review, staff["qa"])
    with pytest.raises(QaError, match="first_sign_off_missing"):
        services.version_approve(version=in_review, by=staff["qa"])
    qa.review_sign_off(version=in_review, by=staff["qa"])
    with pytest.raises(four_eyes.FourEyesError) as refused:  # the first reviewer cannot be the second
        services.version_approve(version=in_review, by=staff["qa"])
    assert refused.value.code == four_eyes.Refusal.OWN_WORK
    # an answer changed after the sign-off makes it stale: sign off again
    qa.checklist_answer_record(version=in_review, by=second, item="esg.1_5", met=True, evidence="CVs seen")
    with pytest.raises(QaError, match="first_sign_off_missing"):
        services.version_approve(version=in_review, by=second)
    qa.review_sign_off(version=in_review, by=staff["qa"])
    assert services.version_approve(version=in_review, by=second).status == Status.APPROVED


def test_a_checklist_with_problems_cannot_be_signed_off(
    muni: Institution, in_review: MicroCredentialVersion, staff: dict[str, Any]
) -> None:
    with pytest.raises(QaError, match="mandatory_unanswered"):
        qa.review_sign_off(version=in_review, by=staff["qa"])


def test_the_review_page_records_an_answer_and_says_why_it_refuses(
    in_review: MicroCredentialVersion, staff: dict[str, Any], client: Any
) -> None:
    client.force_login(staff["qa"])
    url = f"/qa/review/{in_review.uuid}/"
    page = client.get(url)
    assert page.status_code == 200 and b"2022/C 243/02, Annex II, (a) Quality" in page.content
    client.post(url, {"item": "eu.quality", "met": "yes", "evidence": "QA manual"})
    assert ChecklistAnswer.objects.filter(version=in_review, item="eu.quality", met=True).exists()
    refused = client.post(url, {"item": "eu.quality", "met": "yes", "evidence": ""}, follow=True)
    assert "Give the evidence for eu.quality." in refused.content.decode()


def test_the_studio_api_answers_a_refused_approval_with_the_code(
    in_review: MicroCredentialVersion, staff: dict[str, Any], client: Any
) -> None:
    client.force_login(staff["qa"])
    response = client.post(
        f"/api/studio/versions/{in_review.uuid}/transitions",
        {"action": "approve", "note": ""},
        content_type="application/json",
    )
    assert response.status_code == 409
    assert response.json()["code"] == "qa.checklist.mandatory_unanswered"
    assert response.json()["params"]["item"] == "eu.quality"
