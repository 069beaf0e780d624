"""The JSON columns of a recognition case, read and written through typed values (ADR 0859).

Each value keeps the document it was read from exactly as it was stored and gives typed access
to the parts the desk reads (the approach of ADR 0857's ``Proposal``): ``from_json`` keeps a copy
of the document, ``to_json`` returns a copy of it, so a column read and written again is byte for
byte the same, and stored cases, their logs, their audit hashes and their replays are unchanged.
The values that the desk builds itself (a requested target, an intake report, a matrix action,
LO suggestions) are made by one constructor each, which writes the document in the shape the
column always had.

Only ``recognition.models`` (the accessors of ``RecognitionCase``) touches the columns; every
other module reaches them through these values (enforced by
``tests/web/recognition/test_case_columns_are_typed.py``).
"""

from __future__ import annotations

import copy
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Self

from microcred.recognition.case import CaseDoc, TargetDoc, parse_case_doc


def _text(value: Any) -> str:
    """A multilingual title (``{"en": ...}``) or a plain one, as text."""
    if isinstance(value, dict):
        return str(value.get("en") or next(iter(value.values()), "") or "")
    return str(value or "")


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


@dataclass(frozen=True, eq=False)
class _Kept:
    """A stored JSON object kept exactly, read through typed properties."""

    _doc: Mapping[str, Any] = field(repr=False)

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Self:
        return cls(copy.deepcopy(dict(data)))

    def to_json(self) -> dict[str, Any]:
        """The document as stored (a copy)."""
        return copy.deepcopy(dict(self._doc))

    def __bool__(self) -> bool:
        return bool(self._doc)

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and self._doc == other._doc

    def __hash__(self) -> int:
        return hash(type(self).__name__)


# ------------------------------------------------------------------------------ target_request


class TargetRequest(_Kept):
    """What the learner asked for (``target_request``): the course's title and code, and the
    register version when the learner picked the host's published entry (ADR 0810)."""

    @classmethod
    def of(cls, *, title: str, code: str, register_version: str | None = None) -> TargetRequest:
        doc: dict[str, str] = {"title": title, "code": code}
        if register_version is not None:
            doc["register_version"] = register_version
        return cls(doc)

    @property
    def title(self) -> str:
        return str(self._doc.get("title") or "")

    @property
    def code(self) -> str:
        return str(self._doc.get("code") or "")

    @property
    def register_version(self) -> str | None:
        value = self._doc.get("register_version")
        return None if value is None else str(value)


# ------------------------------------------------------------------------------ evidence


@dataclass(frozen=True)
class VerificationEntry:
    """One recorded verification of a credential (the case format's ``VerificationDoc``,
    docs/recognition-case-format.md "verification")."""

    method: str
    outcome: str
    checker: str
    checked_at: str
    payload_sha256: str

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> VerificationEntry:
        return cls(
            method=str(data.get("method") or ""),
            outcome=str(data.get("outcome") or ""),
            checker=str(data.get("checker") or ""),
            checked_at=str(data.get("checked_at") or ""),
            payload_sha256=str(data.get("payload_sha256") or ""),
        )


class Evidence(_Kept):
    """One credential of the case in the case format (``evidence``; docs/recognition-case-format.md
    "credentials": a ``record``, a ``register_entry`` or a ``signed_credential``, the core's
    ``RecordEvidence``/``RegisterEntryEvidence``/``SignedCredentialEvidence``). The document is kept
    as written (re-serialising through pydantic would change numbers and add defaults, ADR 0857)."""

    @property
    def kind(self) -> str:
        return str(self._doc.get("kind") or "")

    @property
    def _part(self) -> dict[str, Any]:
        """The record-like part that names the credential: ``claimed``, ``award`` or ``record``."""
        for key in ("claimed", "award", "record"):
            part = self._doc.get(key)
            if isinstance(part, dict) and part.get("credential_id"):
                return part
        return {}

    @property
    def _described(self) -> dict[str, Any]:
        """The record that describes the credential: the record, or the one a signed credential
        claims (a register entry is described by its specification, not here)."""
        if self.kind == "record":
            return _dict(self._doc.get("record"))
        if self.kind == "signed_credential":
            return _dict(self._doc.get("claimed"))
        return {}

    @property
    def _spec(self) -> dict[str, Any]:
        return _dict(self._doc.get("spec"))

    @property
    def credential_id(self) -> str:
        return str(self._part.get("credential_id") or "")

    @property
    def code(self) -> str:
        """The register code: the specification of a register entry, or the one a credential claims."""
        if self.kind == "register_entry":
            return str(self._spec.get("code") or "")
        return str(self._described.get("spec_id") or "")

    @property
    def title(self) -> str:
        return _text(self._part.get("title")) or _text(self._spec.get("title"))

    @property
    def issuer_id(self) -> str:
        issuer = self._part.get("issuer")
        if isinstance(issuer, dict) and issuer.get("id"):
            return str(issuer["id"])
        bodies = self._spec.get("awarding_bodies") or []
        if bodies and isinstance(bodies[0], dict):
            return str(bodies[0].get("id") or bodies[0].get("slug") or "")
        return ""

    @property
    def issuer_name(self) -> str:
        return str(_dict(self._described.get("issuer")).get("name") or "")

    @property
    def issued_on(self) -> str:
        return str(self._described.get("issued_on") or "")

    @property
    def workload(self) -> str:
        """Credits, system and hours as the credential states them, e.g. ``6 ECTS · 150 h``."""
        w = _dict(self._described.get("workload"))
        credits = " ".join(str(x) for x in (w.get("credits"), w.get("system")) if x)
        hours = f"{w['hours']} h" if w.get("hours") else ""
        return " · ".join(x for x in (credits, hours) if x)

    @property
    def level(self) -> str:
        """``FRAMEWORK:VALUE``, else the level's label."""
        level = _dict(self._described.get("level"))
        if level.get("framework"):
            return f"{level.get('framework')}:{level.get('value')}"
        return str(level.get("label") or "")

    @property
    def verification(self) -> tuple[VerificationEntry, ...]:
        entries = self._described.get("verification") or self._doc.get("verification") or []
        return tuple(VerificationEntry.from_json(v) for v in entries if isinstance(v, dict))

    @property
    def payload_sha256(self) -> str | None:
        """The SHA-256 of the verified payload, as the first recorded verification states it."""
        found = next(
            (v.get("payload_sha256") for v in self._doc.get("verification") or [] if isinstance(v, dict)),
            None,
        )
        return None if found is None else str(found)

    @property
    def programme_qa(self) -> bool:
        """A register entry accredited as a programme: it keeps its own QA statement (ADR 0810)."""
        qa = _dict(self._spec.get("quality_assurance"))
        return str(qa.get("type", "")).startswith("programme")

    @property
    def signed_document(self) -> dict[str, Any] | None:
        """The signed credential (JSON) as verified at intake; ``None`` for a compact JWS or a
        credential that is not signed (the outside document, parsed at the verifier's edge)."""
        if self.kind != "signed_credential":
            return None
        document = self._doc.get("document")
        return copy.deepcopy(document) if isinstance(document, dict) else None


def evidence_json(entries: Iterable[Evidence]) -> list[dict[str, Any]]:
    """The case format's ``credentials`` list of these entries, as stored."""
    return [e.to_json() for e in entries]


# ------------------------------------------------------------------------------ verification_reports


@dataclass(frozen=True)
class IntakeCheck:
    """One check of ``microcred.verification`` as recorded at intake (ADR 0606 codes)."""

    check: str
    state: str
    code: str
    reason: str
    params: Mapping[str, Any]


class IntakeReport(_Kept):
    """What ``microcred.verification.inspect`` reported on a credential at intake, for people
    (``verification_reports``, one per credential of ``evidence``, in the same order)."""

    @classmethod
    def of(cls, *, note: str, note_code: str, **rest: Any) -> IntakeReport:
        return cls({**rest, "note": note, "note_code": note_code})

    @property
    def valid(self) -> bool | None:
        value = self._doc.get("valid")
        return None if value is None else bool(value)

    @property
    def checks(self) -> tuple[IntakeCheck, ...]:
        return tuple(
            IntakeCheck(
                check=str(c.get("check") or ""),
                state=str(c.get("state") or ""),
                code=str(c.get("code") or ""),
                reason=str(c.get("reason") or ""),
                params=dict(_dict(c.get("params"))),
            )
            for c in self._doc.get("checks") or []
            if isinstance(c, dict)
        )

    @property
    def note(self) -> str:
        return str(self._doc.get("note") or "")

    @property
    def note_code(self) -> str:
        return str(self._doc.get("note_code") or "")

    @property
    def holder_binding(self) -> str:
        return str(self._doc.get("holder_binding") or "")


# ------------------------------------------------------------------------------ LO suggestions and actions


@dataclass(frozen=True)
class StoredSuggestion:
    """One suggested pair of learning outcomes (recognition.md §8.2 step 5; ``lo_compare.Suggestion``
    with its decimals as text)."""

    target_lo: str
    source: str
    score: str
    esco_overlap: str
    bloom_target: str | None
    bloom_source: str | None
    bloom_ok: bool | None
    band: str
    proposed_coverage: str
    backend: str

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> StoredSuggestion:
        return cls(
            target_lo=str(data["target_lo"]),
            source=str(data["source"]),
            score=str(data["score"]),
            esco_overlap=str(data.get("esco_overlap") or "0"),
            bloom_target=data.get("bloom_target"),
            bloom_source=data.get("bloom_source"),
            bloom_ok=data.get("bloom_ok"),
            band=str(data.get("band") or ""),
            proposed_coverage=str(data.get("proposed_coverage") or ""),
            backend=str(data.get("backend") or ""),
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "target_lo": self.target_lo,
            "source": self.source,
            "score": self.score,
            "esco_overlap": self.esco_overlap,
            "bloom_target": self.bloom_target,
            "bloom_source": self.bloom_source,
            "bloom_ok": self.bloom_ok,
            "band": self.band,
            "proposed_coverage": self.proposed_coverage,
            "backend": self.backend,
        }


class LoSuggestions(_Kept):
    """The suggested LO pairs of the case (``lo_suggestions``), stored so the human actions refer
    to fixed data (recognition.md §8.2); empty until the target and a source outcome are known."""

    @classmethod
    def of(
        cls,
        *,
        backend: str,
        backend_version: str,
        likely: str,
        possible: str,
        suggestions: Iterable[StoredSuggestion],
    ) -> LoSuggestions:
        return cls(
            {
                "backend": backend,
                "backend_version": backend_version,
                "thresholds": {"likely": likely, "possible": possible},
                "suggestions": [s.to_json() for s in suggestions],
            }
        )

    @property
    def backend(self) -> str:
        return str(self._doc.get("backend") or "")

    @property
    def backend_version(self) -> str:
        return str(self._doc.get("backend_version") or "")

    @property
    def thresholds(self) -> dict[str, str]:
        """``likely`` and ``possible`` as text; empty when none were stored."""
        return {str(k): str(v) for k, v in _dict(self._doc.get("thresholds")).items()}

    @property
    def suggestions(self) -> tuple[StoredSuggestion, ...]:
        return tuple(StoredSuggestion.from_json(s) for s in self._doc.get("suggestions") or [])


class LoAction(_Kept):
    """A person's action on the outcome matrix (recognition.md §8.2 step 6; ``lo_actions``):
    ``CONFIRMED``, ``REJECTED``, ``EDITED`` or ``ADDED`` a row, or ``SIGNED_OFF`` the matrix.
    It is also the payload of the ``LO_*`` event, as stored."""

    @classmethod
    def of(
        cls,
        *,
        action: str,
        target_lo: str,
        sources: list[str],
        actor: str,
        at: str,
        coverage: str | None = None,
        note: str | None = None,
    ) -> LoAction:
        """A new action, in the column's shape (a sign-off has no coverage and no note)."""
        doc: dict[str, Any] = {"action": action, "target_lo": target_lo, "sources": list(sources)}
        if action != "SIGNED_OFF":
            doc["coverage"] = coverage
        doc.update(actor=actor, at=at)
        if action != "SIGNED_OFF":
            doc["note"] = note
        return cls(doc)

    @property
    def action(self) -> str:
        return str(self._doc["action"])

    @property
    def target_lo(self) -> str:
        return str(self._doc.get("target_lo") or "")

    @property
    def sources(self) -> tuple[str, ...]:
        return tuple(str(s) for s in self._doc.get("sources") or [])

    @property
    def coverage(self) -> str | None:
        value = self._doc.get("coverage")
        return str(value) if value else None

    @property
    def actor(self) -> str:
        return str(self._doc.get("actor") or "")

    @property
    def at(self) -> str:
        return str(self._doc.get("at") or "")

    @property
    def note(self) -> str | None:
        value = self._doc.get("note")
        return None if value is None else str(value)


# ------------------------------------------------------------------------------ case documents


class CaseTarget(_Kept):
    """The target component in the case format (``target``; recognition.md §4.1 TargetComponent,
    the core's ``TargetDoc``), kept as written: an imported case file's target is not rebuilt."""

    @property
    def doc(self) -> TargetDoc:
        return TargetDoc.model_validate(self._doc)

    @property
    def id(self) -> str:
        return str(self._doc.get("id") or "")

    @property
    def title(self) -> str:
        return str(self._doc.get("title") or "")

    @property
    def credit_system(self) -> str:
        return str(self._doc.get("credit_system") or "")

    @property
    def programme_id(self) -> str:
        return str(_dict(self._doc.get("programme")).get("id") or "")

    @property
    def programme_title(self) -> str:
        return str(_dict(self._doc.get("programme")).get("title") or "")

    @property
    def credits_as_stored(self) -> Any:
        """The credits as the document writes them (text or number), for the precedents' JSON."""
        return self._doc.get("credits")

    @property
    def level_as_stored(self) -> str | None:
        value = self._doc.get("level")
        return None if value is None else str(value)


class StoredCase(_Kept):
    """A whole case in the core's format (docs/recognition-case-format.md): the canonical case a
    proposal was decided on (``case_input``) or a case file imported as a whole (``imported_input``)."""

    def parse(self, *, source: str) -> CaseDoc:
        return parse_case_doc(self.to_json(), source=source)

    @property
    def programme_id(self) -> str:
        return str(_dict(_dict(self._doc.get("target")).get("programme")).get("id") or "")

    @property
    def agreements_json(self) -> list[dict[str, Any]]:
        """The agreements the case carries inline (recognition-case-format "agreements"), as stored,
        for the core's ``parse_agreement``."""
        return [copy.deepcopy(a) for a in self._doc.get("agreements") or [] if isinstance(a, dict)]

    def carries_agreement(self, ref: str) -> dict[str, Any] | None:
        """The agreement ``ID@VERSION`` the case carries, as stored, or ``None``."""
        return next(
            (a for a in self.agreements_json if f"{a.get('agreement_id')}@{a.get('version')}" == ref), None
        )


class CaseProcedure(_Kept):
    """The procedure of the agreement that governed the proposal (``procedure``; the core's
    ``agreements.Procedure``, recognition.md §5), as the engine dumped it."""

    @property
    def appeal_deadline_days(self) -> int:
        return int(self._doc.get("appeal_deadline_days", 30))

    @property
    def appeal_body(self) -> str | None:
        value = self._doc.get("appeal_body")
        return None if value is None else str(value)
