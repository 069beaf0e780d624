"""Agreements in the admin: the pages' rules, read-only, and changes only through the services
(four eyes), for every principal (ADR 0802)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from microcred_web.accounts.models import Role
from microcred_web.agreements.models import Agreement, AgreementChange
from tests.web.recognition.conftest import bilateral, client_for, make_user

LIST = "admin:agreements_agreement_changelist"
CHANGE = "admin:agreements_agreement_change"
LOG_LIST = "admin:agreements_agreementchange_changelist"
LOG_CHANGE = "admin:agreements_agreementchange_change"

# principal -> may use the admin at all
PRINCIPALS = {
    "anonymous": False,
    "superuser": True,
    "party-admin": True,  # administrator at NEU, a party of MU-NEU
    "other-admin": True,  # administrator at UNISI, party of the UEH-UNISI draft only
    "party-officer": False,  # recognition officer at NEU: no admin
}


@pytest.fixture
def world(admins: Any, consortium: Any) -> dict[str, Any]:
    active = bilateral(admins, "muni", "neu", {"hours_per_credit": {"ECTS": "30"}}, agreement_id="MU-NEU")
    draft = bilateral(admins, "ueh", "unisi", {}, agreement_id="UEH-UNISI", approve=False)
    return {"active": active, "draft": draft, "profile": Agreement.objects.get(agreement_id="M4A-DEFAULT")}


@pytest.fixture
def login(admins: Any, consortium: Any) -> Callable[[str], Client]:
    def client(principal: str) -> Client:
        if principal == "anonymous":
            return Client()
        user = {
            "superuser": lambda: make_user("root", is_superuser=True, is_staff=True),
            "party-admin": lambda: admins["neu"],
            "other-admin": lambda: admins["unisi"],
            "party-officer": lambda: make_user("neu-officer", consortium["neu"], Role.RECOGNITION_OFFICER),
        }[principal]()
        return client_for(user)

    return client


def _refused_login(response: Any) -> None:
    assert response.status_code == 302 and reverse("admin:login") in response["Location"]


@pytest.mark.parametrize("principal", PRINCIPALS)
def test_the_list_shows_published_versions_and_the_drafts_of_ones_own_agreements(
    world: dict[str, Any], login: Callable[[str], Client], principal: str
) -> None:
    response = login(principal).get(reverse(LIST))
    if not PRINCIPALS[principal]:
        return _refused_login(response)
    assert response.status_code == 200
    html = response.content.decode()
    shown = {ref: f">{ref.split('@')[0]}<" in html for ref in ("MU-NEU@1", "M4A-DEFAULT@1", "UEH-UNISI@1")}
    assert shown["MU-NEU@1"] and shown["M4A-DEFAULT@1"]
    assert shown["UEH-UNISI@1"] == (principal in ("superuser", "other-admin"))
    assert 'name="_selected_action"' in html  # the service actions are offered


@pytest.mark.parametrize("principal", PRINCIPALS)
def test_a_version_opens_read_only_and_a_draft_only_for_its_parties(
    world: dict[str, Any], login: Callable[[str], Client], principal: str
) -> None:
    client = login(principal)
    for row, visible in (
        (world["active"], True),
        (world["draft"], principal in ("superuser", "other-admin")),
    ):
        response = client.get(reverse(CHANGE, args=[row.pk]))
        if not PRINCIPALS[principal]:
            _refused_login(response)
        elif not visible:
            assert response.status_code == 302 and response["Location"] == reverse("admin:index")
        else:
            html = response.content.decode()
            assert response.status_code == 200 and row.title in html
            assert 'name="_save"' not in html and 'name="_continue"' not in html


@pytest.mark.parametrize("principal", PRINCIPALS)
def test_nobody_adds_edits_or_deletes_an_agreement_in_the_admin(
    world: dict[str, Any], login: Callable[[str], Client], principal: str
) -> None:
    client = login(principal)
    draft, active = world["draft"], world["active"]
    before = sorted(Agreement.objects.values_list("agreement_id", "version", "status", "title"))
    responses = [
        client.get(reverse("admin:agreements_agreement_add")),
        client.post(reverse("admin:agreements_agreement_add"), {"agreement_id": "X", "version": 1}),
        client.post(reverse(CHANGE, args=[draft.pk]), {"title": "changed in the admin", "status": "active"}),
        client.post(reverse(CHANGE, args=[active.pk]), {"title": "changed in the admin"}),
        client.post(reverse("admin:agreements_agreement_delete", args=[draft.pk]), {"post": "yes"}),
        client.post(
            reverse(LIST), {"action": "delete_selected", "_selected_action": [draft.pk], "post": "yes"}
        ),
    ]
    for response in responses:
        if not PRINCIPALS[principal]:
            _refused_login(response)
        else:
            assert response.status_code in (403, 302, 200)
    assert sorted(Agreement.objects.values_list("agreement_id", "version", "status", "title")) == before


def test_the_approve_action_goes_through_the_service_so_four_eyes_bind_the_admin(
    world: dict[str, Any], admins: Any
) -> None:
    draft = world["draft"]  # proposed by the UEH administrator
    proposer = client_for(admins["ueh"])
    proposer.post(reverse(LIST), {"action": "approve_drafts", "_selected_action": [draft.pk]}, follow=True)
    assert Agreement.objects.get(pk=draft.pk).status == "draft"
    page = client_for(admins["unisi"]).post(
        reverse(LIST), {"action": "approve_drafts", "_selected_action": [draft.pk]}, follow=True
    )
    assert "UEH-UNISI@1 is approved and active." in page.content.decode()
    assert Agreement.objects.get(pk=draft.pk).status == "active"
    assert AgreementChange.objects.filter(agreement=draft, action="approved", by=admins["unisi"]).exists()


def test_the_approve_action_refuses_the_proposer_with_the_services_reason(
    world: dict[str, Any], admins: Any, consortium: Any
) -> None:
    draft = world["draft"]
    page = client_for(admins["ueh"]).post(
        reverse(LIST), {"action": "approve_drafts", "_selected_action": [draft.pk]}, follow=True
    )
    assert "UEH-UNISI@1: four eyes" in page.content.decode()


def test_the_withdraw_action_removes_a_draft_and_refuses_a_published_version(
    world: dict[str, Any], admins: Any
) -> None:
    client = client_for(admins["unisi"])
    page = client.post(
        reverse(LIST), {"action": "withdraw_drafts", "_selected_action": [world["draft"].pk]}, follow=True
    )
    assert "UEH-UNISI@1 is withdrawn." in page.content.decode()
    assert not Agreement.objects.filter(agreement_id="UEH-UNISI").exists()
    page = client_for(admins["neu"]).post(
        reverse(LIST), {"action": "withdraw_drafts", "_selected_action": [world["active"].pk]}, follow=True
    )
    assert "only a draft is withdrawn" in page.content.decode()
    assert Agreement.objects.get(pk=world["active"].pk).status == "active"


def test_names_are_shown_to_the_parties_staff_only(world: dict[str, Any], admins: Any) -> None:
    url = reverse(CHANGE, args=[world["active"].pk])
    proposer = admins["muni"].username
    assert proposer in client_for(admins["neu"]).get(url).content.decode()
    assert proposer not in client_for(admins["unisi"]).get(url).content.decode()


@pytest.mark.parametrize("principal", PRINCIPALS)
def test_the_change_log_is_read_only_for_everyone_and_shown_to_the_parties_staff(
    world: dict[str, Any], login: Callable[[str], Client], principal: str
) -> None:
    client = login(principal)
    response = client.get(reverse(LOG_LIST))
    if not PRINCIPALS[principal]:
        return _refused_login(response)
    html = response.content.decode()
    assert response.status_code == 200
    assert ("MU-NEU@1" in html) == (principal in ("superuser", "party-admin"))
    assert ("UEH-UNISI@1" in html) == (principal in ("superuser", "other-admin"))
    entry = AgreementChange.objects.filter(agreement=world["active"]).first()
    assert entry is not None
    before = list(AgreementChange.objects.values_list("pk", "action", "note"))
    client.post(reverse(LOG_CHANGE, args=[entry.pk]), {"note": "rewritten", "action": "approved"})
    client.post(reverse("admin:agreements_agreementchange_delete", args=[entry.pk]), {"post": "yes"})
    client.post(reverse("admin:agreements_agreementchange_add"), {"agreement": entry.agreement_id})
    assert list(AgreementChange.objects.values_list("pk", "action", "note")) == before
    page = client.get(reverse(LOG_CHANGE, args=[entry.pk]))
    if principal in ("superuser", "party-admin"):
        assert page.status_code == 200 and 'name="_save"' not in page.content.decode()
    else:
        assert page.status_code == 302 and page["Location"] == reverse("admin:index")
