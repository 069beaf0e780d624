"""The worked examples of docs/level-fit-heuristic.md (the page the consortium reviews) are what
the code decides; if the heuristic changes, the page must change with it."""

from __future__ import annotations

import pytest

from microcred.design import analyse_outcome, level_fit

EXAMPLES = [
    (
        "A",
        "en",
        "EQF",
        6,
        [
            "Explain the principles of credit risk management.",
            "Analyse a loan portfolio and recommend a provisioning policy.",
        ],
        "level.fits",
    ),
    (
        "B",
        "en",
        "EQF",
        6,
        ["Describe the main types of bank loans.", "Calculate the interest on a loan."],
        "level.below",
    ),
    (
        "C",
        "en",
        "EQF",
        4,
        ["Design a marketing plan for a small shop.", "Evaluate competing suppliers."],
        "level.above",
    ),
    ("D", "en", "EQF", 5, ["Understand the basics of accounting.", "Know the tax rules."], "level.unknown"),
    (
        "E",
        "vi",
        "EQF",
        6,
        [
            "Người học có thể giải thích các nguyên tắc kế toán.",
            "Vận dụng chuẩn mực kế toán để lập báo cáo tài chính.",
        ],
        "level.below",
    ),
    ("F", "lo", "AQRF", 4, ["ຜູ້ຮຽນສາມາດອະທິບາຍຫຼັກການບັນຊີ", "ນຳໃຊ້ຫຼັກການບັນຊີຄູ່ໃນການບັນທຶກທຸລະກຳ"], "level.fits"),
    (
        "G",
        "en",
        "EQF",
        7,
        ["Identify sources of data.", "Evaluate the validity of a research design."],
        "level.fits",
    ),
]


@pytest.mark.parametrize(("name", "language", "framework", "level", "outcomes", "code"), EXAMPLES)
def test_each_worked_example_on_the_review_page_decides_as_written(
    name: str, language: str, framework: str, level: int, outcomes: list[str], code: str
) -> None:
    fit = level_fit(
        [analyse_outcome(o, language) for o in outcomes], level, framework=framework, language=language
    )
    assert fit.code == code, name
