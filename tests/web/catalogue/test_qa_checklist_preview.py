"""The designer sees the QA review checklist, with the pre-checks their draft already meets or
not, before submitting (issue 16 item 3, ADR 1612)."""

from __future__ import annotations

from typing import Any

from django.test import Client
from django.urls import reverse
from django.utils import translation

from microcred.qa import checklist
from microcred.standards.eu_mc import check_document
from microcred_web.catalogue.qa_preview import qa_preview
from microcred_web.institutions.models import Institution
from tests.web.accounts.factories import conformant_spec, editor_post_data, make_version
from tests.web.csp_checks import header_problems, page_problems

CHECK = reverse("catalogue:check") + "?institution=muni"


def test_the_preview_agrees_with_the_pre_checks_a_reviewer_will_see() -> None:
    spec = conformant_spec()
    del spec["quality_assurance"]
    report = check_document(spec)
    with translation.override("en"):
        preview = qa_preview(report)
    rows = {r["key"]: r for r in preview["rows"]}
    assert [r["key"] for r in preview["rows"]] == [i.key for i in checklist.CHECKLIST]
    expected = checklist.precheck(report.element_status())
    assert {k: r["met"] for k, r in rows.items() if r["prechecked"]} == expected
    assert rows["eu.quality"]["met"] is False
    assert rows["eu.quality"]["unmet"] == ["M11 Type of quality assurance"]
    assert rows["eu.relevance"]["prechecked"] is False  # the reviewer judges it
    assert preview["blocking"] == sum(
        1 for i in checklist.CHECKLIST if i.mandatory and expected.get(i.key) is False
    )


def test_the_live_panel_shows_the_checklist_in_the_designers_language(
    muni: Institution, staff: dict[str, Any]
) -> None:
    spec = conformant_spec()
    del spec["quality_assurance"]
    client = Client()
    client.force_login(staff["designer"])
    client.cookies["django_language"] = "vi"
    html = client.post(CHECK, editor_post_data(muni, spec), HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    assert "Danh mục kiểm tra đảm bảo chất lượng (xem trước)" in html
    assert "Chưa đạt kiểm tra sơ bộ" in html
    assert "Chứng chỉ vi mô có được đảm bảo chất lượng bên trong và bên ngoài không?" in html
    assert "Is the micro-credential covered" not in html


def test_the_draft_page_shows_the_preview_before_submitting(muni: Institution, staff: dict[str, Any]) -> None:
    version = make_version(muni, by=staff["designer"])
    client = Client()
    client.force_login(staff["designer"])
    response = client.get(reverse("catalogue:version", kwargs={"uuid": version.uuid}))
    page = response.content.decode()
    assert response.status_code == 200
    assert "QA review checklist (preview)" in page and "Pre-check met" in page
    _header, nonce = header_problems(response)
    assert not page_problems(page, nonce)
