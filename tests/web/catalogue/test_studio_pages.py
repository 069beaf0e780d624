"""The studio pages: saving drafts from the form or a file, saying what is wrong and where,
showing the checker's findings and only the actions the policy allows."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from microcred_web.accounts.models import Membership, Role
from microcred_web.catalogue.models import MicroCredential, Status
from microcred_web.institutions.models import Institution
from tests.web.accounts.factories import conformant_spec, editor_post_data, make_version


@pytest.fixture
def designer_client(staff: dict[str, Any]) -> Client:
    client = Client()
    client.force_login(staff["designer"])
    return client


def test_it_creates_a_draft_from_the_form(muni: Institution, designer_client: Client) -> None:
    spec = conformant_spec()
    spec["code"] = "MUNI-NEW"
    response = designer_client.post(reverse("catalogue:create"), editor_post_data(muni, spec))
    mc = MicroCredential.objects.get(code="MUNI-NEW")
    version = mc.versions.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("catalogue:version", kwargs={"uuid": version.uuid})
    assert version.status == Status.DRAFT
    assert version.spec["learning_outcomes"][4]["text"]["vi"].startswith("Viết báo cáo")


def test_the_new_draft_form_is_prefilled_from_the_institution(
    muni: Institution, designer_client: Client
) -> None:
    page = designer_client.get(reverse("catalogue:create")).content.decode()
    assert 'name="ab-0-country" value="CZ"' in page
    assert 'name="ab-0-slug" value="muni"' in page
    assert '<option value="ECTS" selected>' in page
    # The findings describe the prefilled form, not an empty document.
    assert "M6 Learning outcomes is missing" in page
    assert "M4 Awarding body(ies): missing" not in page


def test_bad_values_are_listed_with_links_to_their_fields_and_nothing_is_saved(
    muni: Institution, designer_client: Client
) -> None:
    spec = conformant_spec()
    spec["code"] = "MUNI-BAD"
    data = editor_post_data(muni, spec)
    data["workload_hours"] = "about ten"
    data["lo-1-esco_skills"] = "http://example.org/not-esco"
    data["validity_period"] = "3 years"
    response = designer_client.post(reverse("catalogue:create"), data)
    page = response.content.decode()
    assert response.status_code == 400
    assert 'id="error-summary"' in page
    assert 'href="#id_workload_hours"' in page
    assert not MicroCredential.objects.filter(code="MUNI-BAD").exists()
    # Once the number is fixed, the format problems are named at their fields.
    data["workload_hours"] = "125"
    response = designer_client.post(reverse("catalogue:create"), data)
    page = response.content.decode()
    assert response.status_code == 400
    assert 'href="#id_lo-1-esco_skills"' in page and "is not an ESCO skill URI" in page
    assert 'href="#id_validity_period"' in page and "is not an ISO 8601 duration" in page
    assert not MicroCredential.objects.filter(code="MUNI-BAD").exists()


def test_the_check_endpoint_returns_findings_grouped_by_element_with_links(
    muni: Institution, designer_client: Client
) -> None:
    spec = conformant_spec()
    del spec["learning_outcomes"]
    spec["assessment"] = {"types": ["level_of_attendance"]}
    response = designer_client.post(
        reverse("catalogue:check") + "?institution=muni", editor_post_data(muni, spec)
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "M6 · " in page and 'href="#fs-learning_outcomes"' in page
    assert "M9 · " in page and 'href="#id_assessment_types"' in page
    assert "Attendance alone is not an assessment" in page
    assert MicroCredential.objects.count() == 0


def test_a_malformed_json_upload_says_where_and_saves_nothing(
    muni: Institution, designer_client: Client
) -> None:
    upload = SimpleUploadedFile("spec.json", b'{"code": "X",\n "title": }', content_type="application/json")
    response = designer_client.post(reverse("catalogue:upload"), {"file": upload})
    page = response.content.decode()
    assert response.status_code == 400
    assert "Not valid JSON" in page and "line 2, column 11" in page and "spec.json" in page
    assert MicroCredential.objects.count() == 0


def test_an_upload_outside_the_format_names_each_problem(muni: Institution, designer_client: Client) -> None:
    spec = conformant_spec()
    spec["workload"]["hours"] = "many"
    spec["supervision"] = "proctored"
    upload = SimpleUploadedFile("spec.json", json.dumps(spec).encode(), content_type="application/json")
    response = designer_client.post(reverse("catalogue:upload"), {"file": upload})
    page = response.content.decode()
    assert response.status_code == 400
    assert "workload.hours" in page and "supervision" in page and "proctored" in page
    assert MicroCredential.objects.count() == 0


def test_a_valid_upload_becomes_a_draft(muni: Institution, designer_client: Client) -> None:
    upload = SimpleUploadedFile(
        "spec.json", json.dumps(conformant_spec()).encode(), content_type="application/json"
    )
    response = designer_client.post(reverse("catalogue:upload"), {"file": upload})
    version = MicroCredential.objects.get(code="MUNI-ECON-R").versions.get()
    assert response.status_code == 302
    assert version.spec["title"]["en"] == "Econometrics in R"


def test_the_version_page_offers_only_what_the_policy_and_status_allow(
    muni: Institution, staff: dict[str, Any]
) -> None:
    version = make_version(muni, status=Status.IN_REVIEW, by=staff["designer"])
    url = reverse("catalogue:version", kwargs={"uuid": version.uuid})
    designer, reviewer = Client(), Client()
    designer.force_login(staff["designer"])
    reviewer.force_login(staff["qa"])
    designer_page = designer.get(url).content.decode()
    reviewer_page = reviewer.get(url).content.decode()
    assert 'value="approve"' not in designer_page and 'value="approve"' in reviewer_page
    assert 'value="request_changes"' in reviewer_page
    assert reverse("catalogue:edit", kwargs={"uuid": version.uuid}) not in designer_page


def test_an_author_who_also_reviews_is_told_about_the_four_eyes_rule(
    muni: Institution, staff: dict[str, Any]
) -> None:
    Membership.objects.create(user=staff["designer"], institution=muni, role=Role.QA_REVIEWER)
    version = make_version(muni, status=Status.IN_REVIEW, by=staff["designer"])
    client = Client()
    client.force_login(staff["designer"])
    page = client.get(reverse("catalogue:version", kwargs={"uuid": version.uuid})).content.decode()
    assert 'value="approve"' not in page
    assert "four eyes: you authored or edited this version, so someone else approves it" in page
    response = client.post(reverse("catalogue:action", kwargs={"uuid": version.uuid}), {"action": "approve"})
    assert response.status_code == 403


def test_a_published_version_is_read_only_with_a_new_version_button(
    muni: Institution, staff: dict[str, Any], designer_client: Client
) -> None:
    version = make_version(muni, status=Status.PUBLISHED, by=staff["designer"])
    page = designer_client.get(reverse("catalogue:version", kwargs={"uuid": version.uuid})).content.decode()
    assert 'value="new_version"' in page
    assert reverse("catalogue:edit", kwargs={"uuid": version.uuid}) not in page
    response = designer_client.get(reverse("catalogue:edit", kwargs={"uuid": version.uuid}))
    assert response.status_code == 302


def test_publishing_a_non_conformant_version_says_why(muni: Institution, staff: dict[str, Any]) -> None:
    spec = conformant_spec()
    del spec["quality_assurance"]
    version = make_version(muni, status=Status.APPROVED, by=staff["designer"], spec=spec)
    client = Client()
    client.force_login(staff["admin"])
    response = client.post(
        reverse("catalogue:action", kwargs={"uuid": version.uuid}), {"action": "publish"}, follow=True
    )
    version.refresh_from_db()
    assert version.status == Status.APPROVED
    assert "Not published: the checker finds errors" in response.content.decode()


def test_someone_at_several_institutions_chooses_where_the_draft_belongs(muni: Institution) -> None:
    from tests.web.accounts.factories import make_institution, make_user

    make_institution("neu", name={"en": "NEU", "vi": "Đại học Kinh tế Quốc dân"}, country="VN")
    root = make_user("root", superuser=True)
    client = Client()
    client.force_login(root)
    page = client.get(reverse("catalogue:create") + "?institution=neu").content.decode()
    assert 'name="ab-0-slug" value="neu"' in page
    assert 'id="id_choose_institution"' in page
    assert 'name="title_vi"' in page


def test_a_post_without_the_row_counters_is_refused_with_a_message(
    muni: Institution, designer_client: Client
) -> None:
    response = designer_client.post(reverse("catalogue:create"), {"code": "X", "title_en": "Only a title"})
    page = response.content.decode()
    assert response.status_code == 400
    assert 'href="#fs-learning_outcomes"' in page and "ManagementForm data is missing" in page
    assert not MicroCredential.objects.exists()


def test_the_check_endpoint_and_the_file_replacement_obey_the_policy(
    muni: Institution, staff: dict[str, Any]
) -> None:
    from tests.web.accounts.factories import make_institution, make_user

    other = make_institution("unisi")
    outsider = make_user("outsider", role=Role.COURSE_DESIGNER, institution=other)
    learner = make_user("learner", role=Role.LEARNER, institution=muni)
    version = make_version(muni, status=Status.DRAFT, by=staff["designer"])
    client = Client()
    client.force_login(learner)
    assert client.post(reverse("catalogue:check"), editor_post_data(muni, version.spec)).status_code == 403
    client.force_login(outsider)
    assert (
        client.post(reverse("catalogue:check") + "?institution=muni", {"institution": "muni"}).status_code
        == 403
    )
    spec = {**version.spec, "title": {"en": "Replaced by an outsider"}}
    upload = SimpleUploadedFile("spec.json", json.dumps(spec).encode(), content_type="application/json")
    response = client.post(
        reverse("catalogue:upload_replace", kwargs={"uuid": version.uuid}), {"file": upload}
    )
    version.refresh_from_db()
    assert response.status_code == 403
    assert version.spec["title"]["en"] == "Econometrics in R"
