"""The recognition side of the home page's open tasks: a learner asked for information has it to
answer; the host's recognition officers have a case to decide once it is back at the desk, and
nobody else does."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from microcred_web.accounts.models import Role
from tests.web.notifications.test_home_lists_open_tasks import _home, _section
from tests.web.recognition.conftest import client_for, make_user
from tests.web.recognition.test_learner_answers_an_information_request import waiting_for_the_issuer

pytestmark = pytest.mark.django_db


def test_the_learner_answers_and_the_officer_then_decides(
    consortium: dict[str, Any], officers: Any, learner: Any, issued_to_learner: Any
) -> None:
    case = waiting_for_the_issuer(learner, consortium, officers, issued_to_learner.version)
    answer = _section(_home(learner), "To answer")
    assert reverse("recognition:my_case", args=[case.uuid]) in answer and case.reference in answer
    assert not _section(_home(officers["neu"]), "To decide")  # waiting for the learner

    client = client_for(learner)
    client.post(
        reverse("recognition:answer", args=[case.uuid]),
        {"reply_1": "Here is the signed credential.", "credential": issued_to_learner.pk},
    )
    assert not _section(_home(learner), "To answer")
    decide = _section(_home(officers["neu"]), "To decide")
    assert reverse("recognition:case", args=[case.uuid]) in decide and case.reference in decide
    assert not _section(_home(officers["ueh"]), "To decide")  # another host's officer
    assert not _section(_home(make_user("neu-registrar", consortium["neu"], Role.REGISTRAR)), "To decide")
