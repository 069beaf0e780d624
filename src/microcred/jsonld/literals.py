"""JSON values to RDF literals: JSON-LD 1.1 API §8.6 (Object to RDF Conversion), and the JSON
Canonicalization Scheme (RFC 8785) used for ``@json`` literals.

Numbers follow what the JavaScript reference produces, because the JSON a credential is parsed
from is parsed as IEEE doubles there: integral values below 10^21 print as integers, everything
else as the canonical ``xsd:double`` form ``d.dddE±n`` (from ``%1.15E`` with trailing zeros
removed).
"""

from __future__ import annotations

import math
from typing import Any

from microcred.jsonld.errors import UnsafeDocumentError

# Integers beyond ±2^53 are not exact in the reference stack's JSON (IEEE doubles), so the two
# stacks would sign different numbers; such values are refused.
MAX_SAFE_INTEGER = 2**53 - 1


def canonical_double(value: float) -> str:
    """The canonical lexical form of an ``xsd:double`` (JSON-LD 1.1 API §8.6 step 10)."""
    text = f"{value:.15E}"
    mantissa, exponent = text.split("E")
    if "." in mantissa:
        whole, fraction = mantissa.split(".")
        fraction = fraction.rstrip("0") or "0"
        mantissa = f"{whole}.{fraction}"
    return f"{mantissa}E{int(exponent)}"


def check_integer(value: int, where: str) -> None:
    if not -MAX_SAFE_INTEGER <= value <= MAX_SAFE_INTEGER:
        raise UnsafeDocumentError(
            f"integer {value} is outside ±(2^53−1) and would not be exact in other JSON-LD stacks",
            where=where,
        )


def _js_number(value: float, where: str) -> str:
    """ECMAScript Number::toString for a finite double (what JCS requires, RFC 8785 §3.2.2.3)."""
    if value == 0:
        return "0"
    if not math.isfinite(value):
        raise UnsafeDocumentError("NaN and infinities have no JSON form", where=where)
    sign = "-" if value < 0 else ""
    digits_text, _, exp_text = repr(abs(value)).partition("e")
    exponent = int(exp_text) if exp_text else 0
    whole, _, fraction = digits_text.partition(".")
    if fraction == "0":
        fraction = ""
    digits = (whole + fraction).lstrip("0")
    # position of the decimal point relative to the first significant digit
    point = (
        len(whole.lstrip("0")) + exponent
        if whole.strip("0")
        else exponent - (len(fraction) - len(fraction.lstrip("0")))
    )
    digits = digits.rstrip("0") or "0"
    k = len(digits)
    n = point
    if k <= n <= 21:
        return sign + digits + "0" * (n - k)
    if 0 < n <= 21:
        return sign + digits[:n] + "." + digits[n:]
    if -6 < n <= 0:
        return sign + "0." + "0" * (-n) + digits
    exp = n - 1
    exp_part = f"e+{exp}" if exp >= 0 else f"e-{-exp}"
    if k == 1:
        return sign + digits + exp_part
    return sign + digits[0] + "." + digits[1:] + exp_part


def is_js_double(value: float) -> bool:
    """jsonld.js's ``isDouble``: JavaScript ``String(value)`` contains "." or ``|value| ≥ 1e21``."""
    if abs(value) >= 1e21:
        return True
    if value.is_integer():
        return False
    return "." in _js_number(value, "")


_JSON_ESCAPES = {0x22: '\\"', 0x5C: "\\\\", 0x08: "\\b", 0x0C: "\\f", 0x0A: "\\n", 0x0D: "\\r", 0x09: "\\t"}


def _js_string(text: str) -> str:
    out = ['"']
    for char in text:
        code = ord(char)
        if code in _JSON_ESCAPES:
            out.append(_JSON_ESCAPES[code])
        elif code < 0x20 or 0xD800 <= code <= 0xDFFF:
            out.append(f"\\u{code:04x}")
        else:
            out.append(char)
    out.append('"')
    return "".join(out)


def utf16_key(text: str) -> bytes:
    """Sort key giving JavaScript's string order (UTF-16 code units)."""
    return text.encode("utf-16-be", "surrogatepass")


def jcs(value: Any, where: str = "") -> str:
    """RFC 8785 JSON Canonicalization Scheme text of a JSON value."""
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int):
        check_integer(value, where)
        return str(value)
    if isinstance(value, float):
        return _js_number(value, where)
    if isinstance(value, str):
        return _js_string(value)
    if isinstance(value, list | tuple):
        return "[" + ",".join(jcs(item, where) for item in value) + "]"
    if isinstance(value, dict):
        keys = sorted(value, key=utf16_key)
        return "{" + ",".join(_js_string(key) + ":" + jcs(value[key], where) for key in keys) + "}"
    raise UnsafeDocumentError(f"{type(value).__name__} is not a JSON value", where=where)
