"""Importing the official ESCO CSV layout: the shipped subset, re-imports, languages, the CLI."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pytest

from microcred.cli import main
from microcred.esco.layout import Classification, read_classification
from microcred.esco.store import SqliteEscoStore, import_into

from .conftest import ASSETS, csv_text, first_rows


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_the_shipped_subset_reads_as_esco_v1_1_1_with_skills_occupations_and_relations(
    shipped: Classification,
) -> None:
    kinds = [c.kind for c in shipped.concepts]
    assert shipped.version == "v1.1.1"
    assert shipped.languages == ("en",)
    assert kinds.count("skill") == 1240 and kinds.count("occupation") == 42
    assert len(shipped.relations) == 1155
    accounting = next(c for c in shipped.concepts if c.uri.endswith("ecc18804-a466-40d9-98b4-fba5cd67dd4b"))
    text = accounting.text("en")
    assert text is not None and text.preferred == "accounting" and accounting.skill_type == "knowledge"


def test_reimporting_an_unchanged_classification_writes_nothing(
    shipped: Classification, tmp_path: Path
) -> None:
    store = SqliteEscoStore(tmp_path / "esco.sqlite3")
    first = import_into(store, shipped)
    assert first.created == 3719 and first.updated == 0
    before, writes = _digest(tmp_path / "esco.sqlite3"), store.writes

    again = import_into(store, read_classification(ASSETS))

    assert again.rows == () and again.unchanged == 3719
    assert store.writes == writes
    assert _digest(tmp_path / "esco.sqlite3") == before


def test_a_changed_label_updates_that_row_in_place_stamped_with_the_new_version(tmp_path: Path) -> None:
    header, rows = first_rows("skills_en.csv", 5)
    folder = tmp_path / "v1.1.1"
    folder.mkdir()
    (folder / "skills_en.csv").write_text(csv_text(header, rows), encoding="utf-8")
    store = SqliteEscoStore(tmp_path / "s.sqlite3")
    import_into(store, read_classification(folder))
    rows[2][header.index("preferredLabel")] += " (revised)"
    (folder / "skills_en.csv").write_text(csv_text(header, rows), encoding="utf-8")

    plan = import_into(store, read_classification(folder, version="v1.2.0"))

    assert (plan.created, plan.updated) == (0, 1)
    assert plan.rows[0].key == ("text", rows[2][1], "en")
    assert store.versions() == {"v1.1.1": 9, "v1.2.0": 1}


def test_another_language_file_adds_its_texts_without_touching_the_english_ones(tmp_path: Path) -> None:
    header, rows = first_rows("skills_en.csv", 3)
    folder = tmp_path / "v1.1.1"
    folder.mkdir()
    (folder / "skills_en.csv").write_text(csv_text(header, rows), encoding="utf-8")
    store = SqliteEscoStore(tmp_path / "s.sqlite3")
    import_into(store, read_classification(folder))
    # A made-up French file in the official layout (test data, not ESCO's French labels).
    label = header.index("preferredLabel")
    french = [[*r[:label], f"étiquette {i}", *r[label + 1 :]] for i, r in enumerate(rows)]
    (folder / "skills_en.csv").unlink()
    (folder / "skills_fr.csv").write_text(csv_text(header, french), encoding="utf-8")

    classification = read_classification(folder)
    plan = import_into(store, classification)

    assert classification.languages == ("fr",)
    assert (plan.created, plan.updated, plan.unchanged) == (3, 0, 3)
    assert {r.key[2] for r in plan.rows} == {"fr"}
    english = [s for s in store.skills() if "en" in s.labels]
    assert len(english) == 3 and all("fr" in s.labels for s in english)


def test_a_single_file_can_be_imported_and_the_version_comes_from_its_folder(tmp_path: Path) -> None:
    folder = tmp_path / "ESCO dataset - v1.1.1 - classification - en - csv"
    folder.mkdir()
    shutil.copy(ASSETS / "occupations_en.csv", folder)
    classification = read_classification(folder / "occupations_en.csv")
    assert classification.version == "v1.1.1" and len(classification.concepts) == 42


def test_the_cli_imports_then_reports_nothing_to_do(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    store = str(tmp_path / "cli.sqlite3")
    assert main(["esco", "import", str(ASSETS), "--store", store, "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["created"] == 3719
    assert main(["esco", "import", str(ASSETS), "--store", store, "--format", "json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert (out["created"], out["updated"], out["unchanged"], out["version"]) == (0, 0, 3719, "v1.1.1")
