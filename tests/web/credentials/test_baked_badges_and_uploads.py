"""Baked badges (OB 3.0 §5.3, ADR 1302): ``badge.png`` and ``badge.svg`` carry the signed
credential and verify when uploaded to ``/verify/``; a hostile file uploaded there is a 400 whose
coded message is in the interface language, never a 500."""

from __future__ import annotations

import struct
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from microcred.credential_files import read_credential_bytes
from microcred.standards.ob3.baking import PNG_KEYWORD
from microcred_web.credentials.models import IssuedCredential

pytestmark = pytest.mark.django_db
VALID = "This credential is genuine and valid."


def _upload(data: bytes, name: str, lang: str = "en") -> tuple[int, str]:
    response = Client().post("/verify/", {"file": SimpleUploadedFile(name, data)}, HTTP_ACCEPT_LANGUAGE=lang)
    return response.status_code, response.content.decode()


def test_the_png_and_svg_badges_carry_the_credential_and_verify_when_uploaded(
    issued: IssuedCredential,
) -> None:
    png = Client().get(f"/credentials/{issued.uuid}/badge.png")
    svg = Client().get(f"/credentials/{issued.uuid}/badge.svg")

    assert png["Content-Type"] == "image/png" and png.content.startswith(b"\x89PNG")
    assert svg["Content-Type"] == "image/svg+xml"
    assert b'xmlns:openbadges="https://purl.imsglobal.org/ob/v3p0"' in svg.content
    for data, name in ((png.content, "badge.png"), (svg.content, "badge.svg")):
        assert read_credential_bytes(data) == issued.document
        status, html = _upload(data, name)
        assert status == 200 and VALID in html


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def _png(*extra: bytes) -> bytes:
    ihdr = struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", ihdr)
        + _chunk(b"IDAT", zlib.compress(b"\x00\x80"))
        + b"".join(extra)
        + _chunk(b"IEND", b"")
    )


BOMB_ITXT = _chunk(b"iTXt", PNG_KEYWORD.encode() + b"\x00\x01\x00\x00\x00" + zlib.compress(b" " * (30 << 20)))
ENTITIES = (
    b'<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "ha"><!ENTITY b "&a;&a;&a;&a;">]>'
    b'<svg xmlns="http://www.w3.org/2000/svg"><text>&b;</text></svg>'
)


@pytest.mark.parametrize(
    ("data", "name", "lang", "sentence"),
    [
        (
            _png(BOMB_ITXT),
            "bomb.png",
            "en",
            "expands past the limit of 2097152 bytes (input.inflates_too_much)",
        ),
        (_png(BOMB_ITXT), "bomb.png", "vi", "vượt quá giới hạn 2097152 byte (input.inflates_too_much)"),
        (_png(), "plain.png", "lo", "ຮູບນີ້ບໍ່ມີໃບຢັ້ງຢືນຢູ່ໃນ"),
        (ENTITIES, "laughs.svg", "en", "declares XML entities or refers to external files"),
        (ENTITIES, "laughs.svg", "lo", "(input.svg_forbidden_xml)"),
        (
            b"%PDF-1.7\n1 0 obj\n<< >>\nendobj\n%%EOF\n",
            "empty.pdf",
            "vi",
            "Tệp PDF không có chứng chỉ đính kèm",
        ),
    ],
)
def test_a_hostile_upload_is_a_400_with_its_coded_message_in_the_interface_language(
    data: bytes, name: str, lang: str, sentence: str
) -> None:
    status, html = _upload(data, name, lang)
    assert status == 400
    assert sentence in html
    assert "Traceback" not in html


def test_an_upload_over_the_size_limit_is_refused_before_it_is_read() -> None:
    status, html = _upload(b"%PDF-1.7\n" + b"\x00" * (8 * 1024 * 1024 + 1), "huge.pdf")
    assert status == 400
    assert "a credential is much smaller" in html


def test_a_baked_svg_pasted_as_text_verifies_too(issued: IssuedCredential) -> None:
    svg = Client().get(f"/credentials/{issued.uuid}/badge.svg").content.decode()
    response = Client().post("/verify/", {"credential": svg})
    assert response.status_code == 200 and VALID in response.content.decode()


@pytest.mark.parametrize(
    "text", ["<html><body>not a badge</body></html>", "<", "<svg", "<?xml version='1.0'?>"]
)
def test_pasted_markup_that_is_no_baked_svg_is_a_400(text: str) -> None:
    response = Client().post("/verify/", {"credential": text})
    assert response.status_code == 400
    assert "This is not a credential we can read." in response.content.decode()
