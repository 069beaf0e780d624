"""E1-E6 (recognition.md §7) through the officer's workspace: import the case file, propose,
sign (a second officer where four eyes apply), and read the outcome on the page and in the DB."""

from __future__ import annotations

import io
import json
from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse

from microcred_web.recognition.messages import label
from microcred_web.recognition.models import RecognitionCase, Status
from tests.web.recognition.conftest import canonical_case, client_for

# (example, host, outcome, credits awarded now or on condition, credit system, needs four eyes)
EXPECTED = [
    ("E1", "neu", "FULL", Decimal("3"), "VN-TC", False),
    ("E2", "unisi", "PARTIAL", Decimal("4"), "IT-CFU", False),
    ("E3", "buh", "NOT_RECOGNISED", None, "VN-TC", True),
    ("E4", "muni", "CONDITIONAL", Decimal("4"), "ECTS", False),
    ("E5", "unidu", "NOT_RECOGNISED", None, "ECTS", True),
    ("E6", "unisi", "FULL", Decimal("8"), "IT-CFU", False),
]


def upload(name: str) -> io.BytesIO:
    f = io.BytesIO(json.dumps(canonical_case(name)).encode("utf-8"))
    f.name = f"{name}.json"
    return f


@pytest.mark.parametrize(("name", "host", "outcome", "credits", "system", "four_eyes"), EXPECTED)
def test_each_worked_example_gives_the_expected_outcome_and_credits_through_the_workspace(
    consortium: Any,
    officers: Any,
    name: str,
    host: str,
    outcome: str,
    credits: Any,
    system: str,
    four_eyes: bool,
) -> None:
    officer = client_for(officers[host])
    response = officer.post(
        reverse("recognition:import"), {"host": consortium[host].pk, "case_file": upload(name)}
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    case = RecognitionCase.objects.get(reference=name)
    page = reverse("recognition:case", args=[case.uuid])

    officer.post(reverse("recognition:propose", args=[case.uuid]))
    case.refresh_from_db()
    assert case.status == Status.PROPOSED
    assert case.proposal["outcome"] == outcome
    html = officer.get(page).content.decode()
    assert f"<strong>{label(outcome)}</strong>" in html  # the outcome's name, not its code
    for standard in ("S1", "S5", "S6", "S7", "S11"):
        assert f'<span class="code">{standard}</span>' in html

    officer.post(reverse("recognition:decide", args=[case.uuid]), {"decision": "confirm"})
    case.refresh_from_db()
    if four_eyes:
        assert case.status == Status.PROPOSED and case.pending_decision is not None
        client_for(officers.second(host)).post(reverse("recognition:approve", args=[case.uuid]))
        case.refresh_from_db()
        assert case.second_approver == officers.second(host)
    assert case.status == Status.DECIDED
    assert case.final_outcome == outcome
    assert case.final_credits == credits
    assert case.final_credit_system == system
    assert case.decided_by == officers[host]
    html = officer.get(page).content.decode()
    assert f"<strong>{label(outcome)}</strong>" in html
    assert "Chain verified" in html


def test_the_e1_page_shows_the_conversion_arithmetic_and_the_outcome_matrix(
    consortium: Any, officers: Any
) -> None:
    officer = client_for(officers["neu"])
    officer.post(reverse("recognition:import"), {"host": consortium["neu"].pk, "case_file": upload("E1")})
    case = RecognitionCase.objects.get(reference="E1")
    officer.post(reverse("recognition:propose", args=[case.uuid]))
    html = officer.get(reverse("recognition:case", args=[case.uuid])).content.decode()
    assert "Conversion arithmetic" in html
    assert "125" in html and "150" in html  # 5 x 25 h against 3 x 50 h
    assert 'class="data matrix"' in html
    assert "time series not taught" in html  # the reviewer's note on LO5
