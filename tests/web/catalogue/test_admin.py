"""The admin obeys the policy: institution administrators see their own records only,
published versions and the workflow history are read-only, drafts are saved through the
catalogue service."""

from __future__ import annotations

import json
from typing import Any

from django.test import Client
from django.urls import reverse

from microcred_web.catalogue.models import Status, WorkflowEvent
from microcred_web.institutions.models import Institution
from tests.web.accounts.factories import make_institution, make_user, make_version


def _admin_client(staff: dict[str, Any]) -> Client:
    client = Client()
    client.force_login(staff["admin"])
    return client


def test_a_published_version_is_read_only_in_the_admin(muni: Institution, staff: dict[str, Any]) -> None:
    version = make_version(muni, status=Status.PUBLISHED, by=staff["designer"])
    url = reverse("admin:catalogue_microcredentialversion_change", args=[version.pk])
    client = _admin_client(staff)
    page = client.get(url)
    assert page.status_code == 200 and 'name="_save"' not in page.content.decode()
    spec = {**version.spec, "title": {"en": "Changed in the admin"}}
    assert client.post(url, {"spec": json.dumps(spec)}).status_code == 403
    version.refresh_from_db()
    assert version.spec["title"]["en"] == "Econometrics in R"


def test_a_superuser_cannot_change_a_published_version_either(
    muni: Institution, staff: dict[str, Any]
) -> None:
    version = make_version(muni, status=Status.PUBLISHED, by=staff["designer"])
    client = Client()
    client.force_login(make_user("root", superuser=True))
    spec = {**version.spec, "title": {"en": "Changed in the admin"}}
    url = reverse("admin:catalogue_microcredentialversion_change", args=[version.pk])
    assert client.post(url, {"spec": json.dumps(spec)}).status_code == 403
    version.refresh_from_db()
    assert version.spec["title"]["en"] == "Econometrics in R"


def test_a_draft_saved_in_the_admin_must_fit_the_format(muni: Institution, staff: dict[str, Any]) -> None:
    version = make_version(muni, status=Status.DRAFT, by=staff["designer"])
    url = reverse("admin:catalogue_microcredentialversion_change", args=[version.pk])
    spec = {**version.spec, "supervision": "proctored"}
    response = _admin_client(staff).post(url, {"spec": json.dumps(spec)})
    assert response.status_code == 200
    assert "supervision" in response.content.decode()
    version.refresh_from_db()
    assert version.spec["supervision"] == "supervised_with_id"


def test_the_workflow_history_is_read_only_for_everyone(muni: Institution, staff: dict[str, Any]) -> None:
    version = make_version(muni, status=Status.DRAFT, by=staff["designer"])
    event = WorkflowEvent.objects.create(version=version, actor=staff["designer"], to_status=Status.DRAFT)
    client = Client()
    client.force_login(make_user("root", superuser=True))
    url = reverse("admin:catalogue_workflowevent_change", args=[event.pk])
    assert client.post(url, {"note": "rewritten", "to_status": "published"}).status_code == 403
    event.refresh_from_db()
    assert (event.note, event.to_status) == ("", Status.DRAFT)


def test_an_institution_administrator_lists_only_their_institutions_records(
    muni: Institution, staff: dict[str, Any]
) -> None:
    other = make_institution("unisi")
    make_version(muni, code="MINE-1")
    make_version(other, code="THEIRS-1")
    page = _admin_client(staff).get(reverse("admin:catalogue_microcredential_changelist")).content.decode()
    assert "MINE-1" in page and "THEIRS-1" not in page


def test_someone_without_the_admin_right_cannot_sign_in_to_the_admin(
    muni: Institution, staff: dict[str, Any]
) -> None:
    from tests.web.accounts.factories import PASSWORD

    # The admin's own password form is gone: everyone signs in at the one sign-in page (ADR 0310).
    response = Client().post(
        reverse("admin:login"), {"username": "designer", "password": PASSWORD, "next": reverse("admin:index")}
    )
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login"))
    client = Client()
    client.post(reverse("accounts:login"), {"login": "designer", "password": PASSWORD})
    assert client.get(reverse("admin:login")).status_code == 403


def test_the_staff_form_offers_new_people_and_own_staff_only(
    muni: Institution, staff: dict[str, Any]
) -> None:
    from microcred_web.accounts.models import Role

    other = make_institution("unisi")
    make_user("stranger", role=Role.COURSE_DESIGNER, institution=other)
    make_user("newcomer")
    page = _admin_client(staff).get(reverse("admin:accounts_membership_add")).content.decode()
    assert ">newcomer<" in page and ">designer<" in page
    assert ">stranger<" not in page
