"""Every JSON column of a recognition case is read and written through its typed value (issue 10
item 6, ADR 0859): the values give back the stored JSON byte for byte, and no module of the web
layer but ``recognition/models.py`` touches a column by its name."""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from microcred_web.recognition.columns import (
    CaseProcedure,
    CaseTarget,
    Evidence,
    IntakeReport,
    LoAction,
    LoSuggestions,
    StoredCase,
    TargetRequest,
)
from microcred_web.recognition.models import RecognitionCase

WEB = Path(__file__).resolve().parents[3] / "src" / "microcred_web"

# column -> the typed accessor of RecognitionCase that reads and writes it
ACCESSORS = {
    "target_request": "requested",
    "evidence": "credential_evidence",
    "verification_reports": "intake_reports",
    "target": "target_component",
    "lo_suggestions": "suggestions",
    "lo_actions": "matrix_actions",
    "finding_overrides": "overrides",
    "level_assessments": "levels",
    "imported_input": "imported_case",
    "case_input": "canonical_input",
    "proposal": "proposed",
    "procedure": "procedure_terms",
    "pending_decision": "pending_signature",
}
COLUMNS = frozenset(ACCESSORS)
# The only module that names the columns (migrations describe them; they are not readers).
ALLOWED = {WEB / "recognition" / "models.py"}
# Names under which the web layer holds a case (``case``, ``self.case``, ``new_case`` ...).
CASE_NAME = re.compile(r"(^|_)case$|^c$")


def _holds_a_case(node: ast.expr) -> bool:
    if isinstance(node, ast.Name):
        return bool(CASE_NAME.search(node.id))
    if isinstance(node, ast.Attribute):
        return bool(CASE_NAME.search(node.attr))
    return False


def _creates_a_case(call: ast.Call) -> bool:
    func = call.func
    if isinstance(func, ast.Name):
        return func.id == "RecognitionCase"
    return (
        isinstance(func, ast.Attribute)
        and func.attr in {"create", "update", "get_or_create", "update_or_create"}
        and "RecognitionCase" in ast.unparse(func.value)
    )


def raw_column_uses(source: str) -> list[str]:
    """Where ``source`` reads or writes a case's JSON column by its name, as ``line: code``."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Attribute) and node.attr in COLUMNS and _holds_a_case(node.value):
            found.append(f"{node.lineno}: {ast.unparse(node)}")
        elif isinstance(node, ast.Call) and _creates_a_case(node):
            found += [f"{node.lineno}: {k.arg}=" for k in node.keywords if k.arg in COLUMNS]
    return sorted(found, key=lambda f: int(f.partition(":")[0]))


TEMPLATE_USE = re.compile(r"\bcase\.(" + "|".join(sorted(COLUMNS)) + r")\b")


def test_no_module_but_the_models_touches_a_case_column_by_its_name() -> None:
    offenders = {}
    for path in sorted(WEB.rglob("*.py")):
        if path in ALLOWED or "migrations" in path.parts:
            continue
        uses = raw_column_uses(path.read_text(encoding="utf-8"))
        if uses:
            offenders[str(path.relative_to(WEB))] = uses
    for path in sorted(WEB.rglob("*.html")) + sorted(WEB.rglob("*.txt")):
        uses = [m.group(0) for m in TEMPLATE_USE.finditer(path.read_text(encoding="utf-8"))]
        if uses:
            offenders[str(path.relative_to(WEB))] = uses
    assert offenders == {}


def test_the_scan_finds_a_subscript_a_get_an_assignment_and_a_keyword() -> None:
    source = (
        "x = case.evidence[0]\n"
        "y = self.case.lo_suggestions.get('backend')\n"
        "new_case.procedure = {}\n"
        "RecognitionCase.objects.create(target_request={})\n"
        "z = doc.target.id\n"  # a case document's target, not the column
    )
    assert raw_column_uses(source) == [
        "1: case.evidence",
        "2: self.case.lo_suggestions",
        "3: new_case.procedure",
        "4: target_request=",
    ]


def _dumped(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)  # key order kept: byte for byte


def assert_columns_round_trip(case: RecognitionCase) -> None:
    """Each column of ``case``, read through its typed value and written back into a fresh case,
    is the same JSON text; and the typed values read without error."""
    for column, accessor in ACCESSORS.items():
        fresh = RecognitionCase()
        setattr(fresh, accessor, getattr(case, accessor))
        assert _dumped(getattr(fresh, column)) == _dumped(getattr(case, column)), (case.reference, column)
    for ev in case.credential_evidence:
        assert ev.kind in {"record", "register_entry", "signed_credential"}
        assert ev.credential_id
        _ = (ev.code, ev.title, ev.issuer_id, ev.issuer_name, ev.workload, ev.level, ev.verification)
    for report in case.intake_reports:
        _ = (report.valid, report.checks, report.note_code, report.holder_binding)
    _ = [(a.action, a.sources, a.coverage) for a in case.matrix_actions]
    _ = [(s.target_lo, s.score) for s in case.suggestions.suggestions]
    if (target := case.target_component) is not None:
        assert target.doc.id == target.id
    if (decided_on := case.canonical_input) is not None:
        assert decided_on.parse(source=case.reference).target.programme.id == decided_on.programme_id


JSON_SCALARS = st.none() | st.booleans() | st.integers() | st.text(max_size=8)
JSON = st.recursive(
    JSON_SCALARS,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3),
    max_leaves=12,
)
KEPT = (TargetRequest, Evidence, IntakeReport, LoSuggestions, LoAction, CaseTarget, StoredCase, CaseProcedure)


@given(st.sampled_from(KEPT), st.dictionaries(st.text(max_size=10), JSON, max_size=6))
def test_any_stored_document_reads_back_byte_for_byte(kind: Any, doc: dict[str, Any]) -> None:
    value = kind.from_json(doc)
    assert _dumped(value.to_json()) == _dumped(doc)
    assert value == kind.from_json(json.loads(_dumped(doc)))


def test_a_value_does_not_share_its_document_with_the_caller() -> None:
    doc = {"kind": "record", "record": {"credential_id": "urn:uuid:1", "title": "Econometrics"}}
    value = Evidence.from_json(doc)
    doc["record"]["title"] = "changed"
    value.to_json()["record"]["title"] = "changed too"
    assert value.title == "Econometrics"


def test_the_values_the_desk_builds_have_the_columns_shape() -> None:
    assert TargetRequest.of(title="Data", code="D1").to_json() == {"title": "Data", "code": "D1"}
    assert TargetRequest.of(title="Data", code="", register_version="v").to_json() == {
        "title": "Data",
        "code": "",
        "register_version": "v",
    }
    assert list(LoAction.of(action="SIGNED_OFF", target_lo="", sources=[], actor="a", at="t").to_json()) == [
        "action",
        "target_lo",
        "sources",
        "actor",
        "at",
    ]
    confirmed = LoAction.of(
        action="CONFIRMED", target_lo="LO1", sources=["c#1"], coverage="FULL", actor="a", at="t", note=None
    )
    assert _dumped(confirmed.to_json()) == _dumped(
        {
            "action": "CONFIRMED",
            "target_lo": "LO1",
            "sources": ["c#1"],
            "coverage": "FULL",
            "actor": "a",
            "at": "t",
            "note": None,
        }
    )
