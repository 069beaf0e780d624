"""The batch verifier ``/verify/batch/`` (issue 14 item 3, ADR 1450): an employer uploads several
candidates' credentials, or a ZIP of them, and gets one row per file with the verdict of
``/verify/``; a tampered credential among good ones, files that hold no credential, duplicates, a
zip bomb and an archive of a thousand files are each reported, never a 500; the CSV carries the
same rows; the page reads in Vietnamese and Lao with no English."""

from __future__ import annotations

import base64
import csv
import io
import json
import zipfile
from typing import Any

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from microcred_web.credentials.models import IssuedCredential
from tests.web.csp_checks import header_problems, page_problems

pytestmark = pytest.mark.django_db


def zip_of(*members: tuple[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in members:
            archive.writestr(name, data)
    return out.getvalue()


def post(files: list[tuple[str, bytes]], *, lang: str = "en", fmt: str = "html") -> tuple[int, str]:
    client = Client()
    client.cookies["django_language"] = lang
    uploads = [SimpleUploadedFile(name, data) for name, data in files]
    response = client.post("/verify/batch/", {"files": uploads, "format": fmt}, HTTP_ACCEPT_LANGUAGE=lang)
    _problems, nonce = header_problems(response)
    body = response.content.decode()
    if fmt == "html":
        assert not page_problems(body, nonce)
    return response.status_code, body


@pytest.fixture
def files(issued: IssuedCredential) -> list[tuple[str, bytes]]:
    good = json.dumps(issued.document).encode()
    tampered = dict(issued.document, validUntil="2099-01-01T00:00:00Z")
    badge = Client().get(f"/credentials/{issued.uuid}/badge.png").content
    certificate = Client().get(f"/credentials/{issued.uuid}/certificate.pdf").content
    archive = zip_of(
        ("candidates/tampered.json", json.dumps(tampered).encode()),
        ("candidates/photo.jpg", b"\xff\xd8\xff\xe0 not a credential"),
        ("candidates/nested.zip", zip_of(("x.json", good))),
        ("../escape.json", good + b" "),
    )
    return [
        ("lan.json", good),
        ("lan-badge.png", badge),
        ("lan-copy.json", good),
        ("more.zip", archive),
        ("lan-certificate.pdf", certificate),
    ]


def test_each_file_gets_a_row_with_the_verdict_and_the_tampered_one_is_singled_out(
    files: list[tuple[str, bytes]],
) -> None:
    status, page = post(files)

    assert status == 200
    rows = page.split("<tbody>", 1)[1].split("</tbody>", 1)[0].split("<tr")[1:]
    by_file = {row.split('class="batch-file">', 1)[1].split("</th>", 1)[0]: row for row in rows}
    assert list(by_file) == [
        "lan.json",
        "lan-badge.png",
        "lan-copy.json",
        "more.zip/candidates/tampered.json",
        "more.zip/candidates/photo.jpg",
        "more.zip/candidates/nested.zip",
        "more.zip/../escape.json",
        "lan-certificate.pdf",
    ]
    for name in ("lan.json", "lan-badge.png", "lan-certificate.pdf"):
        assert 'class="batch-valid"' in by_file[name]
        assert "Nguyễn Thị Lan" in by_file[name] and "Masaryk University" in by_file[name]
        assert "Econometrics" in by_file[name]
    assert "The same file as lan.json" in by_file["lan-copy.json"]
    assert 'class="batch-invalid"' in by_file["more.zip/candidates/tampered.json"]
    assert "The signature does not match" in by_file["more.zip/candidates/tampered.json"]
    assert 'class="batch-unreadable"' in by_file["more.zip/candidates/photo.jpg"]
    assert "(batch.nested_archive)" in by_file["more.zip/candidates/nested.zip"]
    assert "(batch.unsafe_name)" in by_file["more.zip/../escape.json"]
    assert '<th scope="col">Verdict</th>' in page and "<caption" in page
    # the verdict comes right after the file, so a phone's card (credentials.css) shows it first
    # without reordering; every other cell names its column for the card (issue 13, item 5)
    assert page.index('<th scope="col">Verdict</th>') < page.index('<th scope="col">Candidate</th>')
    lan = by_file["lan.json"]
    assert lan.index("batch-verdict") < lan.index('data-label="Candidate"')
    assert all(f'data-label="{c}"' in lan for c in ("Candidate", "Micro-credential", "Issuer", "Issued on"))


def test_the_csv_has_the_same_rows_with_machine_verdicts_in_the_download_and_in_the_page(
    files: list[tuple[str, bytes]],
) -> None:
    status, text = post(files, fmt="csv")
    _status, page = post(files)
    embedded = page.split("data:text/csv;charset=utf-8;base64,", 1)[1].split('"', 1)[0]

    assert status == 200
    assert base64.b64decode(embedded).decode() == text
    table = list(csv.DictReader(io.StringIO(text)))
    assert [(r["file"], r["verdict"]) for r in table] == [
        ("lan.json", "valid"),
        ("lan-badge.png", "valid"),
        ("lan-copy.json", "not_checked"),
        ("more.zip/candidates/tampered.json", "invalid"),
        ("more.zip/candidates/photo.jpg", "unreadable"),
        ("more.zip/candidates/nested.zip", "not_checked"),
        ("more.zip/../escape.json", "not_checked"),
        ("lan-certificate.pdf", "valid"),
    ]
    assert table[0]["candidate"] == "Nguyễn Thị Lan" and table[0]["issued_on"]
    assert "signature does not match" in table[3]["problems"]


def test_a_zip_bomb_and_an_archive_of_a_thousand_files_are_refused_with_a_coded_message() -> None:
    bomb = zip_of(("bomb.json", b"0" * (12 << 20)))
    many = zip_of(*((f"{n}.json", b"{}") for n in range(1000)))

    bomb_status, bomb_page = post([("bomb.zip", bomb)])
    many_status, many_page = post([("many.zip", many)], lang="vi")

    assert bomb_status == 200 and "(input.inflates_too_much)" in bomb_page
    assert many_status == 400 and "(batch.too_many_files)" in many_page and "1000" in many_page


def test_a_formula_in_a_file_name_is_not_run_by_a_spreadsheet(issued: IssuedCredential) -> None:
    _status, text = post([("=HYPERLINK(1).json", b"{}")], fmt="csv")
    assert "'=HYPERLINK(1).json" in text


def test_an_empty_post_is_a_400_that_says_what_is_missing() -> None:
    response = Client().post("/verify/batch/", {})
    assert response.status_code == 400 and "Choose at least one file." in response.content.decode()


ENGLISH = (
    "Check several credentials at once",
    "This credential is genuine and valid.",
    "Do not rely on this credential.",
    "This is not a credential we can read.",
    "Not checked.",
    "Candidate",
    "Issued on",
    "Problems",
    "Download these results (CSV)",
    "Up to 50 credentials at once",
    "files checked",
    "An archive inside an archive",
    "leaves its folder",
    "The same file as",
    "The signature does not match",
)


@pytest.mark.parametrize("lang", ["vi", "lo"])
def test_the_page_and_its_results_have_no_english_in_vietnamese_and_lao(
    files: list[tuple[str, bytes]], lang: str
) -> None:
    status, page = post(files, lang=lang)

    assert status == 200
    assert [words for words in ENGLISH if words in page] == []


def test_batches_are_metered_in_their_own_scope_and_do_not_use_up_the_single_verifier(settings: Any) -> None:
    settings.MICROCRED_RATE_LIMITS = {"verify_batch": "2/m", "verify": "5/m"}
    cache.clear()
    client = Client()

    batches = [client.post("/verify/batch/", {}, REMOTE_ADDR="203.0.113.9").status_code for _ in range(3)]
    single = client.post("/verify/", {"credential": "{}"}, REMOTE_ADDR="203.0.113.9").status_code
    cache.clear()

    assert batches == [400, 400, 429]
    assert single != 429
