"""The QA checklist (ADR 1501): every item cites its source, the ten principles and ESG 1.1-1.10
are all there once, and the approval rule refuses exactly what it should."""

from __future__ import annotations

from microcred.qa.checklist import (
    CHECKLIST,
    Answer,
    ProblemCode,
    Source,
    approval_problems,
    item,
    precheck,
)

MET = Answer(met=True, evidence="the programme file, section 2")


def _all_met() -> dict[str, Answer]:
    return {i.key: MET for i in CHECKLIST}


def test_the_checklist_has_the_ten_principles_and_the_ten_esg_standards_each_citing_its_source() -> None:
    eu = [i for i in CHECKLIST if i.source == Source.EU_PRINCIPLES]
    esg = [i for i in CHECKLIST if i.source == Source.ESG_PART_1]
    assert [i.reference[:3] for i in eu] == [f"({c})" for c in "abcdefghij"]
    assert [i.reference.split()[0] for i in esg] == [f"1.{n}" for n in range(1, 11)]
    assert len({i.key for i in CHECKLIST}) == len(CHECKLIST) == 20
    assert all("2022/C 243/02, Annex II" in i.citation for i in eu)
    assert all("ESG 2015, Part 1" in i.citation for i in esg)
    assert all(i.mandatory for i in eu)


def test_answers_that_meet_every_item_with_evidence_allow_approval() -> None:
    assert approval_problems(_all_met(), {}) == ()


def test_a_missing_or_unmet_mandatory_item_refuses_approval_but_an_optional_one_does_not() -> None:
    answers = _all_met()
    del answers["eu.portability"]
    answers["eu.relevance"] = Answer(met=False, evidence="no labour-market evidence")
    answers["esg.1_5"] = Answer(met=False, evidence="staff CVs pending")  # optional: no problem
    del answers["esg.1_10"]  # optional and unanswered: no problem
    problems = approval_problems(answers, {})
    assert [(p.code, p.item) for p in problems] == [
        (ProblemCode.MANDATORY_NOT_MET, "eu.relevance"),
        (ProblemCode.MANDATORY_UNANSWERED, "eu.portability"),
    ]


def test_met_without_evidence_or_against_a_failed_precheck_refuses_approval() -> None:
    answers = _all_met()
    answers["esg.1_7"] = Answer(met=True, evidence="   ")
    problems = approval_problems(answers, {"eu.learning_pathways": False, "eu.quality": True})
    assert [(p.code, p.item) for p in problems] == [
        (ProblemCode.PRECHECK_FAILED, "eu.learning_pathways"),
        (ProblemCode.NO_EVIDENCE, "esg.1_7"),
    ]


def test_the_precheck_passes_only_when_every_element_of_the_item_is_present() -> None:
    status = {code: "present" for code in ("M2", "M3", "M4", "M6", "M7", "M8", "M9", "M10", "M11", "O5")}
    status["O4"] = "absent"
    checks = precheck(status)
    assert checks["eu.transparency"] and checks["eu.quality"] and checks["esg.1_8"]
    assert checks["eu.learning_pathways"] is False
    assert "eu.relevance" not in checks  # nothing in a specification shows relevance
    status["M9"] = "invalid"
    assert precheck(status)["eu.valid_assessment"] is False


def test_unknown_keys_are_not_items() -> None:
    assert item("eu.quality") is not None and item("eu.nothing") is None
    assert approval_problems({**_all_met(), "eu.nothing": Answer(met=False, evidence="x")}, {}) == ()
