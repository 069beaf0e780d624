from __future__ import annotations

import json
from typing import Any

import pytest
from allauth.account.models import EmailAddress
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from microcred_web.catalogue.models import MicroCredentialVersion
from microcred_web.credentials.models import IssuedCredential
from tests.web.credentials.conftest import make_user

pytestmark = pytest.mark.django_db


def logged_in(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_public_page_shows_the_award_and_a_green_verification(issued: IssuedCredential) -> None:
    response = Client().get(f"/credentials/{issued.uuid}/")

    assert response.status_code == 200
    html = response.content.decode()
    assert "Nguyễn Thị Lan" in html
    assert "Econometrics in R" in html
    assert "Masaryk University" in html
    assert "This credential is genuine and valid." in html
    assert f"/credentials/{issued.uuid}/qr.svg" in html
    assert "Change the status" not in html


def test_the_credential_downloads_as_json_and_the_qr_code_is_an_svg(issued: IssuedCredential) -> None:
    download = Client().get(f"/credentials/{issued.uuid}/credential.json")
    assert json.loads(download.content)["id"] == issued.credential_id
    assert "attachment" in download["Content-Disposition"]
    qr = Client().get(f"/credentials/{issued.uuid}/qr.svg")
    assert qr["Content-Type"] == "image/svg+xml"
    assert b"<svg" in qr.content


def test_staff_revoke_from_the_page_and_the_page_turns_red(issued: IssuedCredential, muni_admin: Any) -> None:
    client = logged_in(muni_admin)
    assert "Change the status" in client.get(f"/credentials/{issued.uuid}/").content.decode()

    response = client.post(
        f"/credentials/{issued.uuid}/status/", {"action": "revoke", "reason": "awarded by mistake"}
    )

    assert response.status_code == 302
    html = Client().get(f"/credentials/{issued.uuid}/").content.decode()
    assert "Do not rely on this credential." in html
    assert "awarded by mistake" in html


def test_another_institutions_staff_cannot_revoke_from_the_page(
    issued: IssuedCredential, unisi_admin: Any
) -> None:
    response = logged_in(unisi_admin).post(
        f"/credentials/{issued.uuid}/status/", {"action": "revoke", "reason": "x"}
    )
    assert response.status_code == 403
    issued.refresh_from_db()
    assert issued.revoked_at is None


def test_anyone_can_verify_a_pasted_credential(issued: IssuedCredential) -> None:
    response = Client().post("/verify/", {"credential": json.dumps(issued.document)})
    assert "This credential is genuine and valid." in response.content.decode()


def test_an_uploaded_tampered_credential_is_reported_as_changed(issued: IssuedCredential) -> None:
    tampered = dict(issued.document, name="Something Grander")
    upload = SimpleUploadedFile("vc.json", json.dumps(tampered).encode(), content_type="application/json")

    html = Client().post("/verify/", {"file": upload}).content.decode()

    assert "Do not rely on this credential." in html
    assert "changed" in html


def test_the_verifier_says_what_is_wrong_with_text_that_is_not_json(db: None) -> None:
    html = Client().post("/verify/", {"credential": "{not json"}).content.decode()
    assert "not JSON" in html


def test_anonymous_visitors_cannot_issue(published: MicroCredentialVersion) -> None:
    response = Client().get("/studio/issue/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_a_learner_without_a_staff_role_cannot_issue(published: MicroCredentialVersion) -> None:
    learner = make_user("learner", None, "learner")
    assert logged_in(learner).get("/studio/issue/").status_code == 403


def test_staff_issue_from_the_studio_and_the_learner_finds_it_in_their_list(
    published: MicroCredentialVersion, muni_admin: Any
) -> None:
    learner = make_user("lan")  # with a proved address
    response = logged_in(muni_admin).post(
        "/studio/issue/",
        {
            "version": published.pk,
            "display_name": "Lan Nguyen",
            "email": "LAN@example.org",
            "did": "",
            "grade": "A",
            "grading_scheme": "ECTS",
            "awarded_on": "2026-06-30",
            "suite": "eddsa-rdfc-2022",
        },
    )

    issued = IssuedCredential.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/studio/issue/{issued.uuid}/"
    assert issued.learner == learner
    assert issued.issued_by == muni_admin
    mine = logged_in(learner).get("/learner/credentials/").content.decode()
    assert f"/credentials/{issued.uuid}/" in mine


def test_an_account_that_never_proved_the_learners_address_does_not_receive_her_credential(
    published: MicroCredentialVersion, muni_admin: Any
) -> None:
    # anyone can sign up with any address: the credential waits for the claim link instead
    squatter = make_user("squatter")
    squatter.email = "lan@example.org"
    squatter.save(update_fields=["email"])
    EmailAddress.objects.filter(user=squatter).delete()
    EmailAddress.objects.create(user=squatter, email=squatter.email, verified=False, primary=True)
    logged_in(muni_admin).post(
        "/studio/issue/",
        {
            "version": published.pk,
            "display_name": "Lan Nguyen",
            "email": "LAN@example.org",
            "did": "",
            "grade": "A",
            "grading_scheme": "ECTS",
            "awarded_on": "2026-06-30",
            "suite": "eddsa-rdfc-2022",
        },
    )

    issued = IssuedCredential.objects.get()
    assert issued.learner is None
    mine = logged_in(squatter).get("/learner/credentials/").content.decode()
    assert f"/credentials/{issued.uuid}/" not in mine


def test_the_issue_form_names_the_field_that_is_wrong(
    published: MicroCredentialVersion, muni_admin: Any
) -> None:
    response = logged_in(muni_admin).post(
        "/studio/issue/",
        {
            "version": published.pk,
            "display_name": "Lan",
            "did": "not-a-did",
            "awarded_on": "2026-06-30",
            "suite": "eddsa-rdfc-2022",
        },
    )
    assert response.status_code == 200
    assert "is not a DID" in response.content.decode()
    assert not IssuedCredential.objects.exists()


def test_staff_of_another_institution_do_not_see_its_micro_credentials(
    published: MicroCredentialVersion, unisi_admin: Any
) -> None:
    html = logged_in(unisi_admin).get("/studio/issue/").content.decode()
    assert "Econometrics in R" not in html


def test_the_verifier_confirms_the_presenter_with_the_email_and_proof_code(issued: IssuedCredential) -> None:
    pasted = json.dumps(issued.document)
    right = (
        Client()
        .post(
            "/verify/",
            {
                "credential": pasted,
                "holder_email": " Lan.Nguyen@example.edu.vn",
                "holder_code": issued.email_salt,
            },
        )
        .content.decode()
    )
    wrong = (
        Client()
        .post(
            "/verify/",
            {"credential": pasted, "holder_email": "someone@example.org", "holder_code": issued.email_salt},
        )
        .content.decode()
    )

    assert "The e-mail and proof code match the learner" in right
    assert "This credential is genuine and valid." in right
    assert "do not match the learner" in wrong
    # a failed presenter check makes the headline red, never "genuine and valid" (issue 8)
    assert "This credential is genuine and valid." not in wrong
    assert "Do not rely on this credential." in wrong


def test_the_learner_sees_their_proof_code_and_others_do_not(
    published: MicroCredentialVersion, muni_admin: Any
) -> None:
    from microcred_web.credentials import services
    from tests.web.credentials.conftest import LEARNER, RESULT

    lan = make_user("lan")
    issued = services.credential_issue(
        version=published, learner=LEARNER, result=RESULT, by=muni_admin, account=lan
    )
    assert issued.email_salt in logged_in(lan).get(f"/credentials/{issued.uuid}/").content.decode()
    assert issued.email_salt not in Client().get(f"/credentials/{issued.uuid}/").content.decode()
