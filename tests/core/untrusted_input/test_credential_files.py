"""A credential in a baked PNG or SVG badge (OB 3.0 §5.3) or attached to a PDF: read by content,
verified like the credential itself, and every malformed, forged, duplicated, oversized or
nested container refused with a coded error, never a crash (ADR 0608, ADR 1302)."""

from __future__ import annotations

import json
import struct
import zlib
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from microcred.cli import main
from microcred.credential_files import file_kind, read_credential_bytes
from microcred.standards.ob3.baking import PNG_KEYWORD, bake_png, bake_svg, unbake_png, unbake_svg
from microcred.untrusted_input import UntrustedInputError
from microcred.untrusted_input.limits import MAX_PDF_ATTACHMENTS, MAX_PNG_CHUNKS, MAX_SVG_DEPTH
from tests.conftest import ASSETS
from tests.core.verification.conftest import self_issued

BAKED = ASSETS / "ob3" / "baked"
_SIGNED = self_issued("eddsa-rdfc-2022")  # the credential the mutation test bakes


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def tiny_png(*extra: bytes) -> bytes:
    """A 1x1 grey PNG, with ``extra`` chunks before IEND."""
    ihdr = struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)
    idat = zlib.compress(b"\x00\x80")
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", ihdr)
        + _chunk(b"IDAT", idat)
        + b"".join(extra)
        + _chunk(b"IEND", b"")
    )


def itxt(text: bytes, *, keyword: bytes = PNG_KEYWORD.encode(), compressed: bool = False) -> bytes:
    body = keyword + b"\x00" + (b"\x01\x00" if compressed else b"\x00\x00") + b"\x00\x00"
    return _chunk(b"iTXt", body + (zlib.compress(text) if compressed else text))


SVG = '<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><circle r="4"/></svg>'


def pdf_with(*attachments: tuple[bytes, str, str | None], extra: bytes = b"") -> bytes:
    """A minimal PDF with embedded file streams (content, MIME subtype, filter or None)."""
    parts = [
        b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n"
    ]
    for number, (content, subtype, flt) in enumerate(attachments, start=3):
        data = zlib.compress(content) if flt == "FlateDecode" else content
        name = subtype.replace("/", "#2F")
        filter_entry = f" /Filter /{flt}" if flt else ""
        head = f"{number} 0 obj\n<< /Type /EmbeddedFile /Subtype /{name} /Length {len(data)}{filter_entry} /Params << /Size {len(content)} >> >>\nstream\n"
        parts.append(head.encode() + data + b"\nendstream\nendobj\n")
    parts.append(extra + b"trailer\n<< /Root 1 0 R >>\n%%EOF\n")
    return b"".join(parts)


@pytest.fixture(scope="module", params=["eddsa-rdfc-2022", "vc-jwt"])
def credential(request: pytest.FixtureRequest) -> Any:
    return self_issued(request.param)


def _as_bytes(credential: Any) -> bytes:
    return credential.encode() if isinstance(credential, str) else json.dumps(credential).encode()


def _containers(credential: Any) -> dict[str, bytes]:
    return {
        "png": bake_png(tiny_png(), credential),
        "svg": bake_svg(SVG, credential).encode(),
        "pdf": pdf_with((_as_bytes(credential), "application/vc", "FlateDecode")),
    }


def test_a_baked_png_svg_or_attached_pdf_verifies_like_the_credential_itself(
    credential: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for kind, data in _containers(credential).items():
        assert file_kind(data) == kind
        assert read_credential_bytes(data) == credential
        path = tmp_path / f"badge.{kind}"
        path.write_bytes(data)
        assert main(["verify", str(path)]) == 0, kind
        assert ": VALID" in capsys.readouterr().out


def test_a_credential_changed_inside_its_container_fails_its_signature(tmp_path: Path) -> None:
    credential = self_issued("eddsa-rdfc-2022")
    changed = dict(credential, name="Something Grander")
    for kind, data in _containers(changed).items():
        path = tmp_path / f"forged.{kind}"
        path.write_bytes(data)
        assert main(["verify", str(path)]) == 1, kind


def test_baking_replaces_a_credential_already_in_the_png() -> None:
    first, second = self_issued("eddsa-rdfc-2022"), self_issued("eddsa-jcs-2022")
    twice = bake_png(bake_png(tiny_png(), first), second)
    assert twice.count(PNG_KEYWORD.encode()) == 1
    assert read_credential_bytes(twice) == second


def test_the_1edtech_baked_svgs_give_their_credential() -> None:
    as_json = read_credential_bytes((BAKED / "simple-json.svg").read_bytes())
    assert isinstance(as_json, dict) and as_json["name"] == "Teamwork Badge"
    as_jws = read_credential_bytes((BAKED / "simple-jwt.svg").read_bytes())
    assert isinstance(as_jws, str) and as_jws.count(".") == 2


def _refused(data: bytes, code: str) -> None:
    with pytest.raises(UntrustedInputError) as caught:
        read_credential_bytes(data, where="upload")
    assert caught.value.code == code, caught.value
    assert caught.value.where.startswith("upload")


BOMB = b"{" + b" " * (40 * 1024 * 1024) + b"}"  # 40 MB of spaces: deflates to about 40 KB


@pytest.mark.parametrize(
    ("case", "code"),
    [
        ("no chunk", "input.no_baked_credential"),
        ("two chunks", "input.several_credentials"),
        ("bad crc", "input.png_malformed"),
        ("length past the end", "input.png_malformed"),
        ("cut short", "input.png_malformed"),
        ("compressed bomb", "input.inflates_too_much"),
        ("ztxt bomb", "input.inflates_too_much"),
        ("not utf-8", "input.not_utf8"),
        ("open badges 2.0", "input.ob2_baked_badge"),
        ("too many chunks", "input.png_too_many_chunks"),
        ("not a credential", "input.not_a_credential"),
    ],
)
def test_a_hostile_png_is_refused_with_its_code(case: str, code: str) -> None:
    good = itxt(b'{"a": 1}')
    data = {
        "no chunk": lambda: tiny_png(),
        "two chunks": lambda: tiny_png(good, good),
        "bad crc": lambda: tiny_png(good[:-1] + bytes([good[-1] ^ 1])),
        "length past the end": lambda: tiny_png(struct.pack(">I", 10**6) + good[4:]),
        "cut short": lambda: tiny_png(good)[:-12],
        "compressed bomb": lambda: tiny_png(itxt(BOMB, compressed=True)),
        "ztxt bomb": lambda: tiny_png(
            _chunk(b"zTXt", PNG_KEYWORD.encode() + b"\x00\x00" + zlib.compress(BOMB))
        ),
        "not utf-8": lambda: tiny_png(itxt(b"{\xff}")),
        "open badges 2.0": lambda: tiny_png(itxt(b"https://example.org/assertion", keyword=b"openbadges")),
        "too many chunks": lambda: tiny_png(*[_chunk(b"tEXt", b"k\x00v")] * (MAX_PNG_CHUNKS + 1)),
        "not a credential": lambda: tiny_png(itxt(b"hello")),
    }[case]()
    _refused(data, code)


LAUGHS = (
    '<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "ha"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>'
    '<svg xmlns="http://www.w3.org/2000/svg" xmlns:openbadges="https://purl.imsglobal.org/ob/v3p0">'
    "<openbadges:credential>&b;</openbadges:credential></svg>"
)
EXTERNAL = (
    '<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
    '<svg xmlns="http://www.w3.org/2000/svg" xmlns:openbadges="https://purl.imsglobal.org/ob/v3p0">'
    "<openbadges:credential>&x;</openbadges:credential></svg>"
)
TWO = (
    '<svg xmlns="http://www.w3.org/2000/svg" xmlns:openbadges="https://purl.imsglobal.org/ob/v3p0">'
    "<openbadges:credential>{}</openbadges:credential><g><openbadges:credential>{}</openbadges:credential></g></svg>"
)


@pytest.mark.parametrize(
    ("svg", "code"),
    [
        (LAUGHS, "input.svg_forbidden_xml"),
        (EXTERNAL, "input.svg_forbidden_xml"),
        (TWO, "input.several_credentials"),
        (SVG, "input.no_baked_credential"),
        ("<svg xmlns='http://www.w3.org/2000/svg'><g></svg>", "input.svg_malformed"),
        ("<?xml version='1.0'?><html/>", "input.svg_malformed"),
        # an encoding no codec reads (found by the mutation property test below: a LookupError)
        (
            "<?xml version='1.0' encoding='TTF-8'?><svg xmlns='http://www.w3.org/2000/svg'/>",
            "input.svg_malformed",
        ),
        (
            "<?xml version='1.0' encoding='utf-32'?><svg xmlns='http://www.w3.org/2000/svg'/>",
            "input.svg_malformed",
        ),
        (
            "<svg xmlns='http://www.w3.org/2000/svg'>"
            + "<g>" * (MAX_SVG_DEPTH + 1)
            + "</g>" * (MAX_SVG_DEPTH + 1)
            + "</svg>",
            "input.svg_too_complex",
        ),
        (
            "<svg xmlns='http://www.w3.org/2000/svg' xmlns:openbadges='http://openbadges.org'>"
            "<openbadges:assertion verify='https://example.org/a'/></svg>",
            "input.ob2_baked_badge",
        ),
    ],
)
def test_a_hostile_svg_is_refused_with_its_code(svg: str, code: str) -> None:
    _refused(svg.encode(), code)


def test_a_hostile_pdf_is_refused_with_its_code() -> None:
    credential = _as_bytes(self_issued("eddsa-rdfc-2022"))
    _refused(
        pdf_with((credential, "application/vc", None), (credential, "application/json", "FlateDecode")),
        "input.several_credentials",
    )
    _refused(pdf_with((BOMB, "application/vc", "FlateDecode")), "input.inflates_too_much")
    _refused(pdf_with((credential, "application/vc", "LZWDecode")), "input.pdf_unsupported_filter")
    _refused(pdf_with(), "input.pdf_no_credential")
    _refused(pdf_with((b"%PNG not ours", "image/png", None)), "input.pdf_no_credential")
    _refused(
        pdf_with((credential, "application/vc", None), extra=b"9 0 obj\n<< /Encrypt 10 0 R >>\nendobj\n"),
        "input.pdf_encrypted",
    )
    _refused(
        pdf_with(*[(b"x", "text/plain", None)] * (MAX_PDF_ATTACHMENTS + 1)), "input.pdf_too_many_attachments"
    )
    cut = pdf_with((credential, "application/vc", None))
    _refused(cut[: cut.index(b"stream\n") + 20], "input.pdf_malformed")
    nested = (
        b"%PDF-1.7\n3 0 obj\n<< /Type /EmbeddedFile /P "
        + b"<< /A " * 40
        + b">>" * 40
        + b" >>\nstream\nx\nendstream\n"
    )
    _refused(nested, "input.too_deep")
    _refused(b"%PDF-1.7\n" + b"\x00" * (9 * 1024 * 1024), "input.file_too_large")


def test_the_cli_says_why_a_hostile_file_is_refused_and_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "laughs.svg"
    path.write_text(LAUGHS)
    assert main(["verify", str(path)]) == 2
    assert "input.svg_forbidden_xml" in capsys.readouterr().err


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_no_mutation_of_a_container_makes_the_reader_crash(data: st.DataObject) -> None:
    """Any byte flipped, cut or inserted: the reader answers a credential or a coded refusal."""
    containers = _containers(_SIGNED)
    original = containers[data.draw(st.sampled_from(sorted(containers)))]
    at = data.draw(st.integers(0, len(original) - 1))
    how = data.draw(st.sampled_from(["flip", "cut", "insert"]))
    mutated = {
        "flip": original[:at] + bytes([original[at] ^ data.draw(st.integers(1, 255))]) + original[at + 1 :],
        "cut": original[:at],
        "insert": original[:at] + data.draw(st.binary(min_size=1, max_size=16)) + original[at:],
    }[how]
    try:
        found: object = read_credential_bytes(mutated)
    except UntrustedInputError as exc:  # a coded refusal
        found = exc.code
    assert isinstance(found, dict) or (isinstance(found, str) and found.startswith(("input.", "ey")))


def test_unbaking_what_was_baked_gives_the_same_text() -> None:
    jws = self_issued("vc-jwt")
    assert unbake_png(bake_png(tiny_png(), jws)) == jws
    assert unbake_svg(bake_svg(SVG, jws)) == jws
