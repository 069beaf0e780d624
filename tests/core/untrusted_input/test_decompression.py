"""Bounded decompression for baked badges (PNG iTXt, zlib), PDF FlateDecode streams (zlib) and ZIP
batches: bombs built here are refused after producing at most the limit, never their full size."""

from __future__ import annotations

import gzip
import io
import tracemalloc
import zipfile
import zlib

import pytest

from microcred.untrusted_input import (
    GZIP,
    MAX_COMPRESSION_RATIO,
    RAW_DEFLATE,
    InputLimitError,
    UntrustedInputError,
    inflate,
    read_zip,
)

MIB = 1024 * 1024


def zlib_bomb(size: int) -> bytes:
    """``size`` zero bytes compressed: about a thousandth of it."""
    packer = zlib.compressobj(1)
    chunk = b"\0" * (1024 * 1024)
    return b"".join(packer.compress(chunk) for _ in range(size // len(chunk))) + packer.flush()


def zip_of(*members: tuple[str, bytes], level: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=level) as archive:
        for name, content in members:
            archive.writestr(name, content)
    return buffer.getvalue()


def test_a_stream_inside_the_limit_inflates_whole() -> None:
    text = b'{"type": "OpenBadgeCredential"}' * 100
    assert inflate(zlib.compress(text)) == text
    assert inflate(gzip.compress(text), wbits=GZIP) == text
    packer = zlib.compressobj(wbits=RAW_DEFLATE)
    assert inflate(packer.compress(text) + packer.flush(), wbits=RAW_DEFLATE) == text


def test_a_zlib_bomb_is_refused_without_inflating_it() -> None:
    bomb = zlib_bomb(32 * MIB)  # 32 MiB of zeros in about 32 KB
    tracemalloc.start()
    with pytest.raises(InputLimitError) as caught:
        inflate(bomb, limit=MIB, where="PNG iTXt openbadgecredential")
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert caught.value.code == "input.inflates_too_much"
    assert caught.value.limit == MIB
    assert caught.value.where == "PNG iTXt openbadgecredential"
    assert peak < 4 * MIB


def test_a_stream_cut_short_or_not_compressed_is_refused() -> None:
    whole = zlib.compress(b"x" * 1000)
    for broken in (whole[:-6], b"not zlib at all"):
        with pytest.raises(UntrustedInputError) as caught:
            inflate(broken)
        assert caught.value.code == "input.corrupt_compressed"


def test_a_zip_batch_inside_the_limits_is_read_in_order() -> None:
    data = zip_of(("a.json", b"{}"), ("dir/b.jwt", b"x.y.z"))
    assert list(read_zip(data)) == [("a.json", b"{}"), ("dir/b.jwt", b"x.y.z")]


def test_a_zip_bomb_is_refused_by_its_ratio_before_it_is_inflated() -> None:
    bomb = zip_of(("bomb.json", b"\0" * (8 * MIB)))
    assert len(bomb) < 50_000
    with pytest.raises(InputLimitError) as caught:
        list(read_zip(bomb, where="batch.zip"))
    assert caught.value.code in {"input.compression_ratio", "input.inflates_too_much"}
    assert caught.value.where == "batch.zip: bomb.json"


def test_a_zip_that_lies_about_its_sizes_is_stopped_by_what_it_produces() -> None:
    honest = zip_of(("bomb.json", b"\0" * (2 * MIB)))
    # Declare a tiny uncompressed size in the central directory and the local header.
    lying = bytearray(honest)
    for signature, offset in ((b"PK\x01\x02", 24), (b"PK\x03\x04", 22)):
        at = lying.find(signature)
        lying[at + offset : at + offset + 4] = (100).to_bytes(4, "little")
    with pytest.raises(UntrustedInputError) as caught:
        list(read_zip(bytes(lying), max_ratio=MAX_COMPRESSION_RATIO))
    assert caught.value.code in {"input.compression_ratio", "input.corrupt_compressed"}


def test_too_many_members_and_too_much_in_total_are_refused() -> None:
    many = zip_of(*((f"{i}.json", b"{}") for i in range(11)))
    with pytest.raises(InputLimitError) as caught:
        list(read_zip(many, max_members=10))
    assert (caught.value.code, caught.value.found) == ("input.zip_too_many_members", 11)

    stored = zip_of(("a", b"a" * 600), ("b", b"b" * 600), level=zipfile.ZIP_STORED)
    with pytest.raises(InputLimitError) as caught:
        list(read_zip(stored, max_total_bytes=1000))
    assert caught.value.code == "input.zip_too_large"


def test_what_is_not_a_zip_is_refused() -> None:
    with pytest.raises(UntrustedInputError) as caught:
        list(read_zip(b"PK\x03\x04 not really"))
    assert caught.value.code == "input.corrupt_compressed"
