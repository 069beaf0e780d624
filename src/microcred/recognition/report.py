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
from microcred.recognition.values import Award, Decision, Finding, Indicator, Materiality, StandardResult
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


def decision_json(decision: Decision, agreement: ResolvedAgreement, refdata: ReferenceData) -> JsonObj:
    """The machine-readable decision with its full rationale."""
    d = decision
    award = d.award or d.on_condition_met
    findings = d.findings
    p = agreement.parameters
    return {
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
        "missing_information": [
            {"item": m.item, "where": m.where, "supplier": m.supplier} for m in d.missing
        ],
        "information_deadline": d.information_deadline.isoformat() if d.information_deadline else None,
        "alternatives": list(d.alternatives),
        "grade": _inds(d.grade),
        "ledger_effects": {
            "consume": list(d.consumes),
            "add_credits": _inds(d.cap_effect),
            "applies_when": "the decision is confirmed (FINAL)" if award is not None else "never",
        },
        "standards": [_standard(r) for r in d.standards],
        "conversion": {
            "steps": [
                {"label": s.label, "expression": s.expression, "value": s.value} for s in d.credits.steps
            ],
            "converted_value": _dec(d.credits.converted_value),
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


def render_text(report: JsonObj) -> str:
    """A person-readable rendering of ``decision_json`` (English; notices come later)."""
    r = report
    lines = [f"Case {r['case_id']}: {r['outcome']} ({r['purpose']})"]
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
    for a in r["alternatives"]:
        lines.append(f"  alternative: {a}")
    lines.append(
        f"  agreement: {r['agreement']['id']}@{r['agreement']['version']} (chain {' <- '.join(r['agreement']['chain'])})"
    )
    for n in r["agreement"]["notes"]:
        lines.append(f"    note: {n}")
    lines.append("Standards:")
    for s in r["standards"]:
        lines.append(f"  {s['standard']:<4}{s['title']:<37}{s['subject']:<22} {s['result']:<15} {s['rule']}")
        for k, v in s["indicators"].items():
            lines.append(f"        {k}: {v}")
        for f in s["findings"]:
            lines.append(
                f"        [{f['materiality']}] {f['code']}: observed {f['observed']}; required {f['required']} - {f['explanation']}"
            )
        for n in s["notes"]:
            lines.append(f"        note: {n}")
    lines.append("Conversion:")
    for st in r["conversion"]["steps"]:
        lines.append(f"  {st['label']}: {st['expression']} = {st['value']}")
    if r["grade"]:
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
