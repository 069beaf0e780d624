"""Unpacking a batch of files to verify (ADR 1450): archives are opened within the limits, and a
hostile archive (a bomb, an archive in an archive, a thousand members, names that climb out of
their folder, the same file twice) is refused with a code that says what and where."""

from __future__ import annotations

import io
import zipfile

import pytest

from microcred.credential_batch import MAX_BATCH_FILES, BatchError, unpack_batch


def zip_of(*members: tuple[str, bytes], level: int = zipfile.ZIP_DEFLATED) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=level) as archive:
        for name, data in members:
            archive.writestr(name, data)
    return out.getvalue()


def codes(files: list[tuple[str, bytes]]) -> list[tuple[str, str]]:
    return [(e.name, e.refusal.code if e.refusal else "") for e in unpack_batch(files)]


def test_an_archive_is_replaced_by_its_files_in_order_beside_the_plain_files() -> None:
    archive = zip_of(("a.json", b'{"a": 1}'), ("folder/b.json", b'{"b": 2}'), ("__MACOSX/._a.json", b"x"))
    entries = unpack_batch([("first.json", b"{}"), ("batch.zip", archive)])

    assert [(e.name, e.data) for e in entries] == [
        ("first.json", b"{}"),
        ("batch.zip/a.json", b'{"a": 1}'),
        ("batch.zip/folder/b.json", b'{"b": 2}'),
    ]


def test_a_zip_bomb_is_refused_as_one_row_without_inflating_it() -> None:
    bomb = zip_of(("bomb.json", b"0" * (12 << 20)))  # 12 MiB of zeros deflate to about 12 KB
    ratio = zip_of(("ratio.json", b" " * (4 << 20)))  # under the size limit, but 1,000 times

    assert codes([("bomb.zip", bomb), ("ratio.zip", ratio)]) == [
        ("bomb.zip", "input.inflates_too_much"),
        ("ratio.zip", "input.compression_ratio"),
    ]


def test_an_archive_inside_an_archive_is_not_opened() -> None:
    inner = zip_of(("c.json", b"{}"))
    assert codes([("outer.zip", zip_of(("inner.zip", inner), ("ok.json", b"{}")))]) == [
        ("outer.zip/inner.zip", "batch.nested_archive"),
        ("outer.zip/ok.json", ""),
    ]


def test_an_archive_of_a_thousand_files_is_refused_before_any_is_read() -> None:
    archive = zip_of(*((f"{n}.json", b"{}") for n in range(1000)))

    with pytest.raises(BatchError) as refused:
        unpack_batch([("many.zip", archive)])

    assert refused.value.code == "batch.too_many_files"
    assert refused.value.params["limit"] == MAX_BATCH_FILES


def test_more_files_than_the_limit_are_refused_across_archives_and_uploads() -> None:
    half = zip_of(*((f"{n}.json", f'{{"n": {n}}}'.encode()) for n in range(MAX_BATCH_FILES // 2 + 1)))

    with pytest.raises(BatchError) as refused:
        unpack_batch([("one.zip", half), ("two.zip", half)])

    assert refused.value.code == "batch.too_many_files"


@pytest.mark.parametrize(
    "name", ["../../etc/passwd.json", "/abs.json", "C:\\windows\\x.json", "a/../../b.json"]
)
def test_a_name_that_leaves_its_folder_is_refused(name: str) -> None:
    [(shown, code)] = codes([("names.zip", zip_of((name, b"{}")))])
    assert code == "batch.unsafe_name"
    assert shown.startswith("names.zip/")


def test_the_same_file_twice_is_checked_once_and_names_the_first() -> None:
    entries = unpack_batch([("one.json", b'{"x": 1}'), ("copy.zip", zip_of(("again.json", b'{"x": 1}')))])

    assert entries[0].refusal is None
    assert entries[1].refusal is not None and entries[1].refusal.code == "batch.duplicate"
    assert entries[1].duplicate_of == "one.json"


def test_two_members_under_one_name_in_an_archive_are_refused() -> None:
    with pytest.warns(UserWarning, match="Duplicate name"):
        archive = zip_of(("same.json", b'{"x": 1}'), ("same.json", b'{"x": 2}'))

    assert codes([("dup.zip", archive)]) == [
        ("dup.zip/same.json", ""),
        ("dup.zip/same.json", "batch.duplicate_name"),
    ]


def test_a_damaged_archive_is_one_refused_row() -> None:
    assert codes([("broken.zip", b"PK\x03\x04 not really")]) == [("broken.zip", "input.corrupt_compressed")]
