"""Skill suggestions for learning outcomes and their calibration on the project-labelled set."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path

import pytest

from microcred.cli import main
from microcred.errors import InputError, MicrocredError
from microcred.esco.calibration import (
    Calibration,
    calibrate,
    render_markdown,
    set_from_json,
    shipped_set,
    titles_of,
)
from microcred.esco.layout import Classification
from microcred.esco.store import occupation_records, skill_records
from microcred.esco.suggest import DEFAULT_THRESHOLDS, Bm25Backend, EmbeddingSkillBackend, suggest_skills

REPORT = Path(__file__).resolve().parents[3] / "docs" / "esco-calibration-report.md"


@pytest.fixture(scope="module")
def backend(shipped: Classification) -> Bm25Backend:
    return Bm25Backend(skill_records(shipped), occupations=occupation_records(shipped))


@pytest.fixture(scope="module")
def calibration(backend: Bm25Backend) -> Calibration:
    return calibrate(shipped_set(), backend, titles_of(shipped_set(), REPORT.parents[1]))


def _labels(shipped: Classification, uris: Sequence[str]) -> list[str]:
    by_uri = {c.uri: c for c in shipped.concepts}
    return [t.preferred for u in uris if (t := by_uri[u].text("en")) is not None]


@pytest.mark.parametrize(
    ("outcome", "expected"),
    [
        (
            "Record business transactions from source documents with double-entry bookkeeping.",
            "accounting entries",
        ),
        ("Write SQL queries that filter, join and aggregate business data.", "SQL"),
        ("Calculate occupancy, ADR, RevPAR and GOPPAR from hotel operating data.", "hotel operations"),
        ("Prepare a bank's balance sheet and income statement.", "prepare financial statements"),
        (
            "Plan a content and social-media campaign for a tourism business.",
            "plan social media marketing campaigns",
        ),
    ],
)
def test_suggestions_for_demo_outcomes_contain_the_evidently_relevant_skill(
    shipped: Classification, backend: Bm25Backend, outcome: str, expected: str
) -> None:
    result = suggest_skills("LO1", {"en": outcome, "vi": "…"}, backend)
    assert result.matched_through == "en" and result.threshold == DEFAULT_THRESHOLDS[backend.id]
    assert expected in _labels(shipped, [s.uri for s in result.suggestions])
    scores = [s.score for s in result.suggestions]
    assert scores == sorted(scores, reverse=True) and all(s >= result.threshold for s in scores)


def test_the_occupation_relations_and_the_title_reach_a_skill_that_shares_no_word_with_the_outcome(
    shipped: Classification, backend: Bm25Backend
) -> None:
    outcome = {"en": "Design a recovery plan for a non-performing loan."}
    lexical = Bm25Backend(skill_records(shipped))  # ADR 1463: no occupations, no context
    alone = suggest_skills("LO1", outcome, lexical, thresholds={lexical.id: Decimal(0)})
    assert "manage loans" not in _labels(shipped, [s.uri for s in alone.suggestions])
    result = suggest_skills("LO1", outcome, backend, context="Credit Risk Management in Commercial Banking")
    assert "manage loans" in _labels(shipped, [s.uri for s in result.suggestions])
    assert all(Decimal(0) <= s.score < 1 for s in result.suggestions)


def test_an_outcome_without_english_text_gets_no_suggestion_and_says_why(backend: Bm25Backend) -> None:
    result = suggest_skills("LO1", {"lo": "ບັນທຶກບັນຊີ"}, backend)
    assert result.suggestions == () and result.reason == "no_english_text"


def test_a_backend_without_a_calibrated_threshold_is_refused(shipped: Classification) -> None:
    def encoder(texts: Sequence[str]) -> list[list[float]]:
        # A stand-in encoder for the test: a hashed bag of words, not a language model.
        out = []
        for text in texts:
            vec = [0.0] * 16
            for word in text.lower().split():
                vec[hashlib.sha256(word.encode()).digest()[0] % 16] += 1.0
            out.append(vec)
        return out

    embedding = EmbeddingSkillBackend(
        skill_records(shipped)[:50], encoder, model_id="test-hashing", model_sha256="0" * 64
    )
    with pytest.raises(MicrocredError, match="no calibrated threshold"):
        suggest_skills("LO1", {"en": "accounting entries"}, embedding)
    result = suggest_skills(
        "LO1", {"en": "accounting entries"}, embedding, thresholds={embedding.id: Decimal("0.5")}
    )
    assert result.backend == "embedding:test-hashing@000000000000" and len(result.suggestions) <= 10


def test_the_shipped_set_is_project_labelled_with_who_and_why_for_every_label() -> None:
    labelled = shipped_set()
    assert labelled.pairs >= 150
    assert "NOT partner data" in labelled.provenance["status"]
    assert {o.group for o in labelled.outcomes} == {"en", "vi", "lo"}


def test_a_label_without_a_reason_is_refused() -> None:
    data = {
        "format": "microcred-esco-calibration-set",
        "version": 1,
        "outcomes": [
            {"file": "x", "outcome": "LO1", "text": {"en": "x"}, "skills": [{"uri": "u", "set_by": "a"}]}
        ],
    }
    with pytest.raises(InputError, match="why"):
        set_from_json(data)


def test_the_default_threshold_is_the_one_the_calibration_chooses(calibration: Calibration) -> None:
    assert DEFAULT_THRESHOLDS[calibration.backend] == calibration.chosen


def test_the_calibration_report_in_docs_is_current(calibration: Calibration) -> None:
    assert REPORT.read_text(encoding="utf-8") == render_markdown(calibration)
    assert "measured through their English text" in REPORT.read_text(encoding="utf-8")


def test_the_cli_reports_precision_at_5_and_recall_at_10(capsys: pytest.CaptureFixture[str]) -> None:
    root = Path(__file__).resolve().parents[3]
    assert (
        main(
            [
                "esco-calibrate",
                "shipped",
                "--esco",
                str(root / "tests/assets/esco/v1.1.1"),
                "--format",
                "json",
            ]
        )
        == 0
    )
    out = capsys.readouterr().out
    assert '"precision_at_5"' in out and '"recall_at_10"' in out and '"matched_through": "en"' in out
