"""Annex I conformance of an *issued* Open Badges 3.0 credential (Council Recommendation
2022/C 243/02): M1 (identification of the learner) and M5 (date of issuing), which belong to the
award, plus the offering's elements as the credential carries them (ADR 0602 mapping).

Works on the JSON of a credential, signed or not; it says what is missing and where, it does not
verify signatures (``microcred.verification`` does).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any, Final

from microcred.errors import InputError
from microcred.standards.eu_mc.conformance import ConformanceReport, Finding
from microcred.standards.eu_mc.elements import BY_CODE

__all__ = ["check_award"]

_DATETIME: Final = re.compile(r"^\d{4,}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")
# Element → the alignment targetType that carries it (ADR 0602).
_ALIGNED: Final = {
    "M7": "ext:ELMCreditSystem",
    "M9": "ext:ELMAssessmentType",
    "M10": "ext:ELMLearningMode",
    "M11": "ext:ELMAccreditationType",
}
_OPTIONAL_SECTIONS: Final = {
    "O1": "## Prerequisites",
    "O4": "## Stackability",
    "O5": "## Further information",
}


def _missing(code: str, path: str, detail: str) -> Finding:
    return Finding(
        f"EU-{code}-MISSING", "error", path, f"{code} {BY_CODE[code].label}: missing - {detail}", code
    )


def _absent(code: str, path: str) -> Finding:
    return Finding(
        f"EU-{code}-ABSENT", "info", path, f"{code} {BY_CODE[code].label}: not given (optional)", code
    )


def _list(value: object) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _subject(credential: Mapping[str, Any]) -> Mapping[str, Any]:
    subjects = [s for s in _list(credential.get("credentialSubject")) if isinstance(s, Mapping)]
    return subjects[0] if subjects else {}


def _findings(credential: Mapping[str, Any]) -> Iterator[Finding]:
    subject = _subject(credential)
    identities = [i for i in _list(subject.get("identifier")) if isinstance(i, Mapping)]
    if not subject.get("id") and not any(i.get("identityHash") for i in identities):
        yield _missing(
            "M1", "credentialSubject", "give the learner's DID (id) or an IdentityObject identifier"
        )
    valid_from = credential.get("validFrom")
    if not isinstance(valid_from, str) or not _DATETIME.match(valid_from):
        yield _missing("M5", "validFrom", "give the date of issuing as an XSD dateTime with a time zone")
    issuer = credential.get("issuer")
    issuer_map = issuer if isinstance(issuer, Mapping) else {}
    if not issuer_map.get("name"):
        yield _missing("M4", "issuer.name", "the issuer must be a Profile with the awarding body's name")
    achievement = subject.get("achievement")
    if not isinstance(achievement, Mapping):
        yield _missing("M2", "credentialSubject.achievement", "the credential carries no achievement")
        return
    creator = achievement.get("creator") if isinstance(achievement.get("creator"), Mapping) else {}
    countries = [
        p.get("address", {}).get("addressCountryCode")
        for p in (issuer_map, creator)
        if isinstance(p, Mapping) and isinstance(p.get("address"), Mapping)
    ]
    if not any(countries):
        yield _missing("M3", "issuer.address.addressCountryCode", "give the country of the awarding body")
    if not achievement.get("name"):
        yield _missing("M2", "credentialSubject.achievement.name", "give the title")
    criteria = achievement.get("criteria")
    narrative = criteria.get("narrative") if isinstance(criteria, Mapping) else None
    if not isinstance(narrative, str) or not narrative.strip():
        yield _missing("M6", "credentialSubject.achievement.criteria.narrative", "list the learning outcomes")
    aligned = {a.get("targetType") for a in _list(achievement.get("alignment")) if isinstance(a, Mapping)}
    if "creditsAvailable" not in achievement:
        yield _missing("M7", "credentialSubject.achievement.creditsAvailable", "give the credits")
    if not aligned & {"ext:EQFLevel", "ext:NQFLevel"}:
        yield _missing("M8", "credentialSubject.achievement.alignment", "align to the EQF or national level")
    for code, target in _ALIGNED.items():
        if target not in aligned:
            yield _missing(
                code, "credentialSubject.achievement.alignment", f"add an alignment of type {target}"
            )
    if "ext:ELMSupervisionVerification" not in aligned:
        yield _absent("O2", "credentialSubject.achievement.alignment")
    if not subject.get("result"):
        yield _absent("O3", "credentialSubject.result")
    text = narrative if isinstance(narrative, str) else ""
    for code, heading in _OPTIONAL_SECTIONS.items():
        if heading not in text:
            yield _absent(code, "credentialSubject.achievement.criteria.narrative")


def check_award(credential: Any) -> ConformanceReport:
    """Annex I findings of an issued OB 3.0 credential; conformant when no finding is an error.

    Raises :class:`InputError` only when ``credential`` is not a JSON object.
    """
    if not isinstance(credential, Mapping):
        raise InputError("a credential must be a JSON object", where="(document)")
    order = {"error": 0, "warning": 1, "info": 2}
    findings = sorted(_findings(credential), key=lambda f: order[f.severity])
    return ConformanceReport(tuple(findings), None)
