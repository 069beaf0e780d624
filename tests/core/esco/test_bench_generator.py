"""The benchmark's generated classification is in the official layout (timing is the bench's job)."""

from __future__ import annotations

from pathlib import Path

import pytest

from microcred.bench import esco_import
from microcred.esco.layout import read_classification


def test_the_generated_classification_reads_in_every_language(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(esco_import, "SKILLS", 60)
    monkeypatch.setattr(esco_import, "OCCUPATIONS", 10)
    monkeypatch.setattr(esco_import, "SKILLS_PER_OCCUPATION", 4)
    folder = tmp_path / "v9.9.9"
    folder.mkdir()
    sizes = esco_import.generate(folder, languages=("en", "fr"))
    classification = read_classification(folder)
    assert sizes == {"skills": 60, "occupations": 10, "relations": 40, "languages": 2}
    assert len(classification.concepts) == 70 and len(classification.relations) == 40
    assert classification.languages == ("en", "fr")
    assert all(len(c.texts) == 2 for c in classification.concepts)
