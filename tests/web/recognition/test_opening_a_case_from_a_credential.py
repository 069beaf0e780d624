"""An officer opens a case from a credential the applicant hands in: verified first with the
core, including that the applicant is its holder; a failure is named and nothing is stored."""

from __future__ import annotations

import io
import json
from typing import Any

from django.urls import reverse

from microcred_web.recognition.models import RecognitionCase, Status
from tests.web.recognition.conftest import client_for


def signed_file(issued: Any) -> io.BytesIO:
    f = io.BytesIO(json.dumps(issued.document).encode("utf-8"))
    f.name = "credential.json"
    return f


def open_case(officer: Any, consortium: Any, learner: Any, issued: Any, proof_code: str) -> Any:
    return client_for(officer).post(
        reverse("recognition:open"),
        {
            "host": consortium["neu"].pk,
            "applicant": learner.username,
            "purpose": "EXEMPTION",
            "credential_file": signed_file(issued),
            "proof_code": proof_code,
        },
    )


def test_an_uploaded_signed_credential_with_the_holders_proof_code_opens_a_case(
    consortium: Any, officers: Any, learner: Any, issued_to_learner: Any
) -> None:
    response = open_case(
        officers["neu"], consortium, learner, issued_to_learner, issued_to_learner.email_salt
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    case = RecognitionCase.objects.get()
    assert case.status == Status.UNDER_REVIEW and case.applicant == learner
    assert case.verification_reports[0]["holder_binding"] == "hashed e-mail"
    html = client_for(officers["neu"]).get(reverse("recognition:case", args=[case.uuid])).content.decode()
    assert "Checks by microcred.verification" in html and "Open Badges 3.0 signature" in html


def test_a_wrong_proof_code_is_refused_naming_the_holder_check_and_nothing_is_stored(
    consortium: Any, officers: Any, learner: Any, issued_to_learner: Any
) -> None:
    response = open_case(officers["neu"], consortium, learner, issued_to_learner, "0" * 32)
    assert response.status_code == 200
    assert "holder" in response.content.decode()
    assert not RecognitionCase.objects.exists()


def test_a_changed_credential_is_refused_naming_the_failed_check(
    consortium: Any, officers: Any, learner: Any, issued_to_learner: Any
) -> None:
    issued_to_learner.document["name"] = "Econometrics in R (with honours)"
    response = open_case(
        officers["neu"], consortium, learner, issued_to_learner, issued_to_learner.email_salt
    )
    assert response.status_code == 200
    assert (
        "the credential does not verify (proof check): The signature" in response.content.decode()
    )  # the check, said for people
    assert not RecognitionCase.objects.exists()


def test_a_register_entry_without_a_signed_credential_asks_the_issuer_to_confirm(
    consortium: Any, officers: Any, learner: Any, muni_published: Any
) -> None:
    from tests.web.recognition.conftest import e1_target_form

    officer = client_for(officers["neu"])
    response = officer.post(
        reverse("recognition:open"),
        {
            "host": consortium["neu"].pk,
            "applicant": learner.username,
            "purpose": "EXEMPTION",
            "register_entry": muni_published.pk,
        },
    )
    assert response.status_code == 302
    case = RecognitionCase.objects.get()
    officer.post(reverse("recognition:target", args=[case.uuid]), e1_target_form())
    officer.post(reverse("recognition:lo_sign_off", args=[case.uuid]))
    officer.post(reverse("recognition:propose", args=[case.uuid]))
    case.refresh_from_db()
    assert case.proposal["outcome"] == "PENDING_INFORMATION"
    assert case.status == Status.INFORMATION_REQUESTED
    assert any(m["supplier"] == "issuer" for m in case.proposal["missing_information"])
    assert case.events.filter(action="INFORMATION_REQUESTED", visible_to_learner=True).exists()


def test_a_case_file_for_another_host_is_refused_with_the_field_named(consortium: Any, officers: Any) -> None:
    from tests.web.recognition.test_worked_examples_through_the_workspace import upload

    response = client_for(officers["muni"]).post(
        reverse("recognition:import"), {"host": consortium["muni"].pk, "case_file": upload("E1")}
    )
    assert response.status_code == 200
    assert "target.institution.id" in response.content.decode()
    assert not RecognitionCase.objects.exists()


def test_a_malformed_case_file_names_the_problem(consortium: Any, officers: Any) -> None:
    f = io.BytesIO(b'{"format": "microcred-recognition-case", "case_id": "X"}')
    f.name = "x.json"
    response = client_for(officers["neu"]).post(
        reverse("recognition:import"), {"host": consortium["neu"].pk, "case_file": f}
    )
    assert response.status_code == 200
    assert "problem(s) in the recognition case" in response.content.decode()
