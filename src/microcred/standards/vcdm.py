"""The one format checker for W3C Verifiable Credentials and Open Badges 3.0 (ADR 0902).

Every layer asks this module whether a JSON document is a well-formed credential: issuance
(:mod:`microcred.issuance`, the VC-API issue endpoint), verification
(:func:`microcred.verification.check_format`) and the web pages. No other module keeps a copy of
these rules.

Two data models are known:

* **VCDM 2.0** (W3C Verifiable Credentials Data Model v2.0): §4.3 contexts, §4.4 identifiers,
  §4.5 types, §4.6 names and descriptions, §4.7 issuer, §4.8 credential subject, §4.9 validity
  period (``validFrom``/``validUntil``, XSD dateTimeStamp), §4.10 status, §4.11 data schemas,
  §5.3 related resource.
* **VCDM 1.1** (W3C Verifiable Credentials Data Model v1.1), the model of Open Badges
  3.0.0–3.0.2 credentials still in circulation: §4.1 contexts (first
  ``https://www.w3.org/2018/credentials/v1``), §4.2 identifiers, §4.3 types, §4.4 credential
  subject, §4.5 issuer, §4.6 ``issuanceDate`` (required), §4.8 ``expirationDate``, §4.9 status
  (``id`` and ``type``), §5.4 data schemas (``id`` and ``type``). Verification accepts it;
  issuance is VCDM 2.0 only (``versions=("2.0",)``).

For an ``OpenBadgeCredential``/``AchievementCredential`` in the VCDM 2.0 shape, the OB 3.0.3
JSON Schema applies too (OB 3.0 §9.1 step 1; :mod:`microcred.standards.ob3.schema`). That schema
requires the v2 context and ``validFrom``, so it cannot judge a 3.0.0–3.0.2 badge; those are
checked by the VCDM 1.1 rules here and, when their proof is verified, by JSON-LD safe-mode
canonicalization against the pinned OB 3.0.x contexts (ADR 0902).

Each problem is a :class:`FormatProblem`: a machine ``code``, a JSON ``path`` (``$.issuer.id``)
and ``params``; :attr:`FormatProblem.message` renders English for logs and the CLI, and other
languages are rendered from the code at the edge.

:func:`read_credential` is :func:`credential_problems` that also returns what it read on the way
(the data model, whether it is an Open Badge, the validity dates as instants): verification runs
the format rules once and hands the dates to :func:`validity_window`, which then does not parse
them again (ADR 0203, "one walk").

:func:`validity_window` reads the validity period in one place (``validFrom``/``validUntil`` in
2.0, ``issuanceDate``/``expirationDate`` in 1.1), and :func:`credential_from_jwt_claims` turns
VC-JWT 1.1 claims into the credential they stand for (VCDM 1.1 §6.3.1).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Final, Literal

from microcred.errors import MicrocredError
from microcred.standards.related_resources import URL_PATTERN, related_resource_problems
from microcred.standards.status_list import BitstringStatusListEntry, StatusListError
from microcred.untrusted_input import DateTimeError, parse_date_time

__all__ = [
    "OB_TYPES",
    "VCDM1_CONTEXT",
    "VCDM2_CONTEXT",
    "FormatProblem",
    "FormatReading",
    "ValidityWindow",
    "VcdmError",
    "VcdmVersion",
    "credential_from_jwt_claims",
    "credential_problems",
    "is_open_badge",
    "issuer_id",
    "read_credential",
    "validity_window",
    "vcdm_version",
]

VcdmVersion = Literal["2.0", "1.1"]
VCDM2_CONTEXT: Final = "https://www.w3.org/ns/credentials/v2"
VCDM1_CONTEXT: Final = "https://www.w3.org/2018/credentials/v1"
_CONTEXTS: Final[dict[VcdmVersion, str]] = {"2.0": VCDM2_CONTEXT, "1.1": VCDM1_CONTEXT}
#: Open Badges 3.0 credential types (OB 3.0 §8.1 AchievementCredential; "OpenBadgeCredential" alias).
OB_TYPES: Final = frozenset({"OpenBadgeCredential", "AchievementCredential"})


# English renderings of the codes, for logs and the CLI; other languages render from the code.
_MESSAGES: Final[dict[str, str]] = {
    "NOT_AN_OBJECT": "a credential must be a JSON object",
    "CONTEXT_MISSING": "must be a list starting with {expected}",
    "CONTEXT_FIRST": "must be {expected} ({section})",
    "CONTEXT_ITEM": "items must be URLs or objects",
    "VERSION_NOT_ACCEPTED": "a VCDM {version} credential is not accepted here; use {expected}",
    "REQUIRED": "is required ({section})",
    "TYPE_NOT_STRINGS": "must be a string or a list of strings",
    "TYPE_LACKS_VC": "must include VerifiableCredential ({section})",
    "NOT_A_URL": "must be a URL ({section})",
    "ISSUER_SHAPE": "must be a URL or an object with an id ({section})",
    "EMPTY_LIST": "must not be an empty list",
    "NOT_AN_OBJECT_HERE": "must be an object",
    "NO_CLAIMS": "must make at least one claim",
    "NOT_A_DATETIME": "must be a date and time with a time zone, such as 2026-06-30T10:00:00Z ({section})",
    "ENDS_BEFORE_START": "must not be earlier than {start} ({section})",
    "LANGUAGE_VALUE": "must be a string or language value objects ({section})",
    "DIGEST_REQUIRED": "needs digestSRI or digestMultibase ({section})",
    "DUPLICATE_ID": "repeats the id {id} ({section})",
    "MEDIA_TYPE": "must be a media type string ({section})",
    "DIGEST_MALFORMED": "{detail} (VCDM 2.0 §5.3)",
    "DIGEST_MISMATCH": "the {algorithms} digest does not match the resource {url} "
    "(VCDM 2.0 §5.3: the digest must match the retrieved resource)",
    "PROOF_MISSING": "is missing: the credential is not secured",
    "OB_SCHEMA": "does not fit the OB 3.0 JSON Schema: {detail}",
    "STATUS_ENTRY": "{detail} (Bitstring Status List v1.0 §2.1)",
}


@dataclass(frozen=True, slots=True)
class FormatProblem:
    """One thing wrong with a credential: a machine ``code``, a JSON ``path`` and ``params``."""

    code: str
    path: str
    params: Mapping[str, Any] = field(default_factory=dict)

    @property
    def message(self) -> str:
        """The English rendering (logs, CLI); pages render ``code`` in the reader's language."""
        return _MESSAGES[self.code].format(**self.params)

    def as_dict(self) -> dict[str, Any]:
        return {"code": self.code, "path": self.path, "params": dict(self.params), "message": self.message}

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


class VcdmError(MicrocredError):
    """A credential whose validity period cannot be read; ``problem`` says what and where."""

    def __init__(self, problem: FormatProblem) -> None:
        super().__init__(problem.message, where=problem.path)
        self.problem = problem


def _as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def _is_url(value: Any) -> bool:
    return isinstance(value, str) and bool(URL_PATTERN.match(value))


#: ``_is_url`` of the values many credentials share (an issuer's id, a schema's, a status list's),
#: remembered: the answer depends on the string alone (ADR 0611). Bounded; emptied when full.
_SHARED_URLS: dict[str, bool] = {}
_SHARED_URLS_LIMIT: Final = 4096


def _is_shared_url(value: Any) -> bool:
    """:func:`_is_url`, remembered for strings, for values that recur from one credential to the
    next (not a credential's own ``id``, which is new each time)."""
    if type(value) is not str:
        return _is_url(value)
    known = _SHARED_URLS.get(value)
    if known is None:
        known = bool(URL_PATTERN.match(value))
        if len(_SHARED_URLS) >= _SHARED_URLS_LIMIT:
            _SHARED_URLS.clear()
        _SHARED_URLS[value] = known
    return known


def _language_value(value: Any) -> bool:
    if isinstance(value, str):
        return True
    return isinstance(value, Mapping) and isinstance(value.get("@value"), str)


def _instant(value: Any) -> datetime | None:
    """The instant of an XSD dateTimeStamp / RFC 3339 date-time, or ``None`` if it is not one
    (wrong shape, no time zone, or a year this system does not handle, such as a five-digit one).
    The one date-time reader is :func:`microcred.untrusted_input.parse_date_time` (ADR 0608)."""
    try:
        return parse_date_time(value, require_zone=True)
    except DateTimeError:
        return None


def vcdm_version(document: Mapping[str, Any]) -> VcdmVersion | None:
    """Which data model ``document`` claims by its first ``@context`` (VCDM 2.0 §4.3, VCDM 1.1 §4.1)."""
    contexts = _as_list(document.get("@context"))
    first = contexts[0] if contexts else None
    for version, url in _CONTEXTS.items():
        if first == url:
            return version
    return None


def is_open_badge(document: Mapping[str, Any]) -> bool:
    """Whether ``type`` names an OB 3.0 credential type (OB 3.0 §8.1)."""
    return bool(OB_TYPES & {t for t in _as_list(document.get("type")) if isinstance(t, str)})


def issuer_id(document: Mapping[str, Any] | None) -> str | None:
    """The issuer's id: ``issuer`` as a string or ``issuer.id`` (VCDM 2.0 §4.7, VCDM 1.1 §4.5)."""
    if document is None:
        return None
    issuer = document.get("issuer")
    if type(issuer) is dict or isinstance(issuer, Mapping):  # a dict is told apart without the ABC
        issuer = issuer.get("id")
    return issuer if isinstance(issuer, str) else None


def _all_strings(value: Any) -> bool:
    """``all(isinstance(t, str) for t in _as_list(value))``, without the generator."""
    if type(value) is str:
        return True
    if isinstance(value, list):
        for item in value:  # noqa: SIM110 - a loop, not a generator: this is on every verification
            if not isinstance(item, str):
                return False
        return True
    return isinstance(value, str)


def _typed_objects(
    value: Any,
    where: str,
    section: str,
    *,
    need_id: bool = False,
    need_type: bool = True,
    shared_ids: bool = False,
) -> list[FormatProblem]:
    """``shared_ids``: the items' ids recur from one credential to the next (a schema's)."""
    problems: list[FormatProblem] = []
    many = isinstance(value, list)
    for i, item in enumerate(value if many else (value,)):
        if not (type(item) is dict or isinstance(item, Mapping)):
            problems.append(FormatProblem("NOT_AN_OBJECT_HERE", f"{where}[{i}]" if many else where))
            continue
        if "type" not in item:
            if need_type:
                here = f"{where}[{i}]" if many else where
                problems.append(FormatProblem("REQUIRED", f"{here}.type", {"section": section}))
        elif not _all_strings(item["type"]):
            here = f"{where}[{i}]" if many else where
            problems.append(FormatProblem("TYPE_NOT_STRINGS", f"{here}.type"))
        if need_id and "id" not in item:
            here = f"{where}[{i}]" if many else where
            problems.append(FormatProblem("REQUIRED", f"{here}.id", {"section": section}))
        elif "id" in item and not (_is_shared_url if shared_ids else _is_url)(item["id"]):
            here = f"{where}[{i}]" if many else where
            problems.append(FormatProblem("NOT_A_URL", f"{here}.id", {"section": section}))
    return problems


def _context_problems(
    document: Mapping[str, Any], versions: Sequence[VcdmVersion]
) -> tuple[list[FormatProblem], VcdmVersion | None]:
    """The context's problems, and the data model it names (``vcdm_version``)."""
    context = document.get("@context")
    # VCDM 1.1 §4.1 allows a single string; VCDM 2.0 §4.3 requires an ordered set (a list).
    if isinstance(context, str) and context == VCDM1_CONTEXT and "1.1" in versions:
        return [], "1.1"
    if not isinstance(context, list) or not context:
        expected = " or ".join(_CONTEXTS[v] for v in versions)
        return [FormatProblem("CONTEXT_MISSING", "$.@context", {"expected": expected})], vcdm_version(
            document
        )
    first = context[0]
    version: VcdmVersion | None = (
        "2.0" if first == VCDM2_CONTEXT else "1.1" if first == VCDM1_CONTEXT else None
    )  # vcdm_version(document), the list being known
    if version is None:
        expected = " or ".join(_CONTEXTS[v] for v in versions)
        section = "VCDM 2.0 §4.3" if versions[0] == "2.0" else "VCDM 1.1 §4.1"
        return [
            FormatProblem("CONTEXT_FIRST", "$.@context[0]", {"expected": expected, "section": section})
        ], None
    if version not in versions:
        expected = " or ".join(_CONTEXTS[v] for v in versions)
        return [
            FormatProblem("VERSION_NOT_ACCEPTED", "$.@context[0]", {"version": version, "expected": expected})
        ], version
    for c in context:
        if not (type(c) is str or isinstance(c, (str, Mapping))):
            return [FormatProblem("CONTEXT_ITEM", "$.@context")], version
    return [], version


@dataclass(slots=True)
class FormatReading:
    """What the format checker found, for a caller that goes on with the same credential
    (:func:`microcred.verification.inspect`): the ``problems``, the data model ``version`` its
    context names (``None`` for none we know, or not an object), whether it is an Open Badge
    (:func:`is_open_badge`), and the validity dates it read (field name → instant, ``None`` when
    the value is not a date-time), so that :func:`validity_window` need not read them again."""

    problems: list[FormatProblem]
    version: VcdmVersion | None
    open_badge: bool
    instants: dict[str, datetime | None]


def credential_problems(
    document: Any,
    *,
    versions: Sequence[VcdmVersion] = ("2.0", "1.1"),
    require_proof: bool = False,
    open_badge_schema: bool = True,
) -> list[FormatProblem]:
    """Every format problem of ``document``; empty when it is a well-formed credential.

    ``versions`` are the data models accepted, the first being the one named when the context is
    wrong (issuance passes ``("2.0",)``). ``open_badge_schema`` also applies the OB 3.0 JSON
    Schema to a VCDM 2.0 Open Badge once the VCDM rules hold.
    """
    return read_credential(
        document, versions=versions, require_proof=require_proof, open_badge_schema=open_badge_schema
    ).problems


def read_credential(
    document: Any,
    *,
    versions: Sequence[VcdmVersion] = ("2.0", "1.1"),
    require_proof: bool = False,
    open_badge_schema: bool = True,
) -> FormatReading:
    """:func:`credential_problems` with what was read on the way (:class:`FormatReading`).

    One pass over the top-level members: each rule reads its member once, the data model is
    found once, and the dates are parsed once (ADR 0203, "one walk")."""
    if not (type(document) is dict or isinstance(document, Mapping)):
        return FormatReading([FormatProblem("NOT_AN_OBJECT", "$")], None, False, {})
    instants: dict[str, datetime | None] = {}
    problems, known = _context_problems(document, versions)
    if problems:  # without a known data model, the other rules have no meaning
        return FormatReading(problems, known, is_open_badge(document), instants)
    version: VcdmVersion = known or "1.1"
    v2 = version == "2.0"
    s = "VCDM 2.0" if v2 else "VCDM 1.1"

    types = document.get("type")
    type_list = types if isinstance(types, list) else [types]
    all_strings = _all_strings(types)
    if types is None:
        problems.append(FormatProblem("REQUIRED", "$.type", {"section": f"{s} §{'4.5' if v2 else '4.3'}"}))
    elif not all_strings:
        problems.append(FormatProblem("TYPE_NOT_STRINGS", "$.type"))
    elif "VerifiableCredential" not in type_list:
        problems.append(
            FormatProblem("TYPE_LACKS_VC", "$.type", {"section": f"{s} §{'4.5' if v2 else '4.3'}"})
        )
    # is_open_badge(document): with every type a string, no type is left out of its set
    open_badge = not OB_TYPES.isdisjoint(type_list) if all_strings else is_open_badge(document)

    if "id" in document and not _is_url(document["id"]):
        problems.append(FormatProblem("NOT_A_URL", "$.id", {"section": f"{s} §{'4.4' if v2 else '4.2'}"}))

    issuer = document.get("issuer")
    if issuer is None:
        problems.append(FormatProblem("REQUIRED", "$.issuer", {"section": f"{s} §{'4.7' if v2 else '4.5'}"}))
    elif type(issuer) is dict or isinstance(issuer, Mapping):
        if not _is_shared_url(issuer.get("id")):
            section = f"{s} §{'4.7' if v2 else '4.5'}"
            problems.append(FormatProblem("NOT_A_URL", "$.issuer.id", {"section": section}))
    elif not _is_shared_url(issuer):
        problems.append(
            FormatProblem("ISSUER_SHAPE", "$.issuer", {"section": f"{s} §{'4.7' if v2 else '4.5'}"})
        )

    subject = document.get("credentialSubject")
    if subject is None:
        section = f"{s} §{'4.8' if v2 else '4.4'}"
        problems.append(FormatProblem("REQUIRED", "$.credentialSubject", {"section": section}))
    else:
        many = isinstance(subject, list)
        subjects = subject if many else (subject,)
        if not subjects:
            problems.append(FormatProblem("EMPTY_LIST", "$.credentialSubject"))
        for i, item in enumerate(subjects):
            here = f"$.credentialSubject[{i}]" if many else "$.credentialSubject"
            if not (type(item) is dict or isinstance(item, Mapping)):
                problems.append(FormatProblem("NOT_AN_OBJECT_HERE", here))
            elif not item:
                problems.append(FormatProblem("NO_CLAIMS", here))
            elif "id" in item and not _is_url(item["id"]):
                section = f"{s} §{'4.8' if v2 else '4.4'}"
                problems.append(FormatProblem("NOT_A_URL", f"{here}.id", {"section": section}))

    problems += _date_problems(document, version, instants)

    for name in ("name", "description"):
        if name in document:
            value = document[name]
            if not all(_language_value(v) for v in (value if isinstance(value, list) else (value,))):
                problems.append(FormatProblem("LANGUAGE_VALUE", f"$.{name}", {"section": "VCDM 2.0 §4.6"}))

    if "credentialStatus" in document:
        problems += _typed_objects(
            document["credentialStatus"],
            "$.credentialStatus",
            f"{s} §{'4.10' if v2 else '4.9'}",
            need_id=not v2,
        )
        problems += _bitstring_entry_problems(document["credentialStatus"])
    if "credentialSchema" in document:
        problems += _typed_objects(
            document["credentialSchema"],
            "$.credentialSchema",
            f"{s} §{'4.11' if v2 else '5.4'}",
            need_id=True,
            shared_ids=True,
        )
    for name in ("evidence", "termsOfUse", "refreshService", "renderMethod"):
        if name in document:
            problems += _typed_objects(document[name], f"$.{name}", s)
    if "relatedResource" in document:
        problems += _related_resource_problems(document)
    if require_proof and "proof" not in document:
        problems.append(FormatProblem("PROOF_MISSING", "$.proof"))
    if not problems and open_badge_schema and v2 and open_badge:
        problems += _open_badge_problems(document)
    return FormatReading(problems, version, open_badge, instants)


def _date_problems(
    document: Mapping[str, Any], version: VcdmVersion, instants: dict[str, datetime | None] | None = None
) -> list[FormatProblem]:
    """The validity period's problems; the instants read go into ``instants`` by field name."""
    if version == "2.0":
        start_name, end_name, section = "validFrom", "validUntil", "VCDM 2.0 §4.9"
    else:
        start_name, end_name, section = "issuanceDate", "expirationDate", "VCDM 1.1 §4.6, §4.8"
        if start_name not in document:
            return [FormatProblem("REQUIRED", "$.issuanceDate", {"section": "VCDM 1.1 §4.6"})]
    found = {} if instants is None else instants
    problems: list[FormatProblem] = []
    for name in (start_name, end_name):
        if name in document:
            instant = found[name] = _instant(document[name])
            if instant is None:
                problems.append(FormatProblem("NOT_A_DATETIME", f"$.{name}", {"section": section}))
    if not problems and len(found) == 2:
        start, end = found[start_name], found[end_name]
        if start is not None and end is not None and start > end:
            problems.append(
                FormatProblem("ENDS_BEFORE_START", f"$.{end_name}", {"start": start_name, "section": section})
            )
    return problems


def _bitstring_entry_problems(status: Any) -> list[FormatProblem]:
    """Bitstring Status List v1.0 §2.1: a ``BitstringStatusListEntry`` has a ``statusPurpose``, a
    ``statusListIndex`` (a decimal integer string) and a ``statusListCredential`` URL, and a
    ``statusSize`` above 1 needs its ``statusMessage`` items. The rule is the one the status check
    parses entries with (:meth:`BitstringStatusListEntry.from_json`), so an issuer cannot sign an
    entry that no verifier could read (§3 "MALFORMED_VALUE_ERROR"). Entries of other types are
    not judged here (VCDM 2.0 §4.10 allows any type)."""
    problems: list[FormatProblem] = []
    for i, item in enumerate(_as_list(status)):
        here = "$.credentialStatus" if not isinstance(status, list) else f"$.credentialStatus[{i}]"
        if not isinstance(item, Mapping) or "BitstringStatusListEntry" not in _as_list(item.get("type")):
            continue
        if "statusPurpose" not in item:
            problems.append(
                FormatProblem(
                    "STATUS_ENTRY", f"{here}.statusPurpose", {"detail": "statusPurpose is required"}
                )
            )
            continue
        if item.get("type") != "BitstringStatusListEntry":  # the type in a list
            item = {**item, "type": "BitstringStatusListEntry"}
        try:
            entry = BitstringStatusListEntry.from_json(item, where=here)
        except StatusListError as exc:
            path = exc.where if exc.where.startswith("$") else f"{here}.{exc.where}" if exc.where else here
            problems.append(FormatProblem("STATUS_ENTRY", path, {"detail": exc.message}))
            continue
        if not _is_url(entry.status_list_credential):
            detail = "statusListCredential must be a URL"
            problems.append(FormatProblem("STATUS_ENTRY", f"{here}.statusListCredential", {"detail": detail}))
    return problems


def _related_resource_problems(document: Mapping[str, Any]) -> list[FormatProblem]:
    # VCDM 2.0 §5.3: the rules (unique ids, digest forms, digests of the resources we hold) live
    # in microcred.standards.related_resources; this module only names them.
    return [FormatProblem(code, path, params) for code, path, params in related_resource_problems(document)]


_schema_problems: Callable[[Mapping[str, Any]], list[tuple[str, str]]] | None = None


def _open_badge_problems(document: Mapping[str, Any]) -> list[FormatProblem]:
    global _schema_problems  # imported once, on first use (the schema loads then)
    if _schema_problems is None:
        from microcred.standards.ob3.schema import schema_problems

        _schema_problems = schema_problems
    return [
        FormatProblem("OB_SCHEMA", path if path.startswith("$") else f"$.{path}", {"detail": message})
        for path, message in _schema_problems(document)
    ]


# --------------------------------------------------------------------------------------------
# The validity period


@dataclass(frozen=True, slots=True)
class ValidityWindow:
    """When a credential is valid: VCDM 2.0 §4.9 ``validFrom``/``validUntil``, or VCDM 1.1 §4.6
    ``issuanceDate`` / §4.8 ``expirationDate``. ``start_name``/``end_name`` say which fields."""

    start: datetime | None
    end: datetime | None
    start_name: str
    end_name: str
    start_text: str | None
    end_text: str | None

    def __init__(
        self,
        start: datetime | None,
        end: datetime | None,
        start_name: str,
        end_name: str,
        start_text: str | None,
        end_text: str | None,
    ) -> None:
        # The dataclass's frozen ``__init__``, each slot written through its descriptor rather
        # than ``object.__setattr__`` (about four times cheaper; every verification makes one,
        # ADR 0611). Assigning to a field afterwards still raises.
        set_start, set_end, set_start_name, set_end_name, set_start_text, set_end_text = _WINDOW_SLOTS
        set_start(self, start)
        set_end(self, end)
        set_start_name(self, start_name)
        set_end_name(self, end_name)
        set_start_text(self, start_text)
        set_end_text(self, end_text)

    def not_yet_valid(self, now: datetime) -> bool:
        return self.start is not None and self.start > now

    def expired(self, now: datetime) -> bool:
        return self.end is not None and self.end <= now


_WINDOW_SLOTS: Final[tuple[Callable[[object, Any], None], ...]] = tuple(
    ValidityWindow.__dict__[n].__set__
    for n in ("start", "end", "start_name", "end_name", "start_text", "end_text")
)


def validity_window(
    credential: Mapping[str, Any],
    *,
    version: VcdmVersion | Literal[False] | None = False,
    instants: Mapping[str, datetime | None] | None = None,
) -> ValidityWindow:
    """The validity period of ``credential``; :class:`VcdmError` when a date cannot be read.

    A caller that has read the credential already (:func:`read_credential`) passes what it found:
    ``version`` (:func:`vcdm_version`) and the ``instants`` of the fields it parsed, which are not
    parsed again."""
    if version is False:
        version = vcdm_version(credential)
    if version == "1.1" or (
        "validFrom" not in credential and "validUntil" not in credential and "issuanceDate" in credential
    ):
        names = ("issuanceDate", "expirationDate")
    else:
        names = ("validFrom", "validUntil")
    values: list[datetime | None] = []
    for name in names:
        raw = credential.get(name)
        if raw is None:
            instant = None
        elif instants is not None and name in instants:
            instant = instants[name]  # read from this same value by the format checker
        else:
            instant = _instant(raw)
        if raw is not None and instant is None:
            raise VcdmError(
                FormatProblem("NOT_A_DATETIME", f"$.{name}", {"section": "VCDM 2.0 §4.9, VCDM 1.1 §4.6"})
            )
        values.append(instant)
    start_text, end_text = credential.get(names[0]), credential.get(names[1])
    return ValidityWindow(
        values[0],
        values[1],
        names[0],
        names[1],
        start_text if isinstance(start_text, str) else None,
        end_text if isinstance(end_text, str) else None,
    )


# --------------------------------------------------------------------------------------------
# VC-JWT 1.1


def _xsd_datetime(numeric_date: int | float) -> str:
    return datetime.fromtimestamp(int(numeric_date), UTC).isoformat().replace("+00:00", "Z")


def credential_from_jwt_claims(claims: Mapping[str, Any]) -> dict[str, Any] | None:
    """The credential a JWT's ``vc`` claim stands for, or ``None`` when there is no ``vc`` object.

    For a VCDM 1.1 credential, VCDM 1.1 §6.3.1 "JWT Decoding" (VC-JWT 1.1): ``iss`` sets
    ``issuer`` (its ``id`` when it is an object), ``sub`` sets ``credentialSubject.id``, ``jti``
    sets ``id``, ``nbf`` sets ``issuanceDate`` and ``exp`` sets ``expirationDate``. A VCDM 2.0
    credential in a ``vc`` claim (the OB 3.0 VC-JWT form) is returned as it is: its dates are its
    own ``validFrom``/``validUntil``. Whether claims and credential disagree is checked with the
    signature (:mod:`microcred.crypto.proofs.jose`).
    """
    vc = claims.get("vc")
    if not isinstance(vc, Mapping):
        return None
    credential = dict(vc)
    if vcdm_version(credential) != "1.1":
        return credential
    iss, sub, jti = claims.get("iss"), claims.get("sub"), claims.get("jti")
    if isinstance(iss, str):
        issuer = credential.get("issuer")
        if isinstance(issuer, Mapping):
            if "id" not in issuer:
                credential["issuer"] = {**issuer, "id": iss}
        elif issuer is None:
            credential["issuer"] = iss
    if isinstance(jti, str) and "id" not in credential:
        credential["id"] = jti
    subject = credential.get("credentialSubject")
    if isinstance(sub, str) and isinstance(subject, Mapping) and "id" not in subject:
        credential["credentialSubject"] = {**subject, "id": sub}
    for claim, name in (("nbf", "issuanceDate"), ("exp", "expirationDate")):
        value = claims.get(claim)
        if isinstance(value, int | float) and not isinstance(value, bool):
            try:
                credential[name] = _xsd_datetime(value)
            except (OverflowError, OSError, ValueError):
                continue  # left as it is; the date check then reports the credential's own value
    return credential
