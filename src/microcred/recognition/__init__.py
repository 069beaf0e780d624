"""The Common Recognition Mechanism (recognition.md §4-§8): standards, decision, agreements, audit.

``recognise(doc)`` is the one entry point adapters call: a canonical case document in, a
``Recognition`` out (the typed ``Decision``, the ``ResolvedAgreement`` it applied and the
deterministic JSON report).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from microcred.recognition.agreements import ResolvedAgreement, resolve_agreement
from microcred.recognition.case import CaseDoc, agreement_docs, load_case_doc, to_core
from microcred.recognition.engine import ENGINE_VERSION, decide
from microcred.recognition.report import decision_json, render_text
from microcred.recognition.values import Case, Decision, Outcome, Purpose
from microcred.reference import ReferenceData, reference_data


@dataclass(frozen=True)
class Recognition:
    case: Case
    decision: Decision
    agreement: ResolvedAgreement
    report: dict[str, Any]


def recognise(doc: CaseDoc, *, refdata: ReferenceData | None = None, source: str = "") -> Recognition:
    """Decide a canonical case document (no paths left in it; see ``case.canonicalise``)."""
    refdata = refdata or reference_data()
    case = to_core(doc, source=source)
    agreement = resolve_agreement(
        agreement_docs(doc),
        issuer_ids=[c.issuer.id if c.issuer else "" for c in case.credentials],
        host_id=case.target.institution.id,
        programme_id=case.target.programme.id,
        on=case.decision_date,
        pinned=doc.agreement_ref,
        purpose=case.purpose.value,
    )
    decision = decide(case, agreement, refdata=refdata)
    return Recognition(case, decision, agreement, decision_json(decision, agreement, refdata))


def recognise_file(path: str | Path, *, register_dirs: Sequence[Path] = ()) -> Recognition:
    doc = load_case_doc(path, register_dirs=register_dirs)
    return recognise(doc, source=str(path))


__all__ = [
    "ENGINE_VERSION",
    "CaseDoc",
    "Decision",
    "Outcome",
    "Purpose",
    "Recognition",
    "load_case_doc",
    "recognise",
    "recognise_file",
    "render_text",
]
