"""The decision notice: a page, and a real PDF in English and the applicant's language with its
fonts embedded (Noto Sans, Noto Sans Lao)."""

from __future__ import annotations

import shutil
import subprocess
from typing import Any

import pytest
from django.urls import reverse

from microcred_web.recognition import notice
from tests.web.recognition.conftest import client_for, decided_case, imported_case


def pdf_text(data: bytes, tmp_path: Any) -> str | None:
    if shutil.which("pdftotext") is None:
        return None
    path = tmp_path / "notice.pdf"
    path.write_bytes(data)
    return subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True, text=True
    ).stdout


def test_the_pdf_notice_is_a_pdf_with_the_outcome_credits_and_appeal(
    consortium: Any, officers: Any, tmp_path: Any
) -> None:
    case = decided_case("E2", "unisi", consortium, officers)
    response = client_for(officers["unisi"]).get(reverse("recognition:notice_pdf", args=[case.uuid]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    data = response.content
    assert data.startswith(b"%PDF-")
    assert b"NotoSans" in data  # the font is embedded, not looked up on the reader's machine
    text = pdf_text(data, tmp_path)
    if text is None:
        pytest.skip("pdftotext is not installed")
    flat = " ".join(text.split())
    assert "Recognised in part" in flat and "PARTIAL" not in flat  # the outcome's name, not its code
    assert "4 IT-CFU" in flat
    assert "Banking and Financial Intermediaries" in flat
    assert "prova integrativa" in flat
    assert case.appeal_deadline.isoformat() in flat


def test_a_lao_applicants_notice_has_a_lao_page_with_the_lao_font(
    consortium: Any, officers: Any, tmp_path: Any
) -> None:
    case = decided_case("E5", "unidu", consortium, officers)
    assert case.notice_language == "lo"  # the credential was issued in Laos
    data = notice.notice_pdf(notice.notice_of(case))
    assert b"NotoSansLao" in data
    text = pdf_text(data, tmp_path)
    if text is None:
        pytest.skip("pdftotext is not installed")
    assert "ພາສາລາວ" in text
    assert "NOT_RECOGNISED" not in text and "(S5)" in text  # named in Lao, not by code


def test_a_vietnamese_applicants_notice_has_two_languages(
    consortium: Any, officers: Any, tmp_path: Any
) -> None:
    case = decided_case("E6", "unisi", consortium, officers)
    assert case.notice_language == "vi"
    text = pdf_text(notice.notice_pdf(notice.notice_of(case)), tmp_path)
    if text is None:
        pytest.skip("pdftotext is not installed")
    assert "Recognition decision — English" in text and "Tiếng Việt" in text
    assert text.count("8 IT-CFU") >= 2


def test_the_notice_page_shows_the_outcome_and_the_substantial_differences(
    consortium: Any, officers: Any
) -> None:
    case = decided_case("E3", "buh", consortium, officers)
    html = client_for(officers["buh"]).get(reverse("recognition:notice", args=[case.uuid])).content.decode()
    assert "not recognised" in html.lower()
    assert "Substantial differences" in html
    assert "quality (S4)" in html and "level (S5)" in html and "workload (S6)" in html
    assert "Right of appeal" in html


def test_there_is_no_notice_before_a_decision(consortium: Any, officers: Any) -> None:
    case = imported_case("E1", "neu", consortium, officers)
    officer = client_for(officers["neu"])
    assert officer.get(reverse("recognition:notice", args=[case.uuid])).status_code == 404
    assert officer.get(reverse("recognition:notice_pdf", args=[case.uuid])).status_code == 404


def test_another_institutions_officer_cannot_read_the_notice(consortium: Any, officers: Any) -> None:
    case = decided_case("E1", "neu", consortium, officers)
    assert (
        client_for(officers["muni"]).get(reverse("recognition:notice_pdf", args=[case.uuid])).status_code
        == 403
    )
