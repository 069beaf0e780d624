"""W3C Bitstring Status List v1.0: bitstrings, status entries, list credentials, status checks."""

from microcred.standards.status_list.bitstring import MIN_LIST_BITS, Bitstring
from microcred.standards.status_list.credential import (
    STATUS_PURPOSES,
    BitstringStatusListEntry,
    StatusMessage,
    StatusResult,
    build_status_list_credential,
    check_status,
)
from microcred.standards.status_list.errors import StatusListError

__all__ = [
    "MIN_LIST_BITS",
    "STATUS_PURPOSES",
    "Bitstring",
    "BitstringStatusListEntry",
    "StatusListError",
    "StatusMessage",
    "StatusResult",
    "build_status_list_credential",
    "check_status",
]
