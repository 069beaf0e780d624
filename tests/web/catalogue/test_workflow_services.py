"""The catalogue services take a version through the QA workflow, record every step, and keep
published versions immutable."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied

from microcred.model import parse_spec
from microcred_web.catalogue import services
from microcred_web.catalogue.errors import (
    DuplicateCodeError,
    ImmutableVersionError,
    NotConformantError,
    WorkflowError,
)
from microcred_web.catalogue.models import MicroCredentialVersion, Status
from microcred_web.institutions.models import Institution
from microcred_web.qa.errors import QaError
from tests.web.accounts.factories import conformant_spec
from tests.web.qa.helpers import answer_checklist, checklist_answered


def _publish(muni: Institution, staff: dict[str, Any], code: str = "MUNI-ECON-R") -> MicroCredentialVersion:
    v = services.micro_credential_create(
        institution=muni, code=code, spec=parse_spec(conformant_spec()), by=staff["designer"]
    )
    v = services.version_submit(version=v, by=staff["designer"])
    v = services.version_start_review(version=v, by=staff["qa"])
    answer_checklist(v, staff["qa"])
    v = services.version_approve(version=v, by=staff["qa"])
    return services.version_publish(version=v, by=staff["admin"])


def test_publishing_records_every_step_and_fills_the_register_fields(
    muni: Institution, staff: dict[str, Any]
) -> None:
    v = _publish(muni, staff)
    assert v.status == Status.PUBLISHED
    assert [(e.from_status, e.to_status) for e in v.events.all()] == [
        ("", Status.DRAFT),
        (Status.DRAFT, Status.SUBMITTED),
        (Status.SUBMITTED, Status.IN_REVIEW),
        (Status.IN_REVIEW, Status.APPROVED),
        (Status.APPROVED, Status.PUBLISHED),
    ]
    v.refresh_from_db()
    assert v.title_en == "Econometrics in R"
    assert v.eqf_level == 6
    assert v.credits_ects == Decimal("5.00")
    assert v.hours == Decimal("125.0")
    assert v.isced_f == "0311"
    assert v.participation_mode == "blended"
    assert v.languages == "en"
    assert v.skills == "http://data.europa.eu/esco/skill/ccd0a1d9-afda-43d9-b901-96344886e14d"
    assert "econometrics" in v.search_text.split()
    assert v.published_at is not None and v.submitted_at is not None and v.approved_at is not None


def test_it_derives_the_eqf_level_from_the_national_level_and_credits_from_the_institutions_system(
    muni: Institution, staff: dict[str, Any]
) -> None:
    spec = conformant_spec()
    spec["level"] = {"national": "CZ-NSK:7"}
    spec["workload"] = {"hours": "150", "credits": "6", "credit_system": "IT-CFU"}
    v = services.micro_credential_create(
        institution=muni, code="X1", spec=parse_spec(spec), by=staff["designer"]
    )
    v = services.version_submit(version=v, by=staff["designer"])
    v = services.version_start_review(version=v, by=staff["qa"])
    answer_checklist(v, staff["qa"])
    v = services.version_approve(version=v, by=staff["qa"])
    v = services.version_publish(version=v, by=staff["admin"])
    assert v.eqf_level == 7
    assert v.credits_ects == Decimal("6.00")


def test_it_refuses_transitions_that_the_status_does_not_allow(
    muni: Institution, staff: dict[str, Any]
) -> None:
    v = services.micro_credential_create(
        institution=muni, code="X", spec=parse_spec(conformant_spec()), by=staff["designer"]
    )
    with pytest.raises(WorkflowError, match="cannot publish version 1: it is draft"):
        services.version_publish(version=v, by=staff["admin"])
    with pytest.raises(WorkflowError, match="it is draft"):
        services.version_approve(version=v, by=staff["qa"])
    v.refresh_from_db()
    assert v.status == Status.DRAFT
    assert v.events.count() == 1


def test_request_changes_sends_the_version_back_to_draft_with_the_reason(
    muni: Institution, staff: dict[str, Any]
) -> None:
    v = services.micro_credential_create(
        institution=muni, code="X", spec=parse_spec(conformant_spec()), by=staff["designer"]
    )
    v = services.version_submit(version=v, by=staff["designer"])
    v = services.version_start_review(version=v, by=staff["qa"])
    v = services.version_request_changes(version=v, by=staff["qa"], note="LO3 is not assessable.")
    assert v.status == Status.DRAFT
    assert v.comments.get().body == "LO3 is not assessable."
    assert v.events.last().note == "LO3 is not assessable."


def test_it_does_not_publish_a_non_conformant_specification(muni: Institution, staff: dict[str, Any]) -> None:
    spec = conformant_spec()
    del spec["learning_outcomes"]
    v = services.micro_credential_create(
        institution=muni, code="X", spec=parse_spec(spec), by=staff["designer"]
    )
    v = services.version_submit(version=v, by=staff["designer"])
    v = services.version_start_review(version=v, by=staff["qa"])
    checklist_answered(v, staff["qa"])
    with pytest.raises(QaError, match="precheck_failed"):  # the QA checklist stops it first
        services.version_approve(version=v, by=staff["qa"])
    MicroCredentialVersion.objects.filter(pk=v.pk).update(status=Status.APPROVED)  # as if it had passed
    with pytest.raises(NotConformantError, match="learning_outcomes"):
        services.version_publish(version=v, by=staff["admin"])
    v.refresh_from_db()
    assert v.status == Status.APPROVED
    assert v.title_en == ""


def test_a_published_version_is_immutable_even_when_saved_directly(
    muni: Institution, staff: dict[str, Any]
) -> None:
    v = _publish(muni, staff)
    with pytest.raises(ImmutableVersionError):
        services.version_update(version=v, spec=parse_spec(conformant_spec()), by=staff["admin"])
    v.spec = {**v.spec, "title": {"en": "Changed behind the service's back"}}
    with pytest.raises(ImmutableVersionError, match="create a new version"):
        v.save()
    v.refresh_from_db()
    assert v.spec["title"]["en"] == "Econometrics in R"


def test_publishing_a_new_version_retires_the_previous_one(muni: Institution, staff: dict[str, Any]) -> None:
    v1 = _publish(muni, staff)
    v2 = services.version_new_from(version=v1, by=staff["designer"])
    assert (v2.version, v2.status, v2.spec["version"]) == (2, Status.DRAFT, 2)
    with pytest.raises(WorkflowError, match="already being worked on"):
        services.version_new_from(version=v1, by=staff["designer"])
    v2 = services.version_submit(version=v2, by=staff["designer"])
    v2 = services.version_start_review(version=v2, by=staff["qa"])
    answer_checklist(v2, staff["qa"])
    v2 = services.version_approve(version=v2, by=staff["qa"])
    v2 = services.version_publish(version=v2, by=staff["admin"])
    v1.refresh_from_db()
    assert v1.status == Status.RETIRED
    assert v1.events.last().note == "superseded by version 2"
    assert MicroCredentialVersion.objects.filter(status=Status.PUBLISHED).count() == 1


def test_it_refuses_a_second_micro_credential_with_the_same_code(
    muni: Institution, staff: dict[str, Any]
) -> None:
    _publish(muni, staff)
    with pytest.raises(DuplicateCodeError, match="already has a micro-credential with code 'MUNI-ECON-R'"):
        services.micro_credential_create(
            institution=muni, code="MUNI-ECON-R", spec=parse_spec(conformant_spec()), by=staff["designer"]
        )


def test_the_author_cannot_review_or_approve_their_own_work(muni: Institution, staff: dict[str, Any]) -> None:
    from microcred_web.accounts.models import Membership, Role

    Membership.objects.create(user=staff["designer"], institution=muni, role=Role.QA_REVIEWER)
    v = services.micro_credential_create(
        institution=muni, code="X", spec=parse_spec(conformant_spec()), by=staff["designer"]
    )
    v = services.version_submit(version=v, by=staff["designer"])
    with pytest.raises(PermissionDenied, match="four eyes"):
        services.version_start_review(version=v, by=staff["designer"])
    v = services.version_start_review(version=v, by=staff["qa"])
    with pytest.raises(PermissionDenied, match="four eyes"):
        services.version_approve(version=v, by=staff["designer"])
    answer_checklist(v, staff["qa"])
    v = services.version_approve(version=v, by=staff["qa"])
    assert v.status == Status.APPROVED
