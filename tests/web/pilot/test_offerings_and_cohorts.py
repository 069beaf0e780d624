"""Staff of the owning institution create offerings of published micro-credentials and enrol
learners one by one; the offering shows each learner's state up to a claimed credential, and
``eligible_for_credential`` lists exactly who passed with a sufficient identity check."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest
from allauth.account.models import EmailAddress
from django.core.exceptions import PermissionDenied

from microcred.model.award import AssessmentResult, Learner
from microcred_web.accounts.models import Role
from microcred_web.catalogue.models import MicroCredentialVersion, Status
from microcred_web.credentials import services as credential_services
from microcred_web.institutions.models import Institution
from microcred_web.pilot import selectors, services
from microcred_web.pilot.errors import PilotError
from microcred_web.pilot.models import Offering
from microcred_web.privacy.models import NOTICE_VERSION
from tests.web.pilot.conftest import PILOT, client_of, make_user, new_offering, publish

pytestmark = pytest.mark.django_db


def test_a_designer_creates_an_offering_from_the_page_and_staff_elsewhere_cannot(
    neu_version: MicroCredentialVersion, neu: Institution, nuol: Institution
) -> None:
    designer = make_user("neu-designer", neu, Role.COURSE_DESIGNER)
    page = client_of(designer).post(
        "/pilot/offerings/new/",
        {
            "version": neu_version.pk,
            "term": "2027 spring",
            "starts_on": "2027-01-05",
            "ends_on": "2027-01-30",
            "mode": "online",
            "language": "vi",
            "capacity": "40",
            "place": "Hà Nội",
        },
    )
    offering = Offering.objects.get()
    assert page.status_code == 302 and page["Location"] == f"/pilot/offerings/{offering.pk}/"
    assert (offering.mode, offering.capacity, offering.place) == ("online", 40, "Hà Nội")
    outsider = make_user("nuol-admin", nuol, Role.INSTITUTION_ADMIN)
    with pytest.raises(PermissionDenied):
        new_offering(neu_version, outsider)
    assert client_of(outsider).get(f"/pilot/offerings/{offering.pk}/").status_code == 403
    qa = make_user("neu-qa", neu, Role.QA_REVIEWER)
    assert client_of(qa).get("/pilot/").status_code == 403


def test_only_a_published_version_has_offerings(neu: Institution, neu_registrar: Any) -> None:
    draft = publish(neu, "neu-python-for-finance.json", status=Status.DRAFT)
    with pytest.raises(PilotError) as caught:
        new_offering(draft, neu_registrar)
    assert caught.value.code == "offering.version_not_published"


def test_a_learner_enrolled_by_the_form_keeps_their_lao_name_and_a_second_enrolment_is_refused(
    nuol_offering: Offering, nuol_registrar: Any
) -> None:
    client = client_of(nuol_registrar)
    form = {
        "external_id": "NUOL-2027-09",
        "given_names": "ສົມພອນ",
        "family_name": "ແກ້ວມະນີ",
        "email": "s@nuol.edu.la",
        "privacy_notice": "on",
    }
    assert client.post(f"/pilot/offerings/{nuol_offering.pk}/enrol/", form).status_code == 302
    (enrolment,) = nuol_offering.enrolments.all()
    assert enrolment.full_name == "ສົມພອນ ແກ້ວມະນີ"
    assert enrolment.consent.notice_version == NOTICE_VERSION
    assert enrolment.consent.recorded_by == nuol_registrar
    # the registrar's word is not the learner's: pending until she answers herself (ADR 1371)
    assert enrolment.consent.state == "pending" and enrolment.consent.answered_at is None
    again = client.post(f"/pilot/offerings/{nuol_offering.pk}/enrol/", form)
    assert again.status_code == 200 and "already in the cohort" in again.content.decode()
    mixed = client.post(
        f"/pilot/offerings/{nuol_offering.pk}/enrol/",
        {**form, "external_id": "X2", "given_names": "Sоmphone"},
    )
    assert "mixes scripts" in mixed.content.decode()
    assert nuol_offering.enrolments.count() == 1


def test_the_offering_shows_each_state_from_enrolled_to_claimed_and_who_is_eligible(
    neu_offering: Offering, neu_registrar: Any, neu: Institution
) -> None:
    preview = services.results_preview(
        offering=neu_offering, by=neu_registrar, data=(PILOT / "results-neu.csv").read_bytes()
    )
    services.results_commit(result_import=preview.result_import, by=neu_registrar)
    eligible = selectors.eligible_for_credential(neu_offering)
    # NEU27003 failed, NEU27004 passed without an identity check (the spec promises one), NEU27005 has no result
    assert [e.external_id for e in eligible] == ["NEU27001", "NEU27002"]
    assert eligible[0].as_item() == {
        "external_id": "NEU27001",
        "name": "Nguyễn Văn An",
        "email": "an.nguyen@st.neu.edu.vn",
        "grade": "8.5",
        "grading_scheme": "10-point scale with letter grades A-F",
        "passed": True,
        "assessed_on": date(2026, 11, 20),
        "supervision_applied": "supervised_with_id",
    }
    # issue NEU27001's credential for real; their account exists, so it is claimed at once
    learner_account = make_user("an")
    learner_account.email = "an.nguyen@st.neu.edu.vn"
    learner_account.save()
    EmailAddress.objects.filter(user=learner_account).update(email=learner_account.email)  # proved
    admin = make_user("neu-admin", neu, Role.INSTITUTION_ADMIN)
    credential_services.institution_key_create(institution=neu)
    result = AssessmentResult(grade="8.5", awarded_on=datetime(2026, 11, 25, tzinfo=UTC))
    credential_services.credential_issue(
        version=neu_offering.version,
        learner=Learner(display_name="Nguyễn Văn An", email="an.nguyen@st.neu.edu.vn"),
        result=result,
        by=admin,
    )
    states = {c.enrolment.external_id: c.state.value for c in selectors.cohort(neu_offering)}
    assert states == {
        "NEU27001": "claimed",
        "NEU27002": "passed",
        "NEU27003": "completed",
        "NEU27004": "passed",
        "NEU27005": "enrolled",
    }
    assert [e.external_id for e in selectors.eligible_for_credential(neu_offering)] == ["NEU27002"]
    page = client_of(neu_registrar).get(f"/pilot/offerings/{neu_offering.pk}/").content.decode()
    assert "5 enrolled, 4 completed, 3 passed, 1 credentials issued, 1 claimed." in page
    assert "Nguyễn Văn An" in page and "does not meet the specification" in page


def test_a_learner_is_not_enrolled_without_the_privacy_notice_and_their_consent(
    nuol_offering: Offering, nuol_registrar: Any
) -> None:
    """Issue 13 item 5: the privacy notice and consent at enrolment."""
    form = {"external_id": "NUOL-2027-10", "given_names": "Noy", "email": "noy@nuol.edu.la"}
    response = client_of(nuol_registrar).post(f"/pilot/offerings/{nuol_offering.pk}/enrol/", form)
    assert response.status_code == 200
    assert 'name="privacy_notice"' in response.content.decode()
    assert nuol_offering.enrolments.count() == 0
