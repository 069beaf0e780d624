"""Hostile or broken ESCO files: every problem named by file, row, column and code; nothing
imported; never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from microcred.cli import main
from microcred.esco import layout
from microcred.esco.layout import EscoFileError, Problem, read_classification

from .conftest import csv_text, first_rows


def _folder(tmp_path: Path, name: str, content: str | bytes) -> Path:
    folder = tmp_path / "v1.1.1"
    folder.mkdir(exist_ok=True)
    data = content.encode("utf-8") if isinstance(content, str) else content
    (folder / name).write_bytes(data)
    return folder


def _problems(folder: Path) -> list[tuple[str, int, str, str]]:
    with pytest.raises(EscoFileError) as caught:
        read_classification(folder)
    return [(p.file, p.row, p.column, p.code) for p in caught.value.problems]


def test_a_wrong_header_names_the_missing_columns(tmp_path: Path) -> None:
    header, rows = first_rows("skills_en.csv", 2)
    header[header.index("conceptUri")] = "uri"
    assert _problems(_folder(tmp_path, "skills_en.csv", csv_text(header, rows))) == [
        ("skills_en.csv", 1, "conceptUri", "esco.header.missing_column")
    ]


def test_malformed_rows_are_each_named_with_row_column_and_reason(tmp_path: Path) -> None:
    header, rows = first_rows("skills_en.csv", 6)
    rows[0][header.index("conceptUri")] = "http://example.org/skill/1"
    rows[1][header.index("skillType")] = "talent"
    rows[2][header.index("preferredLabel")] = ""
    rows[3] = rows[3][:5]
    rows[4][header.index("conceptUri")] = rows[5][header.index("conceptUri")]
    found = _problems(_folder(tmp_path, "skills_en.csv", csv_text(header, rows)))
    assert ("skills_en.csv", 2, "conceptUri", "esco.value.uri") in found
    assert ("skills_en.csv", 3, "skillType", "esco.value.not_allowed") in found
    assert ("skills_en.csv", 4, "preferredLabel", "esco.value.required") in found
    assert ("skills_en.csv", 5, "", "esco.row.wrong_width") in found
    assert ("skills_en.csv", 7, "conceptUri", "esco.value.duplicate_uri") in found
    assert len(found) == 5


def test_a_duplicate_concept_uri_names_the_row_it_first_appeared_in(tmp_path: Path) -> None:
    header, rows = first_rows("skills_en.csv", 2)
    with pytest.raises(EscoFileError) as caught:
        read_classification(_folder(tmp_path, "skills_en.csv", csv_text(header, [rows[0], rows[1], rows[0]])))
    (problem,) = caught.value.problems
    assert (problem.row, problem.code, dict(problem.params)) == (
        4,
        "esco.value.duplicate_uri",
        {"first_row": "2"},
    )


def test_a_byte_order_mark_is_accepted_and_utf16_is_refused(tmp_path: Path) -> None:
    header, rows = first_rows("skills_en.csv", 2)
    text = csv_text(header, rows)
    assert len(read_classification(_folder(tmp_path, "skills_en.csv", "\ufeff" + text)).concepts) == 2
    assert _problems(_folder(tmp_path, "skills_en.csv", text.encode("utf-16"))) == [
        ("skills_en.csv", 0, "", "esco.file.utf16")
    ]


def test_bytes_that_are_not_utf8_name_their_offset(tmp_path: Path) -> None:
    with pytest.raises(EscoFileError) as caught:
        read_classification(_folder(tmp_path, "skills_en.csv", b"conceptType,\xff\xfe\xfa"))
    assert caught.value.problems[0].code == "esco.file.not_utf8"
    assert caught.value.problems[0].params == {"offset": "12"}


def test_an_unclosed_quote_is_malformed_csv(tmp_path: Path) -> None:
    header, rows = first_rows("skills_en.csv", 1)
    text = csv_text(header, rows) + 'KnowledgeSkillCompetence,"http://data.europa.eu/esco/skill/x,'
    found = _problems(_folder(tmp_path, "skills_en.csv", text))
    assert found[0][3] == "esco.file.malformed_csv"


def test_an_oversized_file_is_refused_before_it_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    header, rows = first_rows("skills_en.csv", 3)
    folder = _folder(tmp_path, "skills_en.csv", csv_text(header, rows))
    monkeypatch.setattr(layout, "MAX_FILE_BYTES", 1000)
    assert _problems(folder) == [("skills_en.csv", 0, "", "esco.file.too_large")]


def test_an_oversized_cell_and_a_control_character_are_refused(tmp_path: Path) -> None:
    header, rows = first_rows("skills_en.csv", 2)
    rows[0][header.index("description")] = "x" * (layout.MAX_CELL_CHARS + 1)
    rows[1][header.index("altLabels")] = "fine\x1b[31m"
    found = _problems(_folder(tmp_path, "skills_en.csv", csv_text(header, rows)))
    assert found == [
        ("skills_en.csv", 2, "description", "esco.cell.too_long"),
        ("skills_en.csv", 3, "altLabels", "esco.cell.control_character"),
    ]


def test_a_flood_of_bad_rows_stops_at_the_problem_limit(tmp_path: Path) -> None:
    header, rows = first_rows("skills_en.csv", 1)
    bad = [[*rows[0][:1], f"not-a-uri-{i}", *rows[0][2:]] for i in range(layout.MAX_PROBLEMS * 2)]
    found = _problems(_folder(tmp_path, "skills_en.csv", csv_text(header, bad)))
    assert len(found) == layout.MAX_PROBLEMS and found[-1][3] == "esco.too_many_problems"


def test_a_bad_relation_row_is_named(tmp_path: Path) -> None:
    header, rows = first_rows("occupationSkillRelations.csv", 3)
    rows[1][header.index("relationType")] = "nice-to-have"
    rows[2] = list(rows[0])
    found = _problems(_folder(tmp_path, "occupationSkillRelations.csv", csv_text(header, rows)))
    assert found == [
        ("occupationSkillRelations.csv", 3, "relationType", "esco.value.not_allowed"),
        ("occupationSkillRelations.csv", 4, "skillUri", "esco.value.duplicate_relation"),
    ]


def test_a_classification_without_a_version_is_refused(tmp_path: Path) -> None:
    header, rows = first_rows("skills_en.csv", 1)
    folder = tmp_path / "esco"
    folder.mkdir()
    (folder / "skills_en.csv").write_text(csv_text(header, rows), encoding="utf-8")
    with pytest.raises(EscoFileError) as caught:
        read_classification(folder)
    assert caught.value.problems[0].code == "esco.version.unknown"


def test_the_cli_lists_the_problems_and_imports_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    header, rows = first_rows("skills_en.csv", 2)
    rows[1][header.index("status")] = "draft"
    folder = _folder(tmp_path, "skills_en.csv", csv_text(header, rows))
    store = tmp_path / "s.sqlite3"
    assert main(["esco", "import", str(folder), "--store", str(store)]) == 2
    assert "skills_en.csv, row 3, status: esco.value.not_allowed" in capsys.readouterr().err
    assert not store.exists()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(body=st.binary(max_size=400) | st.text(max_size=400).map(lambda t: t.encode("utf-8")))
def test_any_bytes_after_a_valid_header_give_a_classification_or_coded_problems(
    tmp_path: Path, body: bytes
) -> None:
    header, _rows = first_rows("skills_en.csv", 0)
    folder = tmp_path / "v1.1.1"
    folder.mkdir(exist_ok=True)
    (folder / "skills_en.csv").write_bytes(",".join(header).encode() + b"\r\n" + body)
    problems: tuple[Problem, ...] = ()
    try:
        read_classification(folder)
    except EscoFileError as exc:
        problems = exc.problems or (Problem("", 0, "", "none"),)
    assert all(p.code.startswith("esco.") for p in problems)
