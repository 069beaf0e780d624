"""Issue 9's four-eyes probe, step by step, through the real pages: ``neu-admin`` gives himself
the QA reviewer role, rewrites a colleague's draft, then starts the review, approves and
publishes it. Every step that would make him his own second pair of eyes must fail (0
bypasses), each refusal must be in the security log, and the work still gets published by two
other people (ADR 0330)."""

from __future__ import annotations

import json
import logging
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from microcred.model import parse_spec
from microcred_web.accounts import services as accounts_services
from microcred_web.accounts.models import Membership, Role
from microcred_web.catalogue import services
from microcred_web.catalogue.models import MicroCredentialVersion, Status, VersionEdit
from microcred_web.institutions.models import Institution
from tests.web.accounts.factories import conformant_spec, editor_post_data, make_institution, make_user
from tests.web.qa.helpers import answer_checklist

pytestmark = pytest.mark.django_db


def _events(caplog: pytest.LogCaptureFixture) -> list[dict[str, Any]]:
    return [json.loads(r.getMessage()) for r in caplog.records if r.name == "microcred.security"]


def _act(client: Client, version: MicroCredentialVersion, action: str) -> Any:
    return client.post(
        reverse("catalogue:action", kwargs={"uuid": version.uuid}), {"action": action, "note": "ok"}
    )


@pytest.fixture
def neu(db: Any) -> Institution:
    return make_institution("neu", country="VN", credit_system="VN-TC", national_framework="VQF")


def test_neu_admin_cannot_be_his_own_second_pair_of_eyes_at_any_step(
    neu: Institution, caplog: pytest.LogCaptureFixture
) -> None:
    admin = make_user("neu-admin", role=Role.INSTITUTION_ADMIN, institution=neu)
    colleague = make_user("neu-designer", role=Role.COURSE_DESIGNER, institution=neu)
    reviewer = make_user("neu-qa", role=Role.QA_REVIEWER, institution=neu)
    admin_2 = make_user("neu-admin-2", role=Role.INSTITUTION_ADMIN, institution=neu)
    spec = conformant_spec()
    spec["code"] = "NEU-PROBE"
    draft = services.micro_credential_create(
        institution=neu, code="NEU-PROBE", spec=parse_spec(spec), by=colleague
    )
    web = Client()
    web.force_login(admin)
    caplog.set_level(logging.INFO, logger="microcred.security")

    # 1. He gives himself the QA reviewer role: refused on the staff page and in the admin.
    page = web.post(
        reverse("accounts:staff"),
        {"institution": neu.slug, "username": "neu-admin", "role": Role.QA_REVIEWER.value},
    )
    assert page.status_code == 403 and "four eyes" in page.content.decode()
    admin_add = web.post(
        reverse("admin:accounts_membership_add"),
        {"user": admin.pk, "institution": neu.pk, "role": Role.QA_REVIEWER.value},
    )
    assert admin_add.status_code == 403
    assert not Membership.objects.filter(user=admin, role=Role.QA_REVIEWER).exists()
    refused_grants = [e for e in _events(caplog) if e["event"] == "role.grant_refused"]
    assert len(refused_grants) == 2 and {e["user_id"] for e in refused_grants} == {admin.pk}

    # 2. He rewrites his colleague's draft: allowed (administrators edit), and recorded.
    data = editor_post_data(neu, draft.spec)
    data["title_en"] = "Rewritten by the administrator"
    edited = web.post(reverse("catalogue:edit", kwargs={"uuid": draft.uuid}), data)
    assert edited.status_code == 302
    assert VersionEdit.objects.filter(version=draft, editor=admin).exists()
    services.version_submit(version=draft, by=colleague)

    # 3. He starts the review: refused (no QA role) ...
    assert _act(web, draft, "start_review").status_code == 403
    # ... and still refused once another administrator really grants him the role: he edited it.
    accounts_services.membership_create(
        institution=neu, username="neu-admin", role=Role.QA_REVIEWER.value, by=admin_2
    )
    assert _act(web, draft, "start_review").status_code == 403
    assert _act(web, draft, "request_changes").status_code == 403
    draft.refresh_from_db()
    assert draft.status == Status.SUBMITTED

    # 4. He approves: refused, after a real reviewer started the review.
    services.version_start_review(version=draft, by=reviewer)
    assert _act(web, draft, "approve").status_code == 403
    answer_checklist(draft, reviewer)
    services.version_approve(version=draft, by=reviewer)

    # 5. He publishes: refused; another administrator publishes.
    assert _act(web, draft, "publish").status_code == 403
    draft.refresh_from_db()
    assert draft.status == Status.APPROVED
    services.version_publish(version=draft, by=admin_2)
    draft.refresh_from_db()
    assert draft.status == Status.PUBLISHED
    actors = dict(draft.events.values_list("to_status", "actor__username"))
    assert actors[Status.IN_REVIEW] == "neu-qa"
    assert actors[Status.APPROVED] == "neu-qa"
    assert actors[Status.PUBLISHED] == "neu-admin-2"

    refusals = [e for e in _events(caplog) if e["event"] == "four_eyes.refused"]
    assert {e["action"] for e in refusals} == {"start_review", "request_changes", "approve", "publish"}
    assert {e["refusal"] for e in refusals} == {"four_eyes.own_work"} and {
        e["user_id"] for e in refusals
    } == {admin.pk}
    grants = [e for e in _events(caplog) if e["event"] == "role.granted"]
    assert [(e["user_id"], e["by_id"], e["role"]) for e in grants] == [(admin.pk, admin_2.pk, "qa_reviewer")]


def test_a_superuser_cannot_grant_himself_a_role_either(neu: Institution) -> None:
    root = make_user("root", superuser=True)
    with pytest.raises(accounts_services.SelfGrantError):
        accounts_services.membership_create(
            institution=neu, username="root", role=Role.REGISTRAR.value, by=root
        )
    assert not Membership.objects.filter(user=root).exists()


def test_an_editor_who_is_not_the_creator_counts_as_an_author(neu: Institution) -> None:
    from microcred_web.accounts.permissions import authors_of

    creator = make_user("creator", role=Role.COURSE_DESIGNER, institution=neu)
    editor = make_user("editor", role=Role.COURSE_DESIGNER, institution=neu)
    spec = conformant_spec()
    spec["code"] = "NEU-E"
    version = services.micro_credential_create(
        institution=neu, code="NEU-E", spec=parse_spec(spec), by=creator
    )
    assert authors_of(version) == {creator.pk}
    services.version_update(version=version, spec=parse_spec(version.spec), by=editor)
    assert authors_of(version) == {creator.pk, editor.pk}
