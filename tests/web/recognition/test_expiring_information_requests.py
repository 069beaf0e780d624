"""A case waiting for information past its deadline closes as incomplete (recognition.md §4.4:
PENDING_INFORMATION expires to CLOSED_INCOMPLETE) through ``recognition_expire_requests``, run
daily; one before its deadline, one the learner answered in time, and a second run are left alone."""

from __future__ import annotations

from datetime import date, timedelta
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from microcred_web.recognition import selectors
from microcred_web.recognition.decision import recognition_case_close
from microcred_web.recognition.information_answers import recognition_information_answer
from microcred_web.recognition.models import RecognitionCase, Status
from tests.web.recognition.conftest import client_for
from tests.web.recognition.test_learner_answers_an_information_request import waiting_for_the_issuer


def deadline_of(case: RecognitionCase) -> date:
    return date.fromisoformat(case.events.get(action="INFORMATION_REQUESTED").payload["deadline"])


def expire(*args: str) -> str:
    out = StringIO()
    call_command("recognition_expire_requests", *args, stdout=out)
    return out.getvalue()


def test_a_case_past_its_deadline_closes_as_incomplete_and_a_second_run_changes_nothing(
    consortium: Any, officers: Any, learner: Any, muni_published: Any
) -> None:
    case = waiting_for_the_issuer(learner, consortium, officers, muni_published)
    due = deadline_of(case)
    out = expire("--today", (due + timedelta(days=1)).isoformat())
    assert f"{case.reference}: closed as incomplete (information due {due.isoformat()})" in out
    assert "1 case(s) closed" in out
    case.refresh_from_db()
    assert case.status == Status.CLOSED_INCOMPLETE and not case.is_decided
    closed = case.events.get(action="CASE_CLOSED")
    assert closed.actor == "system" and closed.visible_to_learner
    assert closed.payload["incomplete"] is True and closed.payload["deadline"] == due.isoformat()
    assert selectors.chain_check(case).ok
    events = case.events.count()
    assert "0 case(s) closed" in expire("--today", (due + timedelta(days=2)).isoformat())
    assert case.events.count() == events
    html = client_for(learner).get(reverse("recognition:my_case", args=[case.uuid])).content.decode()
    assert "closed without a decision" in html
    assert case.reference not in {c.reference for c in selectors.precedents(selectors.PrecedentFilters())}


def test_a_case_on_or_before_its_deadline_stays_open(
    consortium: Any, officers: Any, learner: Any, muni_published: Any
) -> None:
    case = waiting_for_the_issuer(learner, consortium, officers, muni_published)
    assert "0 case(s) closed" in expire("--today", deadline_of(case).isoformat())
    case.refresh_from_db()
    assert case.status == Status.INFORMATION_REQUESTED


def test_a_learner_who_answered_in_time_is_not_closed(
    consortium: Any, officers: Any, learner: Any, muni_published: Any
) -> None:
    case = waiting_for_the_issuer(learner, consortium, officers, muni_published)
    recognition_information_answer(
        case=case, by=learner, replies={1: "MU's registry confirmed it by e-mail to the office."}
    )
    expire("--today", (deadline_of(case) + timedelta(days=30)).isoformat())
    case.refresh_from_db()
    assert case.status == Status.UNDER_REVIEW
    assert not case.events.filter(action="CASE_CLOSED").exists()


def test_a_dry_run_names_the_case_and_changes_nothing(
    consortium: Any, officers: Any, learner: Any, muni_published: Any
) -> None:
    case = waiting_for_the_issuer(learner, consortium, officers, muni_published)
    head = case.head_hash
    out = expire("--dry-run", "--today", (deadline_of(case) + timedelta(days=1)).isoformat())
    assert f"{case.reference}: would close" in out and "1 case(s) would be closed" in out
    case.refresh_from_db()
    assert case.status == Status.INFORMATION_REQUESTED and case.head_hash == head


def test_a_bad_date_is_refused(db: None) -> None:
    with pytest.raises(CommandError, match="not a date"):
        expire("--today", "28/11/2026")


def test_an_officer_closing_a_case_waiting_for_information_closes_it_incomplete(
    consortium: Any, officers: Any, learner: Any, muni_published: Any
) -> None:
    case = waiting_for_the_issuer(learner, consortium, officers, muni_published)
    case = recognition_case_close(
        case=case, by=officers["neu"], reason="the learner withdrew the request by phone"
    )
    assert case.status == Status.CLOSED_INCOMPLETE
    assert case.events.get(action="CASE_CLOSED").payload["incomplete"] is True
