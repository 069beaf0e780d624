"""Only recognition officers of the host institution reach a case's workspace (ADR 0301)."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse

from microcred_web.recognition.decision import recognition_case_decide
from microcred_web.recognition.models import Status
from tests.web.recognition.conftest import client_for, imported_case, make_user

POSTS = ["propose", "decide", "approve", "replay", "target", "lo", "lo_sign_off"]


def test_another_institutions_officer_gets_403_on_every_page_and_action(
    consortium: Any, officers: Any
) -> None:
    case = imported_case("E1", "neu", consortium, officers)
    stranger = client_for(officers["ueh"])
    assert stranger.get(reverse("recognition:case", args=[case.uuid])).status_code == 403
    for name in POSTS:
        assert stranger.post(reverse(f"recognition:{name}", args=[case.uuid]), {}).status_code == 403, name
    case.refresh_from_db()
    assert case.status == Status.PROPOSED
    assert str(case.uuid) not in stranger.get(reverse("recognition:workspace")).content.decode()


def test_services_refuse_another_institutions_officer(consortium: Any, officers: Any) -> None:
    case = imported_case("E1", "neu", consortium, officers)
    with pytest.raises(PermissionDenied):
        recognition_case_decide(case=case, by=officers["muni"], confirm=True)


def test_other_staff_of_the_host_are_not_officers(consortium: Any, officers: Any) -> None:
    case = imported_case("E1", "neu", consortium, officers)
    designer = make_user("neu-designer", consortium["neu"], "course_designer")
    assert client_for(designer).get(reverse("recognition:case", args=[case.uuid])).status_code == 403


def test_anonymous_visitors_are_sent_to_sign_in(consortium: Any, officers: Any) -> None:
    case = imported_case("E1", "neu", consortium, officers)
    response = Client().get(reverse("recognition:case", args=[case.uuid]))
    assert response.status_code == 302 and "login" in response["Location"]


def test_the_case_list_filters_by_status_purpose_and_sending_institution(
    consortium: Any, officers: Any
) -> None:
    imported_case("E2", "unisi", consortium, officers)
    imported_case("E6", "unisi", consortium, officers)
    officer = client_for(officers["unisi"])
    url = reverse("recognition:workspace")
    both = officer.get(url).content.decode()
    assert ">E2<" in both and ">E6<" in both
    only_neu = officer.get(url, {"sending": "neu"}).content.decode()
    assert ">E6<" in only_neu and ">E2<" not in only_neu
    assert ">E2<" not in officer.get(url, {"status": "decided"}).content.decode()
    assert ">E6<" in officer.get(url, {"purpose": "EXEMPTION", "status": "proposed"}).content.decode()


def test_the_case_list_marks_cases_past_their_decision_deadline(consortium: Any, officers: Any) -> None:
    from datetime import timedelta

    from django.utils import timezone

    from microcred_web.recognition.models import RecognitionCase

    case = imported_case("E4", "muni", consortium, officers)
    url = reverse("recognition:workspace")
    assert "overdue" not in client_for(officers["muni"]).get(url).content.decode()
    RecognitionCase.objects.filter(pk=case.pk).update(
        decision_deadline=timezone.localdate() - timedelta(days=1)
    )
    assert "overdue" in client_for(officers["muni"]).get(url).content.decode()
