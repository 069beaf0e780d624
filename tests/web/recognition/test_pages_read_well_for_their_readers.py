"""Details found by looking at the pages (ADR 0803, addendum): a Lao learner reads dates day first
in numbers (Django has no Lao date format), the agreement form names institutions in full and
explains "any sending institution", and its JSON fields are plain monospace text areas."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from microcred_web.accounts.models import Role
from tests.web.i18n.catalogues import ensure_compiled
from tests.web.recognition.conftest import client_for, decided_case, make_user


def test_a_lao_learner_reads_the_appeal_deadline_day_first(consortium: Any, officers: Any) -> None:
    ensure_compiled()
    learner = make_user("learner-souksavanh", consortium["nuol"], Role.LEARNER)
    case = decided_case("E2", "unisi", consortium, officers, applicant=learner)
    html = (
        client_for(learner)
        .get(reverse("recognition:my_case", args=[case.uuid]), HTTP_ACCEPT_LANGUAGE="lo")
        .content.decode()
    )
    deadline = case.appeal_deadline
    assert f"{deadline.day}/{deadline.month}/{deadline.year}" in html
    assert deadline.strftime("%b") not in html  # no English month name on the Lao page
    vi = (
        client_for(learner)
        .get(reverse("recognition:my_case", args=[case.uuid]), HTTP_ACCEPT_LANGUAGE="vi")
        .content.decode()
    )
    assert f"tháng {deadline.month} năm {deadline.year}" in vi


def test_the_agreement_form_names_institutions_in_full_and_explains_any_sender(admins: Any) -> None:
    html = client_for(admins["neu"]).get(reverse("agreements:agreement_new")).content.decode()
    assert "NEU · National Economics University" in html and "NUOL · National University of Laos" in html
    assert "leave the sending institutions empty" in html
    assert 'class="json-input"' in html and 'class="code"' not in html
