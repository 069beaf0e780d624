"""recognition.md §8.2 step 4: thresholds calibrated on a labelled set, with precision and recall."""

from __future__ import annotations

import functools
import json
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from microcred.cli import main
from microcred.errors import InputError
from microcred.recognition.lo_calibration import (
    Calibration,
    Chosen,
    calibrate,
    grid_rows,
    load_set,
    metrics_at,
    render_markdown,
    score_pairs,
    set_from_json,
    shipped_set,
    to_json,
)
from microcred.recognition.lo_compare import DEFAULT_THRESHOLDS, EmbeddingBackend

ROOT = Path(__file__).resolve().parents[3]
REPORT = ROOT / "docs" / "lo-calibration-report.md"

# Unit vectors, so every cosine is a number one can check by hand:
# T1 = (1, 0), T2 = (0, 1); S1 = (1, 0), S2 = (0.6, 0.8), S3 = (0.8, 0.6).
VECTORS = {
    "t one": (Decimal(1), Decimal(0)),
    "t two": (Decimal(0), Decimal(1)),
    "s one": (Decimal(1), Decimal(0)),
    "s two": (Decimal("0.6"), Decimal("0.8")),
    "s three": (Decimal("0.8"), Decimal("0.6")),
}


def _encode(texts: Sequence[str]) -> list[tuple[Decimal, Decimal]]:
    return [VECTORS[t] for t in texts]


BACKEND = EmbeddingBackend(_encode, "hand-vectors", "0" * 64)


@functools.cache
def shipped_calibration() -> Calibration:
    """The shipped set with the default backend (about two seconds; computed once per run)."""
    return calibrate(shipped_set())


def _lo(id_: str, text: str, lang: str = "en") -> dict[str, Any]:
    return {"id": id_, "text": text, "lang": lang}


def tiny_set() -> dict[str, Any]:
    """Scores: T1-S1 1.0 full, T1-S3 0.8 full, T2-S2 0.8 partial, T1-S2 0.6 partial,
    T2-S3 0.6 none, T2-S1 0.0 none."""
    return {
        "format": "microcred-lo-calibration-set",
        "format_version": "1.0",
        "id": "tiny",
        "version": "1",
        "provenance": {"labelled_by": "a test", "status": "hand-made"},
        "course_pairs": [
            {
                "id": "P1",
                "target": {"learning_outcomes": [_lo("T1", "t one"), _lo("T2", "t two")]},
                "source": {
                    "learning_outcomes": [_lo("S1", "s one"), _lo("S2", "s two"), _lo("S3", "s three")]
                },
                "labels": [
                    {"target_lo": "T1", "source_lo": "S1", "match": "full"},
                    {"target_lo": "T1", "source_lo": "S3", "match": "full"},
                    {"target_lo": "T1", "source_lo": "S2", "match": "partial"},
                    {"target_lo": "T2", "source_lo": "S2", "match": "partial"},
                ],
            }
        ],
    }


def test_a_labelled_set_is_scored_pair_by_pair_with_unlisted_pairs_labelled_none() -> None:
    pairs = score_pairs(set_from_json(tiny_set()), BACKEND)
    got = {(p.target_lo, p.source_lo): (p.score, p.label) for p in pairs}
    assert got == {
        ("T1", "S1"): (Decimal("1.0000"), "full"),
        ("T1", "S2"): (Decimal("0.6000"), "partial"),
        ("T1", "S3"): (Decimal("0.8000"), "full"),
        ("T2", "S1"): (Decimal("0.0000"), "none"),
        ("T2", "S2"): (Decimal("0.8000"), "partial"),
        ("T2", "S3"): (Decimal("0.6000"), "none"),
    }


def test_precision_recall_and_f1_are_the_fractions_computed_by_hand() -> None:
    pairs = score_pairs(set_from_json(tiny_set()), BACKEND)
    # At 0.70, T1-S1, T1-S3 and T2-S2 are suggested.
    # likely (positives: the 2 full): tp 2, fp 1 (T2-S2 is partial), fn 0 -> P 2/3, R 1, F1 4/5.
    likely = metrics_at(pairs, Decimal("0.70"), "likely")
    assert (likely.n, likely.positives, likely.tp, likely.fp, likely.fn) == (6, 2, 2, 1, 0)
    assert (likely.precision, likely.recall, likely.f1) == (
        Decimal("0.6667"),
        Decimal("1.0000"),
        Decimal("0.8000"),
    )
    # possible ∪ likely (positives: 2 full + 2 partial): tp 3, fp 0, fn 1 (T1-S2) -> P 1, R 3/4, F1 6/7.
    possible = metrics_at(pairs, Decimal("0.70"), "possible")
    assert (possible.n, possible.positives, possible.tp, possible.fp, possible.fn) == (6, 4, 3, 0, 1)
    assert (possible.precision, possible.recall, possible.f1) == (
        Decimal("1.0000"),
        Decimal("0.7500"),
        Decimal("0.8571"),
    )


def test_a_rate_without_a_denominator_is_absent_not_zero() -> None:
    data = tiny_set()
    data["course_pairs"][0]["labels"] = []
    pairs = score_pairs(set_from_json(data), BACKEND)
    # No positives: recall has no denominator; the one suggestion at 1.00 is wrong: precision 0/1.
    m = metrics_at(pairs, Decimal("1.00"), "likely")
    assert (m.positives, m.tp, m.fp, m.recall, m.precision, m.f1) == (
        0,
        0,
        1,
        None,
        Decimal("0.0000"),
        Decimal("0.0000"),
    )


def test_the_rule_takes_the_highest_possible_with_recall_095_and_the_likely_with_the_best_f1() -> None:
    cal = calibrate(set_from_json(tiny_set()), BACKEND)
    # possible: all 4 matches need score >= 0.60 (the lowest is T1-S2 at 0.6); at 0.61 recall is 3/4.
    # likely, over thresholds >= 0.60: F1 4/7 at 0.60, 4/5 from 0.61 to 0.80, 2/3 above -> the highest
    # threshold with 4/5 is 0.80.
    assert cal.chosen == Chosen(likely=Decimal("0.80"), possible=Decimal("0.60"))
    doc = to_json(cal)
    assert doc["chosen"]["possible"]["recall"] == "1.0000" and doc["chosen"]["possible"]["n"] == 6
    assert doc["chosen"]["likely"]["f1"] == "0.8000"


def test_ties_in_f1_go_to_the_higher_threshold_and_possible_never_exceeds_likely() -> None:
    rows = grid_rows(score_pairs(set_from_json(tiny_set()), BACKEND))
    f1s = {r.threshold: r.likely.f1 for r in rows}
    assert f1s[Decimal("0.61")] == f1s[Decimal("0.80")] == Decimal("0.8000")
    cal = calibrate(set_from_json(tiny_set()), BACKEND)
    assert cal.chosen.possible <= cal.chosen.likely
    cal.chosen.thresholds()  # a valid Thresholds (0 <= possible <= likely <= 1)


def test_an_esco_overlap_is_counted_as_suggest_bands_it() -> None:
    data = tiny_set()
    uri = "http://data.europa.eu/esco/skill/x"
    data["course_pairs"][0]["target"]["learning_outcomes"][1]["esco_uris"] = [uri]
    data["course_pairs"][0]["source"]["learning_outcomes"][0]["esco_uris"] = [uri]
    pairs = score_pairs(set_from_json(data), BACKEND)
    # T2-S1 scores 0 but shares its only ESCO skill: suggest() makes it 'likely' at any threshold.
    assert metrics_at(pairs, Decimal("0.99"), "likely").fp == 1
    assert metrics_at(pairs, Decimal("0.99"), "possible").fp == 1


def test_cross_language_pairs_are_reported_but_do_not_choose_the_thresholds() -> None:
    data = tiny_set()
    other = json.loads(json.dumps(data["course_pairs"][0]))
    other["id"] = "P2"
    for lo in other["source"]["learning_outcomes"]:
        lo["lang"] = "lo"
    data["course_pairs"].append(other)
    cal = calibrate(set_from_json(data), BACKEND)
    assert cal.pooled == ("en-en",)
    assert set(cal.by_language_pair) == {"en-en", "en-lo"}
    assert cal.chosen == Chosen(likely=Decimal("0.80"), possible=Decimal("0.60"))
    assert to_json(cal)["by_language_pair"]["en-lo"]["used_for_choice"] is False


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d.update(format="other"), "not a labelled set"),
        (lambda d: d.pop("provenance"), "provenance"),
        (
            lambda d: d["course_pairs"][0]["labels"].append(
                {"target_lo": "T9", "source_lo": "S1", "match": "full"}
            ),
            "unknown outcome",
        ),
        (
            lambda d: d["course_pairs"][0]["labels"].append(
                {"target_lo": "T2", "source_lo": "S1", "match": "maybe"}
            ),
            "match must be",
        ),
        (
            lambda d: d["course_pairs"][0]["labels"].append(
                {"target_lo": "T1", "source_lo": "S1", "match": "partial"}
            ),
            "labelled twice",
        ),
        (
            lambda d: d["course_pairs"][0]["source"]["learning_outcomes"][0].update(lang="vi"),
            "share a language",
        ),
    ],
)
def test_a_malformed_set_is_refused_with_the_place_it_goes_wrong(change: Any, message: str) -> None:
    data = tiny_set()
    change(data)
    with pytest.raises(InputError, match=message):
        set_from_json(data)


def test_the_shipped_set_is_large_and_balanced_enough_and_says_it_is_not_partner_data() -> None:
    labelled = shipped_set()
    assert "NOT PARTNER DATA" in labelled.provenance["status"]
    assert len(labelled.course_pairs) >= 40
    cal = shipped_calibration()
    doc = to_json(cal)
    assert doc["pairs"]["lo_pairs"] >= 300
    for lp in ("en-en", "vi-vi", "lo-lo"):
        counts = doc["by_language_pair"][lp]["pairs"]
        assert counts["course_pairs"] >= 10 and counts["full"] >= 10 and counts["partial"] >= 5


def test_in_the_shipped_set_cross_language_pairs_get_no_lexical_score_as_adr_0507_says() -> None:
    cal = shipped_calibration()
    cross = [p for p in cal.pairs if p.language_pair not in cal.pooled]
    assert cross and {p.score for p in cross} == {Decimal("0.0000")}
    assert any(p.label != "none" for p in cross)


def test_the_shipped_lexical_thresholds_are_what_the_shipped_set_produces() -> None:
    assert shipped_calibration().chosen.thresholds() == DEFAULT_THRESHOLDS["lexical-tfidf"]


def test_the_committed_calibration_report_is_current() -> None:
    # Regenerate with: .venv/bin/microcred lo-calibrate shipped > docs/lo-calibration-report.md
    assert REPORT.read_text(encoding="utf-8") == render_markdown(shipped_calibration())


def test_the_cli_prints_the_json_report_with_its_documented_keys(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "set.json"
    data = tiny_set()
    # The CLI runs the lexical backend: give the outcomes words it can compare.
    for lo, text in zip(
        [
            *data["course_pairs"][0]["target"]["learning_outcomes"],
            *data["course_pairs"][0]["source"]["learning_outcomes"],
        ],
        [
            "estimate regression models",
            "forecast inflation",
            "estimate regression models",
            "forecast prices",
            "design surveys",
        ],
        strict=True,
    ):
        lo["text"] = text
    path.write_text(json.dumps(data), encoding="utf-8")
    assert main(["lo-calibrate", str(path), "--format", "json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert list(doc) == [
        "backend",
        "backend_version",
        "set",
        "pairs",
        "by_language_pair",
        "grid",
        "chosen",
        "rule",
    ]
    assert (doc["backend"], doc["set"]["id"], doc["pairs"]["lo_pairs"]) == ("lexical-tfidf", "tiny", 6)
    assert set(doc["chosen"]) == {"likely", "possible"} and len(doc["grid"]) == 101
    assert doc["chosen"] == to_json(calibrate(load_set(path)))["chosen"]


def test_the_cli_prints_the_human_report_for_the_shipped_set(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["lo-calibrate", "shipped"]) == 0
    assert capsys.readouterr().out == REPORT.read_text(encoding="utf-8")


def test_the_cli_exits_2_on_an_unreadable_or_invalid_set(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["lo-calibrate", str(tmp_path / "missing.json")]) == 2
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "microcred-lo-calibration-set"}', encoding="utf-8")
    assert main(["lo-calibrate", str(bad)]) == 2
    assert "provenance" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exc:
        main(["lo-calibrate", "shipped", "--backend", "no-such-backend"])
    assert exc.value.code == 2
