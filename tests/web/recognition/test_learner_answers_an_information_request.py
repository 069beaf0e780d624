"""The applicant answers a request for information from their own page (recognition.md §4.4
PENDING_INFORMATION, ADR 0803): a text reply per missing item and/or another credential, verified
as at intake; the answer is a ``LEARNER_RESPONDED`` event, the case goes back to the desk, and a
decision taken after it replays bit for bit."""

from __future__ import annotations

import io
import json
from typing import Any

import pytest
from django.urls import reverse

from microcred_web.recognition.adapters import RecognitionInputError
from microcred_web.recognition.decision import recognition_case_approve, recognition_case_decide
from microcred_web.recognition.information_answers import recognition_information_answer
from microcred_web.recognition.models import RecognitionCase, Status
from microcred_web.recognition.replay_check import recognition_case_replay
from tests.web.recognition.conftest import client_for, e1_target_form


def waiting_for_the_issuer(learner: Any, consortium: Any, officers: Any, muni_published: Any) -> Any:
    """The learner names MU's register entry (unsigned); the engine asks the issuer to confirm."""
    response = client_for(learner).post(
        reverse("recognition:request"),
        {
            "host": consortium["neu"].pk,
            "purpose": "EXEMPTION",
            "target_title": "Applied Econometrics",
            "register_entry": muni_published.pk,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    case = RecognitionCase.objects.get(applicant=learner)
    officer = client_for(officers["neu"])
    officer.post(reverse("recognition:target", args=[case.uuid]), e1_target_form())
    officer.post(reverse("recognition:lo_sign_off", args=[case.uuid]))
    officer.post(reverse("recognition:propose", args=[case.uuid]))
    case.refresh_from_db()
    assert case.status == Status.INFORMATION_REQUESTED
    return case


def test_a_learner_answers_with_their_signed_credential_and_the_case_is_then_decided_and_replays(
    consortium: Any, officers: Any, learner: Any, issued_to_learner: Any
) -> None:
    case = waiting_for_the_issuer(learner, consortium, officers, issued_to_learner.version)
    page = reverse("recognition:my_case", args=[case.uuid])
    mine = client_for(learner)
    html = mine.get(page).content.decode()
    assert "issuer confirmation of" in html
    assert "What you are asked for" in html  # the confirmation, by adding the signed credential
    assert "Deadline:" in html and "closed as incomplete" in html
    assert 'action="' + reverse("recognition:answer", args=[case.uuid]) + '"' in html
    response = mine.post(
        reverse("recognition:answer", args=[case.uuid]),
        {
            "reply_1": "MU issued this credential to me; here it is, signed.",
            "credential": issued_to_learner.pk,
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    case.refresh_from_db()
    assert case.status == Status.UNDER_REVIEW
    assert [e["kind"] for e in case.evidence] == ["signed_credential"]
    answer = case.events.get(action="LEARNER_RESPONDED")
    assert answer.visible_to_learner and answer.actor == f"user:{learner.pk} (learner)"
    assert answer.payload["replies"][0]["reply"].startswith("MU issued")
    assert answer.payload["replaces"].startswith("register:")
    assert answer.payload["evidence"]["holder_binding"] in ("hashed e-mail", "platform account")
    assert "email" not in json.dumps(answer.payload).lower().replace("e-mail", "")
    officer = client_for(officers["neu"])
    desk = officer.get(reverse("recognition:case", args=[case.uuid])).content.decode()
    assert "The learner answered" in desk and "MU issued this credential" in desk
    workspace = officer.get(reverse("recognition:workspace")).content.decode()
    assert "the learner answered" in workspace
    officer.post(reverse("recognition:lo_sign_off", args=[case.uuid]))
    officer.post(reverse("recognition:propose", args=[case.uuid]))
    case.refresh_from_db()
    assert case.status == Status.PROPOSED, case.proposal["missing_information"]
    assert "the learner answered" not in officer.get(reverse("recognition:workspace")).content.decode()
    case = recognition_case_decide(case=case, by=officers["neu"], confirm=True)
    if case.pending_decision:
        case = recognition_case_approve(case=case, by=officers.second("neu"))
    assert case.is_decided
    result = recognition_case_replay(case=case, by=officers["neu"])
    assert result.matches and result.reason == "identical"
    actions = list(case.events.order_by("seq").values_list("action", flat=True))
    assert actions.index("LEARNER_RESPONDED") < actions.index("DECISION_FINAL")


def test_a_text_reply_alone_sends_the_case_back_to_the_desk_and_keeps_the_matrix(
    consortium: Any, officers: Any, learner: Any, muni_published: Any
) -> None:
    case = waiting_for_the_issuer(learner, consortium, officers, muni_published)
    evidence, actions = case.evidence, case.lo_actions
    case = recognition_information_answer(
        case=case, by=learner, replies={1: "I wrote to MU's registry office on 3 December."}
    )
    case.refresh_from_db()
    assert case.status == Status.UNDER_REVIEW
    assert case.evidence == evidence and case.lo_actions == actions
    payload = case.events.get(action="LEARNER_RESPONDED").payload
    assert payload["evidence"] is None and payload["lo_matrix_reset"] is False
    assert case.proposal["missing_information"][0]["supplier"] == "recognition_officer"
    assert payload["replies"] == [
        {
            "item": case.proposal["missing_information"][1]["item"],
            "where": case.proposal["missing_information"][1]["where"],
            "supplier": "issuer",
            "reply": "I wrote to MU's registry office on 3 December.",
        }
    ]
    mine = client_for(learner).get(reverse("recognition:my_case", args=[case.uuid])).content.decode()
    assert "You answered the request for information" in mine and "registry office" in mine
    with pytest.raises(RecognitionInputError, match="cannot be answered now"):
        recognition_information_answer(case=case, by=learner, replies={1: "once more"})


def test_only_the_applicant_may_answer(
    consortium: Any, officers: Any, learner: Any, other_learner: Any, muni_published: Any
) -> None:
    case = waiting_for_the_issuer(learner, consortium, officers, muni_published)
    url = reverse("recognition:answer", args=[case.uuid])
    assert client_for(other_learner).post(url, {"reply_1": "not my case"}).status_code == 403
    assert client_for(officers["neu"]).post(url, {"reply_1": "an officer"}).status_code == 403
    case.refresh_from_db()
    assert case.status == Status.INFORMATION_REQUESTED
    assert not case.events.filter(action="LEARNER_RESPONDED").exists()


def test_an_empty_answer_or_a_credential_that_does_not_verify_changes_nothing(
    consortium: Any, officers: Any, learner: Any, issued_to_learner: Any
) -> None:
    case = waiting_for_the_issuer(learner, consortium, officers, issued_to_learner.version)
    before = (case.evidence, case.head_hash, case.events.count())
    url = reverse("recognition:answer", args=[case.uuid])
    mine = client_for(learner)
    response = mine.post(url, {"reply_1": "  "})
    assert response.status_code == 200
    assert "answer at least one item or add a credential" in response.content.decode()
    upload = io.BytesIO(json.dumps(issued_to_learner.document).encode("utf-8"))
    upload.name = "credential.json"
    response = mine.post(
        url, {"reply_1": "here is the signed file", "credential_file": upload, "proof_code": "0" * 32}
    )
    assert response.status_code == 200
    assert "holder" in response.content.decode()
    case.refresh_from_db()
    assert (case.evidence, case.head_hash, case.events.count()) == before
    assert case.status == Status.INFORMATION_REQUESTED


def test_someone_elses_credential_is_refused(
    consortium: Any, officers: Any, learner: Any, issued_to_learner: Any, other_learner: Any
) -> None:
    case = waiting_for_the_issuer(learner, consortium, officers, issued_to_learner.version)
    issued_to_learner.learner = other_learner
    issued_to_learner.save(update_fields=["learner"])
    with pytest.raises(RecognitionInputError, match="not yours"):
        recognition_information_answer(case=case, by=learner, issued=issued_to_learner)
    case.refresh_from_db()
    assert case.status == Status.INFORMATION_REQUESTED


def test_an_answer_after_the_deadline_is_refused(
    consortium: Any, officers: Any, learner: Any, muni_published: Any
) -> None:
    from datetime import date, timedelta

    from django.utils import timezone

    case = waiting_for_the_issuer(learner, consortium, officers, muni_published)
    deadline = date.fromisoformat(case.events.get(action="INFORMATION_REQUESTED").payload["deadline"])
    later = deadline + timedelta(days=1)
    from unittest import mock

    with (
        mock.patch.object(timezone, "localdate", return_value=later),
        pytest.raises(RecognitionInputError, match="deadline"),
    ):
        recognition_information_answer(case=case, by=learner, replies={1: "too late"})
    case.refresh_from_db()
    assert case.status == Status.INFORMATION_REQUESTED


def test_items_for_the_desk_are_shown_but_not_answered_by_the_learner(
    consortium: Any, officers: Any, learner: Any, muni_published: Any
) -> None:
    case = waiting_for_the_issuer(learner, consortium, officers, muni_published)
    assert case.proposal["missing_information"][0]["supplier"] == "recognition_officer"
    html = client_for(learner).get(reverse("recognition:my_case", args=[case.uuid])).content.decode()
    assert "the recognition officer" in html
    assert 'name="reply_0"' not in html and 'name="reply_1"' in html
    with pytest.raises(RecognitionInputError, match="recognition officer to supply") as exc:
        recognition_information_answer(case=case, by=learner, replies={0: "the officer's job"})
    assert exc.value.where == "reply_0"
