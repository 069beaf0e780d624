"""A new specification starts from a template per type or from any partner's published
micro-credential, copied as a new draft of the designer's institution with its provenance; the
original is never changed (issue 16 item 4, ADR 1613)."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from microcred.design.starting_points import TEMPLATES, copy_as_new_draft, template_document
from microcred_web.catalogue.forms import new_draft_document
from microcred_web.catalogue.models import MicroCredentialVersion, Status, WorkflowEvent
from microcred_web.institutions.models import Institution
from tests.web.accounts.factories import conformant_spec, editor_post_data, make_institution, make_version

NEW = reverse("catalogue:create")


@pytest.fixture
def designer(staff: dict[str, Any]) -> Client:
    client = Client()
    client.force_login(staff["designer"])
    return client


@pytest.fixture
def partners_published(muni: Institution) -> MicroCredentialVersion:
    neu = make_institution("neu", country="VN", credit_system="VN-TC", national_framework="VN-NQF")
    return make_version(neu, code="NEU-RISK", status=Status.PUBLISHED)


@pytest.mark.parametrize("kind", list(TEMPLATES))
def test_each_template_keeps_the_institutions_awarding_body_and_parses(muni: Institution, kind: str) -> None:
    start = new_draft_document(muni)
    document = template_document(kind, start=start)
    assert document["awarding_bodies"] == start["awarding_bodies"]
    assert document["workload"]["credit_system"] == muni.credit_system
    assert document["workload"]["activities"]


def test_a_degree_module_template_prefills_the_editor_and_is_recorded(
    muni: Institution, designer: Client
) -> None:
    page = designer.get(NEW + "?template=degree_module").content.decode()
    assert "Started from the template “Module of a degree programme”" in page
    assert 'name="template" value="degree_module"' in page
    assert '<option value="stackable" selected>' in page
    spec = {**template_document("degree_module", start=new_draft_document(muni)), **_texts()}
    spec["stackability"] = {"kind": "stackable", "toward": {"en": "Bachelor in Finance"}}
    response = designer.post(
        NEW, {**editor_post_data(muni, {**spec, "code": "MUNI-MOD"}), "template": "degree_module"}
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    version = MicroCredentialVersion.objects.get(micro_credential__code="MUNI-MOD")
    assert version.template == "degree_module" and version.derived_from is None
    assert WorkflowEvent.objects.get(version=version).note == "started from template degree_module"


def _texts() -> dict[str, Any]:
    spec = conformant_spec()
    return {k: spec[k] for k in ("title", "description", "learning_outcomes", "level")}


def test_a_partners_published_micro_credential_is_copied_as_a_new_draft_with_its_provenance(
    muni: Institution, designer: Client, partners_published: MicroCredentialVersion
) -> None:
    original = copy.deepcopy(partners_published.spec)
    page = designer.get(NEW + f"?from={partners_published.uuid}").content.decode()
    assert "A copy of NEU’s published NEU-RISK version 1" in page
    document = copy_as_new_draft(partners_published.spec, start=new_draft_document(muni))
    assert document["awarding_bodies"][0]["slug"] == "muni" and "code" not in document
    data = {**editor_post_data(muni, {**document, "code": "MUNI-RISK"}), "from": str(partners_published.uuid)}
    response = designer.post(NEW, data)
    assert response.status_code == 302
    copied = MicroCredentialVersion.objects.get(micro_credential__code="MUNI-RISK")
    assert copied.micro_credential.institution == muni and copied.status == Status.DRAFT
    assert copied.derived_from == partners_published
    assert [lo["text"] for lo in copied.spec["learning_outcomes"]] == [
        lo["text"] for lo in original["learning_outcomes"]
    ]
    assert WorkflowEvent.objects.get(version=copied).note == "copied from neu/NEU-RISK v1"
    partners_published.refresh_from_db()
    assert partners_published.spec == original and partners_published.status == Status.PUBLISHED


def test_a_partners_draft_cannot_be_copied_or_even_seen(muni: Institution, designer: Client) -> None:
    neu = make_institution("neu", country="VN")
    draft = make_version(neu, code="NEU-DRAFT", status=Status.DRAFT)
    assert designer.get(NEW + f"?from={draft.uuid}").status_code == 404
    data = {**editor_post_data(muni, {**conformant_spec(), "code": "MUNI-X"}), "from": str(draft.uuid)}
    assert designer.post(NEW, data).status_code == 404
    assert not MicroCredentialVersion.objects.filter(micro_credential__code="MUNI-X").exists()


@pytest.mark.parametrize(
    "query",
    [
        "?template=phd_thesis",
        "?from=not-a-uuid",
        "?from=00000000-0000-0000-0000-000000000000",
        "?template=" + "x" * 5000,
    ],
)
def test_a_forged_starting_point_is_a_404_not_a_500(muni: Institution, designer: Client, query: str) -> None:
    assert designer.get(NEW + query).status_code == 404


def test_who_cannot_create_drafts_cannot_copy_either(
    muni: Institution, staff: dict[str, Any], partners_published: MicroCredentialVersion
) -> None:
    client = Client()
    client.force_login(staff["qa"])
    assert client.get(NEW + f"?from={partners_published.uuid}").status_code == 403


def test_the_new_page_offers_the_templates_and_the_published_micro_credentials(
    muni: Institution, designer: Client, partners_published: MicroCredentialVersion
) -> None:
    page = designer.get(NEW).content.decode()
    for kind in TEMPLATES:
        assert f"template={kind}" in page
    assert f'<option value="{partners_published.uuid}">Econometrics in R · NEU-RISK v1</option>' in page


def test_the_published_list_groups_by_partner_in_the_readers_language(
    muni: Institution, staff: dict[str, Any], partners_published: MicroCredentialVersion
) -> None:
    client = Client()
    client.force_login(staff["designer"])
    client.cookies["django_language"] = "vi"
    page = client.get(NEW, HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    title_vi = partners_published.spec["title"]["vi"]
    assert '<optgroup label="University NEU (NEU)">' in page
    assert f'<option value="{partners_published.uuid}">{title_vi} · NEU-RISK v1</option>' in page
    assert "1 chứng chỉ vi mô đã công bố, theo đối tác" in page
