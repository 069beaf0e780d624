"""The rationale report (recognition.md §4.4 "Rationale report") as JSON and as text.

The JSON is deterministic (no wall-clock time, Decimals as strings, sorted where order is not
meaningful), so ``replay`` can compare it byte for byte (§6.7).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from microcred.recognition.agreements import ResolvedAgreement
from microcred.recognition.engine import ENGINE_VERSION
from microcred.recognition.rounding import fmt
from microcred.recognition.values import (
    Award,
    Decision,
    Finding,
    Indicator,
    Materiality,
    MissingItem,
    Outcome,
    Result,
    StandardResult,
)
from microcred.reference import ReferenceData

REPORT_FORMAT = "microcred-recognition-decision"
JsonObj = dict[str, Any]


def _dec(value: Decimal | None) -> str | None:
    return None if value is None else fmt(value)


def _inds(items: Sequence[Indicator]) -> JsonObj:
    out: JsonObj = {}
    for i in items:
        out[i.name] = i.value if i.name not in out else f"{out[i.name]}; {i.value}"
    return out


def _finding(f: Finding) -> JsonObj:
    return {
        "standard": f.standard,
        "rule_id": f.rule_id,
        "rule_version": f.rule_version,
        "lrc_element": f.element.value,
        "code": f.code,
        "subject": f.subject,
        "observed": f.observed,
        "required": f.required,
        "materiality": f.materiality.value,
        "explanation": f.explanation,
        "remedy": None
        if f.remedy is None
        else {"type": f.remedy.type, "description": f.remedy.description, "scope": list(f.remedy.scope)},
        "alternatives": list(f.alternatives),
        "override": None
        if f.override is None
        else {
            "by": f.override.actor,
            "approved_by": f.override.approved_by,
            "justification": f.override.justification,
            "previous_materiality": f.override.previous.value if f.override.previous else None,
        },
    }


def _missing(m: MissingItem) -> JsonObj:
    """A missing item; ``code`` and ``params`` only where the engine gave them (ADR 0530), so
    items recorded before replay byte for byte."""
    out: JsonObj = {"item": m.item, "where": m.where, "supplier": m.supplier}
    if m.code is not None:
        out["code"] = m.code
        out["params"] = dict(m.params)
    return out


def _standard(r: StandardResult) -> JsonObj:
    return {
        "standard": r.standard,
        "title": r.title,
        "lrc_element": r.element.value,
        "rule": f"{r.rule_id}@{r.rule_version}",
        "subject": r.subject,
        "result": r.result.value,
        "indicators": _inds(r.indicators),
        "findings": [_finding(f) for f in r.findings],
        "missing": [m.item for m in r.missing],
        "notes": list(r.notes),
    }


def _award(a: Award | None) -> JsonObj | None:
    if a is None:
        return None
    return {
        "outcome": a.outcome.value,
        "recognition_type": a.recognition_type.value,
        "credits_awarded": _dec(a.credits_awarded),
        "credit_system": a.credit_system,
        "reasons": list(a.reasons),
        "remainder": None
        if a.remainder is None
        else {
            "type": a.remainder.type,
            "description": a.remainder.description,
            "scope": list(a.remainder.scope),
            "credits": _dec(a.remainder.credits),
        },
    }


@dataclass(frozen=True)
class Versions:
    engine: str
    rules: tuple[str, ...]
    agreement: str
    agreement_chain: tuple[str, ...]
    reference_data: tuple[tuple[str, str], ...]

    def as_dict(self) -> JsonObj:
        return {
            "engine": self.engine,
            "rules": list(self.rules),
            "agreement": self.agreement,
            "agreement_chain": list(self.agreement_chain),
            "reference_data": dict(self.reference_data),
        }


def versions_of(decision: Decision, agreement: ResolvedAgreement, refdata: ReferenceData) -> Versions:
    rules = sorted(
        {f"{r.rule_id}@{r.rule_version}" for r in decision.standards}, key=lambda s: int(s[1:].split("@")[0])
    )
    return Versions(
        ENGINE_VERSION, tuple(rules), agreement.ref, agreement.chain, tuple(sorted(refdata.versions.items()))
    )


def _gate(d: Decision) -> tuple[JsonObj, list[str]] | None:
    """The gate a refusal stopped at (S1: authenticity, revocation, holder identity), and the
    standards that were evaluated beside it but not relied on (ADR 0501, ADR 0530)."""
    if not d.integrity_flag:
        return None
    failed = next(
        (
            f
            for r in d.standards
            if r.standard == "S1" and r.result is Result.FAIL
            for f in r.findings
            if f.materiality is Materiality.SUBSTANTIAL
        ),
        None,
    )
    if failed is None:
        return None
    title = next(r.title for r in d.standards if r.standard == "S1")
    gate = {
        "standard": failed.standard,
        "title": title,
        "code": failed.code,
        "subject": failed.subject,
        "observed": failed.observed,
        "reason": failed.explanation,
    }
    return gate, list(dict.fromkeys(r.standard for r in d.standards if r.standard != failed.standard))


def _steps(d: Decision) -> list[JsonObj]:
    """The arithmetic shown: none behind a failed gate (the figures rest on fields it says cannot
    be relied on); for a CONDITIONAL decision only the award that follows the condition."""
    if _gate(d) is not None:
        return []
    steps = d.credits.steps
    if d.outcome is Outcome.CONDITIONAL and d.on_condition_met is not None:
        keep = f"credits if {d.on_condition_met.outcome.value}"
        steps = tuple(s for s in steps if not s.label.startswith("credits if ") or s.label == keep)
    return [{"label": s.label, "expression": s.expression, "value": s.value} for s in steps]


def _applies_when(d: Decision) -> str:
    if d.outcome is Outcome.CONDITIONAL:
        # recognition.md §4.4: nothing is awarded until the conditions are met
        return "the conditions are met (after the decision is confirmed)"
    return "the decision is confirmed (FINAL)" if d.award is not None else "never"


def decision_json(decision: Decision, agreement: ResolvedAgreement, refdata: ReferenceData) -> JsonObj:
    """The machine-readable decision with its full rationale.

    A refusal at a gate (S1) adds ``gate`` (the check, its code and reason) and ``not_relied_on``
    (the other standards, still shown, ADR 0501); both keys are absent otherwise, so decisions
    recorded before them replay byte for byte."""
    d = decision
    findings = d.findings
    p = agreement.parameters
    gate = _gate(d)
    out = {
        "format": REPORT_FORMAT,
        "format_version": "1.0",
        "status": "PROPOSED",
        "case_id": d.case_id,
        "purpose": d.purpose.value,
        "outcome": d.outcome.value,
        "recognition_type": d.purpose.value,
        "credits_awarded": _dec(d.award.credits_awarded) if d.award else None,
        "credit_system": d.credits.credit_system,
        "credits_requested": _dec(d.credits.requested),
        "award": _award(d.award),
        "conditions": [
            {
                "type": c.type,
                "description": c.description,
                "scope": list(c.scope),
                "deadline": c.deadline.isoformat() if c.deadline else None,
                "from_finding": c.from_finding,
            }
            for c in d.conditions
        ],
        "on_condition_met": _award(d.on_condition_met),
        "refusal_grounds": list(d.refusal_grounds),
        "integrity_flag": d.integrity_flag,
        "substantial_differences": [
            _finding(f) for f in findings if f.materiality is Materiality.SUBSTANTIAL
        ],
        "remediable_differences": [_finding(f) for f in findings if f.materiality is Materiality.REMEDIABLE],
        "non_substantial_differences": [
            _finding(f) for f in findings if f.materiality is Materiality.NON_SUBSTANTIAL
        ],
        "findings": [_finding(f) for f in findings],
        "missing_information": [_missing(m) for m in d.missing],
        "information_deadline": d.information_deadline.isoformat() if d.information_deadline else None,
        "alternatives": list(d.alternatives),
        "grade": _inds(d.grade),
        "ledger_effects": {
            "consume": list(d.consumes),
            "add_credits": _inds(d.cap_effect),
            "applies_when": _applies_when(d),
        },
        "standards": [_standard(r) for r in d.standards],
        "conversion": {
            "steps": _steps(d),
            "converted_value": None if gate else _dec(d.credits.converted_value),
            "round_rule": str(p.round_rule),
        },
        "agreement": {
            "id": agreement.agreement_id,
            "version": agreement.version,
            "type": agreement.type,
            "title": agreement.title,
            "chain": list(agreement.chain),
            "notes": list(d.agreement_notes),
            "four_eyes": agreement.four_eyes,
            "overrides": {k: v for k, v in agreement.provenance if v != agreement.chain[-1]},
        },
        "appeal": _inds(d.extra).get("appeal"),
        "versions": versions_of(d, agreement, refdata).as_dict(),
    }
    if gate is not None:
        out["gate"], out["not_relied_on"] = gate
    return out


def step_text(label: str, expression: str) -> str:
    """An arithmetic step's expression as a person reads it (κ with its sum in brackets)."""
    return _kappa_text(expression) if label == "LO coverage κ" else expression


def _kappa_text(expression: str) -> str:
    """κ as a person reads it: ``(1×1 + 1×0.5) / 2``, the sum in brackets (the JSON keeps the
    expression it always had, so recorded decisions replay byte for byte)."""
    total, sep, weight = expression.rpartition(" / ")
    if not sep:
        return expression
    terms = " + ".join(t.replace("x", "×", 1) for t in total.split(" + "))
    return f"({terms}) / {weight}"


def render_text(report: JsonObj) -> str:
    """A person-readable rendering of ``decision_json`` (English; notices come later).

    A refusal at a gate leads with that gate and its reason; the other standards follow marked
    "not relied on", without their figures (ADR 0530)."""
    r = report
    gate = r.get("gate")
    not_relied = set(r.get("not_relied_on") or ())
    lines = [f"Case {r['case_id']}: {r['outcome']} ({r['purpose']})"]
    if gate:
        subject = f" ({gate['subject']})" if gate.get("subject") else ""
        lines.append(
            f"  refused at {gate['standard']} {gate['title']}{subject}: {gate['code']} - {gate['observed']}"
        )
        lines.append(f"  reason: {gate['reason']}")
    if r["credits_awarded"] is not None:
        lines.append(f"  credits awarded: {r['credits_awarded']} {r['credit_system']}")
    award = r["award"]
    if award and award["reasons"]:
        lines.append(f"  partial because: {', '.join(award['reasons'])}")
    if award and award["remainder"]:
        rem = award["remainder"]
        lines.append(f"  remainder: {rem['description']} ({rem['credits']} {r['credit_system']})")
    for c in r["conditions"]:
        lines.append(f"  condition: {c['type']} - {c['description']} (by {c['deadline']})")
    if r["on_condition_met"]:
        o = r["on_condition_met"]
        lines.append(
            f"  on condition met: {o['outcome']} {o['recognition_type']} {o['credits_awarded']} {o['credit_system']}"
        )
    if r["refusal_grounds"]:
        lines.append(f"  refusal grounds: {', '.join(r['refusal_grounds'])}")
    for m in r["missing_information"]:
        lines.append(f"  missing: {m['item']} (from {m['supplier']})")
    if r.get("information_deadline"):
        lines.append(f"  information deadline: {r['information_deadline']}")
    for a in r["alternatives"]:
        lines.append(f"  alternative: {a}")
    lines.append(
        f"  agreement: {r['agreement']['id']}@{r['agreement']['version']} (chain {' <- '.join(r['agreement']['chain'])})"
    )
    for n in r["agreement"]["notes"]:
        lines.append(f"    note: {n}")
    lines.append("Standards:")
    for s in r["standards"]:
        relied = s["standard"] not in not_relied
        result = s["result"] if relied else f"{s['result']} (not relied on)"
        lines.append(f"  {s['standard']:<4}{s['title']:<37}{s['subject']:<22} {result:<15} {s['rule']}")
        if not relied:
            for f in s["findings"]:
                lines.append(f"        [{f['materiality']}] {f['code']}")
            continue
        for k, v in s["indicators"].items():
            lines.append(f"        {k}: {v}")
        for f in s["findings"]:
            lines.append(
                f"        [{f['materiality']}] {f['code']}: observed {f['observed']}; required {f['required']} - {f['explanation']}"
            )
        for n in s["notes"]:
            lines.append(f"        note: {n}")
    if not gate:
        lines.append("Conversion:")
        for st in r["conversion"]["steps"]:
            lines.append(f"  {st['label']}: {step_text(st['label'], st['expression'])} = {st['value']}")
    if r["grade"] and not gate:
        lines.append("Grade:")
        for k, v in r["grade"].items():
            lines.append(f"  {k}: {v}")
    lines.append(f"Appeal: {r['appeal']}")
    v = r["versions"]
    lines.append(
        f"Versions: {v['engine']}; rules {', '.join(v['rules'])}; agreement {v['agreement']}; "
        + "; ".join(f"{k} {val}" for k, val in v["reference_data"].items())
    )
    return "\n".join(lines)
