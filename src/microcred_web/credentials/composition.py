"""The seam to the core's Open Badges 3.0 composer (``microcred.standards.ob3.compose_credential``).

The web layer gathers what the core needs from the database (the version's specification, the
institution as issuer, the status entries it allocated) and hands back an unsigned credential.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from microcred.model import MicroCredentialSpec
from microcred.model.award import AssessmentResult, Learner
from microcred.model.spec import parse_spec
from microcred.standards.elm import LegalIdentifier, european_digital_credential
from microcred.standards.ob3 import IssuerProfile, compose_credential
from microcred.untrusted_input import parse_date_time
from microcred_web.credentials.vcdm import issuer_id
from microcred_web.institutions.models import Institution


def issuer_profile(institution: Institution, did: str) -> IssuerProfile:
    return IssuerProfile(
        id=did,
        name=institution.display_name("en"),
        country=institution.country,
        url=institution.homepage or None,
    )


def compose_award(
    *,
    credential_id: str,
    spec: dict[str, Any] | MicroCredentialSpec,
    achievement_id: str,
    issuer: IssuerProfile,
    learner: Learner,
    result: AssessmentResult,
    issued_at: datetime,
    email_salt: str,
    credential_status: dict[str, Any] | None,
) -> dict[str, Any]:
    """An unsigned OB 3.0 credential (OB 3.0 §B.1.1) with at most one status entry: OB 3.0
    allows a single ``credentialStatus`` (ADR 0701)."""
    parsed = spec if isinstance(spec, MicroCredentialSpec) else parse_spec(spec)
    return compose_credential(
        parsed,
        learner,
        result,
        issuer=issuer,
        credential_id=credential_id,
        achievement_id=achievement_id,
        issued_at=issued_at,
        salt=email_salt,
        status=credential_status,
    )


def _first(value: Any) -> Any:
    return value[0] if isinstance(value, list) and value else value


def elm_award(
    *,
    document: dict[str, Any],
    spec: dict[str, Any],
    spec_id: str,
    learner_name: str,
    issued_at: datetime,
    issuer_legal_identifier: LegalIdentifier | None = None,
) -> dict[str, Any]:
    """The signed OB 3.0 award re-expressed as an **unsealed** ELM ``EuropeanDigitalCredential``
    (ADR 0603), from what the credential itself says: the learner's name, the grade and its
    scheme, the award date. Nothing that is not in the signed credential is added (ADR 0601),
    except the issuing institution's legal identifier, which is public (ADR 1330)."""
    subject = _first(document.get("credentialSubject")) or {}
    result = _first(subject.get("result")) or {}
    descriptions = (subject.get("achievement") or {}).get("resultDescription") or []
    scheme = next(
        (
            d.get("name")
            for d in descriptions
            if isinstance(d, dict) and d.get("id") == result.get("resultDescription")
        ),
        None,
    )
    awarded = str(document.get("awardedDate") or document.get("validFrom") or issued_at.isoformat())
    return european_digital_credential(
        parse_spec(spec),
        Learner(display_name=learner_name),
        AssessmentResult(
            grade=result.get("value") or None,
            grading_scheme=scheme if isinstance(scheme, str) else None,
            awarded_on=parse_date_time(awarded, where="awardedDate"),
        ),
        credential_id=str(document.get("id") or ""),
        spec_id=spec_id,
        issued_at=issued_at,
        issuer_id=issuer_id(document),
        issuer_legal_identifier=issuer_legal_identifier,
    )
