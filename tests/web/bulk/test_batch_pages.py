"""The bulk issuing pages: start a batch from a pasted CSV, watch its progress (page and JSON),
see the outcome per learner; another institution's batch does not exist for you."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client

from microcred_web.accounts.models import Role
from microcred_web.bulk.models import Batch, BatchItem, ItemState
from microcred_web.bulk.services import BulkLearner, start_batch
from microcred_web.catalogue.models import MicroCredentialVersion
from microcred_web.institutions.models import Institution
from tests.web.credentials.conftest import make_user

CSV = (
    "external_id,name,email,grade,passed,assessed_on,supervision_applied\n"
    "S1,Nguyễn Thị Lan,lan@example.edu.vn,A,yes,2026-06-01,supervised_with_id\n"
    "S2,ສົມສັກ ພົມມະວົງ,,B,,,supervised_with_id\n"
    "S3,Failed Learner,,F,no,,\n"
)


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_a_registrar_starts_a_batch_from_a_pasted_csv_and_sees_each_learners_outcome(
    published: MicroCredentialVersion, registrar: Any, django_capture_on_commit_callbacks: Any
) -> None:
    client = _client(registrar)
    assert client.get("/studio/bulk/new/").status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/studio/bulk/new/", {"version": published.pk, "learners": CSV})
    batch = Batch.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/studio/bulk/{batch.uuid}/"
    page = client.get(f"/studio/bulk/{batch.uuid}/")
    html = page.content.decode()
    assert page.status_code == 200
    lan = BatchItem.objects.get(batch=batch, external_id="S1")
    assert lan.state == ItemState.ISSUED and lan.credential is not None
    assert f"/credentials/{lan.credential.uuid}/" in html
    assert "ສົມສັກ ພົມມະວົງ" in html
    assert "The learner did not pass" in html  # the failure, in words
    # the progress script is a static file; no inline script or style (CSP)
    assert re.findall(r"<script(?![^>]*\bsrc=)", html) == [] and " style=" not in html
    assert "bulk/progress.js" in html
    progress = client.get(f"/studio/bulk/{batch.uuid}/progress.json").json()
    assert progress == {
        "total": 3,
        "done": 3,
        "issued": 2,
        "failed": 1,
        "pending": 0,
        "issuing": 0,
        "rate_per_second": progress["rate_per_second"],
        "seconds_left": 0.0,
        "finished": True,
    }
    listing = client.get("/studio/bulk/").content.decode()
    assert f"/studio/bulk/{batch.uuid}/" in listing


def test_a_running_batch_shows_a_refresh_link_and_its_figures_without_javascript(
    published: MicroCredentialVersion, registrar: Any
) -> None:
    batch = start_batch(version=published, items=[BulkLearner(external_id="S1", name="A")], by=registrar)
    html = _client(registrar).get(f"/studio/bulk/{batch.uuid}/").content.decode()
    assert f'href="/studio/bulk/{batch.uuid}/"' in html and 'data-finished="0"' in html
    progress = _client(registrar).get(f"/studio/bulk/{batch.uuid}/progress.json")
    assert progress.json()["pending"] == 1 and progress.json()["finished"] is False
    assert progress["Cache-Control"] == "no-store"


@pytest.mark.parametrize(
    ("csv", "problem"),
    [
        ("name\nA\n", "lacks the column(s) external_id"),
        ("external_id,name,colour\nS1,A,red\n", "Unknown column(s): colour"),
        ("external_id,name,passed\nS1,A,maybe\n", "Line 2, column passed"),
        ("external_id,name,assessed_on\nS1,A,30/06/2026\n", "Line 2, column assessed_on"),
        ("external_id,name\nS1,A\nS1,B\n", "appears twice"),
    ],
)
def test_a_bad_csv_is_refused_with_the_line_and_column_and_nothing_is_started(
    published: MicroCredentialVersion, registrar: Any, csv: str, problem: str
) -> None:
    response = _client(registrar).post("/studio/bulk/new/", {"version": published.pk, "learners": csv})
    assert response.status_code == 200 and problem in response.content.decode()
    assert not Batch.objects.exists()


def test_another_institutions_batch_is_not_found_and_not_listed(
    published: MicroCredentialVersion, registrar: Any, unisi_admin: Any
) -> None:
    batch = start_batch(version=published, items=[BulkLearner(external_id="S1", name="A")], by=registrar)
    other = _client(unisi_admin)
    assert other.get(f"/studio/bulk/{batch.uuid}/").status_code == 404
    assert other.get(f"/studio/bulk/{batch.uuid}/progress.json").status_code == 404
    assert str(batch.uuid) not in other.get("/studio/bulk/").content.decode()
    # nor can they start one with this institution's version
    response = other.post(
        "/studio/bulk/new/", {"version": published.pk, "learners": "external_id,name\nS9,X\n"}
    )
    assert response.status_code == 200 and Batch.objects.count() == 1


def test_who_may_not_issue_gets_403_and_an_anonymous_visitor_is_sent_to_sign_in(
    published: MicroCredentialVersion, muni: Institution
) -> None:
    designer = make_user("muni-designer", muni, Role.COURSE_DESIGNER)
    assert _client(designer).get("/studio/bulk/").status_code == 403
    assert _client(designer).get("/studio/bulk/new/").status_code == 403
    assert Client().get("/studio/bulk/").status_code == 302
