"""From the cohort to credentials: the registrar issues every ready learner of an offering in one
bulk run (issue 11 items 2 → 3); the learners who failed, lack the promised identity check or have
no result get nothing; a course designer cannot start it."""

from __future__ import annotations

from typing import Any

import pytest

from microcred_web.accounts.models import Role
from microcred_web.bulk.models import Batch
from microcred_web.credentials import services as credential_services
from microcred_web.institutions.models import Institution
from microcred_web.pilot import selectors, services
from microcred_web.pilot.models import Offering
from tests.web.pilot.conftest import PILOT, client_of, make_user

pytestmark = pytest.mark.django_db


def _imported(offering: Offering, by: Any) -> None:
    preview = services.results_preview(
        offering=offering, by=by, data=(PILOT / "results-neu.csv").read_bytes()
    )
    services.results_commit(result_import=preview.result_import, by=by)


def test_the_registrar_issues_the_ready_learners_in_one_bulk_run_and_the_cohort_shows_them_issued(
    neu_offering: Offering, neu_registrar: Any, neu: Institution, django_capture_on_commit_callbacks: Any
) -> None:
    _imported(neu_offering, neu_registrar)
    credential_services.institution_key_create(institution=neu)
    client = client_of(neu_registrar)
    page = client.get(f"/pilot/offerings/{neu_offering.pk}/").content.decode()
    assert "Issue the credential to the 2 learners who are ready" in page

    with django_capture_on_commit_callbacks(execute=True):  # the batch is queued once committed
        started = client.post(f"/pilot/offerings/{neu_offering.pk}/issue/")

    batch = Batch.objects.get()
    assert started.status_code == 302 and started["Location"] == f"/studio/bulk/{batch.uuid}/"
    assert batch.offering == neu_offering
    # the test settings run the queue at once: the batch is done when the request returns
    assert sorted(i.external_id for i in batch.items.all()) == ["NEU27001", "NEU27002"]
    assert all(i.credential_id is not None for i in batch.items.all())
    # each credential is linked to its learner's enrolment, in the item's transaction (ADR 1001)
    linked = dict(neu_offering.enrolments.values_list("external_id", "credential_id"))
    assert linked == {**dict.fromkeys(linked), **{i.external_id: i.credential_id for i in batch.items.all()}}
    states = {c.enrolment.external_id: c.state.value for c in selectors.cohort(neu_offering)}
    assert states == {
        "NEU27001": "issued",
        "NEU27002": "issued",
        "NEU27003": "completed",
        "NEU27004": "passed",
        "NEU27005": "enrolled",
    }
    assert selectors.eligible_for_credential(neu_offering) == []
    again = client.get(f"/pilot/offerings/{neu_offering.pk}/").content.decode()
    assert "learners who are ready" not in again and "learner who is ready" not in again


def test_a_course_designer_sees_the_cohort_but_cannot_issue_it(
    neu_offering: Offering, neu_registrar: Any, neu: Institution
) -> None:
    _imported(neu_offering, neu_registrar)
    designer = client_of(make_user("neu-designer", neu, Role.COURSE_DESIGNER))
    assert "who are ready" not in designer.get(f"/pilot/offerings/{neu_offering.pk}/").content.decode()
    assert designer.post(f"/pilot/offerings/{neu_offering.pk}/issue/").status_code == 403
    assert not Batch.objects.exists()
