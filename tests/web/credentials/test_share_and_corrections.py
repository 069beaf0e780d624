"""The learner's share page and choices, LinkedIn's "Add to profile", and corrections in one step
(ADR 1303): the old credential revoked as replaced, the new one linked to it (VCDM 2.0 §5.3
``relatedResource``), the learner told, the page, PDF and badges following the new one."""

from __future__ import annotations

import base64
import hashlib
from typing import Any
from urllib.parse import parse_qs, urlparse

import pytest
from django.test import Client

from microcred.crypto.jcs import canonicalize
from microcred_web.accounts.models import Role
from microcred_web.credentials import services
from microcred_web.credentials.models import IssuedCredential, LearnerNotice
from microcred_web.notifications.models import Message
from tests.web.credentials.conftest import make_user

pytestmark = pytest.mark.django_db


def logged_in(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def learner(issued: IssuedCredential) -> Any:
    user = make_user("lan")
    issued.learner = user
    issued.save(update_fields=["learner"])
    return user


def test_the_share_page_has_opengraph_metadata_and_the_share_bar_comes_first(
    issued: IssuedCredential,
) -> None:
    html = Client().get(f"/credentials/{issued.uuid}/").content.decode()

    assert '<meta property="og:title" content="Econometrics in R">' in html
    assert (
        f'<meta property="og:url" content="https://micro4asia.example.org/credentials/{issued.uuid}/">'
        in html
    )
    assert 'property="og:image"' in html and "badge.png" in html
    assert "Masaryk University · 5 ECTS · EQF 6" in html
    # on a phone the share bar (certificate, LinkedIn, copy link) is above the verification panel
    assert html.index('class="share-bar"') < html.index('id="verification"')
    assert f"/credentials/{issued.uuid}/certificate.pdf?lang=en" in html
    assert 'data-copy-target="share-link"' in html and "credentials/share.js" in html
    assert "<script>" not in html and "onclick" not in html


def test_the_linkedin_link_fills_in_every_field_of_the_certification(issued: IssuedCredential) -> None:
    html = Client().get(f"/credentials/{issued.uuid}/").content.decode()
    start = html.index("https://www.linkedin.com/profile/add?")
    url = html[start : html.index('"', start)].replace("&amp;", "&")
    query = {k: v[0] for k, v in parse_qs(urlparse(url).query).items()}

    assert query == {
        "startTask": "CERTIFICATION_NAME",
        "name": "Econometrics in R",
        "organizationName": "Masaryk University",
        "issueYear": "2026",
        "issueMonth": "6",
        "certUrl": f"https://micro4asia.example.org/credentials/{issued.uuid}/",
        "certId": issued.credential_id,
    }


def test_the_learner_hides_and_removes_a_credential_and_it_stays_valid(
    issued: IssuedCredential, learner: Any
) -> None:
    client = logged_in(learner)
    page = client.get(f"/credentials/{issued.uuid}/").content.decode()
    assert "stays valid unless the issuer revokes it" in page

    client.post(f"/credentials/{issued.uuid}/share/", {"action": "hide"})
    assert Client().get(f"/credentials/{issued.uuid}/").status_code == 404
    assert client.get(f"/credentials/{issued.uuid}/").status_code == 200  # the learner still sees it

    client.post(f"/credentials/{issued.uuid}/share/", {"action": "remove"})
    assert "Econometrics in R" not in client.get("/learner/credentials/").content.decode()
    issued.refresh_from_db()
    assert issued.revoked_at is None and not issued.shared
    assert services.credential_current(issued) == issued  # nothing was re-issued or revoked

    client.post(f"/credentials/{issued.uuid}/share/", {"action": "restore"})
    client.post(f"/credentials/{issued.uuid}/share/", {"action": "share"})
    assert Client().get(f"/credentials/{issued.uuid}/").status_code == 200


def test_only_the_learner_changes_the_sharing(
    issued: IssuedCredential, learner: Any, muni_admin: Any
) -> None:
    for user in (muni_admin, make_user("stranger")):
        response = logged_in(user).post(f"/credentials/{issued.uuid}/share/", {"action": "hide"})
        assert response.status_code == 403
    issued.refresh_from_db()
    assert issued.shared


def test_a_correction_replaces_the_credential_in_one_step(
    issued: IssuedCredential, learner: Any, muni: Any
) -> None:
    registrar = make_user("registrar", muni, Role.REGISTRAR)
    response = logged_in(registrar).post(
        f"/credentials/{issued.uuid}/correct/",
        {
            "display_name": "Nguyễn Thị Lan Anh",
            "grade": "A",
            "awarded_on": "2026-06-30",
            "reason": "misspelt name",
        },
    )

    new = IssuedCredential.objects.get(replaces=issued)
    assert response.status_code == 302 and response["Location"] == f"/credentials/{new.uuid}/"
    issued.refresh_from_db()
    assert issued.revocation_reason == "replaced: misspelt name" and issued.revoked_at is not None
    old_digest = base64.b64encode(hashlib.sha384(canonicalize(issued.document)).digest()).decode()
    assert new.document["relatedResource"] == [
        {"id": issued.credential_id, "digestSRI": f"sha384-{old_digest}"}
    ]
    assert new.learner == learner and new.learner_name == "Nguyễn Thị Lan Anh"
    assert new.document["credentialSubject"]["result"][0]["value"] == "A"
    assert LearnerNotice.objects.filter(credential=new, kind="corrected").count() == 1
    # and by e-mail: the new credential's claim-link mail is in the outbox (ADR 1110)
    assert Message.objects.filter(
        kind="claim_link", object_id=str(new.pk), recipient_email=new.learner_email
    ).exists()

    # the new one verifies; the old one says it was replaced and where the new one is
    assert (
        "This credential is genuine and valid." in Client().get(f"/credentials/{new.uuid}/").content.decode()
    )
    old_page = Client().get(f"/credentials/{issued.uuid}/").content.decode()
    assert "This credential was corrected" in old_page and f"/credentials/{new.uuid}/" in old_page
    pdf = Client().get(f"/credentials/{issued.uuid}/certificate.pdf?lang=vi")
    assert pdf.status_code == 302 and pdf["Location"] == f"/credentials/{new.uuid}/certificate.pdf?lang=vi"
    badge = Client().get(f"/credentials/{issued.uuid}/badge.svg")
    assert badge["Location"] == f"/credentials/{new.uuid}/badge.svg"
    # the learner is told in their list
    listing = logged_in(learner).get("/learner/credentials/").content.decode()
    assert "was corrected by its issuer" in listing


def test_who_may_correct_is_the_permission_tables_answer(
    issued: IssuedCredential, unisi_admin: Any, muni: Any
) -> None:
    designer = make_user("designer", muni, Role.COURSE_DESIGNER)
    for user in (unisi_admin, designer):
        response = logged_in(user).post(
            f"/credentials/{issued.uuid}/correct/",
            {"display_name": "X", "awarded_on": "2026-06-30", "reason": "r"},
        )
        assert response.status_code == 403
    assert not IssuedCredential.objects.filter(replaces=issued).exists()


def test_a_refused_correction_leaves_nothing_half_done(issued: IssuedCredential, muni_admin: Any) -> None:
    services.credential_revoke(credential=issued, reason="withdrawn", by=muni_admin)
    before = IssuedCredential.objects.count()
    response = logged_in(muni_admin).post(
        f"/credentials/{issued.uuid}/correct/",
        {"display_name": "X", "awarded_on": "2026-06-30", "reason": "r"},
    )
    assert response.status_code == 200
    assert "a revoked credential cannot be corrected" in response.content.decode()
    assert IssuedCredential.objects.count() == before


@pytest.mark.parametrize("lang", ["en", "vi", "lo"])
def test_the_learners_page_and_the_correction_form_pass_the_markup_checks(
    issued: IssuedCredential, learner: Any, muni_admin: Any, lang: str
) -> None:
    from tests.web.a11y.html_checks import problems

    page = logged_in(learner).get(f"/credentials/{issued.uuid}/", HTTP_ACCEPT_LANGUAGE=lang).content.decode()
    assert "learner-controls" in page and problems(page) == []
    form = logged_in(muni_admin).get(f"/credentials/{issued.uuid}/correct/", HTTP_ACCEPT_LANGUAGE=lang)
    html = form.content.decode()
    assert 'value="Nguyễn Thị Lan"' in html and problems(html) == []
