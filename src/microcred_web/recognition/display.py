"""What the case page shows, prepared from the stored case (no writes, no decisions)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from microcred.errors import MicrocredError
from microcred.verification import Check as CoreCheck
from microcred_web.recognition import adapters
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
    if not case.target:
        return None
    try:
        sources = adapters.source_outcomes(case.evidence)
        doc = adapters.lo_matrix_doc(
            case.lo_suggestions, case.lo_actions, (case.imported_input or {}).get("lo_matrix")
        )
    except MicrocredError:
        return None
    suggestions = {(s["target_lo"], s["source"]): s for s in case.lo_suggestions.get("suggestions", [])}
    states: dict[tuple[str, str], str] = {}
    for a in case.lo_actions:
        for s in a.get("sources", []):
            if a["action"] in ("CONFIRMED", "REJECTED"):
                states[(a["target_lo"], s)] = a["action"]
    confirmed = {r["target_lo"]: r for r in (doc or {}).get("rows", [])}
    rows = []
    for lo in case.target.get("learning_outcomes", []):
        cells = []
        for src in sources:
            key = f"{src.credential_id}#{src.id}"
            s = suggestions.get((lo["id"], key))
            cells.append(
                Cell(
                    source=key,
                    score=s["score"] if s else "",
                    band=s["band"] if s else "",
                    bloom_ok=s["bloom_ok"] if s else None,
                    proposed=s["proposed_coverage"] if s else "",
                    state=states.get((lo["id"], key), ""),
                )
            )
        row = confirmed.get(lo["id"], {})
        rows.append(
            MatrixRow(
                id=lo["id"],
                text=lo["text"],
                bloom=lo.get("bloom_level") or "",
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
        backend=str(case.lo_suggestions.get("backend") or ""),
        thresholds=dict(case.lo_suggestions.get("thresholds") or {}),
    )


def evidence_of(case: RecognitionCase) -> list[dict[str, Any]]:
    """Each credential with its verification report, for people."""
    out = []
    reports = case.verification_reports or []
    for i, ev in enumerate(case.evidence or []):
        report = reports[i] if i < len(reports) else (reports[0] if reports else {})
        if ev["kind"] == "record":
            rec = ev["record"]
        elif ev["kind"] == "signed_credential":
            rec = ev["claimed"]
        else:
            rec = {
                "credential_id": ev["award"]["credential_id"],
                "title": (ev.get("spec") or {}).get("title", {}).get("en"),
            }
            if ev.get("spec"):
                rec["spec_id"] = ev["spec"].get("code")
        workload = rec.get("workload") or {}
        level = rec.get("level") or {}
        out.append(
            {
                "kind": ev["kind"],
                "credential_id": rec.get("credential_id"),
                "title": rec.get("title") or "",
                "code": rec.get("spec_id") or "",
                "issuer": (rec.get("issuer") or {}).get("name", ""),
                "issued_on": rec.get("issued_on") or "",
                "workload": " · ".join(
                    x
                    for x in (
                        " ".join(str(x) for x in (workload.get("credits"), workload.get("system")) if x),
                        f"{workload['hours']} h" if workload.get("hours") else "",
                    )
                    if x
                ),
                "level": f"{level.get('framework')}:{level.get('value')}"
                if level.get("framework")
                else (level.get("label") or ""),
                "verification": rec.get("verification") or ev.get("verification") or [],
                "report": report,
                "checks": checks_of(report),
                "note": note_of(report),
            }
        )
    return out


def note_of(report: dict[str, Any]) -> str:
    """The note of a credential that was not verified at intake, in the active language."""
    from django.utils.translation import gettext

    code = (report or {}).get("note_code")
    if code == "imported":
        return gettext("Imported case file: the verification is as the file records it.")
    if code == "register_entry":
        return gettext("A register entry named by the learner: not a signed credential, not verified.")
    return str((report or {}).get("note") or "")


def checks_of(report: dict[str, Any]) -> list[dict[str, str]]:
    """The verification checks recorded at intake, each said in the active language by its code
    (ADR 0606), as the credential page says them; the core's English reason stays a detail."""
    from microcred_web.credentials.verifying import Report, _describe

    rows = [c for c in (report or {}).get("checks") or [] if isinstance(c, dict)]
    signed = any(c.get("check") == "proof" and c.get("state") == "passed" for c in rows)
    out = []
    for c in rows:
        try:
            core = CoreCheck(
                name=c["check"],
                state=c["state"],
                code=str(c.get("code") or ""),
                reason=str(c.get("reason") or ""),
                params=dict(c.get("params") or {}),
            )
            said = _describe(core, report=Report(credential=None), signed=signed)
            summary = said.summary
        except (KeyError, TypeError, ValueError):
            summary = str(c.get("reason") or "")
        out.append({"check": str(c.get("check", "")), "state": str(c.get("state", "")), "summary": summary})
    return out


def standards_of(proposal: dict[str, Any] | None) -> list[dict[str, Any]]:
    if not proposal:
        return []
    return list(proposal.get("standards", []))
