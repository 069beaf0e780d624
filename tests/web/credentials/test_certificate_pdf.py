"""The certificate PDF (ADR 1301): its text is the credential's, in en, vi and lo, Lao shaped as
written; the signed credential is attached and verifies when the PDF is uploaded; a PDF whose
attached credential was changed does not. Rendering costs about a second per language, so each
test renders what it needs once."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from microcred.credential_files import read_credential_bytes
from microcred.untrusted_input.pdf import embedded_files
from microcred_web.credentials.certificate import certificate_pdf
from microcred_web.credentials.models import IssuedCredential, RenderedFile

pytestmark = pytest.mark.django_db
PDFTOTEXT = shutil.which("pdftotext")


def _text(pdf: bytes, tmp_path: Path) -> str:
    if PDFTOTEXT is None:
        pytest.skip("pdftotext (poppler-utils) is not installed: apt-get install poppler-utils")
    path = tmp_path / "certificate.pdf"
    path.write_bytes(pdf)
    out = subprocess.run([PDFTOTEXT, "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True)
    return " ".join(out.stdout.decode("utf-8").split())


def _certificate(uuid: Any, language: str) -> bytes:
    response = Client().get(f"/credentials/{uuid}/certificate.pdf?lang={language}")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    return response.content


def test_the_certificate_reads_as_the_credential_in_english_vietnamese_and_lao(
    issued: IssuedCredential, tmp_path: Path
) -> None:
    en, vi, lo = (_text(_certificate(issued.uuid, lang), tmp_path) for lang in ("en", "vi", "lo"))
    spec = issued.version.spec
    for text in (en, vi, lo):
        assert issued.learner_name in text  # "Nguyễn Thị Lan": Vietnamese diacritics extract as written
        assert "Masaryk University" in text
        assert issued.credential_id in text
        assert f"/credentials/{issued.uuid}/" in text
        assert "ECTS" in text
        assert "(CZ-NSK:6)" in text
    assert spec["title"]["en"] in en
    assert spec["title"]["vi"] in vi  # the title in the learner's language where the spec has it
    for outcome in spec["learning_outcomes"]:
        assert " ".join(outcome["text"]["en"].split()) in en
    assert "Awarded to" in en and "Learning outcomes" in en
    # The Lao labels come out of the PDF as the same code points, in order: the shaped glyphs
    # (tone marks and vowels stacked above and below) map back to the text.
    assert "ມອບໃຫ້" in lo or "ມອບ" in lo
    assert re.search(r"[\u0E80-\u0EFF]{3,}", lo)
    assert "Awarded to" not in lo and "Awarded to" not in vi


def test_the_pdf_is_kept_per_language_and_drawn_once(issued: IssuedCredential) -> None:
    first = _certificate(issued.uuid, "en")
    again = _certificate(issued.uuid, "en")

    assert first == again
    assert RenderedFile.objects.filter(credential=issued, kind="certificate.pdf").count() == 1


def test_the_attached_credential_verifies_when_the_pdf_is_uploaded_and_a_tampered_one_fails(
    issued: IssuedCredential,
) -> None:
    pdf = _certificate(issued.uuid, "en")
    (attachment,) = embedded_files(pdf)
    assert attachment.subtype == "application/vc"
    assert read_credential_bytes(pdf) == issued.document

    genuine = Client().post("/verify/", {"file": SimpleUploadedFile("certificate.pdf", pdf)})
    assert "This credential is genuine and valid." in genuine.content.decode()

    # A PDF that looks the same but carries a changed credential (the title edited after signing).
    issued.document = dict(issued.document, name="Econometrics in Q")
    forged = certificate_pdf(
        issued, language="en", page_url="https://x.example/", verify_url="https://x.example/v"
    )
    assert read_credential_bytes(forged)["name"] == "Econometrics in Q"
    html = Client().post("/verify/", {"file": SimpleUploadedFile("certificate.pdf", forged)}).content.decode()
    assert "The signature does not match: the credential was changed or is damaged." in html
    assert "genuine and valid" not in html


def test_a_hidden_credentials_certificate_and_badges_are_not_shown_to_others(
    issued: IssuedCredential,
) -> None:
    issued.shared = False
    issued.save(update_fields=["shared"])

    for path in ("certificate.pdf?lang=en", "badge.png", "badge.svg", "", "credential.json"):
        assert Client().get(f"/credentials/{issued.uuid}/{path}").status_code == 404
