"""``demo_recognition`` loads the demo cases in every state, once."""

from __future__ import annotations

from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from microcred_web.recognition.models import RecognitionCase
from tests.web.recognition.conftest import make_user
from tests.web.recognition.test_case_columns_are_typed import assert_columns_round_trip


def test_it_needs_the_demo_consortium(db: None) -> None:
    with pytest.raises(CommandError, match="load_demo"):
        call_command("demo_recognition", stdout=StringIO())


def test_it_creates_cases_in_every_state_and_a_second_run_changes_nothing(consortium: Any) -> None:
    for username, slug in (
        ("learner-linh", "neu"),
        ("learner-tereza", "muni"),
        ("learner-souksavanh", "nuol"),
    ):
        make_user(username, consortium[slug], "learner")
    from microcred_web.credentials import services as credential_services

    credential_services.institution_key_create(institution=consortium["neu"])
    call_command("demo_recognition", stdout=StringIO())
    assert RecognitionCase.objects.get(reference="DEMO-E1").decision_credential["proof"]
    assert RecognitionCase.objects.get(reference="DEMO-E3").decision_credential is None  # BUH has no key
    states = dict(RecognitionCase.objects.values_list("reference", "status"))
    assert states == {
        "DEMO-E1": "decided",
        "DEMO-E2": "appealed",
        "DEMO-E3": "decided",
        "DEMO-E4": "proposed",
        "DEMO-E5": "decided",
        "DEMO-E6": "under_review",
        "DEMO-X05": "under_review",
    }
    answered = RecognitionCase.objects.get(reference="DEMO-X05")
    assert answered.applicant.username == "learner-tereza"
    assert [e.action for e in answered.events.order_by("seq")][-2:] == [
        "INFORMATION_REQUESTED",
        "LEARNER_RESPONDED",
    ]
    assert RecognitionCase.objects.get(reference="DEMO-E3").second_approver.username == "buh-recognition-2"
    for case in RecognitionCase.objects.all():  # every column of every state reads back exactly (ADR 0859)
        assert_columns_round_trip(case)
    events = sum(c.events.count() for c in RecognitionCase.objects.all())
    out = StringIO()
    call_command("demo_recognition", stdout=out)
    assert "0 demo case(s) created" in out.getvalue()
    assert sum(c.events.count() for c in RecognitionCase.objects.all()) == events


def test_the_demo_has_a_lao_hosts_policy_for_any_sender_approved_by_a_second_administrator(
    consortium: Any,
) -> None:
    from datetime import date

    from microcred.recognition.agreements import parse_agreement
    from microcred_web.agreements import services as ag

    call_command("demo_recognition", stdout=StringIO())
    row = ag.agreement_by_ref("NUOL-ELECTIVES", 1)
    assert row is not None and row.status == "active"
    assert (row.proposed_by.username, row.approved_by.username) == ("nuol-admin", "nuol-admin-2")
    doc = parse_agreement(ag.agreement_document(row))
    assert doc.type == "institutional_policy" and doc.parties.any_sender is True
    assert [p.id for p in doc.parties.receiving] == ["nuol"] and doc.parties.sending == []
    # it governs an elective from any sender at NUOL, not an exemption
    elective = ag.governing_procedure(
        issuer_ids=["ueh"], host_id="nuol", programme_id="", on=date(2026, 11, 1), purpose="ELECTIVE_CREDIT"
    )
    exemption = ag.governing_procedure(
        issuer_ids=["ueh"], host_id="nuol", programme_id="", on=date(2026, 11, 1), purpose="EXEMPTION"
    )
    assert (elective.decision_sla_days, exemption.decision_sla_days) == (21, 30)
