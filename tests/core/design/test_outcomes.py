"""The learning-outcomes assistant on realistic outcomes in English, Vietnamese and Lao."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from microcred.design import analyse_outcome, expected_bloom, level_fit, suggest_verbs
from microcred.recognition.lo_compare import bloom_of
from microcred.standards.eu_mc.lo_verbs import BLOOM_LEVELS, BLOOM_VERBS


@pytest.mark.parametrize(
    ("text", "lang", "bloom"),
    [
        ("Students will be able to calculate the net present value of an investment project.", "en", "apply"),
        ("Evaluate the credit risk of a small business loan application.", "en", "evaluate"),
        ("Design a relational database for a hospital's outpatient records.", "en", "create"),
        ("Người học có thể phân tích báo cáo tài chính của doanh nghiệp.", "vi", "analyse"),
        ("Vận dụng chuẩn mực kế toán Việt Nam để lập bảng cân đối kế toán.", "vi", "apply"),
        ("Thiết kế kế hoạch kinh doanh cho một doanh nghiệp nhỏ.", "vi", "create"),
        ("ວິເຄາະຂໍ້ມູນການເງິນຂອງວິສາຫະກິດ", "lo", "analyse"),
        ("ນັກສຶກສາສາມາດອອກແບບແຜນການສອນ", "lo", "create"),
        ("ປະເມີນຄວາມສ່ຽງຂອງໂຄງການ", "lo", "evaluate"),
    ],
)
def test_the_leading_verb_gives_the_bloom_level(text: str, lang: str, bloom: str) -> None:
    result = analyse_outcome(text, lang)
    assert result.bloom == bloom
    assert result.codes == ()


@pytest.mark.parametrize(
    ("text", "lang", "verb"),
    [
        ("Students will understand the principles of monetary policy.", "en", "understand"),
        ("Know the main types of bank accounts.", "en", "know"),
        ("Sinh viên hiểu các nguyên tắc kế toán.", "vi", "hiểu"),
        ("Biết các loại thuế doanh nghiệp.", "vi", "biết"),
        ("ເຂົ້າໃຈຫຼັກການບັນຊີ", "lo", "ເຂົ້າໃຈ"),
    ],
)
def test_a_verb_nobody_can_observe_is_flagged_and_gets_no_level(text: str, lang: str, verb: str) -> None:
    result = analyse_outcome(text, lang)
    assert "outcome.not_observable" in result.codes
    assert result.params["verb"] == verb
    assert result.bloom is None


@pytest.mark.parametrize(
    ("text", "lang", "verbs"),
    [
        ("Analyse market data and design a pricing strategy.", "en", "analyse, design"),
        ("Describe, compare and evaluate three funding models.", "en", "describe, compare, evaluate"),
        ("Phân tích rủi ro và xây dựng kế hoạch phòng ngừa.", "vi", "phân tích, xây dựng"),
        ("ນຳໃຊ້ Excel ແລະ ອອກແບບແບບຟອມ", "lo", "ນຳໃຊ້, ອອກແບບ"),
        ("Người học hiểu và vận dụng chuẩn mực kế toán.", "vi", "hiểu, vận dụng"),
    ],
)
def test_several_outcomes_in_one_are_reported_as_bundled(text: str, lang: str, verbs: str) -> None:
    result = analyse_outcome(text, lang)
    assert "outcome.bundled" in result.codes
    assert result.params["verbs"] == verbs


def test_and_inside_an_object_is_not_a_bundle() -> None:
    result = analyse_outcome("Compare the assets and liabilities of two banks.", "en")
    assert result.codes == () and result.bloom == "analyse"


def test_an_unknown_verb_is_reported_not_guessed() -> None:
    result = analyse_outcome("Banking regulation in the European Union.", "en")
    assert result.bloom is None and result.codes == ("outcome.verb_unknown",)
    assert analyse_outcome("Bảo vệ môi trường", "vi").codes == ("outcome.verb_unknown",)
    assert analyse_outcome("", "en").codes == ("outcome.empty",)
    assert analyse_outcome("Analyser les données", "fr").codes == ("outcome.language_unsupported",)


def test_stronger_verbs_are_suggested_in_the_outcome_language() -> None:
    assert suggest_verbs("evaluate", "en", limit=3) == ("evaluate", "assess", "justify")
    assert suggest_verbs("analyse", "vi", limit=2) == ("phân tích", "so sánh")
    assert suggest_verbs("create", "lo", limit=1) == ("ອອກແບບ",)
    assert suggest_verbs("nonsense", "en") == ()


def test_every_suggested_verb_is_read_back_at_its_own_level() -> None:
    for lang, levels in BLOOM_VERBS.items():
        for level, verbs in levels.items():
            for verb in verbs[:4]:
                assert analyse_outcome(f"{verb} x", lang).bloom == level, (lang, verb)


def test_a_set_that_only_describes_is_pitched_below_eqf_6() -> None:
    outcomes = [
        analyse_outcome(t, "en") for t in ("Describe the banking system.", "List the types of loans.")
    ]
    fit = level_fit(outcomes, 6)
    assert fit.code == "level.below" and fit.highest == "understand"
    assert fit.expected == ("analyse", "create") and fit.suggestions[0] == "analyse"
    assert "2017/C 189/03" in fit.source


def test_a_set_that_only_creates_is_pitched_above_eqf_2() -> None:
    outcomes = [analyse_outcome("Design a new audit method.", "en")]
    assert level_fit(outcomes, 2).code == "level.above"


def test_a_bachelor_set_fits_eqf_6_and_aqrf_uses_its_descriptors() -> None:
    vi = [analyse_outcome(t, "vi") for t in ("Phân tích báo cáo tài chính.", "Tính toán giá vốn.")]
    assert level_fit(vi, 6).code == "level.fits"
    fit = level_fit(vi, 6, framework="AQRF", language="vi")
    assert fit.code == "level.fits" and "ASEAN" in fit.source
    assert level_fit([analyse_outcome("Understand taxes.", "en")], 5).code == "level.unknown"


def test_the_expected_range_never_falls_as_the_level_rises() -> None:
    ranks = [tuple(BLOOM_LEVELS.index(b) for b in expected_bloom(n)) for n in range(1, 9)]
    assert ranks == sorted(ranks)
    with pytest.raises(ValueError):
        expected_bloom(9)


def test_recognition_reads_the_same_lexicon() -> None:
    # One rule, one place: the engine's Bloom gate and the assistant agree on these verbs.
    for text, lang in (
        ("Thẩm định dự án đầu tư", "vi"),
        ("Investigate a fraud case", "en"),
        ("ຕັດສິນຂໍ້ມູນ", "lo"),
    ):
        assert bloom_of(text, lang) == analyse_outcome(text, lang).bloom


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=300), st.sampled_from(["en", "vi", "lo"]))
def test_any_text_is_analysed_without_an_exception(text: str, lang: str) -> None:
    result = analyse_outcome(text, lang)
    assert result.bloom is None or result.bloom in BLOOM_LEVELS
