"""N-Quads reading (RDF 1.1 N-Quads grammar) and canonical writing (RDFC-1.0 §4.1).

The reader exists for the RDFC-1.0 test suite and for callers that hold N-Quads text; it keeps
the lexical form of literals exactly (escapes decoded, then re-encoded canonically), so nothing
is lost in a round trip, which is the trap a regex-and-unescape shortcut falls into.
"""

from __future__ import annotations

import re

from microcred.errors import MicrocredError
from microcred.rdf.terms import Dataset, Graph, Quad, Term, literal


class NQuadsSyntaxError(MicrocredError):
    """A line of N-Quads does not follow the grammar (RDF 1.1 N-Quads §5)."""


_UCHAR = r"\\u[0-9A-Fa-f]{4}|\\U[0-9A-Fa-f]{8}"
_IRIREF = rf'<((?:[^\x00-\x20<>"{{}}|^`\\]|{_UCHAR})*)>'
_PN_CHARS_U = "A-Za-z_\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u02ff\u0370-\u037d\u037f-\u1fff\u200c-\u200d\u2070-\u218f\u2c00-\u2fef\u3001-\ud7ff\uf900-\ufdcf\ufdf0-\ufffd\U00010000-\U000effff"
_PN_CHARS = _PN_CHARS_U + r"\-0-9\u00b7\u0300-\u036f\u203f-\u2040"
_BNODE = rf"_:([{_PN_CHARS_U}0-9](?:[{_PN_CHARS}.]*[{_PN_CHARS}])?)"
_STRING = rf'"((?:[^"\\\n\r]|\\[tbnrf"\'\\]|{_UCHAR})*)"'
_LANG = r"@([a-zA-Z]+(?:-[a-zA-Z0-9]+)*)"
_WS = r"[ \t]*"
_SUBJECT = rf"(?:{_IRIREF}|{_BNODE})"
_OBJECT = rf"(?:{_IRIREF}|{_BNODE}|{_STRING}(?:\^\^{_IRIREF}|{_LANG})?)"
_LINE = re.compile(rf"^{_WS}{_SUBJECT}{_WS}{_IRIREF}{_WS}{_OBJECT}{_WS}(?:{_SUBJECT}{_WS})?\.{_WS}(?:#.*)?$")
_BLANK_LINE = re.compile(rf"^{_WS}(?:#.*)?$")
_ESCAPE = re.compile(rf"\\[tbnrf\"'\\]|{_UCHAR}")
_ECHARS = {"t": "\t", "b": "\b", "n": "\n", "r": "\r", "f": "\f", '"': '"', "'": "'", "\\": "\\"}


def _unescape(text: str) -> str:
    if "\\" not in text:
        return text

    def one(match: re.Match[str]) -> str:
        escape = match.group(0)
        if escape[1] in "uU":
            code = int(escape[2:], 16)
            if 0xD800 <= code <= 0xDFFF or code > 0x10FFFF:
                raise NQuadsSyntaxError(f"{escape} is not a Unicode scalar value", where=escape)
            return chr(code)
        return _ECHARS[escape[1]]

    return _ESCAPE.sub(one, text)


def parse_nquads(text: str) -> Dataset:
    """Read N-Quads into a :class:`Dataset`, keeping blank-node labels in ``Dataset.labels``.

    Duplicate quads are removed: a dataset is a set (RDF 1.1 Concepts §4).
    """
    dataset = Dataset()
    by_label: dict[str, int] = {}

    def blank(label: str) -> int:
        number = by_label.get(label)
        if number is None:
            number = dataset.new_blank_node()
            by_label[label] = number
            dataset.labels[number] = label
        return number

    seen: set[Quad] = set()
    for number, line in enumerate(text.split("\n"), start=1):
        match = _LINE.match(line)
        if match is None:
            if _BLANK_LINE.match(line):
                continue
            raise NQuadsSyntaxError("this line is not an N-Quads statement", where=f"line {number}")
        (s_iri, s_bn, p_iri, o_iri, o_bn, o_str, o_dt, o_lang, g_iri, g_bn) = match.groups()
        subject: Term = f"<{_unescape(s_iri)}>" if s_iri is not None else blank(s_bn)
        obj: Term
        if o_iri is not None:
            obj = f"<{_unescape(o_iri)}>"
        elif o_bn is not None:
            obj = blank(o_bn)
        elif o_lang is not None:
            obj = literal(_unescape(o_str), language=o_lang)
        elif o_dt is not None:
            obj = literal(_unescape(o_str), _unescape(o_dt))
        else:
            obj = literal(_unescape(o_str))
        graph: Graph = None
        if g_iri is not None:
            graph = f"<{_unescape(g_iri)}>"
        elif g_bn is not None:
            graph = blank(g_bn)
        quad: Quad = (subject, f"<{_unescape(p_iri)}>", obj, graph)
        if quad not in seen:
            seen.add(quad)
            dataset.quads.append(quad)
    return dataset


def serialize_quad(quad: Quad, labels: dict[int, str] | None = None) -> str:
    """One canonical N-Quads line (with its final ``\\n``); blank nodes print as ``_:`` + label."""

    def term(value: Term) -> str:
        if isinstance(value, int):
            return "_:" + (labels[value] if labels is not None and value in labels else f"b{value}")
        return value

    subject, predicate, obj, graph = quad
    if graph is None:
        return f"{term(subject)} {predicate} {term(obj)} .\n"
    return f"{term(subject)} {predicate} {term(obj)} {term(graph)} .\n"
