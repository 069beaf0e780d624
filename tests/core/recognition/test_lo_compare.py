"""recognition.md §8.2: suggestions from a deterministic lexical backend; people decide."""

from __future__ import annotations

from decimal import Decimal

import pytest

from microcred.errors import MicrocredError
from microcred.recognition.case import CaseDoc
from microcred.recognition.lo_compare import (
    EmbeddingBackend,
    LoMatrix,
    LoText,
    TfIdfBackend,
    Thresholds,
    acceptance_rate,
    bloom_of,
    fold_vietnamese,
    normalise,
    suggest,
)
from microcred.recognition.values import Coverage, SourceLoRef
from tests.core.recognition._helpers import decide, example, record

T = [
    LoText("T1", "Estimate and interpret multiple regression models.", bloom_level="apply"),
    LoText("T2", "Forecast macroeconomic time series with ARIMA models.", bloom_level="apply"),
]
S = [
    LoText(
        "LO1",
        "Estimate and interpret linear regression models with robust standard errors.",
        bloom_level="apply",
        credential_id="C",
    ),
    LoText(
        "LO2",
        "Write a reproducible analysis report with R Markdown.",
        bloom_level="create",
        credential_id="C",
    ),
]


def test_vietnamese_is_folded_and_paired_into_syllable_bigrams() -> None:
    assert fold_vietnamese("Phân tích rủi ro tín dụng") == "Phan tich rui ro tin dung"
    assert fold_vietnamese("Đánh giá") == "Danh gia"
    assert "phan_tich" in normalise("Phân tích rủi ro", "vi")


def test_lao_text_without_spaces_is_segmented_with_laonlp() -> None:
    tokens = normalise("ນັກສຶກສາສາມາດວິເຄາະຂໍ້ມູນການເງິນ", "lo")
    assert tokens == ("ນັກສຶກສາ", "ສາມາດ", "ວິເຄາະ", "ຂໍ້ມູນ", "ການເງິນ")


def test_lao_outcomes_that_share_words_are_suggested() -> None:
    t = [LoText("T1", "ວິເຄາະຂໍ້ມູນການເງິນຂອງທະນາຄານ", "lo")]
    s = [
        LoText("LO1", "ນັກສຶກສາສາມາດວິເຄາະຂໍ້ມູນການເງິນ", "lo", credential_id="C"),
        LoText("LO2", "ອອກແບບໂຄງການທ່ອງທ່ຽວ", "lo", credential_id="C"),
    ]
    result = suggest(t, s)
    assert [str(x.source) for x in result.suggestions] == ["C#LO1"]


def test_vietnamese_outcomes_match_with_or_without_diacritics() -> None:
    t = [LoText("T1", "Phân tích rủi ro tín dụng của ngân hàng", "vi")]
    s = [LoText("LO1", "phan tich rui ro tin dung", "vi", credential_id="C")]
    [only] = suggest(t, s).suggestions
    assert only.band == "likely"


def test_bloom_levels_come_from_the_stated_level_or_the_highest_verb() -> None:
    assert bloom_of("Describe and evaluate a bank's capital position.", "en") == "evaluate"
    assert bloom_of("Whatever", "en", "create") == "create"
    assert bloom_of("Phân tích rủi ro tín dụng", "vi") == "analyse"
    assert bloom_of("ວິເຄາະຂໍ້ມູນ", "lo") == "analyse"
    assert bloom_of("Banking", "en") is None


def test_the_lexical_backend_is_deterministic_and_ranks_the_related_pair_first() -> None:
    a = TfIdfBackend().similarity(T, S)
    b = TfIdfBackend().similarity(T, S)
    assert a == b
    assert a[0][0] > a[0][1]
    assert all(isinstance(x, Decimal) for row in a for x in row)


def test_suggestions_record_backend_thresholds_bands_and_the_bloom_signal() -> None:
    result = suggest(T, S)
    assert (result.backend, result.backend_version) == ("lexical-tfidf", "1")
    [first] = [x for x in result.suggestions if x.target_lo == "T1"]
    assert first.source == SourceLoRef("C", "LO1")
    assert first.band == "likely" and first.bloom_ok is True and first.proposed_coverage is Coverage.FULL


def test_esco_overlap_is_a_second_signal() -> None:
    uri = "http://data.europa.eu/esco/skill/ccd0a1d9-afda-43d9-b901-96344886e14d"
    t = [LoText("T1", "alpha beta", esco_uris=(uri,))]
    s = [LoText("LO1", "gamma delta", esco_uris=(uri,), credential_id="C")]
    [x] = suggest(t, s).suggestions
    assert x.band == "likely" and x.esco_overlap == 1


def test_an_embedding_backend_needs_no_download_and_names_its_model() -> None:
    def encode(texts: object) -> list[list[Decimal]]:
        return [[Decimal(1), Decimal(0)], [Decimal(1), Decimal(0)], [Decimal(0), Decimal(1)]]

    backend = EmbeddingBackend(encode, "test-encoder", "ab" * 32)
    result = suggest([T[0]], S, backend=backend, thresholds=Thresholds(Decimal("0.8"), Decimal("0.5")))
    assert [str(x.source) for x in result.suggestions] == ["C#LO1"]
    assert result.backend.startswith("embedding:test-encoder@")
    with pytest.raises(MicrocredError, match="calibrated"):
        suggest([T[0]], S, backend=backend)


def test_human_actions_build_the_confirmed_rows() -> None:
    m = LoMatrix(suggest(T, S))
    assert m.rows() == ()
    m = m.confirm("T1", SourceLoRef("C", "LO1"), actor="rev", at="2026-09-01T10:00:00Z")
    m = m.edit(
        "T2", coverage=Coverage.NONE, sources=[], actor="rev", at="2026-09-01T10:01:00Z", note="not taught"
    )
    rows = {r.target_lo: r for r in m.rows()}
    assert rows["T1"].coverage is Coverage.FULL and rows["T1"].action == "CONFIRMED"
    assert rows["T2"].coverage is Coverage.NONE and rows["T2"].note == "not taught"
    assert acceptance_rate(m) is not None


def test_a_rejected_suggestion_leaves_no_row() -> None:
    m = LoMatrix(suggest(T, S)).reject("T1", SourceLoRef("C", "LO1"), actor="rev", at="t")
    assert m.rows() == ()


def test_an_edit_needs_a_reason_and_an_action_needs_an_actor() -> None:
    m = LoMatrix(suggest(T, S))
    with pytest.raises(MicrocredError):
        m.edit("T1", coverage=Coverage.FULL, sources=[], actor="rev", at="t", note=" ")
    with pytest.raises(MicrocredError):
        m.confirm("T1", SourceLoRef("C", "LO1"), actor=" ", at="t")


def test_a_matrix_built_from_suggestions_and_signed_off_decides_e1() -> None:
    data = example("E1")
    cred = record(data)["credential_id"]
    targets = [
        LoText(x["id"], x["text"], bloom_level=x.get("bloom_level"))
        for x in data["target"]["learning_outcomes"]
    ]
    sources = [
        LoText(x["id"], x["text"], bloom_level=x.get("bloom_level"), credential_id=cred)
        for x in record(data)["learning_outcomes"]
    ]
    m = LoMatrix(suggest(targets, sources))
    for i in range(1, 5):
        m = m.add(f"LO{i}", SourceLoRef(cred, f"LO{i}"), coverage=Coverage.FULL, actor="rev", at="t")
    m = m.sign_off(reviewer="rev", at="t")
    data["lo_matrix"] = m.to_doc().model_dump(mode="json")
    CaseDoc.model_validate(data)
    r = decide(data).report
    assert (r["outcome"], r["credits_awarded"]) == ("FULL", "3")


def test_suggestions_alone_never_refuse_even_when_they_look_poor() -> None:
    data = example("E1")
    cred = record(data)["credential_id"]
    data["lo_matrix"] = {
        "complete": False,
        "rows": [],
        "suggestions": [
            {
                "target_lo": "LO1",
                "source": f"{cred}#LO5",
                "score": "0.01",
                "band": "possible",
                "backend": "lexical-tfidf",
            }
        ],
    }
    assert decide(data).report["outcome"] == "PENDING_INFORMATION"
