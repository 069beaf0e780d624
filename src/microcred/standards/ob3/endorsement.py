"""Open Badges 3.0 endorsements: an organisation vouches for an achievement (ADR 1431).

OB 3.0 Appendix B.1, classes ``EndorsementCredential`` and ``EndorsementSubject``: a verifiable
credential of type ``["VerifiableCredential", "EndorsementCredential"]`` whose
``credentialSubject`` is an ``EndorsementSubject`` naming the endorsed entity by ``id`` (here the
``Achievement`` of a published micro-credential) with an optional ``endorsementComment``
(Markdown). Required by the OB 3.0 JSON Schema: ``@context``, ``type``, ``id``, ``name``,
``credentialSubject``, ``issuer``, ``validFrom``.

An endorser is not an awarding body: :func:`is_endorsement` is what the verifier asks before it
lets a key listed only as an endorser's sign anything (ADR 1432).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any, Final

from microcred.standards.ob3.constants import OB3_CONTEXT, VCDM2_CONTEXT
from microcred.standards.ob3.credential import xsd_datetime

__all__ = ["ENDORSEMENT_TYPE", "MAX_COMMENT_CHARS", "compose_endorsement", "is_endorsement"]

#: OB 3.0 Appendix B.1 EndorsementCredential: one of ``type`` MUST be this.
ENDORSEMENT_TYPE: Final = "EndorsementCredential"
#: OB 3.0 Appendix B.1 EndorsementSubject: one of its ``type`` MUST be this.
ENDORSEMENT_SUBJECT_TYPE: Final = "EndorsementSubject"
#: Our limit on ``endorsementComment`` (the standard sets none; a comment is a paragraph or two).
MAX_COMMENT_CHARS: Final = 2000


def is_endorsement(credential: Mapping[str, Any]) -> bool:
    """Whether ``credential`` claims to be an OB 3.0 ``EndorsementCredential`` (and nothing that
    awards a learner: an ``AchievementCredential``/``OpenBadgeCredential`` type disqualifies it)."""
    raw = credential.get("type")
    types = raw if isinstance(raw, list) else [raw]
    awards = {"AchievementCredential", "OpenBadgeCredential"}
    return ENDORSEMENT_TYPE in types and not awards.intersection(t for t in types if isinstance(t, str))


def compose_endorsement(
    *,
    credential_id: str,
    endorser_id: str,
    endorser_name: str,
    endorsed_id: str,
    name: str,
    valid_from: datetime,
    comment: str = "",
    endorser_url: str | None = None,
    status: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """An unsigned ``EndorsementCredential`` of ``endorsed_id`` (an Achievement's id) by the
    organisation ``endorser_id`` (its DID: the ``issuer`` Profile, OB 3.0 Appendix B.1 Profile)."""
    issuer: dict[str, Any] = {"id": endorser_id, "type": ["Profile"], "name": endorser_name}
    if endorser_url:
        issuer["url"] = endorser_url
    subject: dict[str, Any] = {"id": endorsed_id, "type": [ENDORSEMENT_SUBJECT_TYPE]}
    if comment:
        subject["endorsementComment"] = comment[:MAX_COMMENT_CHARS]
    credential: dict[str, Any] = {
        "@context": [VCDM2_CONTEXT, OB3_CONTEXT],
        "id": credential_id,
        "type": ["VerifiableCredential", ENDORSEMENT_TYPE],
        "name": name,
        "issuer": issuer,
        "validFrom": xsd_datetime(valid_from),
        "credentialSubject": subject,
    }
    if status is not None:
        credential["credentialStatus"] = dict(status)  # Bitstring Status List §2.1, so it can be revoked
    return credential
