"""The claim link of issue 11 item 4, end to end: a registrar issues the ready learners of an
offering; each learner gets an e-mail in the offering's language with a single-use, expiring link;
opening it, the learner creates an account (or signs in) and the credential is in that account,
and the cohort shows it claimed. Reused, expired, tampered links and a credential already in
another account are refused, with nothing changed."""

from __future__ import annotations

from datetime import timedelta
from typing import Any
from urllib.parse import quote

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from microcred_web.accounts.models import Membership, Role
from microcred_web.credentials.models import IssuedCredential
from microcred_web.notifications.models import ClaimToken, Message, State
from microcred_web.pilot import selectors
from microcred_web.pilot.models import Offering
from tests.web.notifications.conftest import claim_path, client_of, mails_to, make_user

pytestmark = pytest.mark.django_db

AN = "an.nguyen@st.neu.edu.vn"


def _states(offering: Offering) -> dict[str, str]:
    return {c.enrolment.external_id: c.state.value for c in selectors.cohort(offering)}


def test_the_learner_signs_up_from_the_link_and_the_cohort_shows_the_credential_claimed(
    issued: Offering,
) -> None:
    assert sorted(a for m in mail.outbox for a in m.to) == sorted([AN, "huong.tran@st.neu.edu.vn"])
    (letter,) = mails_to(AN)
    # the offering is taught in Vietnamese, and the learner has no account: the mail is Vietnamese
    assert "Chứng chỉ" in letter.subject or "chứng chỉ" in letter.subject, letter.subject
    assert "Văn An Nguyễn" in letter.body or "Nguyễn Văn An" in letter.body
    path = claim_path(letter)

    learner = Client()
    page = learner.get(path)
    assert page.status_code == 200 and AN in page.content.decode()
    created = learner.post(
        path, {"username": "an", "password1": "a-long-Passphrase-7", "password2": "a-long-Passphrase-7"}
    )

    credential = IssuedCredential.objects.get(learner_email=AN)
    # enrolled from a results file, she is asked about the privacy notice first (ADR 1371)
    then = quote(f"/credentials/{credential.uuid}/", safe="")
    assert created.status_code == 302 and created["Location"] == f"/learner/privacy-consent/?next={then}"
    assert credential.learner is not None and credential.learner.username == "an"
    assert credential.learner.emailaddress_set.get().verified
    assert Membership.objects.filter(user=credential.learner, role=Role.LEARNER).exists()
    assert _states(issued)["NEU27001"] == "claimed" and _states(issued)["NEU27002"] == "issued"
    # signed in by the sign-up: the credential is in "My credentials", without any proof code
    mine = learner.get("/learner/credentials/").content.decode()
    assert f"/credentials/{credential.uuid}/" in mine
    assert Message.objects.get(recipient_email=AN).state == State.SENT


def test_a_learner_with_an_account_signs_in_and_takes_it(issued: Offering) -> None:
    path = claim_path(mails_to(AN)[0])
    holder = make_user("an-old-account")  # another address than the one mailed: the link decides
    anonymous = Client().get(path).content.decode()
    assert f"/accounts/login/?next={path}" in anonymous
    taken = client_of(holder).post(path)
    assert taken.status_code == 302
    assert IssuedCredential.objects.get(learner_email=AN).learner == holder
    assert ClaimToken.objects.get(credential__learner_email=AN).used_by == holder


def test_a_used_link_is_refused_and_changes_nothing(issued: Offering, caplog: Any) -> None:
    path = claim_path(mails_to(AN)[0])
    first = make_user("an")
    assert client_of(first).post(path).status_code == 302
    again = client_of(make_user("someone-else"))
    assert again.get(path).status_code == 410
    refused = again.post(path)
    assert refused.status_code == 410 and "used already" in refused.content.decode()
    assert IssuedCredential.objects.get(learner_email=AN).learner == first
    assert any(
        "credential.claim_refused" in r.getMessage() and '"used"' in r.getMessage() for r in caplog.records
    )


def test_an_expired_link_is_refused(issued: Offering) -> None:
    path = claim_path(mails_to(AN)[0])
    ClaimToken.objects.filter(credential__learner_email=AN).update(
        expires_at=timezone.now() - timedelta(seconds=1)
    )
    response = client_of(make_user("an")).post(path)
    assert response.status_code == 410 and "expired" in response.content.decode()
    assert IssuedCredential.objects.get(learner_email=AN).learner is None


@pytest.mark.parametrize(
    "tamper",
    [
        lambda t: t[:-1] + ("A" if t[-1] != "A" else "B"),  # one character changed
        lambda t: t[:-2],  # cut short
        lambda t: t + "x" * 200,  # oversized
        lambda t: "%00" + t,  # a control character
    ],
)
def test_a_tampered_link_is_unknown(issued: Offering, tamper: Any) -> None:
    token = claim_path(mails_to(AN)[0]).split("/")[2]
    response = client_of(make_user("an")).post(f"/claim/{tamper(token)}/")
    assert response.status_code in (404, 410)
    assert IssuedCredential.objects.filter(learner__isnull=False).count() == 0


def test_a_link_to_a_credential_already_in_another_account_is_refused(issued: Offering) -> None:
    path = claim_path(mails_to(AN)[0])
    owner = make_user("an-owner")
    IssuedCredential.objects.filter(learner_email=AN).update(learner=owner)
    response = client_of(make_user("intruder")).post(path)
    assert response.status_code == 409 and "another account" in response.content.decode()
    assert IssuedCredential.objects.get(learner_email=AN).learner == owner
    assert ClaimToken.objects.get(credential__learner_email=AN).used_at is None


def test_signing_up_with_an_address_that_has_an_account_asks_to_sign_in(issued: Offering) -> None:
    path = claim_path(mails_to(AN)[0])
    make_user("an-existing").__class__.objects.filter(username="an-existing").update(email=AN)
    response = Client().post(
        path, {"username": "an2", "password1": "a-long-Passphrase-7", "password2": "a-long-Passphrase-7"}
    )
    assert response.status_code == 400 and "sign in with it" in response.content.decode()
    assert IssuedCredential.objects.get(learner_email=AN).learner is None
