"""Learners who arrive by import or by a registrar never saw the privacy notice here (ADR 1371):
their consent is recorded as pending, they are asked when they first sign in or claim a
credential, and what a refusal does is what docs/privacy.md says ("Without consent")."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

import pytest
from django.test import Client

from microcred_web.credentials.models import IssuedCredential
from microcred_web.credentials.verifying import inspect_credential
from microcred_web.pilot.models import Enrolment, Offering
from microcred_web.privacy.models import NOTICE_VERSION, Consent, ConsentState
from tests.web.a11y.html_checks import problems
from tests.web.notifications.conftest import (  # noqa: F401 - fixtures
    _keys_in_memory,
    claim_path,
    client_of,
    issued,
    mails_to,
    make_user,
    neu,
    neu_offering,
    neu_registrar,
    neu_results,
    neu_version,
)

pytestmark = pytest.mark.django_db

AN = "an.nguyen@st.neu.edu.vn"
CONSENT = "/learner/privacy-consent/"


def _claimed_by(offering: Offering) -> tuple[Client, IssuedCredential, Any]:
    """An's claim link taken by an account of hers; the client is signed in."""
    user = make_user("an")
    client = client_of(user)
    response = client.post(claim_path(mails_to(AN)[0]))
    credential = IssuedCredential.objects.get(learner_email=AN)
    assert response.status_code == 302
    assert response["Location"] == f"{CONSENT}?next={quote(f'/credentials/{credential.uuid}/', safe='')}"
    return client, credential, user


def test_every_learner_of_a_results_file_has_a_pending_consent_and_importing_again_adds_none(
    neu_results: Offering,  # noqa: F811 - the fixture
) -> None:
    consents = Consent.objects.filter(enrolment__offering=neu_results)
    assert consents.count() == neu_results.enrolments.count() > 0
    assert set(consents.values_list("state", flat=True)) == {ConsentState.PENDING}
    assert all(c.answered_at is None and c.notice_version == NOTICE_VERSION for c in consents)


def test_a_learner_who_claims_is_asked_first_and_agreeing_records_their_own_consent(issued: Offering) -> None:  # noqa: F811 - the fixture
    client, credential, _user = _claimed_by(issued)
    page = client.get(f"{CONSENT}?next=/credentials/{credential.uuid}/")
    html = page.content.decode()
    assert page.status_code == 200 and "/privacy/" in html and problems(html) == []
    answered = client.post(CONSENT, {"answer": "agree", "next": f"/credentials/{credential.uuid}/"})
    assert answered.status_code == 302 and answered["Location"] == f"/credentials/{credential.uuid}/"
    consent = Consent.objects.get(enrolment__credential=credential)
    assert consent.state == ConsentState.GIVEN and consent.answered_at is not None
    # answered: signing in again goes straight on
    assert "Nothing is waiting" in client.get(CONSENT).content.decode()
    # the other learner of the cohort is still pending: one learner answers only for herself
    others = Consent.objects.exclude(enrolment__credential=credential)
    assert set(others.values_list("state", flat=True)) == {ConsentState.PENDING}


def test_refusing_erases_the_enrolment_details_and_the_issued_credential_stays_valid(
    issued: Offering,  # noqa: F811 - the fixture
    caplog: Any,
) -> None:
    client, credential, user = _claimed_by(issued)
    client.post(CONSENT, {"answer": "refuse", "next": "/"})
    consent = Consent.objects.get(enrolment__credential=credential)
    assert consent.state == ConsentState.REFUSED
    enrolment = Enrolment.objects.get(pk=consent.enrolment_id)
    assert enrolment.given_names == "" and enrolment.email.endswith("@erased.invalid")
    assert enrolment.learner is None
    credential.refresh_from_db()
    assert credential.learner == user
    assert inspect_credential(credential.document).core_verdict == "valid"
    [line] = [r.getMessage() for r in caplog.records if "personal_data.consent_answered" in r.getMessage()]
    assert '"refuse"' in line and AN not in line


def test_a_learner_signing_in_with_a_pending_consent_is_asked_first(neu_results: Offering) -> None:  # noqa: F811 - the fixture
    user = make_user("huong")
    user.set_password("a-long-Passphrase-7")
    user.save()
    Enrolment.objects.filter(offering=neu_results, external_id="NEU27002").update(learner=user)
    response = Client().post("/accounts/login/", {"login": "huong", "password": "a-long-Passphrase-7"})
    assert response.status_code == 302 and response["Location"].startswith(f"{CONSENT}?next=")


@pytest.mark.parametrize(
    "form",
    [
        {"answer": "yes"},  # not one of the two buttons
        {"answer": ""},
        {"answer": ["agree", "refuse"]},  # both at once: the last one would win; refused
        {},
    ],
)
def test_a_forged_answer_changes_nothing(issued: Offering, form: dict[str, Any]) -> None:  # noqa: F811 - the fixture
    client, _credential, _user = _claimed_by(issued)
    response = client.post(CONSENT, form)
    assert response.status_code == 200
    assert set(Consent.objects.values_list("state", flat=True)) == {ConsentState.PENDING}


def test_the_page_never_sends_the_learner_to_another_site_and_needs_a_sign_in(issued: Offering) -> None:  # noqa: F811 - the fixture
    client, _credential, _user = _claimed_by(issued)
    answered = client.post(CONSENT, {"answer": "agree", "next": "https://evil.example/steal"})
    assert answered.status_code == 302 and answered["Location"] == "/accounts/"
    assert Client().get(CONSENT).status_code == 302
