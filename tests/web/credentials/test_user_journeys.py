"""What the issuer, the learner and an anonymous verifier met when they used the demo in a
browser (issue, rotate, revoke, suspend; "My credentials" in Vietnamese and Lao; the verifier
with a valid, a changed and a revoked file), each fixed and kept fixed here."""

from __future__ import annotations

import io
import json
import re
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client

from microcred.trust.signed import demo_anchor
from microcred_web.catalogue.models import MicroCredentialVersion
from microcred_web.credentials import services
from microcred_web.credentials.models import IssuedCredential
from tests.web.a11y.html_checks import problems
from tests.web.credentials.conftest import LEARNER, RESULT, make_user

pytestmark = pytest.mark.django_db
ISSUER = "did:web:micro4asia.example.org:institutions:muni"


def logged_in(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def api_credential(api: Client, *purposes: str) -> IssuedCredential:
    """A plain VCDM 2.0 credential signed through the VC-API: no name, no achievement."""
    body = {
        "credential": {
            "@context": [
                "https://www.w3.org/ns/credentials/v2",
                "https://www.w3.org/ns/credentials/examples/v2",
            ],
            "type": ["VerifiableCredential", "ExampleAlumniCredential"],
            "issuer": ISSUER,
            "credentialSubject": {"id": "did:example:abcdefgh", "alumniOf": "The School of Examples"},
        },
        "options": {"credentialStatus": [{"statusPurpose": p} for p in purposes]},
    }
    response = api.post("/vc-api/credentials/issue", json.dumps(body), content_type="application/json")
    assert response.status_code == 201
    return IssuedCredential.objects.get(credential_id=response.json()["verifiableCredential"]["id"])


def test_the_page_of_a_credential_signed_through_the_vc_api_opens_and_staff_suspend_and_lift_it(
    api: Client, muni_admin: Any
) -> None:
    issued = api_credential(api, "revocation", "suspension")
    staff = logged_in(muni_admin)

    page = staff.get(f"/credentials/{issued.uuid}/")
    suspended = staff.post(
        f"/credentials/{issued.uuid}/status/", {"action": "suspend", "reason": "under investigation"}
    )
    while_suspended = Client().get(f"/credentials/{issued.uuid}/").content.decode()
    staff.post(f"/credentials/{issued.uuid}/status/", {"action": "unsuspend", "reason": "cleared"})
    after = Client().get(f"/credentials/{issued.uuid}/").content.decode()

    assert page.status_code == 200
    assert "<h1>Credential</h1>" in page.content.decode()
    assert suspended.status_code == 302
    assert "The issuer has suspended this credential." in while_suspended
    assert "under investigation" in while_suspended
    assert "This credential is genuine and valid." in after


def test_staff_read_why_a_studio_credential_offers_revoke_but_not_suspend(
    issued: IssuedCredential, muni_admin: Any
) -> None:
    staff_html = logged_in(muni_admin).get(f"/credentials/{issued.uuid}/").content.decode()
    public_html = Client().get(f"/credentials/{issued.uuid}/").content.decode()

    assert "can be revoked but not suspended" in staff_html
    assert 'value="suspend"' not in staff_html
    assert "can be revoked but not suspended" not in public_html


def test_a_changed_credential_is_not_said_to_be_signed_by_its_issuer_and_the_verdict_names_the_reason(
    issued: IssuedCredential,
) -> None:
    changed = json.loads(
        json.dumps(issued.document, ensure_ascii=False).replace("Nguyễn Thị Lan", "Nguyễn Thị Lam", 1)
    )
    assert changed != issued.document

    html = Client().post("/verify/", {"credential": json.dumps(changed)}).content.decode()

    verdict = html.split('class="verdict verdict-bad"', 1)[1].split("</div>", 1)[0]
    assert "The signature does not match: the credential was changed or is damaged." in verdict
    assert "signed with the issuer&#x27;s own key" not in html
    assert "Issued by Masaryk University, a member of the consortium." not in html
    assert "as its issuer; the signature does not confirm it." in html
    assert problems(html) == []


def test_a_valid_credential_still_reads_signed_by_its_issuer_and_issued_by_the_member(
    issued: IssuedCredential,
) -> None:
    html = Client().post("/verify/", {"credential": json.dumps(issued.document)}).content.decode()

    assert "The credential was signed with the issuer&#x27;s own key." in html
    assert "Issued by Masaryk University, a member of the consortium." in html


def test_the_vc_api_reports_the_claimed_issuer_of_a_changed_credential_as_not_confirmed(
    issued: IssuedCredential,
) -> None:
    changed = dict(issued.document, name="Something Grander")
    response = Client().post(
        "/vc-api/credentials/verify",
        json.dumps({"verifiableCredential": changed}),
        content_type="application/json",
    )

    assert response.status_code == 400
    results = response.json()["results"]
    assert results["proof"]["outcome"] == "failed"
    assert results["trust"]["outcome"] == "unknown"
    assert results["key"]["outcome"] == "unknown"


def test_the_verifier_links_a_credential_issued_here_to_its_public_page(issued: IssuedCredential) -> None:
    valid = Client().post("/verify/", {"credential": json.dumps(issued.document)}).content.decode()
    changed = dict(issued.document, name="Something Grander")
    tampered = Client().post("/verify/", {"credential": json.dumps(changed)}).content.decode()
    foreign = dict(issued.document, id="urn:uuid:00000000-0000-4000-8000-000000000000")
    elsewhere = Client().post("/verify/", {"credential": json.dumps(foreign)}).content.decode()

    link = f'href="/credentials/{issued.uuid}/"'
    assert link in valid
    assert "s page at its issuer" in valid
    assert link in tampered
    assert "Compare with the credential as its issuer keeps it" in tampered
    assert 'href="/credentials/' not in elsewhere


def test_the_revoked_verdict_names_the_revocation(issued: IssuedCredential, muni_admin: Any) -> None:
    services.credential_revoke(credential=issued, reason="awarded by mistake", by=muni_admin)

    html = Client().post("/verify/", {"credential": json.dumps(issued.document)}).content.decode()

    verdict = html.split('class="verdict verdict-bad"', 1)[1].split("</div>", 1)[0]
    assert "The issuer has revoked this credential." in verdict


@pytest.mark.parametrize(
    ("lang", "title", "month"),
    # Vietnamese dates say "tháng"; Lao ones carry a Lao month name (Django has no Lao locale).
    [
        ("vi", "Kinh tế lượng ứng dụng với R", r"tháng"),
        ("lo", "Applied Econometrics in R", r"[\u0e80-\u0eff]"),
    ],
)
def test_my_credentials_are_titled_and_dated_in_the_learners_language(
    published: MicroCredentialVersion, muni_admin: Any, lang: str, title: str, month: str
) -> None:
    spec = {
        **published.spec,
        "title": {"en": "Applied Econometrics in R", "vi": "Kinh tế lượng ứng dụng với R"},
    }
    version = MicroCredentialVersion.objects.create(
        micro_credential=published.micro_credential, version=2, status=published.status, spec=spec
    )
    lan = make_user("lan")
    services.credential_issue(version=version, learner=LEARNER, result=RESULT, by=muni_admin, account=lan)

    html = logged_in(lan).get("/learner/credentials/", HTTP_ACCEPT_LANGUAGE=lang).content.decode()

    entry = html.split('class="entry-title"', 1)[1].split("</li>", 1)[0]
    assert title in entry
    assert re.search(month, entry.split('class="entry-meta"', 1)[1])
    assert "Nov." not in entry and "Dec." not in entry
    assert problems(html) == []


def test_the_two_dates_on_a_credential_read_differently_in_vietnamese(issued: IssuedCredential) -> None:
    html = Client().get(f"/credentials/{issued.uuid}/", HTTP_ACCEPT_LANGUAGE="vi").content.decode()

    terms = re.findall(r"<dt>([^<]+)</dt>", html)
    assert "Ngày cấp" in terms
    assert "Ngày ký phát hành" in terms
    assert len(terms) == len(set(terms))


def test_the_help_texts_of_the_issue_form_are_what_its_fields_point_to(
    published: MicroCredentialVersion, muni_admin: Any
) -> None:
    html = logged_in(muni_admin).get("/studio/issue/").content.decode()

    pointers = set(re.findall(r'aria-describedby="([^"]+)"', html))
    assert pointers >= {"id_display_name_helptext", "id_email_helptext", "id_did_helptext"}
    for pointer in pointers:
        assert f'id="{pointer}"' in html


def test_the_demo_learners_get_their_email_so_a_credential_issued_to_it_reaches_their_list(
    published: MicroCredentialVersion, muni_admin: Any
) -> None:
    tereza = make_user("learner-tereza")
    tereza.email = ""
    tereza.save()

    call_command("demo_credentials", stdout=io.StringIO())
    tereza.refresh_from_db()
    response = logged_in(muni_admin).post(
        "/studio/issue/",
        {
            "version": published.pk,
            "display_name": "Tereza Nováková",
            "email": "tereza.novakova@example.org",
            "awarded_on": "2026-06-30",
            "suite": "eddsa-jcs-2022",
        },
    )

    assert tereza.email == "tereza.novakova@example.org"
    assert response.status_code == 302
    mine = logged_in(tereza).get("/learner/credentials/").content.decode()
    assert mine.count('class="entry-title"') == 2


def test_a_downloaded_credential_verifies_offline_with_the_platforms_registry_and_status_list(
    issued: IssuedCredential, muni_admin: Any, tmp_path: Any, capsys: Any
) -> None:
    from microcred.cli import main

    services.institution_key_rotate(institution=issued.institution, by=muni_admin)  # old keys still count
    page = Client().get(f"/credentials/{issued.uuid}/").content.decode()
    links = dict(re.findall(r'<a href="([^"]+)" download="([^"]+)"', page))
    assert set(links.values()) == {"registry.json", "revocation-1.json"}
    for url, name in links.items():
        (tmp_path / name).write_bytes(Client().get(url).content)
    credential = tmp_path / f"credential-{issued.uuid}.json"
    credential.write_bytes(Client().get(f"/credentials/{issued.uuid}/credential.json").content)
    anchor = demo_anchor().did  # the demo platform's registry is signed with the DEMO key (ADR 0703)
    command = (
        f"verify {credential} --trust {tmp_path / 'registry.json'} --trust-anchor {anchor}"
        f" --status-list {tmp_path / 'revocation-1.json'}"
    )
    assert (
        f"microcred verify credential-{issued.uuid}.json --trust registry.json --trust-anchor {anchor}"
        " --status-list revocation-1.json" in page
    )

    exit_valid = main([*command.split(), "--require-trusted", "--format", "json"])
    valid = json.loads(capsys.readouterr().out)
    services.credential_revoke(credential=issued, reason="awarded by mistake", by=muni_admin)
    revoked_list = Client().get(next(u for u, n in links.items() if n == "revocation-1.json")).content
    (tmp_path / "revocation-1.json").write_bytes(revoked_list)
    exit_revoked = main(command.split())

    assert (exit_valid, valid["valid"], valid["trusted"]) == (0, True, True)
    assert exit_revoked == 1
    assert "REVOKED" in capsys.readouterr().out


def test_the_trust_registry_lists_every_key_with_its_dates_and_answers_conditional_requests(
    issued: IssuedCredential, muni_admin: Any
) -> None:
    services.institution_key_rotate(institution=issued.institution, by=muni_admin)

    response = Client().get("/trust/registry.json")
    again = Client().get("/trust/registry.json", HTTP_IF_NONE_MATCH=response["ETag"])

    body = response.json()
    assert body["type"] == ["VerifiableCredential", "TrustRegistryCredential"]
    assert body["issuer"] == demo_anchor().did and body["proof"]["cryptosuite"] == "eddsa-jcs-2022"
    assert body["credentialSubject"]["format"] == "microcred-trust-registry"
    [muni] = body["credentialSubject"]["institutions"]
    [identifier] = muni["identifiers"]
    assert identifier["id"] == "did:web:micro4asia.example.org:institutions:muni"
    old, new = identifier["keys"]
    assert old["retired"] is not None and new["retired"] is None
    assert again.status_code == 304


def test_the_learner_downloads_the_award_for_europass_as_an_unsealed_elm_credential(
    issued: IssuedCredential,
) -> None:
    from microcred.jsonld import canonicalize
    from microcred.standards.elm import UNSEALED_NOTICE

    page = Client().get(f"/credentials/{issued.uuid}/").content.decode()
    url = f"/credentials/{issued.uuid}/credential.elm.jsonld"
    response = Client().get(url)

    assert f'href="{url}"' in page
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/ld+json")
    assert f'filename="credential-{issued.uuid}.elm.jsonld"' in response["Content-Disposition"]
    edc = response.json()
    assert "EuropeanDigitalCredential" in edc["type"]
    assert edc["id"] == issued.credential_id
    assert edc["issuer"]["id"] == issued.document["issuer"]["id"]
    assert edc["credentialSubject"]["fullName"] == {"en": "Nguyễn Thị Lan"}
    claim = edc["credentialSubject"]["hasClaim"]
    assert claim["provenBy"]["grade"]["noteLiteral"] == {"en": "B"}
    assert claim["awardedBy"]["awardingDate"].startswith("2026-06-30")
    assert edc["displayParameter"]["description"]["en"] == UNSEALED_NOTICE
    canonicalize(edc)  # only terms the ELM context defines


def test_a_credential_signed_through_the_vc_api_offers_no_elm_form(api: Client) -> None:
    issued = api_credential(api, "revocation")

    page = Client().get(f"/credentials/{issued.uuid}/").content.decode()

    assert "credential.elm.jsonld" not in page
    assert Client().get(f"/credentials/{issued.uuid}/credential.elm.jsonld").status_code == 404


def test_after_a_check_the_form_for_another_credential_starts_empty(issued: IssuedCredential) -> None:
    html = Client().post("/verify/", {"credential": json.dumps(issued.document)}).content.decode()

    form = html.split("<form", 1)[1]
    assert "Check another credential" in html
    textarea = re.search(r"<textarea[^>]*>(.*?)</textarea>", form, re.S)
    assert textarea is not None
    assert textarea.group(1).strip() == ""


def test_a_vc_jwt_credential_downloads_as_a_jws_and_verifies_offline_and_on_the_verifier(
    published: MicroCredentialVersion, muni_admin: Any, tmp_path: Any, capsys: Any
) -> None:
    from microcred.cli import main

    issued = services.credential_issue(
        version=published, learner=LEARNER, result=RESULT, by=muni_admin, suite="vc-jwt"
    )
    page = Client().get(f"/credentials/{issued.uuid}/").content.decode()
    jws = Client().get(f"/credentials/{issued.uuid}/credential.jwt").content
    (tmp_path / f"credential-{issued.uuid}.jwt").write_bytes(jws)
    (tmp_path / "registry.json").write_bytes(Client().get("/trust/registry.json").content)
    (tmp_path / "revocation-1.json").write_bytes(Client().get("/status/muni/revocation-1").content)

    anchor = demo_anchor().did
    assert (
        f"microcred verify credential-{issued.uuid}.jwt --trust registry.json --trust-anchor {anchor}" in page
    )
    command = f"verify {tmp_path}/credential-{issued.uuid}.jwt --trust {tmp_path}/registry.json --trust-anchor {anchor}"
    assert main([*command.split(), "--status-list", f"{tmp_path}/revocation-1.json"]) == 0
    assert "VALID and TRUSTED" in capsys.readouterr().out
    upload = SimpleUploadedFile("credential.jwt", jws, content_type="application/vc+jwt")
    assert (
        "This credential is genuine and valid."
        in Client().post("/verify/", {"file": upload}).content.decode()
    )


def test_the_elm_credential_names_the_issuer_by_its_legal_identifier_when_the_institution_has_one(
    issued: IssuedCredential,
) -> None:
    """ELM 3.1 EDC shape, edc:IssuerNodeShape (ADR 1330): exactly one eidasLegalIdentifier."""
    url = f"/credentials/{issued.uuid}/credential.elm.jsonld"
    assert "eIDASIdentifier" not in Client().get(url).json()["issuer"]
    page = f"/credentials/{issued.uuid}/"
    assert 'id="elm-legal-id-gap"' in Client().get(page).content.decode()  # the gap is said (ADR 1330)

    institution = issued.institution
    institution.legal_identifier = "00216224"
    institution.legal_identifier_scheme = "IČO (Czech business register, ARES)"
    institution.save()
    legal = Client().get(url).json()["issuer"]["eIDASIdentifier"]

    assert legal["type"] == "LegalIdentifier"
    assert legal["notation"] == "00216224"
    assert legal["spatial"]["id"].startswith("http://publications.europa.eu/resource/authority/country/")
    assert legal["spatial"]["prefLabel"] == {"en": institution.country}
    assert 'id="elm-legal-id-gap"' not in Client().get(page).content.decode()
