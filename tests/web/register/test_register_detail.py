"""A register entry: every Annex I element, levels and credits across systems, exports."""

import json
import re

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from microcred_web.accounts.models import Membership, Role
from microcred_web.catalogue.models import Status
from tests.web.register import factories as f

pytestmark = pytest.mark.django_db


def _html(client: Client, url: str, **headers: str) -> str:
    response = client.get(url, **headers)
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def test_the_page_shows_every_annex_i_element(client: Client) -> None:
    v = f.publish(f.econometrics(), slug="muni")
    html = _html(client, f"/register/{v.uuid}/")
    for code in (
        "M1",
        "M2",
        "M3",
        "M4",
        "M5",
        "M6",
        "M7",
        "M8",
        "M9",
        "M10",
        "M11",
        "O1",
        "O2",
        "O3",
        "O4",
        "O5",
    ):
        assert re.search(rf'<span class="code">[^<]*\b{code}\b', html), code
    assert "Estimate and interpret linear regression models" in html
    assert "National Accreditation Bureau" in html
    assert "Certificate in Applied Data Analysis" in html


def test_vocabulary_labels_follow_the_interface_language(client: Client) -> None:
    v = f.publish(f.banking_vn(), slug="buh")
    assert "Written examination" in _html(client, f"/register/{v.uuid}/")
    assert "Thi viết" in _html(client, f"/register/{v.uuid}/", HTTP_ACCEPT_LANGUAGE="vi") or (
        "Trực tuyến" in _html(client, f"/register/{v.uuid}/", HTTP_ACCEPT_LANGUAGE="vi")
    )


def test_text_in_another_language_than_the_interface_is_marked_with_lang(client: Client) -> None:
    v = f.publish(f.finance_lao(), slug="nuol")
    html = _html(client, f"/register/{v.uuid}/", HTTP_ACCEPT_LANGUAGE="lo")
    assert f'<span lang="lo">{f.LAO_OUTCOME}</span>' in html
    html_en = _html(client, f"/register/{v.uuid}/")
    assert '<h1 id="mc-title" lang="en">Bank financial statements</h1>' in html_en


def test_the_level_is_shown_in_eqf_aqrf_and_the_national_framework_with_the_path(client: Client) -> None:
    v = f.publish(f.banking_vn(), slug="buh")
    html = _html(client, f"/register/{v.uuid}/")
    assert "European Qualifications Framework" in html
    assert "ASEAN Qualifications Reference Framework" in html
    assert "Vietnamese Qualifications Framework" in html
    assert "VQF 6 → AQRF 6" in html
    assert "AQRF 6 → EQF 6" in html
    assert '<strong class="assumption">assumption</strong>' in html


def test_the_workload_is_shown_in_ects_and_the_viewers_credits_with_the_arithmetic(client: Client) -> None:
    v = f.publish(f.econometrics(), slug="muni")
    html = _html(client, f"/register/{v.uuid}/?credits=VN-TC")
    assert "5 ECTS × 25 h = 125 h; 125 h ÷ 50 h = 2.5 VN-TC" in html


def test_the_local_credit_system_follows_the_interface_language(client: Client) -> None:
    v = f.publish(f.econometrics(), slug="muni")
    assert "÷ 48 h = " in _html(client, f"/register/{v.uuid}/", HTTP_ACCEPT_LANGUAGE="lo")
    assert "÷ 50 h = " in _html(client, f"/register/{v.uuid}/", HTTP_ACCEPT_LANGUAGE="vi")


def test_the_local_credit_system_of_a_signed_in_user_is_their_institutions(client: Client) -> None:
    v = f.publish(f.econometrics(), slug="muni")
    user = get_user_model().objects.create_user("lan", password="x")
    Membership.objects.create(user=user, institution=f.institution("nuol"), role=Role.RECOGNITION_OFFICER)
    client.force_login(user)
    assert "÷ 48 h = " in _html(client, f"/register/{v.uuid}/")


def test_schema_org_markup_describes_a_course_and_its_credential(client: Client) -> None:
    v = f.publish(f.econometrics(), slug="muni")
    html = _html(client, f"/register/{v.uuid}/")
    raw = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert raw
    data = json.loads(raw.group(1))
    assert data["@type"] == "Course"
    assert data["educationalCredentialAwarded"]["@type"] == "EducationalOccupationalCredential"
    assert data["numberOfCredits"]["value"] == "5"


def test_the_stable_address_redirects_to_the_current_version(client: Client) -> None:
    f.publish(f.econometrics(version=1), slug="muni", status=Status.RETIRED)
    v2 = f.publish(f.econometrics(version=2), slug="muni")
    response = client.get("/register/muni/MUNI-ECON-R/")
    assert response.status_code == 302
    assert response["Location"] == f"/register/{v2.uuid}/"


def test_an_old_version_stays_readable_and_points_to_the_current_one(client: Client) -> None:
    v1 = f.publish(f.econometrics(version=1), slug="muni", status=Status.RETIRED)
    v2 = f.publish(f.econometrics(version=2), slug="muni")
    html = _html(client, f"/register/{v1.uuid}/")
    assert "Not the current version." in html
    assert f'href="/register/{v2.uuid}/"' in html


def test_a_draft_is_not_reachable_by_its_uuid(client: Client) -> None:
    v = f.publish(f.econometrics(), slug="muni", status=Status.DRAFT)
    assert client.get(f"/register/{v.uuid}/").status_code == 404
    assert client.get(f"/register/{v.uuid}/spec.json").status_code == 404


def test_the_specification_downloads_in_the_exchange_format(client: Client) -> None:
    v = f.publish(f.finance_lao(), slug="nuol")
    response = client.get(f"/register/{v.uuid}/spec.json")
    assert response["Content-Type"] == "application/json"
    data = json.loads(response.content)
    assert data["format"] == "microcred-spec"
    assert data["learning_outcomes"][0]["text"]["lo"] == f.LAO_OUTCOME


def test_the_entry_exports_an_elm_qualification_with_every_language(client: Client) -> None:
    v = f.publish(f.finance_lao(), slug="nuol")
    response = client.get(f"/register/{v.uuid}/elm.jsonld")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/ld+json"
    data = json.loads(response.content)
    assert data["type"] == "Qualification"
    assert data["id"].endswith(f"/register/{v.uuid}/")
    assert data["title"]["lo"] == "ການວິເຄາະງົບການເງິນທະນາຄານ"


def test_the_entry_exports_an_open_badges_achievement(client: Client) -> None:
    v = f.publish(f.econometrics(), slug="muni")
    data = json.loads(client.get(f"/register/{v.uuid}/achievement.json").content)
    assert data["type"] == ["Achievement"]
    assert data["name"] == "Econometrics in R"
    assert data["humanCode"] == "MUNI-ECON-R"
    assert "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json" in data["@context"]


def test_the_page_links_its_three_exports(client: Client) -> None:
    v = f.publish(f.econometrics(), slug="muni")
    html = _html(client, f"/register/{v.uuid}/")
    for name in ("spec.json", "elm.jsonld", "achievement.json"):
        assert f'href="/register/{v.uuid}/{name}"' in html


def test_the_page_shows_where_the_micro_credential_was_recognised(client: Client) -> None:
    from datetime import date
    from decimal import Decimal

    from microcred_web.recognition.models import RecognitionCase

    v = f.publish(f.econometrics(), slug="muni")
    RecognitionCase.objects.create(
        reference="NEU-2026-0001",
        learner_ref="L-1",
        host=f.institution("neu"),
        purpose="ELECTIVE_CREDIT",
        status="decided",
        final_outcome="FULL",
        final_credits=Decimal("2"),
        final_credit_system="VN-TC",
        decision_date=date(2026, 10, 1),
        target={"title": "Applied econometrics"},
        source_institutions="muni",
        credential_codes="MUNI-ECON-R",
    )
    html = _html(client, f"/register/{v.uuid}/")
    assert "Recognition at partner institutions" in html
    assert "National Economics University" in html
    assert "Recognised in full" in html
    assert "2 VN-TC" in html
    assert "Applied econometrics" in html
    assert "Oct. 1, 2026" in html


def test_the_page_says_when_no_partner_has_decided_yet(client: Client) -> None:
    v = f.publish(f.econometrics(), slug="muni")
    assert "No partner institution has decided on recognising this micro-credential yet." in _html(
        client, f"/register/{v.uuid}/"
    )


def test_a_title_cannot_close_the_structured_data_script_early(client: Client) -> None:
    v = f.publish(f.econometrics(title={"en": "R </script><script>alert(1)</script>"}), slug="muni")
    html = _html(client, f"/register/{v.uuid}/")
    assert "<script>alert(1)" not in html
    raw = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert raw and json.loads(raw.group(1))["name"] == "R </script><script>alert(1)</script>"
