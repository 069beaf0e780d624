"""A recognition case's request for information goes to whoever must answer it: the staff of a
member issuing institution for what only it can supply, the learner for their items, each in their
language with a link to where they answer; asking the same again sends nothing new."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.urls import reverse

from microcred_web.accounts.models import Role
from microcred_web.notifications.models import Kind, Message
from tests.web.notifications.conftest import mails_to
from tests.web.recognition.conftest import client_for, make_user
from tests.web.recognition.test_every_case_can_reach_a_decision import stuck_case
from tests.web.recognition.test_learner_answers_an_information_request import waiting_for_the_issuer

pytestmark = pytest.mark.django_db


def _asked(address: str) -> list[Any]:
    return [m for m in mails_to(address) if "recognition" in m.body]


def test_the_issuers_staff_are_asked_for_what_only_their_institution_can_supply(
    consortium: dict[str, Any], officers: Any, learner: Any, django_capture_on_commit_callbacks: Any
) -> None:
    muni_designer = make_user("muni-designer", consortium["muni"], Role.COURSE_DESIGNER)
    with django_capture_on_commit_callbacks(execute=True):
        case = stuck_case(consortium, officers, learner)
    (letter,) = _asked(muni_designer.email)
    assert case.reference in letter.subject and "Supervision" in letter.body
    assert reverse("recognition:issuer_requests") in letter.body
    # nothing is asked of the learner (who had the claim link of their credential)
    assert not Message.objects.filter(kind=Kind.INFORMATION_REQUEST, recipient_user=learner).exists()
    sent = Message.objects.filter(kind=Kind.INFORMATION_REQUEST).count()
    with django_capture_on_commit_callbacks(execute=True):  # proposed again: the same request
        client_for(officers["ueh"]).post(reverse("recognition:propose", args=[case.uuid]))
    assert Message.objects.filter(kind=Kind.INFORMATION_REQUEST).count() == sent
    assert len(_asked(muni_designer.email)) == 1


def test_the_learner_is_asked_for_their_items_with_a_link_to_their_case(
    consortium: dict[str, Any],
    officers: Any,
    learner: Any,
    issued_to_learner: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        case = waiting_for_the_issuer(learner, consortium, officers, issued_to_learner.version)
    (letter,) = _asked(learner.email)
    # in the case's notice language (the host, NEU, writes in Vietnamese)
    assert case.notice_language == "vi" and case.reference in letter.subject
    assert "cần thông tin để quyết định hồ sơ công nhận" in letter.body
    assert reverse("recognition:my_case", args=[case.uuid]) in letter.body
