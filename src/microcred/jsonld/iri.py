"""IRI facts JSON-LD needs: absolute or not, keyword form, and RFC 3986 §5.2 resolution."""

from __future__ import annotations

import re

# jsonld.js's test (a scheme, or ``_`` for blank nodes, then no white space); using the same
# test keeps "is this IRI absolute?" identical to the reference stack's safe mode.
_ABSOLUTE = re.compile(r"^([A-Za-z][A-Za-z0-9+\-.]*|_):[^\s]*$")
_KEYWORD_FORM = re.compile(r"^@[a-zA-Z]+$")
_URI = re.compile(r"^(?:([^:/?#]+):)?(?://([^/?#]*))?([^?#]*)(?:\?([^#]*))?(?:#(.*))?$", re.S)
# Characters that may not appear in an N-Quads IRIREF (RDF 1.1 N-Quads §5 IRIREF).
_NOT_IRIREF = re.compile(r'[\x00-\x20<>"{}|^`\\]')
GEN_DELIMS = frozenset(":/?#[]@")


def is_absolute(value: str) -> bool:
    return _ABSOLUTE.match(value) is not None


def has_keyword_form(value: str) -> bool:
    """``@`` followed by ASCII letters only (JSON-LD 1.1 API §4.2.2 step 5 / §5.2.2 step 2)."""
    return _KEYWORD_FORM.match(value) is not None


# Absolute (as above), no character an N-Quads IRIREF forbids, no lone surrogate, at most one "#".
_WELL_FORMED = re.compile(
    r'^(?:[A-Za-z][A-Za-z0-9+\-.]*|_):[^\x00-\x20<>"{}|^`\\#\ud800-\udfff]*'
    r'(?:#[^\x00-\x20<>"{}|^`\\#\ud800-\udfff]*)?$'
)


def is_well_formed_iri(value: str) -> bool:
    """Absolute and writable as an N-Quads IRIREF without escapes."""
    return _WELL_FORMED.match(value) is not None


def _remove_dot_segments(path: str) -> str:
    output: list[str] = []
    while path:
        if path.startswith("../"):
            path = path[3:]
        elif path.startswith("./") or path.startswith("/./"):
            path = path[2:]
        elif path == "/.":
            path = "/"
        elif path.startswith("/../"):
            path = path[3:]
            if output:
                output.pop()
        elif path == "/..":
            path = "/"
            if output:
                output.pop()
        elif path in (".", ".."):
            path = ""
        else:
            start = 1 if path.startswith("/") else 0
            end = path.find("/", start)
            if end == -1:
                end = len(path)
            output.append(path[:end])
            path = path[end:]
    return "".join(output)


def resolve(reference: str, base: str) -> str:
    """Resolve ``reference`` against ``base`` (RFC 3986 §5.2.2, strict)."""
    ref = _URI.match(reference)
    parent = _URI.match(base)
    assert ref is not None and parent is not None
    r_scheme, r_auth, r_path, r_query, r_frag = ref.groups()
    b_scheme, b_auth, b_path, b_query, _ = parent.groups()
    if r_scheme is not None:
        scheme, auth, path, query = r_scheme, r_auth, _remove_dot_segments(r_path), r_query
    else:
        if r_auth is not None:
            auth, path, query = r_auth, _remove_dot_segments(r_path), r_query
        else:
            if r_path == "":
                path = b_path
                query = r_query if r_query is not None else b_query
            else:
                if r_path.startswith("/"):
                    path = _remove_dot_segments(r_path)
                else:
                    if b_auth is not None and b_path == "":
                        merged = "/" + r_path
                    else:
                        cut = b_path.rfind("/")
                        merged = b_path[: cut + 1] + r_path
                    path = _remove_dot_segments(merged)
                query = r_query
            auth = b_auth
        scheme = b_scheme
    result = ""
    if scheme is not None:
        result += scheme + ":"
    if auth is not None:
        result += "//" + auth
    result += path
    if query is not None:
        result += "?" + query
    if r_frag is not None:
        result += "#" + r_frag
    return result
