"""The seam to the core's Open Badges 3.0 composer.

``compose_award`` turns a published micro-credential version, a learner and an assessment result
into an unsigned OB 3.0 ``OpenBadgeCredential`` (VCDM 2.0). When the core's
``microcred.standards.ob3.compose_credential`` is available it does the work; until then a small
composer here produces the same shape with only terms the OB 3.0.3 context defines (ADR 0601:
the name as an unhashed ``name`` identifier, the e-mail as a salted hash, the DID as the subject id).
"""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from microcred.model.award import AssessmentResult, Learner
from microcred.model.language import best_text
from microcred.standards.ob3.constants import ACHIEVEMENT_TYPE, OB3_CONTEXT, VCDM2_CONTEXT
from microcred.standards.ob3.identity import identity_hash, normalise_email


def _xsd(value: datetime) -> str:
    return value.astimezone(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def _number(value: Any) -> float | int | None:
    if value in (None, ""):
        return None
    number = Decimal(str(value))
    return int(number) if number == number.to_integral_value() else float(number)


def compose_award(
    *,
    credential_id: str,
    spec: dict[str, Any],
    achievement_id: str,
    issuer: dict[str, Any],
    learner: Learner,
    result: AssessmentResult,
    email_salt: str,
    credential_status: list[dict[str, Any]],
) -> dict[str, Any]:
    """An unsigned OB 3.0 credential (OB 3.0 §B.1.1 AchievementCredential)."""
    title = best_text(spec.get("title"), "en")
    description = best_text(spec.get("description"), "en") or title
    outcomes = [best_text(lo.get("text"), "en") for lo in spec.get("learning_outcomes", [])]
    narrative = "\n".join(f"- {text}" for text in outcomes if text) or description
    achievement: dict[str, Any] = {
        "id": achievement_id,
        "type": ["Achievement"],
        "achievementType": ACHIEVEMENT_TYPE,
        "name": title,
        "description": description,
        "criteria": {"narrative": narrative},
    }
    workload = spec.get("workload") or {}
    credits = _number(workload.get("credits"))
    if credits is not None:
        achievement["creditsAvailable"] = credits
    if spec.get("languages_of_instruction"):
        achievement["inLanguage"] = spec["languages_of_instruction"][0]
    if spec.get("keywords"):
        achievement["tag"] = list(spec["keywords"])
    if result.grade:
        achievement["resultDescription"] = [
            {
                "id": f"{achievement_id}#grade",
                "type": ["ResultDescription"],
                "name": result.grading_scheme or "Grade",
                "resultType": "LetterGrade",
            }
        ]

    identifiers: list[dict[str, Any]] = [
        {
            "type": "IdentityObject",
            "identityType": "name",
            "hashed": False,
            "identityHash": learner.display_name,
        }
    ]
    if learner.email:
        identifiers.append(
            {
                "type": "IdentityObject",
                "identityType": "emailAddress",
                "hashed": True,
                "identityHash": identity_hash(normalise_email(learner.email), email_salt),
            }
        )
    subject: dict[str, Any] = {}
    if learner.did:
        subject["id"] = learner.did
    subject["type"] = ["AchievementSubject"]
    subject["identifier"] = identifiers
    subject["achievement"] = achievement
    if result.grade:
        subject["result"] = [
            {"type": ["Result"], "resultDescription": f"{achievement_id}#grade", "value": result.grade}
        ]
    earned = _number(result.credits_earned)
    if earned is not None:
        subject["creditsEarned"] = earned

    credential: dict[str, Any] = {
        "@context": [VCDM2_CONTEXT, OB3_CONTEXT],
        "id": credential_id,
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": title,
        "issuer": issuer,
        "validFrom": _xsd(result.awarded_on),
        "awardedDate": _xsd(result.awarded_on),
        "credentialSubject": subject,
    }
    if result.valid_until is not None:
        credential["validUntil"] = _xsd(result.valid_until)
    if credential_status:
        credential["credentialStatus"] = credential_status
    return credential
