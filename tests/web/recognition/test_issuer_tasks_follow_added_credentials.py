"""ADR 0810, issue 10 item 1: an item asked of the issuer of a credential the learner added later
(in answer to a request for information) reaches that issuer's page, as for the first credential."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.urls import reverse

from microcred_web.catalogue.models import MicroCredential, MicroCredentialVersion
from microcred_web.catalogue.models import Status as SpecStatus
from microcred_web.recognition import information
from microcred_web.recognition.information_answers import recognition_information_answer
from microcred_web.recognition.intake import recognition_request_create
from microcred_web.recognition.models import RecognitionCase
from tests.conftest import EXAMPLES
from tests.web.recognition.conftest import client_for
from tests.web.recognition.stuck_journey import UEH_TARGET, issued, masaryk_with_gaps

pytestmark = pytest.mark.db


def test_an_item_asked_of_the_issuer_of_a_credential_added_later_reaches_that_issuer(
    consortium: Any, officers: Any, learner: Any
) -> None:
    spec = json.loads((EXAMPLES / "specs" / "neu-python-for-finance.json").read_text("utf-8"))
    mc = MicroCredential.objects.create(institution=consortium["neu"], code=spec["code"])
    entry = MicroCredentialVersion.objects.create(
        micro_credential=mc, version=1, status=SpecStatus.PUBLISHED, spec=spec, title_en=spec["title"]["en"]
    )
    case = recognition_request_create(
        applicant=learner,
        host=consortium["ueh"],
        purpose="ELECTIVE_CREDIT",
        target_title="Elective: Econometrics",
        register_version=entry,
    )
    officer = client_for(officers["ueh"])
    officer.post(reverse("recognition:target", args=[case.uuid]), UEH_TARGET)
    officer.post(reverse("recognition:lo_sign_off", args=[case.uuid]))
    officer.post(reverse("recognition:propose", args=[case.uuid]))
    case.refresh_from_db()
    assert "muni" not in case.source_institutions.split()
    # she adds MU's credential (supervision left empty by MU) in answer to the request
    credential = issued(masaryk_with_gaps(consortium), learner, consortium)
    recognition_information_answer(case=case, by=learner, issued=credential)
    case = RecognitionCase.objects.get(pk=case.pk)
    assert "muni" in case.source_institutions.split() and "neu" in case.source_institutions.split()
    officer.post(reverse("recognition:lo_sign_off", args=[case.uuid]))
    officer.post(reverse("recognition:propose", args=[case.uuid]))
    case.refresh_from_db()
    asked = [m for m in information.missing_items(case) if m.party == information.ISSUER]
    assert any(m.issuer == consortium["muni"] for m in asked), case.proposal["missing_information"]
    tasks = information.issuer_tasks(consortium["muni"])
    assert [t.case.pk for t in tasks] == [case.pk]
    assert all(m.where.endswith(".assessment.supervision") for m in tasks[0].items)
