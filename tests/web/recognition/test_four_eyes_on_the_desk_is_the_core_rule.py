"""The desk's and the agreements' four-eyes checks are the core's single rule
(``microcred.four_eyes``, ADR 0330): the first signer cannot countersign, a second officer must
hold the role at the moment they sign, and each refusal is in the security log."""

from __future__ import annotations

import json
import logging
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied

from microcred_web.accounts.models import Membership
from microcred_web.agreements import services as agreement_services
from microcred_web.recognition.adapters import RecognitionInputError
from microcred_web.recognition.decision import recognition_case_approve, recognition_case_decide
from microcred_web.recognition.models import Status
from tests.web.recognition.conftest import bilateral, imported_case


def _refusals(caplog: pytest.LogCaptureFixture) -> list[dict[str, Any]]:
    records = [json.loads(r.getMessage()) for r in caplog.records if r.name == "microcred.security"]
    return [r for r in records if r["event"] == "four_eyes.refused"]


def test_the_first_signer_cannot_countersign_and_the_refusal_is_logged(
    consortium: Any, officers: Any, caplog: pytest.LogCaptureFixture
) -> None:
    case = imported_case("E5", "unidu", consortium, officers)
    case = recognition_case_decide(case=case, by=officers["unidu"], confirm=True)
    caplog.set_level(logging.INFO, logger="microcred.security")
    with pytest.raises(RecognitionInputError, match="four eyes") as caught:
        recognition_case_approve(case=case, by=officers["unidu"])
    assert caught.value.where == "approval"
    (refusal,) = _refusals(caplog)
    assert refusal["refusal"] == "four_eyes.own_work" and refusal["step"] == "countersign"
    assert refusal["case_id"] == case.pk and refusal["user_id"] == officers["unidu"].pk


def test_a_second_officer_whose_role_was_taken_away_cannot_countersign(
    consortium: Any, officers: Any
) -> None:
    case = imported_case("E5", "unidu", consortium, officers)
    case = recognition_case_decide(case=case, by=officers["unidu"], confirm=True)
    second = officers.second("unidu")
    Membership.objects.filter(user=second).delete()
    second.refresh_from_db()
    with pytest.raises(PermissionDenied):
        recognition_case_approve(case=case, by=second)
    case.refresh_from_db()
    assert case.status == Status.PROPOSED


def test_the_proposer_of_an_agreement_cannot_approve_it_and_the_refusal_is_logged(
    admins: Any, caplog: pytest.LogCaptureFixture
) -> None:
    draft = bilateral(admins, "muni", "neu", {}, approve=False)
    caplog.set_level(logging.INFO, logger="microcred.security")
    with pytest.raises(PermissionDenied, match="four eyes"):
        agreement_services.agreement_approve(agreement=draft, by=admins["muni"])
    (refusal,) = _refusals(caplog)
    assert refusal["step"] == "approve_agreement" and refusal["agreement_id"] == draft.pk
