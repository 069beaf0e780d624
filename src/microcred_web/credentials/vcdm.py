"""Structural checks of a VCDM 2.0 credential before it is signed or verified.

These are the rules of W3C Verifiable Credentials Data Model 2.0 that can be checked on the JSON
alone (§4.3 contexts, §4.4 identifiers, §4.5 types, §4.6 names and descriptions, §4.7 issuer,
§4.8 credential subject, §4.9 validity period, §4.10 status, §4.11 data schemas, §5.3 related
resource). Each problem names where it is, as a JSON path. JSON-LD problems (an undefined term,
an unknown context) are found later by canonicalization and reported the same way.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import datetime
from typing import Any, Final

from microcred.untrusted_input import DateTimeError, parse_date_time

VCDM2_CONTEXT: Final = "https://www.w3.org/ns/credentials/v2"
_URL: Final = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:[^\s]+$")
Problem = tuple[str, str]


def _as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def _is_url(value: Any) -> bool:
    return isinstance(value, str) and bool(_URL.match(value))


def _language_value(value: Any) -> bool:
    if isinstance(value, str):
        return True
    if isinstance(value, Mapping):
        return isinstance(value.get("@value"), str)
    return False


def _typed_objects(value: Any, where: str, *, need_id: bool = False) -> list[Problem]:
    problems: list[Problem] = []
    for i, item in enumerate(_as_list(value)):
        here = where if not isinstance(value, list) else f"{where}[{i}]"
        if not isinstance(item, Mapping):
            problems.append((here, "must be an object"))
            continue
        if "type" not in item:
            problems.append((f"{here}.type", "is required"))
        elif not all(isinstance(t, str) for t in _as_list(item["type"])):
            problems.append((f"{here}.type", "must be a string or a list of strings"))
        if need_id and not _is_url(item.get("id")):
            problems.append((f"{here}.id", "is required and must be a URL"))
        elif "id" in item and not _is_url(item["id"]):
            problems.append((f"{here}.id", "must be a URL"))
    return problems


def credential_problems(document: Any, *, require_proof: bool = False) -> list[Problem]:
    """Every structural problem of ``document`` as (JSON path, message); empty when none."""
    if not isinstance(document, Mapping):
        return [("$", "a credential must be a JSON object")]
    problems: list[Problem] = []
    context = document.get("@context")
    if not isinstance(context, list) or not context:
        problems.append(("$.@context", f"must be a list starting with {VCDM2_CONTEXT}"))
    elif context[0] != VCDM2_CONTEXT:
        problems.append(("$.@context[0]", f"must be {VCDM2_CONTEXT} (VCDM 2.0 §4.3)"))
    elif not all(isinstance(c, str | Mapping) for c in context):
        problems.append(("$.@context", "items must be URLs or objects"))

    types = document.get("type")
    if types is None:
        problems.append(("$.type", "is required"))
    elif not all(isinstance(t, str) for t in _as_list(types)):
        problems.append(("$.type", "must be a string or a list of strings"))
    elif "VerifiableCredential" not in _as_list(types):
        problems.append(("$.type", "must include VerifiableCredential (VCDM 2.0 §4.5)"))

    if "id" in document and not _is_url(document["id"]):
        problems.append(("$.id", "must be a URL (VCDM 2.0 §4.4)"))

    issuer = document.get("issuer")
    if issuer is None:
        problems.append(("$.issuer", "is required (VCDM 2.0 §4.7)"))
    elif isinstance(issuer, Mapping):
        if not _is_url(issuer.get("id")):
            problems.append(("$.issuer.id", "is required and must be a URL"))
    elif not _is_url(issuer):
        problems.append(("$.issuer", "must be a URL or an object with an id"))

    subject = document.get("credentialSubject")
    if subject is None:
        problems.append(("$.credentialSubject", "is required (VCDM 2.0 §4.8)"))
    else:
        subjects = _as_list(subject)
        if not subjects:
            problems.append(("$.credentialSubject", "must not be an empty list"))
        for i, item in enumerate(subjects):
            here = "$.credentialSubject" if not isinstance(subject, list) else f"$.credentialSubject[{i}]"
            if not isinstance(item, Mapping):
                problems.append((here, "must be an object"))
            elif not item:
                problems.append((here, "must make at least one claim"))
            elif "id" in item and not _is_url(item["id"]):
                problems.append((f"{here}.id", "must be a URL"))

    for name in ("validFrom", "validUntil"):
        if name in document:
            value = document[name]
            try:
                parse_date_time(value, require_zone=True)
            except DateTimeError as exc:
                problems.append(
                    (
                        f"$.{name}",
                        exc.message
                        if exc.code == "input.date_out_of_range"
                        else "must be an XSD dateTimeStamp such as 2026-06-30T10:00:00Z",
                    )
                )

    if (
        not any(w.startswith("$.valid") for w, _m in problems)
        and "validFrom" in document
        and "validUntil" in document
    ) and _instant(document["validFrom"]) > _instant(document["validUntil"]):
        problems.append(("$.validUntil", "must not be earlier than validFrom (VCDM 2.0 §4.9)"))

    for name in ("name", "description"):
        if name in document and not all(_language_value(v) for v in _as_list(document[name])):
            problems.append((f"$.{name}", "must be a string or language value objects (VCDM 2.0 §4.6)"))

    if "credentialStatus" in document:
        problems += _typed_objects(document["credentialStatus"], "$.credentialStatus")
    if "credentialSchema" in document:
        problems += _typed_objects(document["credentialSchema"], "$.credentialSchema", need_id=True)
    for name in ("evidence", "termsOfUse", "refreshService", "renderMethod"):
        if name in document:
            problems += _typed_objects(document[name], f"$.{name}")
    if "relatedResource" in document:
        for i, item in enumerate(_as_list(document["relatedResource"])):
            here = f"$.relatedResource[{i}]"
            if not isinstance(item, Mapping) or not _is_url(item.get("id")):
                problems.append((here, "needs an id that is a URL"))
            elif not ({"digestSRI", "digestMultibase"} & set(item)):
                problems.append((here, "needs digestSRI or digestMultibase (VCDM 2.0 §5.3)"))
    if require_proof and "proof" not in document:
        problems.append(("$.proof", "is missing: the credential is not secured"))
    return problems


def _instant(value: str) -> datetime:
    return parse_date_time(value)


def issuer_id(document: Mapping[str, Any]) -> str | None:
    issuer = document.get("issuer")
    if isinstance(issuer, Mapping):
        issuer = issuer.get("id")
    return issuer if isinstance(issuer, str) else None
