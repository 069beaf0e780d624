"""RDF terms and quads as this package holds them, and their canonical N-Quads text.

A term is either a ``str`` that is already its canonical N-Quads text (``<iri>``, ``"lexical"``,
``"lexical"@lang`` or ``"lexical"^^<datatype>``) or an ``int`` that names a blank node. Blank nodes
are numbers, not labels, because the canonicalization algorithm relabels them anyway and numbers
make the "is this a blank node?" test a type check. A quad's graph is ``None`` for the default graph.

Escaping follows RDFC-1.0 §4.1 (canonical N-Quads) exactly as rdf-canonize 5 / jsonld.js apply it:
``\\b \\t \\n \\f \\r \\" \\\\`` as ECHAR, the other C0 controls and U+007F as ``\\uXXXX`` with
uppercase hex, everything else as the character itself.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TypeAlias

from microcred.errors import MicrocredError

Term: TypeAlias = str | int
Graph: TypeAlias = str | int | None
Quad: TypeAlias = tuple[Term, str, Term, Graph]

XSD = "http://www.w3.org/2001/XMLSchema#"
XSD_STRING = XSD + "string"
XSD_BOOLEAN = XSD + "boolean"
XSD_INTEGER = XSD + "integer"
XSD_DOUBLE = XSD + "double"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDF_TYPE = RDF + "type"
RDF_FIRST = RDF + "first"
RDF_REST = RDF + "rest"
RDF_NIL = RDF + "nil"
RDF_JSON = RDF + "JSON"
RDF_LANGSTRING = RDF + "langString"

_ESCAPES = {i: f"\\u{i:04X}" for i in range(0x20)}
_ESCAPES.update({0x7F: "\\u007F", 0x08: "\\b", 0x09: "\\t", 0x0A: "\\n", 0x0C: "\\f", 0x0D: "\\r"})
_ESCAPES.update({0x22: '\\"', 0x5C: "\\\\"})
_NEEDS_ESCAPE = re.compile('[\x00-\x1f\x7f"\\\\\ud800-\udfff]')
_SURROGATE = re.compile("[\ud800-\udfff]")
# Characters _ESCAPES maps other than backslash, quote, LF, CR and TAB.
_RARE_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class NotUnicodeTextError(MicrocredError):
    """A string holds a lone UTF-16 surrogate: it is not Unicode text and has no UTF-8 form."""


def escape_literal(text: str) -> str:
    """Escape a literal's lexical form for canonical N-Quads (RDFC-1.0 §4.1, rdf-canonize 5).

    A lone surrogate (possible in Python strings read from JSON ``"\\ud800"``) is refused: it
    cannot be encoded as UTF-8, and JavaScript would hash it as U+FFFD instead.
    """
    if _NEEDS_ESCAPE.search(text) is None:
        return text
    if _SURROGATE.search(text) is not None:
        raise NotUnicodeTextError(
            f"the text {text[:40]!r} contains a lone UTF-16 surrogate, which is not Unicode text",
            where="literal",
        )
    if _RARE_CONTROL.search(text) is None:
        # Only backslash, quote, LF, CR and TAB: five C-level replaces (backslash first) instead of a per-character
        # translate, which costs ≈40 ns per character on long texts (criteria narratives).
        return (
            text.replace("\\", "\\\\")
            .replace('"', '\\"')
            .replace("\n", "\\n")
            .replace("\r", "\\r")
            .replace("\t", "\\t")
        )
    return text.translate(_ESCAPES)


def iri(value: str) -> str:
    """The N-Quads text of an IRI; the caller has checked that it is absolute and well formed."""
    return f"<{value}>"


def literal(lexical: str, datatype: str = XSD_STRING, language: str | None = None) -> str:
    """The canonical N-Quads text of a literal (``xsd:string`` is written without its datatype)."""
    body = '"' + escape_literal(lexical) + '"'
    if language is not None:
        return f"{body}@{language}"
    if datatype == XSD_STRING:
        return body
    return f"{body}^^<{datatype}>"


RDF_TYPE_TERM = iri(RDF_TYPE)
RDF_FIRST_TERM = iri(RDF_FIRST)
RDF_REST_TERM = iri(RDF_REST)
RDF_NIL_TERM = iri(RDF_NIL)


@dataclass(slots=True)
class Dataset:
    """An RDF dataset: a set of quads plus the number of blank nodes allocated so far.

    ``labels`` keeps, for blank nodes that came with a label (N-Quads input, ``_:x`` ids in
    JSON-LD), that label, so the canonical issued-identifier map can be reported (RDFC-1.0 §4.4).
    """

    quads: list[Quad] = field(default_factory=list)
    blank_node_count: int = 0
    labels: dict[int, str] = field(default_factory=dict)

    def new_blank_node(self) -> int:
        number = self.blank_node_count
        self.blank_node_count = number + 1
        return number
