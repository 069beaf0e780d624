"""What the case page shows, prepared from the stored case (no writes, no decisions)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from microcred.errors import MicrocredError
from microcred.verification import Check as CoreCheck
from microcred_web.recognition import adapters
from microcred_web.recognition.columns import IntakeReport
from microcred_web.recognition.models import RecognitionCase


@dataclass
class Cell:
    source: str
    score: str = ""
    band: str = ""
    bloom_ok: bool | None = None
    proposed: str = ""
    state: str = ""  # CONFIRMED | REJECTED | "" (open)


@dataclass
class MatrixRow:
    id: str
    text: str
    bloom: str
    cells: list[Cell]
    coverage: str = ""
    sources: list[str] = field(default_factory=list)
    by: str = ""
    action: str = ""
    note: str = ""


@dataclass
class Matrix:
    sources: list[dict[str, str]]
    rows: list[MatrixRow]
    complete: bool
    reviewer: str
    backend: str
    thresholds: dict[str, str]


def matrix_of(case: RecognitionCase) -> Matrix | None:
    """The outcome matrix: target outcomes (rows) x source outcomes (columns), with the
    suggestions, the human actions on them and the confirmed coverage of each row."""
    target = case.target_doc
    if target is None:
        return None
    suggested, actions = case.suggestions, case.matrix_actions
    imported = case.imported_case
    try:
        sources = adapters.source_outcomes(case.credential_evidence)
        doc = adapters.lo_matrix_doc(
            suggested, actions, imported.to_json().get("lo_matrix") if imported is not None else None
        )
    except MicrocredError:
        return None
    suggestions = {(s.target_lo, s.source): s for s in suggested.suggestions}
    states: dict[tuple[str, str], str] = {}
    for a in actions:
        for src in a.sources:
            if a.action in ("CONFIRMED", "REJECTED"):
                states[(a.target_lo, src)] = a.action
    confirmed = {r["target_lo"]: r for r in (doc or {}).get("rows", [])}
    rows = []
    for lo in target.learning_outcomes:
        cells = []
        for src_lo in sources:
            key = f"{src_lo.credential_id}#{src_lo.id}"
            s = suggestions.get((lo.id, key))
            cells.append(
                Cell(
                    source=key,
                    score=s.score if s else "",
                    band=s.band if s else "",
                    bloom_ok=s.bloom_ok if s else None,
                    proposed=s.proposed_coverage if s else "",
                    state=states.get((lo.id, key), ""),
                )
            )
        row = confirmed.get(lo.id, {})
        rows.append(
            MatrixRow(
                id=lo.id,
                text=lo.text,
                bloom=lo.bloom_level or "",
                cells=cells,
                coverage=row.get("coverage", ""),
                sources=row.get("sources", []),
                by=row.get("actor", ""),
                action=row.get("action", ""),
                note=row.get("note") or "",
            )
        )
    labels = {e["credential_id"]: e["code"] or e["title"] or e["credential_id"] for e in evidence_of(case)}
    return Matrix(
        sources=[
            {
                "key": f"{s.credential_id}#{s.id}",
                "id": s.id,
                "credential": labels.get(s.credential_id, s.credential_id),
                "text": s.text,
                "bloom": s.bloom_level or "",
            }
            for s in sources
        ],
        rows=rows,
        complete=bool((doc or {}).get("complete")),
        reviewer=str((doc or {}).get("reviewer") or ""),
        backend=suggested.backend,
        thresholds=suggested.thresholds,
    )


def evidence_of(case: RecognitionCase) -> list[dict[str, Any]]:
    """Each credential with its verification report, for people."""
    out = []
    reports = case.intake_reports
    for i, ev in enumerate(case.credential_evidence):
        report = reports[i] if i < len(reports) else (reports[0] if reports else IntakeReport({}))
        out.append(
            {
                "kind": ev.kind,
                "credential_id": ev.credential_id,
                "title": ev.title,
                "code": ev.code,
                "issuer": ev.issuer_name,
                "issued_on": ev.issued_on,
                "workload": ev.workload,
                "level": ev.level,
                "verification": ev.verification,
                "report": report,
                "checks": checks_of(report),
                "note": note_of(report),
            }
        )
    return out


def note_of(report: IntakeReport) -> str:
    """The note of a credential that was not verified at intake, in the active language."""
    from django.utils.translation import gettext

    if report.note_code == "imported":
        return gettext("Imported case file: the verification is as the file records it.")
    if report.note_code == "register_entry":
        return gettext("A register entry named by the learner: not a signed credential, not verified.")
    return report.note


def checks_of(report: IntakeReport) -> list[dict[str, str]]:
    """The verification checks recorded at intake, each said in the active language by its code
    (ADR 0606), as the credential page says them; the core's English reason stays a detail."""
    from microcred_web.credentials.verifying import Report, _describe

    rows = report.checks
    signed = any(c.check == "proof" and c.state == "passed" for c in rows)
    out = []
    for c in rows:
        try:
            core = CoreCheck(name=c.check, state=c.state, code=c.code, reason=c.reason, params=dict(c.params))  # type: ignore[arg-type]
            said = _describe(core, report=Report(credential=None), signed=signed)
            summary = said.summary
        except (KeyError, TypeError, ValueError):
            summary = c.reason
        out.append({"check": c.check, "state": c.state, "summary": summary})
    return out


def standards_of(proposal: dict[str, Any] | None) -> list[dict[str, Any]]:
    if not proposal:
        return []
    return list(proposal.get("standards", []))
