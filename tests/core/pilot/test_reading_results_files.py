"""Results files are read within limits, whatever they hold: CSV in UTF-8 with or without BOM,
XLSX (formulas kept as their text, never evaluated), Moodle's grade export; a wrong encoding, a
ZIP bomb posing as XLSX, an old .xls or a broken quote is a clear code, never a crash."""

from __future__ import annotations

import io
import unicodedata
import zipfile
from datetime import date

import pytest

from microcred.pilot import Defaults, parse_rows, read_table, scheme_named
from microcred.pilot.csv_safe import safe_cell
from microcred.pilot.table import MAX_FILE_BYTES, MAX_ROWS, TableError
from tests.conftest import ASSETS

PILOT = ASSETS / "pilot"
VN = "10-point scale with letter grades A-F"
LA = "Letter grades A-F"


def defaults(scheme: str | None = VN, **kw: object) -> Defaults:
    return Defaults(scheme_name=scheme, scheme=scheme_named(scheme), today=date(2026, 12, 1), **kw)  # type: ignore[arg-type]


def refused(data: bytes) -> TableError:
    with pytest.raises(TableError) as caught:
        read_table(data)
    return caught.value


def test_the_vietnamese_sample_is_read_names_exact_and_pass_fail_from_the_scheme() -> None:
    outcome = parse_rows(
        read_table((PILOT / "results-neu.csv").read_bytes()), defaults(family_name_first=True)
    )
    assert outcome.ok, outcome.problems
    by_id = {r.external_id: r for r in outcome.rows}
    assert by_id["NEU27001"].full_name == "Nguyễn Văn An"
    assert (by_id["NEU27002"].grade, by_id["NEU27002"].passed) == ("7", True)
    assert by_id["NEU27003"].passed is False
    assert by_id["NEU27005"].grade is None and by_id["NEU27005"].passed is None  # enrolled, no result
    assert all(unicodedata.is_normalized("NFC", r.full_name) for r in outcome.rows)


def test_the_lao_sample_workbook_is_read_with_its_names_exactly_as_written() -> None:
    outcome = parse_rows(read_table((PILOT / "results-nuol.xlsx").read_bytes()), defaults(LA))
    assert outcome.ok, outcome.problems
    assert [r.full_name for r in outcome.rows][:2] == ["ສົມພອນ ແກ້ວມະນີ", "ບຸນມີ ພົມມະຈັນ"]
    assert [r.passed for r in outcome.rows] == [True, True, False, True]


def test_moodles_grade_export_maps_id_number_and_course_total_and_a_dash_is_no_grade() -> None:
    table = read_table((PILOT / "moodle-grades-neu.csv").read_bytes())
    outcome = parse_rows(
        table, defaults(supervision_applied="supervised_with_id", assessed_on=date(2026, 11, 20))
    )
    assert outcome.layout == "moodle" and outcome.ok, outcome.problems
    first, _second, ungraded = outcome.rows
    assert (first.external_id, first.grade, first.passed) == ("NEU27001", "8.5", True)
    assert first.supervision_applied == "supervised_with_id" and first.assessed_on == date(2026, 11, 20)
    assert (ungraded.grade, ungraded.passed) == (None, None)


def test_a_moodle_export_without_the_course_total_names_the_missing_column() -> None:
    text = '"First name","Last name","ID number","Email address"\nAn,Nguyễn,NEU1,a@b.vn\n'
    outcome = parse_rows(read_table(text.encode()), defaults())
    assert [(p.row, p.column, p.code) for p in outcome.problems] == [
        (1, "Course total (Real)", "header.missing_column")
    ]


def test_a_formula_cell_is_kept_as_its_text_and_never_evaluated() -> None:
    table = read_table((PILOT / "formula-injection.xlsx").read_bytes())
    assert table.rows[0][1][1] == '=HYPERLINK("https://evil.example/","Click me")'
    assert safe_cell(table.rows[0][1][1]).startswith("'=")
    assert [safe_cell(v) for v in ("+1", "-1", "@SUM(A1)", "\tx", "Nguyễn")] == [
        "'+1",
        "'-1",
        "'@SUM(A1)",
        "'\tx",
        "Nguyễn",
    ]


def test_every_row_problem_names_its_row_column_and_code() -> None:
    outcome = parse_rows(read_table((PILOT / "bad-rows.csv").read_bytes()), defaults())
    found = {(p.row, p.column, p.code) for p in outcome.problems}
    assert {
        (2, "grade", "grade.not_in_scheme"),
        (3, "external_id", "row.duplicate_external_id"),
        (4, "given_names", "name.mixed_scripts"),
        (4, "email", "email.invalid"),
        (4, "assessed_on", "date.invalid"),
        (4, "supervision_applied", "supervision.invalid"),
        (5, "external_id", "value.required"),
        (5, "given_names", "name.invalid_character"),
        (5, "grade", "grade.not_in_scheme"),
        (5, "assessed_on", "date.in_future"),
    } <= found
    assert not outcome.rows or all(r.row not in {2, 4, 5} for r in outcome.rows)


def test_a_decomposed_name_is_stored_in_nfc() -> None:
    decomposed = unicodedata.normalize("NFD", "Nguyễn")
    text = f"external_id,given_names,family_name,email\nX1,Văn An,{decomposed},a@b.vn\n"
    (row,) = parse_rows(read_table(text.encode()), defaults()).rows
    assert row.family_name == "Nguyễn" and row.family_name != decomposed


def test_a_csv_with_a_bom_and_semicolons_is_read() -> None:
    table = read_table("\ufeffexternal_id;given_names;email\r\nX1;An;a@b.vn\r\n".encode())
    assert table.header == ("external_id", "given_names", "email")


@pytest.mark.parametrize(
    ("data", "code"),
    [
        ((PILOT / "results-windows-1252.csv").read_bytes(), "file.not_utf8"),
        ("external_id\nX".encode("utf-16"), "file.utf16"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "file.old_excel"),
        (b"PK\x03\x04 not really a zip", "file.archive_refused"),
        (b'external_id,given_names\n"X1,An\n', "file.malformed_csv"),
        (b"   \n", "file.empty"),
        (b"a" * (MAX_FILE_BYTES + 1), "file.too_large"),
        (b"external_id\n" + b"X\n" * (MAX_ROWS + 1), "file.too_many_rows"),
    ],
)
def test_an_unreadable_file_is_a_clear_code(data: bytes, code: str) -> None:
    assert refused(data).code == code


def test_the_wrong_encoding_names_the_byte_where_it_broke() -> None:
    error = refused((PILOT / "results-windows-1252.csv").read_bytes())
    assert error.params["offset"].isdigit()


def test_a_zip_bomb_posing_as_xlsx_is_refused_before_any_spreadsheet_library_opens_it() -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (20 * 1024 * 1024))
    error = refused(out.getvalue())
    assert error.code == "file.archive_refused"
    assert error.params["reason"] in {"input.inflates_too_much", "input.zip_too_large"}


def test_a_zip_that_is_not_a_workbook_is_unreadable_not_a_crash() -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("hello.txt", "hello")
    assert refused(out.getvalue()).code == "file.unreadable_xlsx"


def test_an_unknown_scheme_takes_the_grade_as_text_but_needs_passed_and_a_sane_length() -> None:
    text = "external_id,given_names,email,grade,passed\nX1,An,a@b.vn,excellent,yes\nX2,Bo,b@b.vn,good,\n"
    text += "X3,Cu,c@b.vn," + "g" * 101 + ",yes\nX4,Do,d@b.vn," + "h" * 1001 + ",yes\n"
    outcome = parse_rows(read_table(text.encode()), defaults(None))
    assert [(r.external_id, r.grade, r.passed) for r in outcome.rows] == [("X1", "excellent", True)]
    assert [(p.row, p.column, p.code) for p in outcome.problems] == [
        (3, "passed", "passed.required_for_scheme"),
        (4, "grade", "value.too_long"),
        (5, "grade", "value.too_long"),
    ]


def test_a_passed_column_that_contradicts_the_grade_is_refused() -> None:
    text = "external_id,given_names,email,grade,passed\nX1,An,a@b.vn,3,yes\nX2,Bo,b@b.vn,8,maybe\n"
    outcome = parse_rows(read_table(text.encode()), defaults())
    assert [(p.row, p.code) for p in outcome.problems] == [
        (2, "passed.contradicts_grade"),
        (3, "passed.invalid"),
    ]


def test_moodles_excel_export_gives_numbers_and_dates_as_plain_text() -> None:
    table = read_table((PILOT / "moodle-grades-neu.xlsx").read_bytes())
    outcome = parse_rows(table, defaults(supervision_applied="supervised_no_id"))
    assert outcome.layout == "moodle" and outcome.ok, outcome.problems
    assert [(r.external_id, r.grade, r.passed) for r in outcome.rows] == [
        ("NEU27001", "8.5", True),
        ("NEU27002", "7", True),
        ("NEU27006", None, None),
    ]
    nuol = parse_rows(read_table((PILOT / "results-nuol.xlsx").read_bytes()), defaults(LA))
    assert nuol.rows[0].assessed_on == date(2026, 11, 10)
