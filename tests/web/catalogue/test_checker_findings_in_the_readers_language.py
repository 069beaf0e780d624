"""The specification checker's findings are codes with parameters, worded in the reader's language
at the edge (issue 16, ADR 1610): a Vietnamese or Lao designer reads no English finding, and the
API keeps its English ``message`` beside the new ``code`` and ``params``."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from microcred.standards.eu_mc.conformance import DETAIL_MESSAGES, FINDING_MESSAGES, check_document
from microcred_web.catalogue.finding_messages import DETAILS, FINDINGS, finding_message
from microcred_web.institutions.models import Institution
from tests.web.accounts.factories import conformant_spec, editor_post_data
from tests.web.i18n.catalogues import LANGUAGES, LOCALE, read_po

CHECK = reverse("catalogue:check") + "?institution=muni"


def flawed_spec() -> dict[str, Any]:
    """A draft as a new designer leaves it: hours that do not fit the credits, an outcome that
    says "understand", no quality assurance, no supervision, no field of study."""
    spec = conformant_spec()
    spec["workload"] = {**spec["workload"], "hours": "900", "credits": "4", "credit_system": "ECTS"}
    spec["learning_outcomes"][0]["text"] = {"en": "Understand the principles of credit risk."}
    for key in ("quality_assurance", "supervision", "isced_f", "stackability", "prerequisites"):
        spec.pop(key, None)
    return spec


def _findings_html(client: Client, muni: Institution, language: str) -> str:
    response = client.post(CHECK, editor_post_data(muni, flawed_spec()), HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    client.cookies["django_language"] = language
    return response.content.decode()


def _findings_part(html: str) -> str:
    """The checker's findings (the assistant below them has its own tests)."""
    return html.split('class="assistant', 1)[0]


@pytest.mark.parametrize("language", ["vi", "lo"])
def test_a_vietnamese_or_lao_designer_reads_no_english_checker_finding(
    muni: Institution, staff: dict[str, Any], language: str
) -> None:
    report = check_document(flawed_spec())
    codes = {f.code for f in report.findings}
    assert {
        "EU-M7-HOURS-CREDITS-INCONSISTENT",
        "MC-SIZE-LARGE",
        "LO-VERB-NOT-OBSERVABLE",
        "EU-M11-MISSING",
    } <= codes
    client = Client()
    client.force_login(staff["designer"])
    client.cookies["django_language"] = language
    html = _findings_part(_findings_html(client, muni, language))
    for f in report.findings:
        assert f.message not in html, f.code
        with translation.override(language):
            worded = finding_message(f.code, f.params)
        with translation.override("en"):
            assert worded != finding_message(f.code, f.params), f.code  # differs from the English
        assert worded.replace("'", "&#x27;") in html or worded in html, (f.code, worded)
    english_words = ("missing", "credit system", "is more than", "not given", "cannot be observed")
    found = [w for w in english_words if re.search(rf"\b{w}\b", html)]
    assert not found, found


def test_an_english_designer_reads_the_same_findings_in_english(
    muni: Institution, staff: dict[str, Any]
) -> None:
    client = Client()
    client.force_login(staff["designer"])
    html = _findings_part(_findings_html(client, muni, "en"))
    assert "Outcome LO1 starts with “understand”" in html or "starts with “understand”" in html
    assert "so expect 100–120 h" in html


def test_every_checker_code_and_detail_has_a_wording_at_the_edge() -> None:
    assert set(FINDING_MESSAGES) == set(FINDINGS)
    assert set(DETAIL_MESSAGES) <= set(DETAILS)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_checker_wording_has_a_vietnamese_and_a_lao_entry(lang: str) -> None:
    entries = {e.key: e.msgstr.get(0, "") for e in read_po(LOCALE / lang / "LC_MESSAGES" / "django.po")}
    with translation.override("en"):
        templates = [str(t) for t in (*FINDINGS.values(), *DETAILS.values())]
    missing = [t for t in templates if t not in ("", "%(detail)s") and not entries.get((None, t))]
    assert not missing, missing


def test_a_malformed_level_is_worded_from_its_code_not_from_the_core_message() -> None:
    spec = conformant_spec()
    spec["level"] = {**spec.get("level", {}), "national": "VN-NQF"}
    finding = next(f for f in check_document(spec).findings if f.code == "LEVEL-INVALID")
    assert finding.params == {"detail": "level.format", "value": "VN-NQF"}
    with translation.override("vi"):
        assert finding_message(finding.code, finding.params).startswith("Bậc được viết dạng MÃ:BẬC")


def test_a_format_problem_carries_a_code_and_its_parameters() -> None:
    spec = conformant_spec()
    spec["awarding_bodies"][0]["country"] = "Czechia"
    spec["colour"] = "blue"
    findings = {f.params["detail"]: f for f in check_document(spec).findings if f.code == "FORMAT-INVALID"}
    assert findings["format.country_code"].params["value"] == "Czechia"
    assert findings["format.extra_forbidden"].params["name"] == "colour"
    with translation.override("lo"):
        assert "Czechia" in finding_message("FORMAT-INVALID", findings["format.country_code"].params)
        unknown = finding_message("FORMAT-INVALID", {"detail": "format.something_new"})
    assert unknown == "ຄ່ານີ້ບໍ່ມີຮູບແບບຕາມທີ່ຄາດໄວ້."


def test_the_api_keeps_the_english_message_beside_the_code_and_its_parameters() -> None:
    finding = next(
        f for f in check_document(flawed_spec()).as_dict()["findings"] if f["code"] == "MC-SIZE-LARGE"
    )
    assert finding["params"] == {"hours": "900"}
    assert finding["message"] == "900 h is more than 30 ECTS; micro-credentials are usually smaller"
