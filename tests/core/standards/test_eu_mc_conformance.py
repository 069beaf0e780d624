import copy
import json
from pathlib import Path
from typing import Any

import pytest

from microcred.cli import main
from microcred.model.spec import read_json
from microcred.standards.eu_mc import check_document

EXAMPLE = Path(__file__).resolve().parents[3] / "examples" / "specs" / "muni-econometrics-in-r.json"


@pytest.fixture
def spec() -> dict[str, Any]:
    return copy.deepcopy(read_json(EXAMPLE))


def codes(doc: dict[str, Any]) -> dict[str, str]:
    return {f.code: f.severity for f in check_document(doc).findings}


def test_the_example_specification_is_conformant(spec: dict[str, Any]) -> None:
    report = check_document(spec)
    assert report.conformant, report.findings
    assert set(report.element_status().values()) == {"present"}


def test_removing_the_learning_outcomes_fails_naming_element_m6(spec: dict[str, Any]) -> None:
    del spec["learning_outcomes"]
    report = check_document(spec)
    assert not report.conformant
    missing = [f for f in report.errors if f.element == "M6"]
    assert missing and missing[0].code == "EU-M6-MISSING"
    assert missing[0].path == "learning_outcomes"
    assert report.element_status()["M6"] == "missing"


@pytest.mark.parametrize(
    ("key", "code"),
    [
        ("title", "EU-M2-MISSING"),
        ("awarding_bodies", "EU-M4-MISSING"),
        ("workload", "EU-M7-MISSING"),
        ("level", "EU-M8-MISSING"),
        ("assessment", "EU-M9-MISSING"),
        ("participation", "EU-M10-MISSING"),
        ("quality_assurance", "EU-M11-MISSING"),
    ],
)
def test_each_missing_mandatory_element_is_an_error(spec: dict[str, Any], key: str, code: str) -> None:
    del spec[key]
    assert codes(spec).get(code) == "error"


def test_hours_that_do_not_fit_the_credits_are_inconsistent(spec: dict[str, Any]) -> None:
    spec["workload"]["hours"] = "200"
    assert codes(spec)["EU-M7-HOURS-CREDITS-INCONSISTENT"] == "error"


def test_an_unknown_credit_system_is_an_error_that_names_it(spec: dict[str, Any]) -> None:
    spec["workload"]["credit_system"] = "US-SCH"
    finding = next(f for f in check_document(spec).findings if f.code == "REF-UNKNOWN-CREDIT-SYSTEM")
    assert "'US-SCH'" in finding.message and finding.path == "workload.credit_system"


def test_a_national_level_that_contradicts_the_declared_eqf_level_is_an_error(spec: dict[str, Any]) -> None:
    spec["level"]["eqf"] = 7
    assert codes(spec)["LEVEL-INCONSISTENT"] == "error"


def test_an_impossible_national_level_is_an_error(spec: dict[str, Any]) -> None:
    spec["level"]["national"] = "CROQF:7.3"
    finding = next(f for f in check_document(spec).findings if f.code == "LEVEL-INVALID")
    assert "7.1" in finding.message


def test_an_outcome_that_starts_with_understand_gets_a_warning(spec: dict[str, Any]) -> None:
    spec["learning_outcomes"][0]["text"]["en"] = "Students will be able to understand regression."
    report = check_document(spec)
    assert report.conformant
    assert codes(spec)["LO-VERB-NOT-OBSERVABLE"] == "warning"


def test_attendance_alone_is_not_an_assessment(spec: dict[str, Any]) -> None:
    spec["assessment"]["types"] = ["level_of_attendance"]
    assert codes(spec)["EU-M9-ATTENDANCE-ONLY"] == "error"


def test_a_full_year_of_learning_is_not_a_micro_credential(spec: dict[str, Any]) -> None:
    spec["workload"] = {"hours": "1800", "credits": "60", "credit_system": "ECTS"}
    assert codes(spec)["MC-SIZE-NOT-MICRO"] == "error"


def test_text_without_english_is_an_error(spec: dict[str, Any]) -> None:
    spec["title"] = {"vi": "Kinh tế lượng"}
    assert codes(spec)["LANG-EN-MISSING"] == "error"


def test_structural_problems_become_findings_with_their_path(spec: dict[str, Any]) -> None:
    spec["workload"]["credits"] = "five"
    spec["participation"]["mode"] = "by pigeon"
    report = check_document(spec)
    paths = {f.path for f in report.errors}
    assert {"workload.credits", "participation.mode"} <= paths
    assert all(f.code == "FORMAT-INVALID" for f in report.errors)


def test_missing_optional_elements_are_reported_as_info(spec: dict[str, Any]) -> None:
    del spec["prerequisites"]
    assert codes(spec)["EU-O1-ABSENT"] == "info"


def test_the_cli_exits_0_for_a_conformant_file(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(EXAMPLE)]) == 0
    assert "CONFORMANT" in capsys.readouterr().out


def test_the_cli_exits_1_and_names_the_element_when_not_conformant(
    spec: dict[str, Any], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    del spec["learning_outcomes"]
    path = tmp_path / "spec.json"
    path.write_text(json.dumps(spec), "utf-8")
    assert main(["check", str(path), "--format", "json"]) == 1
    out = json.loads(capsys.readouterr().out)
    assert out["conformant"] is False
    assert any(f["element"] == "M6" and f["code"] == "EU-M6-MISSING" for f in out["findings"])


def test_the_cli_exits_2_with_line_and_column_for_broken_json(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "broken.json"
    path.write_text('{"title": {"en": "x"},\n  oops}', "utf-8")
    assert main(["check", str(path)]) == 2
    err = capsys.readouterr().err
    assert "broken.json" in err and "line 2" in err


def test_the_cli_exits_2_for_a_json_array(tmp_path: Path) -> None:
    path = tmp_path / "list.json"
    path.write_text("[]", "utf-8")
    assert main(["check", str(path)]) == 2


@pytest.mark.parametrize(
    ("text", "lang", "flagged"),
    [
        ("Value an early-stage company using discounted cash flows.", "en", False),
        ("Người học có thể hiểu các khái niệm ngân hàng.", "vi", True),
        ("Hiểu rủi ro tín dụng.", "vi", True),
        ("Phân tích rủi ro tín dụng.", "vi", False),
        ("ຜູ້ຮຽນສາມາດເຂົ້າໃຈການບັນຊີ", "lo", True),
        ("ວິເຄາະຄວາມສ່ຽງດ້ານສິນເຊື່ອ", "lo", False),
    ],
)
def test_the_verb_check_reads_lead_ins_in_english_vietnamese_and_lao(
    text: str, lang: str, flagged: bool
) -> None:
    from microcred.standards.eu_mc.lo_verbs import is_not_observable

    assert (is_not_observable(text, lang) is not None) is flagged
