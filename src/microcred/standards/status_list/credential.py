"""Status entries, status list credentials and the status check of Bitstring Status List v1.0.

* :class:`BitstringStatusListEntry` — §2.1 "BitstringStatusListEntry" (``statusListIndex`` is a
  **string** holding a decimal integer; ``statusSize`` > 1 needs ``statusMessage``).
* :func:`build_status_list_credential` — §2.2 "BitstringStatusListCredential" with a
  ``BitstringStatusList`` subject (``statusPurpose``, ``encodedList``, optional ``ttl`` in ms).
  It is returned unsigned; secure it with :func:`microcred.crypto.proofs.add_proof`.
* :func:`check_status` — §3.2 "Validate Algorithm" on an already verified list
  credential (its first steps, dereferencing and proof verification, are the caller's: retrieval is
  network I/O, and the proof check needs the trust registry's resolver).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Final, Literal

from microcred.standards.status_list.bitstring import Bitstring
from microcred.standards.status_list.errors import StatusListError

__all__ = [
    "STATUS_PURPOSES",
    "BitstringStatusListEntry",
    "StatusMessage",
    "StatusResult",
    "build_status_list_credential",
    "check_status",
]

StatusPurpose = Literal["revocation", "suspension", "refresh", "message"]
STATUS_PURPOSES: Final[tuple[str, ...]] = ("revocation", "suspension", "refresh", "message")
_VCDM2_CONTEXT: Final = "https://www.w3.org/ns/credentials/v2"


@dataclass(frozen=True, slots=True)
class StatusMessage:
    """One ``statusMessage`` item (§2.1): a hex ``status`` such as ``"0x2"`` and its ``message``."""

    status: str
    message: str

    def to_json(self) -> dict[str, str]:
        return {"status": self.status, "message": self.message}


@dataclass(frozen=True, slots=True)
class BitstringStatusListEntry:
    """A ``credentialStatus`` entry pointing at one position of a status list (§2.1)."""

    status_list_credential: str
    status_list_index: int
    status_purpose: str = "revocation"
    id: str | None = None
    status_size: int = 1
    status_messages: tuple[StatusMessage, ...] = ()
    status_reference: str | tuple[str, ...] | None = None

    def __post_init__(self) -> None:
        if self.status_purpose not in STATUS_PURPOSES:
            raise StatusListError(f"unknown statusPurpose {self.status_purpose!r}", where="statusPurpose")
        if isinstance(self.status_list_index, bool) or self.status_list_index < 0:
            raise StatusListError(
                "statusListIndex must be a non-negative integer", where="statusListIndex", code="RANGE_ERROR"
            )
        if self.status_size < 1:
            raise StatusListError("statusSize must be at least 1", where="statusSize")
        if self.status_size > 1 and len(self.status_messages) != 1 << self.status_size:
            raise StatusListError(
                f"statusSize {self.status_size} needs {1 << self.status_size} statusMessage items",
                where="statusMessage",
            )

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        if self.id is not None:
            out["id"] = self.id
        out["type"] = "BitstringStatusListEntry"
        out["statusPurpose"] = self.status_purpose
        out["statusListIndex"] = str(self.status_list_index)
        out["statusListCredential"] = self.status_list_credential
        if self.status_size != 1:
            out["statusSize"] = self.status_size
        if self.status_messages:
            out["statusMessage"] = [m.to_json() for m in self.status_messages]
        if self.status_reference is not None:
            ref = self.status_reference
            out["statusReference"] = ref if isinstance(ref, str) else list(ref)
        return out

    @classmethod
    def from_json(cls, entry: Mapping[str, Any], where: str = "credentialStatus") -> BitstringStatusListEntry:
        """Parse an entry. ``statusListIndex`` must be a decimal string; a bare JSON integer (seen in
        1EdTech's validator fixtures) is tolerated because it has only one meaning.
        """
        if entry.get("type") != "BitstringStatusListEntry":
            raise StatusListError(
                f"type is {entry.get('type')!r}, expected BitstringStatusListEntry", where=f"{where}.type"
            )
        raw_index = entry.get("statusListIndex")
        if isinstance(raw_index, str) and raw_index.isascii() and raw_index.isdigit():
            index = int(raw_index)
        elif isinstance(raw_index, int) and not isinstance(raw_index, bool):
            index = raw_index
        else:
            raise StatusListError(
                f"statusListIndex {raw_index!r} is not a decimal integer string",
                where=f"{where}.statusListIndex",
                code="RANGE_ERROR",
            )
        credential = entry.get("statusListCredential")
        if not isinstance(credential, str) or not credential:
            raise StatusListError("statusListCredential must be a URL", where=f"{where}.statusListCredential")
        size = entry.get("statusSize", 1)
        if isinstance(size, bool) or not isinstance(size, int):
            raise StatusListError("statusSize must be an integer", where=f"{where}.statusSize")
        messages = tuple(
            StatusMessage(str(m.get("status")), str(m.get("message")))
            for m in entry.get("statusMessage", [])
            if isinstance(m, Mapping)
        )
        ref = entry.get("statusReference")
        return cls(
            status_list_credential=credential,
            status_list_index=index,
            status_purpose=str(entry.get("statusPurpose")),
            id=entry.get("id") if isinstance(entry.get("id"), str) else None,
            status_size=size,
            status_messages=messages,
            status_reference=tuple(ref) if isinstance(ref, list) else ref if isinstance(ref, str) else None,
        )


def _xsd(value: datetime) -> str:
    if value.tzinfo is None:
        raise StatusListError("datetimes must be timezone-aware", where="validFrom")
    return value.astimezone(UTC).isoformat().replace("+00:00", "Z")


def build_status_list_credential(
    *,
    id: str,
    issuer: str,
    bitstring: Bitstring,
    status_purpose: str | Sequence[str] = "revocation",
    valid_from: datetime | None = None,
    valid_until: datetime | None = None,
    ttl_ms: int | None = None,
) -> dict[str, Any]:
    """An unsigned ``BitstringStatusListCredential`` (§2.2) whose subject id is ``<id>#list``."""
    purposes = [status_purpose] if isinstance(status_purpose, str) else list(status_purpose)
    if not purposes or any(p not in STATUS_PURPOSES for p in purposes):
        raise StatusListError(
            f"statusPurpose must be among {', '.join(STATUS_PURPOSES)}", where="statusPurpose"
        )
    subject: dict[str, Any] = {
        "id": f"{id}#list",
        "type": "BitstringStatusList",
        "statusPurpose": purposes[0] if len(purposes) == 1 else purposes,
        "encodedList": bitstring.encode(),
    }
    if ttl_ms is not None:
        if ttl_ms < 0:
            raise StatusListError("ttl must not be negative", where="ttl")
        subject["ttl"] = ttl_ms
    credential: dict[str, Any] = {
        "@context": [_VCDM2_CONTEXT],
        "id": id,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": issuer,
    }
    if valid_from is not None:
        credential["validFrom"] = _xsd(valid_from)
    if valid_until is not None:
        credential["validUntil"] = _xsd(valid_until)
    credential["credentialSubject"] = subject
    return credential


@dataclass(frozen=True, slots=True)
class StatusResult:
    """Outcome of :func:`check_status` (§3.2 "Validate Algorithm", its result).

    ``state`` is ``"revoked"``/``"suspended"`` when a revocation/suspension entry is set,
    ``"flagged"`` when a refresh/message entry is non-zero, else ``"valid"``.
    """

    purpose: str
    status: int
    state: Literal["valid", "revoked", "suspended", "flagged"]
    message: str | None = None

    @property
    def valid(self) -> bool:
        return self.state == "valid"


def _types(value: object) -> list[Any]:
    return value if isinstance(value, list) else [value]


# Expanded lists by (encodedList, statusSize): a verifier checks many credentials against the same
# few lists, and expanding one (base64url, then gunzip of ≥ 16 KB, §3.4) costs more than looking a
# bit up. The text is the key, so a changed list is expanded anew. The cached Bitstring objects
# never leave this module (only ``get``/``length`` are used on them). Bounded: lists over 2 MiB
# expanded are not kept, and the cache is emptied at 32 entries (≤ 64 MiB).
_EXPANDED: dict[tuple[str, int], Bitstring] = {}
_EXPANDED_LIMIT: Final = 32
_EXPANDED_MAX_BYTES: Final = 2 * 1024 * 1024


def _expanded(encoded_list: object, status_size: int) -> Bitstring:
    """``Bitstring.decode`` (Bitstring Status List v1.0 §3.4), remembered for unchanged lists."""
    if not isinstance(encoded_list, str):
        return Bitstring.decode(encoded_list, status_size=status_size)  # type: ignore[arg-type]
    key = (encoded_list, status_size)
    found = _EXPANDED.get(key)
    if found is None:
        found = Bitstring.decode(encoded_list, status_size=status_size)
        if found.length * status_size <= _EXPANDED_MAX_BYTES * 8:
            if len(_EXPANDED) >= _EXPANDED_LIMIT:
                _EXPANDED.clear()
            _EXPANDED[key] = found
    return found


def check_status(
    entry: Mapping[str, Any] | BitstringStatusListEntry,
    list_credential: Mapping[str, Any],
    *,
    now: datetime | None = None,
) -> StatusResult:
    """The status at ``entry`` in ``list_credential``, whose proof the caller has verified.

    Raises :class:`StatusListError` with STATUS_VERIFICATION_ERROR (wrong list type, purpose
    mismatch, list expired), STATUS_LIST_LENGTH_ERROR (< 131,072 bits) or RANGE_ERROR (index
    outside the list) — Bitstring Status List v1.0 §3.2, §3.5.
    """
    parsed = (
        entry if isinstance(entry, BitstringStatusListEntry) else BitstringStatusListEntry.from_json(entry)
    )
    if "BitstringStatusListCredential" not in _types(list_credential.get("type")):
        raise StatusListError("the status list is not a BitstringStatusListCredential", where="type")
    moment = now if now is not None else datetime.now(UTC)
    for name in ("validFrom", "validUntil"):
        value = list_credential.get(name)
        if isinstance(value, str):
            try:
                stamp = datetime.fromisoformat(value)
            except ValueError:
                raise StatusListError(f"{name} {value!r} is not a date and time", where=name) from None
            stamp = stamp if stamp.tzinfo else stamp.replace(tzinfo=UTC)
            if (name == "validFrom" and stamp > moment) or (name == "validUntil" and stamp <= moment):
                raise StatusListError(
                    f"the status list credential is not valid now ({name} {value})", where=name
                )
    subject = list_credential.get("credentialSubject")
    if not isinstance(subject, Mapping) or "BitstringStatusList" not in _types(subject.get("type")):
        raise StatusListError(
            "the list's credentialSubject is not a BitstringStatusList", where="credentialSubject"
        )
    purposes = _types(subject.get("statusPurpose"))
    if parsed.status_purpose not in purposes:
        raise StatusListError(
            f"the entry's statusPurpose {parsed.status_purpose!r} does not match the list's {subject.get('statusPurpose')!r}",
            where="statusPurpose",
        )
    bitstring = _expanded(subject.get("encodedList"), parsed.status_size)
    if parsed.status_list_index >= bitstring.length:
        raise StatusListError(
            f"statusListIndex {parsed.status_list_index} is outside the list of {bitstring.length} entries",
            where="statusListIndex",
            code="RANGE_ERROR",
        )
    status = bitstring.get(parsed.status_list_index)
    message = None
    if parsed.status_messages:
        wanted = hex(status)
        message = next((m.message for m in parsed.status_messages if m.status.lower() == wanted), None)
    state: Literal["valid", "revoked", "suspended", "flagged"]
    if status == 0:
        state = "valid"
    elif parsed.status_purpose == "revocation":
        state = "revoked"
    elif parsed.status_purpose == "suspension":
        state = "suspended"
    else:
        state = "flagged"
    return StatusResult(purpose=parsed.status_purpose, status=status, state=state, message=message)
