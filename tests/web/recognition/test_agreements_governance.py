"""Agreement versions are immutable once published, and a version becomes active only when a
second authorised person approves it (four eyes, ADR 0802)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.db import transaction

from microcred.errors import MicrocredError
from microcred.recognition.agreements import consortium_profile
from microcred_web.agreements import services as ag
from microcred_web.agreements.models import Agreement, AgreementChange, ImmutableAgreementError
from microcred_web.recognition.adapters import RecognitionInputError
from tests.web.recognition.conftest import bilateral


def test_the_consortium_profile_is_loaded_once_from_the_core(db: None) -> None:
    made = ag.recognition_agreements_sync()
    assert [r.ref for r in made] == ["M4A-DEFAULT@1"]
    assert ag.recognition_agreements_sync() == []
    row = Agreement.objects.get(agreement_id="M4A-DEFAULT")
    assert row.status == "active" and row.type == "consortium"
    doc = ag.agreement_doc(row)
    assert doc.parameters == consortium_profile().parameters
    assert row.changes.get().action == AgreementChange.Action.LOADED


def test_a_published_version_is_immutable(admins: Any) -> None:
    row = bilateral(admins, "muni", "neu", {"hours_per_credit": {"ECTS": "30"}})
    row.parameters = {"hours_per_credit": {"ECTS": "20"}}
    with pytest.raises(ImmutableAgreementError, match="propose a new version"):
        row.save()
    fresh = Agreement.objects.get(pk=row.pk)
    fresh.expiration_date = date(2030, 1, 1)
    with pytest.raises(ImmutableAgreementError):
        fresh.save()
    with pytest.raises(ImmutableAgreementError):
        fresh.delete()
    with pytest.raises(ImmutableAgreementError, match="parties"), transaction.atomic():
        fresh.receiving.add(admins.consortium["unisi"])
    assert [i.slug for i in Agreement.objects.get(pk=row.pk).receiving.all()] == ["neu"]
    assert Agreement.objects.get(pk=row.pk).parameters == {"hours_per_credit": {"ECTS": "30"}}


def test_a_change_is_a_new_version_with_its_difference(admins: Any) -> None:
    v1 = bilateral(admins, "muni", "neu", {"hours_per_credit": {"ECTS": "30"}})
    v2 = bilateral(admins, "muni", "neu", {"hours_per_credit": {"ECTS": "28"}}, approve=False)
    assert (v2.version, v2.status, v2.parent.ref) == (2, "draft", "M4A-DEFAULT@1")
    diff = v2.changes.get(action="proposed").diff
    assert {"key": "parameters.hours_per_credit.ECTS", "from": "30", "to": "28"} in diff
    assert Agreement.objects.get(pk=v1.pk).status == "active"


def test_the_proposer_cannot_approve_their_own_version(admins: Any) -> None:
    draft = bilateral(admins, "muni", "neu", {"lo_coverage": {"full": "0.85"}}, approve=False)
    with pytest.raises(PermissionDenied, match="four eyes"):
        ag.agreement_approve(agreement=draft, by=admins["muni"])
    assert Agreement.objects.get(pk=draft.pk).status == "draft"


def test_an_administrator_of_the_same_party_cannot_approve(admins: Any, consortium: Any) -> None:
    from microcred_web.accounts.models import Role
    from tests.web.recognition.conftest import make_user

    colleague = make_user("muni-admin-2", consortium["muni"], Role.INSTITUTION_ADMIN)
    draft = bilateral(admins, "muni", "neu", {"lo_coverage": {"full": "0.85"}}, approve=False)
    with pytest.raises(PermissionDenied, match="other party"):
        ag.agreement_approve(agreement=draft, by=colleague)


def test_the_other_party_approves_and_the_version_becomes_active(admins: Any) -> None:
    draft = bilateral(admins, "muni", "neu", {"lo_coverage": {"full": "0.85"}}, approve=False)
    row = ag.agreement_approve(agreement=draft, by=admins["neu"])
    assert row.status == "active" and row.approved_by == admins["neu"]
    assert [c.action for c in row.changes.all()] == ["proposed", "approved"]
    assert ag.agreement_doc(row).governance.change_log[-1].approved_by == [f"user:{admins['neu'].pk}"]


def test_a_recognition_officer_of_a_party_cannot_approve(admins: Any, officers: Any) -> None:
    draft = bilateral(admins, "muni", "neu", {"lo_coverage": {"full": "0.85"}}, approve=False)
    with pytest.raises(PermissionDenied):
        ag.agreement_approve(agreement=draft, by=officers["neu"])


def test_only_a_consortium_administrator_changes_the_consortium_profile(
    admins: Any, consortium_admin: Any
) -> None:
    from microcred_web.accounts.models import Role
    from tests.web.recognition.conftest import make_user

    proposal = ag.AgreementProposal(
        agreement_id="M4A-DEFAULT",
        title="MICRO4ASIA consortium default recognition profile",
        type="consortium",
        date_effective=date(2027, 1, 1),
        parameters={**consortium_profile().parameters.model_dump(mode="json"), "max_age_years": 6},
        summary="currency extended to six years",
    )
    with pytest.raises(PermissionDenied):
        ag.agreement_propose(by=admins["neu"], proposal=proposal)
    draft = ag.agreement_propose(by=consortium_admin, proposal=proposal)
    assert draft.ref == "M4A-DEFAULT@2"
    with pytest.raises(PermissionDenied):
        ag.agreement_approve(agreement=draft, by=consortium_admin)
    with pytest.raises(PermissionDenied):
        ag.agreement_approve(agreement=draft, by=admins["muni"])
    second = make_user("consortium-admin-2", is_superuser=True)
    assert ag.agreement_approve(agreement=draft, by=second).status == "active"
    assert make_user("someone", admins.consortium["neu"], Role.LEARNER) is not None


def test_invalid_parameters_name_the_key_and_save_nothing(admins: Any) -> None:
    with pytest.raises(MicrocredError, match=r"parameters\.lo_coverage\.full"):
        bilateral(admins, "muni", "neu", {"lo_coverage": {"full": "many"}}, approve=False)
    with pytest.raises(MicrocredError, match=r"parameters\.hours_per_cedit"):
        bilateral(admins, "muni", "neu", {"hours_per_cedit": {"ECTS": "30"}}, approve=False)
    with pytest.raises(MicrocredError, match="lo_coverage needs full >= partial"):
        bilateral(admins, "muni", "neu", {"lo_coverage": {"full": "0.4"}}, approve=False)
    assert not Agreement.objects.filter(agreement_id="MUNI-NEU").exists()
    assert not AgreementChange.objects.filter(action="proposed").exists()


def test_an_administrator_of_a_third_institution_cannot_propose_for_a_pair(admins: Any) -> None:
    with pytest.raises(PermissionDenied):
        ag.agreement_propose(
            by=admins["unisi"],
            proposal=ag.AgreementProposal(
                agreement_id="MUNI-NEU",
                title="not theirs",
                type="bilateral",
                sending=(admins.consortium["muni"],),
                receiving=(admins.consortium["neu"],),
                date_effective=date(2026, 1, 1),
                parameters={},
            ),
        )


def test_suspending_and_expiring_are_logged_and_need_a_party(admins: Any) -> None:
    row = bilateral(admins, "muni", "neu", {"hours_per_credit": {"ECTS": "30"}})
    with pytest.raises(PermissionDenied):
        ag.agreement_suspend(agreement=row, by=admins["unisi"], reason="not my agreement at all")
    with pytest.raises(RecognitionInputError, match="reason"):
        ag.agreement_suspend(agreement=row, by=admins["neu"], reason="no")
    row = ag.agreement_suspend(agreement=row, by=admins["neu"], reason="the partners review the factor")
    assert row.status == "suspended"
    assert row.changes.last().note == "the partners review the factor"
    with pytest.raises(RecognitionInputError, match="not active"):
        ag.agreement_expire(agreement=row, by=admins["neu"], reason="terminated by both parties")
    other = bilateral(admins, "ueh", "unisi", {}, agreement_id="UEH-UNISI")
    assert (
        ag.agreement_expire(agreement=other, by=admins["ueh"], reason="terminated by both").status
        == "expired"
    )


def test_a_draft_is_withdrawn_by_its_proposer_and_a_published_version_is_not(admins: Any) -> None:
    draft = bilateral(admins, "muni", "neu", {"lo_coverage": {"full": "0.85"}}, approve=False)
    with pytest.raises(PermissionDenied):
        ag.agreement_withdraw(agreement=draft, by=admins["unisi"])
    ag.agreement_withdraw(agreement=draft, by=admins["muni"])
    assert not Agreement.objects.filter(agreement_id="MUNI-NEU").exists()
    row = bilateral(admins, "muni", "neu", {"lo_coverage": {"full": "0.85"}})
    with pytest.raises(RecognitionInputError, match="only a draft"):
        ag.agreement_withdraw(agreement=row, by=admins["muni"])


def test_a_first_version_logs_the_parameters_it_sets(admins: Any) -> None:
    row = bilateral(
        admins, "muni", "neu", {"hours_per_credit": {"ECTS": "30"}, "accepted_qa_registries": ["DEQAR"]}
    )
    assert row.changes.get(action="proposed").diff == [
        {"key": "parameters.accepted_qa_registries", "from": None, "to": '["DEQAR"]'},
        {"key": "parameters.hours_per_credit.ECTS", "from": None, "to": "30"},
    ]


def test_an_agreement_cannot_expire_before_it_takes_effect(admins: Any) -> None:
    with pytest.raises(RecognitionInputError, match="expires before it takes effect"):
        bilateral(
            admins, "muni", "neu", {}, date_effective=date(2027, 1, 1), expiration_date=date(2026, 1, 1)
        )
