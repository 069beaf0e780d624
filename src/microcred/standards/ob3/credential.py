"""Compose an unsigned ``OpenBadgeCredential`` (OB 3.0 §B.1.1 AchievementCredential, on VCDM 2.0).

The personal data allowed into ``credentialSubject`` is fixed by ADR 0601; the EU elements of
the achievement by ADR 0602.
"""

from __future__ import annotations

import calendar
import re
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from microcred.model.award import AssessmentResult, Learner
from microcred.model.spec import MicroCredentialSpec
from microcred.reference import ReferenceData
from microcred.standards.ob3 import constants as c
from microcred.standards.ob3.achievement import (
    IncompleteSpecError,
    achievement_from_spec,
    json_number,
    profile,
    result_description_id,
)
from microcred.standards.ob3.identity import identity_hash, normalise_email
from microcred.standards.status_list import BitstringStatusListEntry

__all__ = ["IssuerProfile", "add_duration", "compose_credential", "new_credential_id", "xsd_datetime"]

_DURATION = re.compile(r"^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?$")


@dataclass(frozen=True, slots=True)
class IssuerProfile:
    """The issuer (OB 3.0 §B.1.15 Profile; Annex I M3 country, M4 awarding body).

    ``id`` is the institution's DID (did:web in production, did:key for tests and the CLI).
    """

    id: str
    name: str
    country: str
    url: str | None = None
    region: str | None = None

    def to_json(self) -> dict[str, Any]:
        return profile(self.id, self.name, country=self.country, region=self.region, url=self.url)

    @classmethod
    def from_spec(cls, spec: MicroCredentialSpec, *, did: str) -> IssuerProfile:
        """The first awarding body of ``spec`` as issuer, identified by ``did``."""
        if not spec.awarding_bodies:
            raise IncompleteSpecError(
                "the specification names no awarding body (M4)", where="awarding_bodies"
            )
        body = spec.awarding_bodies[0]
        return cls(
            id=did,
            name=body.name.get("en") or next(iter(body.name.values())),
            country=body.country,
            url=body.homepage,
            region=body.region,
        )


def new_credential_id() -> str:
    """``urn:uuid:`` + a random UUID (VCDM 2.0 §4.4 identifiers)."""
    return f"urn:uuid:{uuid.uuid4()}"


def xsd_datetime(value: datetime) -> str:
    """XSD dateTimeStamp in UTC, ``Z``, whole seconds (VCDM 2.0 §4.9 validity period)."""
    if value.tzinfo is None:
        raise IncompleteSpecError("datetimes in credentials must be timezone-aware", where=str(value))
    return value.astimezone(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def add_duration(start: datetime, duration: str) -> datetime:
    """``start`` plus an ISO 8601 ``PnYnMnWnD`` duration (the spec's ``validity_period``).

    Months and years move the calendar date; a day that does not exist (31 → 30 April, 29 Feb)
    becomes the last day of the month.
    """
    match = _DURATION.match(duration)
    if match is None or duration == "P":
        raise IncompleteSpecError(
            f"{duration!r} is not an ISO 8601 duration such as P3Y", where="validity_period"
        )
    years, months, weeks, days = (int(g) if g else 0 for g in match.groups())
    total_months = start.month - 1 + months + 12 * years
    year, month = start.year + total_months // 12, total_months % 12 + 1
    day = min(start.day, calendar.monthrange(year, month)[1])
    return start.replace(year=year, month=month, day=day) + timedelta(weeks=weeks, days=days)


def compose_credential(
    spec: MicroCredentialSpec,
    learner: Learner,
    result: AssessmentResult,
    *,
    issuer: IssuerProfile,
    credential_id: str,
    achievement_id: str,
    issued_at: datetime,
    salt: str,
    status: BitstringStatusListEntry | Mapping[str, Any] | None = None,
    data: ReferenceData | None = None,
) -> dict[str, Any]:
    """An unsigned ``OpenBadgeCredential`` for ``learner`` (OB 3.0 §B.1.1, VCDM 2.0 §4).

    * ``@context``: VCDM 2.0, OB ``context-3.0.3.json``, OB ``extensions.json``;
    * ``validFrom`` = ``issued_at`` (Annex I M5, date of issuing); ``awardedDate`` =
      ``result.awarded_on``; ``validUntil`` = ``result.valid_until`` or ``awarded_on`` + the
      spec's ``validity_period``;
    * ``credentialSubject``: ``AchievementSubject`` (§B.1.2) with the learner's display name and
      salted e-mail (and date of birth) as ``IdentityObject``\\ s (ADR 0601), the achievement, the
      grade as a ``Result`` (O3), ``creditsEarned`` and ``activityEndDate``;
    * ``credentialSchema``: ``1EdTechJsonSchemaValidator2019`` → the OB 3.0 schema (§B.1.1);
    * ``credentialStatus``: ``status`` when given (Bitstring Status List v1.0 §2.1); without an
      ``id`` it gets ``<statusListCredential>#<index>`` (OB 3.0 requires one).

    ``salt`` hashes the e-mail and date of birth; store it with the award and give it to the learner
    (:func:`microcred.standards.ob3.identity.new_salt` makes one).
    """
    if not salt or len(salt) < 16:
        raise IncompleteSpecError("the salt must have at least 16 characters", where="salt")
    achievement = achievement_from_spec(spec, achievement_id=achievement_id, data=data)
    identifiers: list[dict[str, Any]] = [
        {
            "type": "IdentityObject",
            "identityHash": learner.display_name,
            "identityType": "name",
            "hashed": False,
        }
    ]
    if learner.email is not None:
        identifiers.append(
            {
                "type": "IdentityObject",
                "identityHash": identity_hash(normalise_email(learner.email), salt),
                "identityType": "emailAddress",
                "hashed": True,
            }
        )
    if learner.date_of_birth is not None:
        identifiers.append(
            {
                "type": "IdentityObject",
                "identityHash": identity_hash(learner.date_of_birth.isoformat(), salt),
                "identityType": c.IDENTITY_TYPE_DATE_OF_BIRTH,
                "hashed": True,
            }
        )
    subject: dict[str, Any] = {}
    if learner.did is not None:
        subject["id"] = learner.did
    subject["type"] = ["AchievementSubject"]
    subject["identifier"] = identifiers
    subject["achievement"] = achievement
    if result.grade is not None:
        outcome: dict[str, Any] = {"type": ["Result"], "value": result.grade}
        if "resultDescription" in achievement:
            outcome["resultDescription"] = result_description_id(achievement_id)
        subject["result"] = [outcome]
    if result.credits_earned is not None:
        subject["creditsEarned"] = json_number(result.credits_earned)
    if result.assessed_on is not None:
        subject["activityEndDate"] = result.assessed_on.isoformat()
    valid_until = result.valid_until
    if valid_until is None and spec.validity_period:
        valid_until = add_duration(result.awarded_on, spec.validity_period)
    credential: dict[str, Any] = {
        "@context": list(c.OB3_CONTEXTS),
        "id": credential_id,
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": achievement["name"],
        "issuer": issuer.to_json(),
        "validFrom": xsd_datetime(issued_at),
    }
    if valid_until is not None:
        credential["validUntil"] = xsd_datetime(valid_until)
    credential["awardedDate"] = xsd_datetime(result.awarded_on)
    credential["credentialSubject"] = subject
    credential["credentialSchema"] = [{"id": c.OB3_SCHEMA_URL, "type": c.OB3_SCHEMA_VALIDATOR}]
    if status is not None:
        entry = status.to_json() if isinstance(status, BitstringStatusListEntry) else dict(status)
        if "id" not in entry and "statusListCredential" in entry:
            # OB 3.0 §B.1.1 CredentialStatus requires an id; the usual one is <list>#<index>.
            entry = {"id": f"{entry['statusListCredential']}#{entry.get('statusListIndex')}", **entry}
        credential["credentialStatus"] = entry
    return credential
