"""What recognition at a partner will later rely on, said while the designer can still act.

Annex I makes supervision and identity verification (O2) optional, and a conformant
specification may leave the external QA body out; yet the recognition standards read both:
the desk compares the identity check applied with what the receiving institution requires
(docs/recognition-case-format.md, supervision), and the quality standard looks for an external
QA body or registry entry (ESG 2015 Part 2; recognition spec §5, "quality assurance"). Each note
is a code with parameters; the web layer words it and links the recognition documentation.
"""

from __future__ import annotations

from dataclasses import dataclass

from microcred.model import MicroCredentialSpec


@dataclass(frozen=True)
class RecognitionNote:
    code: str
    element: str
    path: str


def recognition_notes(spec: MicroCredentialSpec) -> tuple[RecognitionNote, ...]:
    """Notes on elements that are optional for Annex I but read by recognition."""
    notes: list[RecognitionNote] = []
    if spec.supervision is None:
        notes.append(RecognitionNote("recognition.supervision_missing", "O2", "supervision"))
    elif spec.supervision == "unsupervised_no_id":
        notes.append(RecognitionNote("recognition.supervision_unsupervised", "O2", "supervision"))
    qa = spec.quality_assurance
    if qa is None or not (qa.body or qa.registry or qa.accreditation_ref):
        notes.append(RecognitionNote("recognition.qa_body_missing", "M11", "quality_assurance.body"))
    if qa is not None and qa.internal_qa is None:
        notes.append(
            RecognitionNote("recognition.internal_qa_unstated", "M11", "quality_assurance.internal_qa")
        )
    return tuple(notes)
