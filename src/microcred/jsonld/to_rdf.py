"""Compacted JSON-LD straight to RDF quads: the Expansion Algorithm (JSON-LD 1.1 API §5.1.2)
and Deserialize JSON-LD to RDF (§8.2) fused into one walk, in safe mode.

The walk applies the expansion rules in the order the algorithm does — property-scoped context,
revert of a non-propagated (type-scoped) context at nested nodes except value objects and lone
``@id`` references, embedded ``@context``, then type-scoped contexts in sorted order — but emits
quads instead of building the expanded document. The result is the same dataset the two-step
algorithm gives (blank-node labels aside, which canonicalization replaces anyway).

Where jsonld.js reads an expansion step in its own way, the walk follows jsonld.js, because
signatures must verify there (the cases are listed in ADR 0101 and pinned by the differential
tests).

Safe mode is not optional. Where the algorithm would drop a key, drop a value, keep a relative
IRI, ignore ``@direction`` (when no ``rdfDirection`` mode is chosen) or meet a construct this
walker does not implement, it raises an error naming the JSON path, so nothing is signed that
another processor would read differently.

``rdfDirection`` (JSON-LD 1.1 API §8.6 step 13, the ``rdfDirection`` option of §9.4): ``None``
(the API's default: a value with ``@direction`` is refused in safe mode) or ``"i18n-datatype"``
(``"x"^^<https://www.w3.org/ns/i18n#ar_rtl>``), which Data Integrity signing uses (ADR 0102).
``"compound-literal"`` is not implemented.
"""

from __future__ import annotations

import marshal
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal, TypeAlias

from microcred.jsonld.context import ActiveContext, TermDefinition, expand_iri, initial_context, remember
from microcred.jsonld.errors import JsonLdError, UnsafeDocumentError, UnsupportedFeatureError
from microcred.jsonld.iri import is_well_formed_iri
from microcred.jsonld.literals import canonical_double, check_integer, is_js_double, jcs, utf16_key
from microcred.jsonld.paths import Path, format_path
from microcred.jsonld.shapes import GENERAL, ID, PLAIN, TYPED, Shape, key_fact, shape_of
from microcred.rdf.terms import (
    RDF_FIRST_TERM,
    RDF_JSON,
    RDF_LANGSTRING,
    RDF_NIL_TERM,
    RDF_REST_TERM,
    RDF_TYPE_TERM,
    XSD_BOOLEAN,
    XSD_DOUBLE,
    XSD_INTEGER,
    Dataset,
    Graph,
    Quad,
    Term,
    escape_literal,
    literal,
)


@dataclass(slots=True, frozen=True)
class _List:
    """An expanded list object (``{"@list": [...]}``) waiting to become an RDF collection."""

    items: tuple[Term | _List, ...]


Item = Term | _List
RdfDirection: TypeAlias = Literal["i18n-datatype"] | None
I18N_DATATYPE: RdfDirection = "i18n-datatype"
# The i18n namespace of JSON-LD 1.1 API §8.6 step 13.2: datatype = I18N + language + "_" + direction.
I18N = "https://www.w3.org/ns/i18n#"
_JS_NUMBER = re.compile(r"^[\t\n\v\f\r ]*[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?[\t\n\v\f\r ]*$")
_BCP47 = re.compile(r"^[a-zA-Z]{1,8}(-[a-zA-Z0-9]{1,8})*$")


# N-Quads text of the string literals met on the fast paths of node_body, memoized: issuers
# repeat names, descriptions and criteria across credentials, and a remembered text also
# keeps its hash for the duplicate check and the sort. Bounded; only short-ish strings.
_PLAIN_TEXTS: dict[str, str] = {}
_TYPED_TEXTS: dict[tuple[str, str], str] = {}
_TEXTS_LIMIT = 8192
_TEXT_MAX_LENGTH = 4096


def _plain_text(value: str) -> str:
    text = '"' + escape_literal(value) + '"'
    if len(value) <= _TEXT_MAX_LENGTH:
        if len(_PLAIN_TEXTS) >= _TEXTS_LIMIT:
            _PLAIN_TEXTS.clear()
        _PLAIN_TEXTS[value] = text
    return text


def _typed_text(value: str, suffix: str) -> str:
    text = '"' + escape_literal(value) + suffix
    if len(value) <= _TEXT_MAX_LENGTH:
        if len(_TYPED_TEXTS) >= _TEXTS_LIMIT:
            _TYPED_TEXTS.clear()
        _TYPED_TEXTS[(value, suffix)] = text
    return text


# Quads of nodes walked before (see _Walk.map_remembered): key → (context, definition, first
# blank node, blank nodes used, quads, the node's term). Bounded.
_SUBTREES: dict[
    tuple[Any, ...], tuple[ActiveContext, TermDefinition | None, int, int, tuple[Quad, ...], Term]
] = {}
_SUBTREES_LIMIT = 512


def _w(path: Path) -> str:
    return format_path(path)


class _Tracked(str):
    """A literal's N-Quads text that also remembers the JSON-LD value it came from (used only
    when a document produced duplicate quads, to tell harmless from ambiguous duplicates)."""

    __slots__ = ("identity", "path")
    identity: tuple[Any, ...]
    path: Path

    def __new__(cls, text: str, identity: tuple[Any, ...], path: Path) -> _Tracked:
        self = super().__new__(cls, text)
        self.identity = identity
        self.path = path
        return self


def _value_identity(value: Any, datatype: str | None, language: str | None) -> tuple[Any, ...]:
    """A value object as jsonld.js compares values when it merges nodes (``===`` on @value,
    @type and @language); numbers compare as IEEE doubles, as JavaScript parsed them."""
    if isinstance(value, bool):
        return ("boolean", value, datatype, language)
    if isinstance(value, int | float):
        return ("number", float(value), datatype, language)
    return ("string", value, datatype, language)


class _Walk:
    """One document's walk: the quads found so far and the blank nodes named in the input."""

    __slots__ = (
        "base",
        "dataset",
        "directed",
        "empty_lists",
        "indexes",
        "labels",
        "quads",
        "rdf_direction",
        "track",
    )

    def __init__(self, base: str | None, rdf_direction: RdfDirection = None, track: bool = False) -> None:
        self.base = base
        self.rdf_direction = rdf_direction
        # How many literals with a direction were made (if any, to_dataset checks how
        # jsonld.js would merge values; map_remembered never replays a node that has one).
        self.directed = 0
        self.track = track
        self.dataset = Dataset()
        self.quads: list[Quad] = self.dataset.quads
        self.labels: dict[str, int] = {}
        self.empty_lists: set[tuple[Term, str, Graph]] = set()
        self.indexes: dict[Term, str] = {}

    # -- terms -------------------------------------------------------------------------------

    def blank(self, label: str) -> int:
        node = self.labels.get(label)
        if node is None:
            node = self.dataset.new_blank_node()
            self.labels[label] = node
        return node

    def node_term(self, value: str | None, path: Path, what: str) -> Term:
        """An expanded ``@id`` (or ``@type``/``@vocab`` value) as a term; relative is refused."""
        if value is None:
            raise UnsafeDocumentError(
                f"{what} does not expand to an IRI (it has the form of a keyword)",
                where=_w(path),
                code="reserved @id value",
            )
        if value.startswith("_:"):
            return self.blank(value[2:])
        if not is_well_formed_iri(value):
            code = "relative @type reference" if what.startswith("type") else "relative @id reference"
            raise UnsafeDocumentError(
                f"{what} {value!r} is not an absolute IRI (safe mode refuses relative or malformed IRIs; "
                "is a context or a term missing?)",
                where=_w(path),
                code=code,
            )
        return f"<{value}>"

    def reference(self, ctx: ActiveContext, value: str, path: Path) -> Term:
        """A string coerced to ``@id``: IRI expansion (§5.2.2, document-relative) to a term."""
        colon = value.find(":", 1)
        if colon != -1 and value[0] != "@" and value not in ctx.terms:
            # Absolute IRIs are the rule in credentials; only a defined prefix changes them.
            prefix = value[:colon]
            if prefix != "_":
                definition = ctx.terms.get(prefix)
                if (
                    definition is None
                    or not definition.prefix
                    or definition.iri is None
                    or value.startswith("//", colon + 1)
                ) and is_well_formed_iri(value):
                    return f"<{value}>"
        return self.node_term(expand_iri(ctx, value, document_relative=True), path, "identifier")

    # -- values ------------------------------------------------------------------------------

    def literal_of(
        self, value: Any, datatype: str | None, language: str | None, direction: str | None, path: Path
    ) -> str:
        """Object to RDF Conversion (JSON-LD 1.1 API §8.6) for a value object's parts."""
        text = self.literal_text(value, datatype, language, direction, path)
        if self.track:
            return _Tracked(text, _value_identity(value, datatype, language), path)
        return text

    def json_literal(self, value: Any, path: Path) -> str:
        text = literal(jcs(value, _w(path)), RDF_JSON)
        if self.track:
            # jsonld.js compares @json values with ===: two equal objects are still two values.
            identity = ("json", value) if not isinstance(value, dict | list) else ("json", id(value))
            return _Tracked(text, identity, path)
        return text

    def directed_literal(self, value: str, language: str | None, direction: str, path: Path) -> str:
        """A string with a base direction (JSON-LD 1.1 API §8.6 step 13): with ``rdfDirection``
        ``i18n-datatype`` the literal ``value^^<https://www.w3.org/ns/i18n#{language}_{direction}>``
        (language lowercased, empty when there is none), as jsonld.js writes it; without a
        mode, the direction would be lost, so safe mode refuses it."""
        if self.rdf_direction is None:
            raise UnsafeDocumentError(
                "@direction has no RDF form unless an rdfDirection mode is chosen; refused in safe mode",
                where=_w(path),
                code="rdfDirection not set",
            )
        if language is not None and _BCP47.match(language) is None:
            raise UnsafeDocumentError(
                f"{language!r} is not a well-formed language tag (BCP 47)",
                where=_w(path),
                code="invalid @language value",
            )
        self.directed += 1
        return literal(value, f"{I18N}{language or ''}_{direction}")

    def literal_text(
        self, value: Any, datatype: str | None, language: str | None, direction: str | None, path: Path
    ) -> str:
        if direction is not None and isinstance(value, str):
            # jsonld.js ignores a direction on numbers and booleans (toRdf.js _objectToRDF).
            return self.directed_literal(value, language, direction, path)
        if datatype is not None and not is_well_formed_iri(datatype):
            raise UnsafeDocumentError(
                f"datatype {datatype!r} is not an absolute IRI",
                where=_w(path),
                code="relative @type reference",
            )
        if isinstance(value, str):
            if datatype == XSD_DOUBLE:
                # jsonld.js re-reads a string typed xsd:double with parseFloat and prints the
                # canonical double; a string that is not entirely a number would silently
                # become NaN or lose its tail there, so it is refused here.
                if _JS_NUMBER.match(value) is None:
                    raise UnsafeDocumentError(
                        f"{value!r} is typed xsd:double but is not a number",
                        where=_w(path),
                        code="invalid typed value",
                    )
                return literal(canonical_double(float(value.strip())), datatype)
            if datatype is not None:
                return literal(value, datatype)
            if language is not None:
                if _BCP47.match(language) is None:
                    raise UnsafeDocumentError(
                        f"{language!r} is not a well-formed language tag (BCP 47)",
                        where=_w(path),
                        code="invalid @language value",
                    )
                return literal(value, RDF_LANGSTRING, language)
            return literal(value)
        if value is True or value is False:
            return literal("true" if value else "false", datatype or XSD_BOOLEAN)
        if isinstance(value, int):
            check_integer(value, path)
            if datatype == XSD_DOUBLE:
                return literal(canonical_double(float(value)), datatype)
            return literal(str(value), datatype or XSD_INTEGER)
        if isinstance(value, float):
            if not math.isfinite(value):
                raise UnsafeDocumentError("NaN and infinities are not JSON numbers", where=_w(path))
            if datatype != XSD_DOUBLE and not is_js_double(value):
                # jsonld.js calls a number a double only if its JavaScript string has a "."
                # or it is ≥ 1e21, and prints the others with toFixed(0): 1e-7 becomes "0".
                # Signatures must verify in that stack, so the same rule applies here.
                if value.is_integer():
                    return literal(str(int(value)), datatype or XSD_INTEGER)
                return literal("-0" if value < 0 else "0", datatype or XSD_INTEGER)
            return literal(canonical_double(value), datatype or XSD_DOUBLE)
        raise JsonLdError(
            "a value must be a string, number or boolean", where=_w(path), code="invalid value object value"
        )

    def scalar(self, ctx: ActiveContext, definition: TermDefinition | None, value: Any, path: Path) -> Term:
        """Value Expansion (§5.3.2) of a scalar under a property, then to an RDF term."""
        type_mapping = definition.type_mapping if definition is not None else None
        if type_mapping == "@json":
            return self.json_literal(value, path)
        if isinstance(value, str) and type_mapping in ("@id", "@vocab"):
            if type_mapping == "@id":
                return self.reference(ctx, value, path)
            # @vocab values (proofPurpose, statusPurpose…) repeat: memoize per context.
            known = ctx.facts.get(("vocab-value", value))
            if known is not None:
                return known  # type: ignore[no-any-return]
            expanded = expand_iri(ctx, value, vocab=True, document_relative=True)
            term = self.node_term(expanded, path, "identifier")
            if isinstance(term, str):
                remember(ctx.facts, ("vocab-value", value), term)
            return term
        if type_mapping is not None and type_mapping not in ("@id", "@vocab", "@none"):
            return self.literal_of(value, type_mapping, None, None, path)
        if isinstance(value, str):
            if definition is not None and definition.has_language:
                language = definition.language
            else:
                language = ctx.language
            if definition is not None and definition.has_direction:
                direction = definition.direction
            else:
                direction = ctx.direction
            return self.literal_of(value, None, language, direction, path)
        return self.literal_of(value, None, None, None, path)

    # -- collections -------------------------------------------------------------------------

    def collection(self, items: tuple[Item, ...], graph: Graph) -> Term:
        """RDF collection for a list (§8.4 List to RDF Conversion); empty is ``rdf:nil``."""
        if not items:
            return RDF_NIL_TERM
        quads = self.quads
        new = self.dataset.new_blank_node
        head = node = new()
        last = len(items) - 1
        for index, item in enumerate(items):
            obj = self.collection(item.items, graph) if isinstance(item, _List) else item
            quads.append((node, RDF_FIRST_TERM, obj, graph))
            if index == last:
                quads.append((node, RDF_REST_TERM, RDF_NIL_TERM, graph))
            else:
                following = new()
                quads.append((node, RDF_REST_TERM, following, graph))
                node = following
        return head

    # -- the expansion walk ------------------------------------------------------------------

    def element(
        self,
        ctx: ActiveContext,
        prop: str | None,
        definition: TermDefinition | None,
        value: Any,
        path: Path,
        graph: Graph,
        in_list: bool = False,
        from_map: bool = False,
    ) -> list[Item]:
        """Expand ``value`` found under property ``prop`` (None at top level or in ``@graph``)."""
        if value is None:
            return []
        if isinstance(value, dict):
            return self.map(ctx, prop, definition, value, path, graph, from_map)
        if isinstance(value, list):
            items: list[Item] = []
            as_list = definition is not None and "@list" in definition.container
            for index, member in enumerate(value):
                member_path = (path, index)
                if isinstance(member, list) and (as_list or in_list):
                    items.append(
                        _List(
                            # As in jsonld.js, the recursive expansion of a nested array does not
                            # inherit "inside a list": deeper arrays nest only under a @list container.
                            tuple(
                                self.element(
                                    ctx, prop, definition, member, member_path, graph, False, from_map
                                )
                            )
                        )
                    )
                else:
                    items.extend(
                        self.element(ctx, prop, definition, member, member_path, graph, in_list, from_map)
                    )
            return items
        if prop is None and not in_list:
            raise UnsafeDocumentError(
                "a free-floating value (not the value of any property) would be dropped",
                where=_w(path),
                code="free-floating scalar",
            )
        # A property's scoped context was applied where the property was met (term_context);
        # scalars inside list or set objects use the list object's context, as in jsonld.js.
        return [self.scalar(ctx, definition, value, path)]

    def prepare(
        self,
        ctx: ActiveContext,
        prop: str | None,
        definition: TermDefinition | None,
        keys: tuple[str, ...],
        from_map: bool,
        path: Path,
    ) -> tuple[ActiveContext, Shape]:
        """Steps 7–8: revert a non-propagated context, then apply the property-scoped one.

        ``ctx`` already has the property's scoped context (see :meth:`term_context`) and
        ``definition`` is the property's definition in it, as jsonld.js passes them; so a scoped
        context that redefines its own property decides what is re-applied after the revert.
        """
        shape = shape_of(ctx, keys)
        # A non-propagated (type-scoped) context does not reach nested nodes, except value
        # objects and lone references.
        if ctx.previous is not None and not from_map and not shape.keeps_context:
            ctx = ctx.previous
            shape = shape_of(ctx, keys)
        if definition is not None and definition.has_context:
            ctx = ctx.with_scoped(definition, propagate=True, where=path)
            shape = shape_of(ctx, keys)
        return ctx, shape

    def apply_types(
        self,
        type_ctx: ActiveContext,
        element: dict[str, Any],
        keys: tuple[str, ...],
        type_keys: tuple[str, ...],
        path: Path,
    ) -> tuple[ActiveContext, Shape]:
        """Step 11: the type-scoped contexts of the node's types (looked up in ``type_ctx``)."""
        typed = type_ctx
        for key in type_keys:
            values = element[key]
            if not isinstance(values, str) and not (
                isinstance(values, list) and all(isinstance(name, str) for name in values)
            ):
                raise JsonLdError(
                    "@type must be a string or an array of strings",
                    where=_w((path, key)),
                    code="invalid type value",
                )
            for name in sorted(values, key=utf16_key) if isinstance(values, list) else [values]:
                term = type_ctx.terms.get(name)
                if term is not None and term.has_context:
                    typed = typed.with_scoped(term, propagate=False, where=(path, key))
        return typed, (shape_of(typed, keys) if typed is not type_ctx else shape_of(type_ctx, keys))

    def map(
        self,
        ctx: ActiveContext,
        prop: str | None,
        definition: TermDefinition | None,
        element: dict[str, Any],
        path: Path,
        graph: Graph,
        from_map: bool = False,
        graph_member: bool = False,
    ) -> list[Item]:
        """Expansion Algorithm §5.1.2 steps 3–20 for a map, emitting quads on the way.

        ``graph_member``: the map is a value of a ``@graph`` container, where (as at the top
        level and in ``@graph``) a map that says nothing would be dropped."""
        keys = tuple(element)
        # Steps 7–8 depend only on the context, the property and the keys: memoized.
        step_key = ("steps", definition, keys, from_map)
        prepared: tuple[ActiveContext, Shape] | None = ctx.facts.get(step_key)
        if prepared is None:
            prepared = self.prepare(ctx, prop, definition, keys, from_map, path)
            remember(ctx.facts, step_key, prepared)
        ctx, shape = prepared
        # Step 9: embedded context.
        if "@context" in element:
            ctx = ctx.with_local(element["@context"], self.base, where=(path, "@context"))
            shape = shape_of(ctx, keys)
        # Steps 10–11: type-scoped contexts, applied per type key in key order, values sorted.
        type_ctx = ctx
        type_keys = shape.type_keys
        if type_keys:
            if len(type_keys) == 1:
                names = element[type_keys[0]]
                signature: tuple[Any, ...] = (tuple(names) if names.__class__ is list else names,)
            else:
                signature = tuple(
                    tuple(element[key]) if element[key].__class__ is list else element[key]
                    for key in type_keys
                )
            try:
                typed: tuple[ActiveContext, Shape] | None = type_ctx.facts.get(("typed", keys, signature))
            except TypeError:  # an unhashable @type value; refused just below
                typed = None
            if typed is None:
                typed = self.apply_types(type_ctx, element, keys, type_keys, path)
                remember(type_ctx.facts, ("typed", keys, signature), typed)
            ctx, shape = typed
        if shape.problem is not None:
            key, message, code = shape.problem
            raise UnsafeDocumentError(message, where=_w((path, key)), code=code)
        if (prop is None or graph_member) and (shape.keywords or not shape.type_keys):
            self.refuse_dropped(shape, element, path)
        if shape.keywords:
            return self.keyword_map(ctx, type_ctx, prop, definition, element, shape, path, graph)
        if shape.id_key is not None:
            node_id = element[shape.id_key]
            if not isinstance(node_id, str):
                raise JsonLdError(
                    "@id must be a string", where=_w((path, shape.id_key)), code="invalid @id value"
                )
            subject = self.reference(ctx, node_id, (path, shape.id_key))
        else:
            subject = self.dataset.blank_node_count
            self.dataset.blank_node_count = subject + 1
        self.node_body(ctx, type_ctx, element, shape, subject, path, graph)
        return [subject]

    def refuse_dropped(self, shape: Shape, element: dict[str, Any], path: Path) -> None:
        """Expansion §5.1.2 step 19: at the top level and in ``@graph`` — and, in jsonld.js,
        in a ``@graph`` container — a map that expands to nothing, to a value or list object,
        or to a lone ``@id`` is dropped (jsonld.js ``_dropUnsafeObject``). Nothing of it would
        be signed, so safe mode refuses it with jsonld.js's event code and the path.

        In a presentation this is a ``verifiableCredential`` given only by its ``id`` (for
        example a ``data:`` URL): its graph would be empty and the id lost.
        """
        kinds = shape.keywords.values()
        if "@value" in kinds:
            raise UnsafeDocumentError(
                "a value object here is not the value of any property and would be dropped",
                where=_w(path),
                code="object with only @value",
            )
        if "@list" in kinds:
            raise UnsafeDocumentError(
                "a list object here is not the value of any property and would be dropped",
                where=_w(path),
                code="object with only @list",
            )
        if kinds or shape.type_keys:
            return
        for key, _predicate, term, _plan, _suffix in shape.properties:
            # null is no value (§5.1.2 step 13.3), except under @json where it is the JSON null
            if element[key] is not None or (term is not None and term.type_mapping == "@json"):
                return
        if shape.id_key is None:
            raise UnsafeDocumentError("an empty object would be dropped", where=_w(path), code="empty object")
        if not isinstance(element[shape.id_key], str):
            return  # refused as an invalid @id value where the node's @id is read
        raise UnsafeDocumentError(
            "an object with only @id says nothing and would be dropped (no statement about it "
            "would be signed, and the id itself would be lost)",
            where=_w(path),
            code="object with only @id",
        )

    def node_body(
        self,
        ctx: ActiveContext,
        type_ctx: ActiveContext,
        element: dict[str, Any],
        shape: Shape,
        subject: Term,
        path: Path,
        graph: Graph,
    ) -> None:
        """The quads of a node object: its types, then each property's values."""
        quads = self.quads
        for key in shape.type_keys:
            values = element[key]
            if isinstance(values, list):
                for index, name in enumerate(values):
                    quads.append(
                        (
                            subject,
                            RDF_TYPE_TERM,
                            self.type_term(type_ctx, name, ((path, key), index)),
                            graph,
                        )
                    )
            else:
                quads.append((subject, RDF_TYPE_TERM, self.type_term(type_ctx, values, (path, key)), graph))
        track = self.track
        for key, predicate, term, plan, suffix in shape.properties:
            value = element[key]
            # Fast paths: a single string under a property whose plan is known.
            if value.__class__ is str and not track:
                if plan == PLAIN:
                    text = _PLAIN_TEXTS.get(value)
                    quads.append((subject, predicate, text or _plain_text(value), graph))
                    continue
                if plan == TYPED:
                    text = _TYPED_TEXTS.get((value, suffix))
                    quads.append((subject, predicate, text or _typed_text(value, suffix), graph))
                    continue
                if plan == ID:
                    quads.append((subject, predicate, self.reference(ctx, value, (path, key)), graph))
                    continue
            if plan == GENERAL:
                objects = self.property_values(ctx, key, term, value, (path, key), graph)
                if term is not None and term.reverse:
                    self.reverse_quads(subject, predicate, objects, graph, (path, key))
                    continue
            elif value.__class__ is dict:
                if graph is None and not track and path.__class__ is tuple and path[0].__class__ is str:
                    # a node at depth 2, where shared definitions sit (credentialSubject.achievement,
                    # issuer.address); not depth 1, which holds the learner's own credentialSubject
                    objects = self.map_remembered(ctx, key, term, value, (path, key))
                else:
                    objects = self.map(ctx, key, term, value, (path, key), graph)
            else:
                objects = self.element(ctx, key, term, value, (path, key), graph)
            for obj in objects:
                if isinstance(obj, _List):
                    if not obj.items:
                        self.note_empty_list(subject, predicate, graph, (path, key))
                    obj = self.collection(obj.items, graph)
                quads.append((subject, predicate, obj, graph))

    def map_remembered(
        self,
        ctx: ActiveContext,
        prop: str,
        definition: TermDefinition | None,
        element: dict[str, Any],
        path: Path,
    ) -> list[Item]:
        """:meth:`map` for a node in the default graph, replaying the quads of an identical node
        walked before in the same context (issuers and achievements repeat across credentials).

        The key is the node's exact content (``marshal`` refuses every type but the exact JSON
        ones and tells ``1``, ``1.0`` and ``True`` apart) with the context, the property and its
        definition. Only a walk whose effects are confined to its own quads and blank nodes is
        remembered: no labelled blank node, empty list, @index or literal with a direction, no
        named graph, no reference to a blank node allocated before it. The replay renumbers the
        node's blank nodes from the current counter, so the dataset (quads, order and
        numbering) is the one the walk would have produced.
        """
        try:
            content = marshal.dumps(element)
        except ValueError:
            return self.map(ctx, prop, definition, element, path, None)
        cache_key = (id(ctx), prop, id(definition), self.base, self.rdf_direction, content)
        dataset = self.dataset
        offset = dataset.blank_node_count
        entry = _SUBTREES.get(cache_key)
        if entry is not None and entry[0] is ctx and entry[1] is definition:
            _ctx, _definition, first, count, quads, result = entry
            if first == offset:
                self.quads.extend(quads)
            else:
                shift = offset - first
                self.quads.extend(
                    [
                        (
                            subject + shift if subject.__class__ is int else subject,
                            predicate,
                            obj + shift if obj.__class__ is int else obj,
                            graph,
                        )
                        for subject, predicate, obj, graph in quads
                    ]
                )
                if result.__class__ is int:
                    result = result + shift
            dataset.blank_node_count = offset + count
            return [result]
        labels, empty_lists, indexes = len(self.labels), len(self.empty_lists), len(self.indexes)
        directed = self.directed
        start = len(self.quads)
        objects = self.map(ctx, prop, definition, element, path, None)
        if (
            len(objects) == 1
            and len(self.labels) == labels
            and len(self.empty_lists) == empty_lists
            and len(self.indexes) == indexes
            and self.directed == directed
        ):
            found = objects[0]
            produced = tuple(self.quads[start:])
            if (type(found) is str or (type(found) is int and found >= offset)) and all(
                graph is None
                and (subject.__class__ is str or subject >= offset)  # type: ignore[operator]
                and (obj.__class__ is str or obj >= offset)  # type: ignore[operator]
                for subject, _predicate, obj, graph in produced
            ):
                if len(_SUBTREES) >= _SUBTREES_LIMIT:
                    _SUBTREES.clear()
                _SUBTREES[cache_key] = (
                    ctx,
                    definition,
                    offset,
                    dataset.blank_node_count - offset,
                    produced,
                    found,
                )
        return objects

    def reverse_quads(
        self, subject: Term, predicate: str, objects: list[Item], graph: Graph, path: Path
    ) -> None:
        """Reverse properties (§5.1.2 step 13.4.13 and 19.3): the value is the subject."""
        for obj in objects:
            if isinstance(obj, _List) or (isinstance(obj, str) and obj.startswith('"')):
                raise JsonLdError(
                    "a reverse property's value must be a node, not a value or list",
                    where=_w(path),
                    code="invalid reverse property value",
                )
            self.quads.append((obj, predicate, subject, graph))

    def reverse_map(self, ctx: ActiveContext, subject: Term, value: Any, path: Path, graph: Graph) -> None:
        """An ``@reverse`` map (§5.1.2 step 13.4.13): each property points at this node."""
        if not isinstance(value, dict):
            raise JsonLdError("@reverse must be a map", where=_w(path), code="invalid @reverse value")
        shape = shape_of(ctx, tuple(value))
        if shape.problem is not None:
            key, message, code = shape.problem
            raise UnsafeDocumentError(message, where=_w((path, key)), code=code)
        if shape.keywords or shape.type_keys or shape.id_key is not None:
            raise JsonLdError(
                "an @reverse map may not hold keywords", where=_w(path), code="invalid reverse property map"
            )
        for key, predicate, term, _plan_kind, _suffix in shape.properties:
            objects = self.property_values(ctx, key, term, value[key], (path, key), graph)
            if term is not None and term.reverse:
                for obj in objects:
                    if isinstance(obj, _List):
                        obj = self.collection(obj.items, graph)
                    self.quads.append((subject, predicate, obj, graph))
            else:
                self.reverse_quads(subject, predicate, objects, graph, (path, key))

    def note_index(self, node: Term, index: str, path: Path) -> None:
        """A node may carry one @index only (§7.2 Node Map Generation, "conflicting indexes")."""
        known = self.indexes.setdefault(node, index)
        if known != index:
            raise JsonLdError(
                f"node {node} has two different @index values ({known!r} and {index!r})",
                where=_w(path),
                code="conflicting indexes",
            )

    def note_empty_list(self, subject: Term, predicate: str, graph: Graph, path: Path) -> None:
        """Refuse a second empty list for the same subject and property.

        Both give the quad ``subject predicate rdf:nil``. A dataset holds it once (RDFC-1.0
        §4.4 works on a set), but jsonld.js keeps both list objects when it merges the node
        and canonicalizes two identical lines; no signature can satisfy both readings.
        """
        key = (subject, predicate, graph)
        if key in self.empty_lists:
            raise UnsafeDocumentError(
                "a second empty list for the same node and property: jsonld.js would sign the "
                "rdf:nil quad twice, RDFC-1.0 once, so the signature would not verify everywhere",
                where=_w(path),
                code="ambiguous duplicate empty list",
            )
        self.empty_lists.add(key)

    def keyword_map(
        self,
        ctx: ActiveContext,
        type_ctx: ActiveContext,
        prop: str | None,
        definition: TermDefinition | None,
        element: dict[str, Any],
        shape: Shape,
        path: Path,
        graph: Graph,
    ) -> list[Item]:
        """Maps with keyword keys other than @id/@type: value, list, set and graph objects."""
        by_keyword = {expanded: key for key, expanded in shape.keywords.items()}
        for unsupported in ("@included", "@nest"):
            if unsupported in by_keyword:
                raise UnsupportedFeatureError(
                    f"{unsupported} is not supported by this processor (credentials do not use it)",
                    where=_w((path, by_keyword[unsupported])),
                )
        for other in by_keyword:
            if other not in (
                "@value",
                "@language",
                "@direction",
                "@index",
                "@list",
                "@set",
                "@graph",
                "@reverse",
            ):
                raise JsonLdError(f"{other} is not allowed here", where=_w(path), code="invalid keyword")
        value_keys = {
            kw: element[key]
            for kw, key in by_keyword.items()
            if kw in ("@value", "@language", "@direction", "@index")
        }
        if "@index" in value_keys and not isinstance(value_keys["@index"], str):
            raise JsonLdError("@index must be a string", where=_w(path), code="invalid @index value")
        has_props = bool(shape.properties) or shape.id_key is not None
        if "@value" in value_keys:
            if (
                "@list" in by_keyword
                or "@set" in by_keyword
                or "@graph" in by_keyword
                or "@reverse" in by_keyword
            ):
                raise JsonLdError(
                    "a value object has keys it may not have", where=_w(path), code="invalid value object"
                )
            return self.value_object(type_ctx, element, list(shape.type_keys), value_keys, has_props, path)
        if "@list" in by_keyword or "@set" in by_keyword:
            if (
                has_props
                or shape.type_keys
                or "@graph" in by_keyword
                or "@reverse" in by_keyword
                or ("@list" in by_keyword and "@set" in by_keyword)
            ):
                raise JsonLdError(
                    "a list or set object may only have @list/@set and @index",
                    where=_w(path),
                    code="invalid set or list object",
                )
            if set(value_keys) - {"@index"}:
                raise JsonLdError(
                    "invalid key in a list or set object", where=_w(path), code="invalid set or list object"
                )
            # The members are expanded under the same property, but with the term definition
            # it has in *this* context (after a type-scoped context was reverted), §5.1.2 13.4.6.
            if prop is not None:
                definition = ctx.terms.get(prop)
            if "@set" in by_keyword:
                key = by_keyword["@set"]
                return self.element(ctx, prop, definition, element[key], (path, key), graph)
            if prop is None:
                raise UnsafeDocumentError(
                    "a free-floating list would be dropped", where=_w(path), code="object with only @list"
                )
            key = by_keyword["@list"]
            items = self.element(ctx, prop, definition, element[key], (path, key), graph, True)
            return [_List(tuple(items))]
        if set(value_keys) - {"@index"}:
            raise UnsafeDocumentError(
                f"{sorted(set(value_keys) - {'@index'})} without @value would be dropped",
                where=_w(path),
                code="object with only @language",
            )
        graph_key = by_keyword.get("@graph")
        if (
            prop is None
            and shape.id_key is None
            and not shape.properties
            and not shape.type_keys
            and "@reverse" not in by_keyword
        ):
            if graph_key is not None:
                # A top-level (or in-@graph) map with only @graph: its nodes are in this graph.
                self.element(ctx, None, None, element[graph_key], (path, graph_key), graph)
                return []
            raise UnsafeDocumentError("an empty object would be dropped", where=_w(path), code="empty object")
        if shape.id_key is not None:
            node_id = element[shape.id_key]
            if not isinstance(node_id, str):
                raise JsonLdError(
                    "@id must be a string", where=_w((path, shape.id_key)), code="invalid @id value"
                )
            subject = self.reference(ctx, node_id, (path, shape.id_key))
        else:
            subject = self.dataset.new_blank_node()
        if "@index" in value_keys:
            self.note_index(subject, value_keys["@index"], path)
        self.node_body(ctx, type_ctx, element, shape, subject, path, graph)
        reverse_key = by_keyword.get("@reverse")
        if reverse_key is not None:
            self.reverse_map(ctx, subject, element[reverse_key], (path, reverse_key), graph)
        if graph_key is not None:
            self.element(ctx, None, None, element[graph_key], (path, graph_key), subject)
        return [subject]

    def type_term(self, type_ctx: ActiveContext, name: str, where: Path) -> Term:
        cache_key = ("type", name)
        cached: Term | None = type_ctx.facts.get(cache_key)
        if cached is not None and isinstance(cached, str):
            return cached
        expanded = expand_iri(type_ctx, name, vocab=True, document_relative=True)
        if expanded is not None and expanded.startswith("_:"):
            return self.blank(expanded[2:])
        if expanded is None or not is_well_formed_iri(expanded):
            raise UnsafeDocumentError(
                f"type {name!r} is not defined by the active context (it would become the relative IRI "
                f"{expanded!r}); add the context that defines it",
                where=_w(where),
                code="relative @type reference",
            )
        term = f"<{expanded}>"
        remember(type_ctx.facts, cache_key, term)
        return term

    def term_context(
        self, ctx: ActiveContext, key: str, term: TermDefinition | None, where: Path
    ) -> tuple[ActiveContext, TermDefinition | None]:
        """The context a property's value is expanded in: with the property's scoped context
        (§5.1.2 steps 3/8; jsonld.js "termCtx"), and the property's definition there."""
        if term is None or not term.has_context:
            return ctx, term
        scoped = ctx.with_scoped(term, propagate=True, where=where)
        return scoped, scoped.terms.get(key)

    def property_values(
        self, ctx: ActiveContext, key: str, term: TermDefinition | None, value: Any, where: Path, graph: Graph
    ) -> list[Item]:
        """§5.1.2 step 13.7–13.12 for a non-keyword key: containers, coercion, recursion."""
        container = term.container if term is not None else frozenset()
        is_json = term is not None and term.type_mapping == "@json"
        ctx, term = self.term_context(ctx, key, term, where)
        if is_json and not (isinstance(value, dict) and container & {"@language", "@index", "@id", "@type"}):
            # The whole value is the JSON literal; a @list container still wraps it (jsonld.js
            # checks language and index maps first, then @json, then wraps lists).
            items: list[Item] = [self.json_literal(value, where)]
            return [_List(tuple(items))] if "@list" in container else items
        if container:
            if "@language" in container and isinstance(value, dict):
                return self.language_map(ctx, term, value, where)
            if "@index" in container and isinstance(value, dict):
                if "@graph" in container or (term is not None and term.index is not None):
                    raise UnsupportedFeatureError(
                        "graph or property-valued index maps are not supported", where=_w(where)
                    )
                items = []
                for index_key, member in value.items():
                    # Values of an index map keep a type-scoped context (§5.1.2 "from map").
                    found = self.element(ctx, key, term, member, (where, index_key), graph, from_map=True)
                    # The map key is the node's @index unless the node states its own.
                    members = member if isinstance(member, list) else [member]
                    if len(members) == len(found):
                        for item, source in zip(found, members, strict=True):
                            own = isinstance(source, dict) and any(
                                key_fact(ctx, k)[0] == "@index" for k in source
                            )
                            if not own and (
                                isinstance(item, int) or (isinstance(item, str) and item.startswith("<"))
                            ):
                                self.note_index(item, index_key, (where, index_key))
                    if self.track:
                        # jsonld.js keeps the index on each value and compares values with it.
                        found = [
                            _Tracked(item, (*item.identity, index_key), item.path)
                            if isinstance(item, _Tracked)
                            else item
                            for item in found
                        ]
                    items.extend(found)
                return items
            if ("@id" in container or "@type" in container) and isinstance(value, dict):
                raise UnsupportedFeatureError("@id and @type maps are not supported", where=_w(where))
            if "@graph" in container and not ("@id" in container or "@index" in container):
                objects: list[Item] = []
                members = value if isinstance(value, list) else [value]
                for index, member in enumerate(members):
                    member_path = (where, index) if isinstance(value, list) else where
                    if not isinstance(member, dict):
                        self.refuse_graph_scalar(term, member, member_path)
                    name = self.dataset.new_blank_node()
                    inner = self.map(ctx, key, term, member, member_path, name, graph_member=True)
                    if not inner or any(
                        isinstance(item, _List) or (isinstance(item, str) and item[0] == '"')
                        for item in inner
                    ):
                        raise UnsafeDocumentError(
                            "a @set of nothing or of values in a @graph container would be dropped",
                            where=_w(member_path),
                            code="empty object",
                        )
                    objects.append(name)
                return objects
        items = self.element(ctx, key, term, value, where, graph)
        if "@list" in container and not (
            len(items) == 1 and isinstance(items[0], _List) and _is_list_object(value)
        ):
            return [_List(tuple(items))]
        return items

    def refuse_graph_scalar(self, term: TermDefinition | None, member: Any, path: Path) -> None:
        """A scalar in a ``@graph`` container becomes a graph holding only a reference or only
        a value, which jsonld.js drops (see :meth:`refuse_dropped`); refused with its code."""
        if isinstance(member, str) and term is not None and term.type_mapping in ("@id", "@vocab"):
            raise UnsafeDocumentError(
                "a string here is only a reference (an @id) to something not included: its graph "
                "would hold no statement and would be dropped, with the id",
                where=_w(path),
                code="object with only @id",
            )
        if isinstance(member, str | int | float):  # bool is an int
            raise UnsafeDocumentError(
                "a value in a @graph container is not a node and would be dropped",
                where=_w(path),
                code="object with only @value",
            )
        raise UnsafeDocumentError(
            "a value in a @graph container must be a node object", where=_w(path), code="free-floating scalar"
        )

    def language_map(
        self, ctx: ActiveContext, term: TermDefinition | None, value: dict[str, Any], where: Path
    ) -> list[Item]:
        """Language maps (§5.1.2 step 13.7)."""
        direction = term.direction if term is not None and term.has_direction else ctx.direction
        items: list[Item] = []
        for language in sorted(value):
            members = value[language]
            for index, text in enumerate(members if isinstance(members, list) else [members]):
                member_path = ((where, language), index)
                if text is None:
                    continue
                if not isinstance(text, str):
                    raise JsonLdError(
                        "language map values must be strings",
                        where=_w(member_path),
                        code="invalid language map value",
                    )
                expanded = expand_iri(ctx, language, vocab=True)
                tag = None if expanded == "@none" else language.lower()
                items.append(self.literal_of(text, None, tag, direction, member_path))
        return items

    def value_object(
        self,
        ctx: ActiveContext,
        element: dict[str, Any],
        type_keys: list[str],
        value_keys: dict[str, Any],
        extra: bool,
        path: Path,
    ) -> list[Item]:
        """A value object (§5.1.2 steps 14–15) as a literal."""
        if extra or len(type_keys) > 1:
            raise JsonLdError(
                "a value object has keys it may not have", where=_w(path), code="invalid value object"
            )
        value = value_keys["@value"]
        datatype: str | None = None
        if type_keys:
            raw_type = element[type_keys[0]]
            if not isinstance(raw_type, str):
                raise JsonLdError(
                    "a value object's @type must be a string", where=_w(path), code="invalid typed value"
                )
            datatype = expand_iri(ctx, raw_type, vocab=True, document_relative=True)
            if datatype == "@json":
                return [self.json_literal(value, path)]
        language = value_keys.get("@language")
        direction = value_keys.get("@direction")
        if value is None:
            raise UnsafeDocumentError(
                "a null @value would be dropped", where=_w(path), code="null @value value"
            )
        if "@direction" in value_keys and direction not in ("ltr", "rtl"):
            # §5.1.2 step 13.4.8.1 (null too: jsonld.js refuses it in a value object)
            raise JsonLdError("@direction must be ltr or rtl", where=_w(path), code="invalid base direction")
        if datatype is not None and (language is not None or direction is not None):
            raise JsonLdError(
                "a value object with @type may not have @language or @direction",
                where=_w(path),
                code="invalid value object",
            )  # §5.1.2 step 15
        if language is not None:
            if not isinstance(language, str):
                raise JsonLdError(
                    "@language must be a string", where=_w(path), code="invalid language-tagged string"
                )  # §5.1.2 step 13.4.7.1
            if not isinstance(value, str):
                raise JsonLdError(
                    "@language needs a string @value",
                    where=_w(path),
                    code="invalid language-tagged value",
                )  # §5.1.2 step 15
            language = language.lower()
        if isinstance(value, dict | list):
            raise JsonLdError("@value must be a scalar", where=_w(path), code="invalid value object value")
        if datatype is not None and datatype.startswith("_:"):
            raise JsonLdError("a datatype cannot be a blank node", where=_w(path), code="invalid typed value")
        term = self.literal_of(value, datatype, language, direction, path)
        if isinstance(term, _Tracked) and "@index" in value_keys:
            term = _Tracked(term, (*term.identity, value_keys["@index"]), term.path)
        return [term]


def _is_list_object(value: Any) -> bool:
    return isinstance(value, dict) and any(key == "@list" for key in value)


def to_dataset(
    document: Mapping[str, Any] | list[Any], *, base: str | None = None, rdf_direction: str | None = None
) -> Dataset:
    """The RDF dataset of a JSON-LD document (JSON-LD 1.1 API §8.2 after §5.1), in safe mode.

    ``base`` is the document's base IRI; credentials have none, so relative IRIs are errors.
    ``rdf_direction`` is the API's ``rdfDirection`` option: ``None`` (a value with
    ``@direction`` is refused) or ``"i18n-datatype"`` (what signing uses, ADR 0102).
    Duplicate quads are removed (a dataset is a set).
    """
    if rdf_direction is not None and rdf_direction != I18N_DATATYPE:
        raise UnsupportedFeatureError(
            f"rdfDirection {rdf_direction!r} is not supported (only i18n-datatype)", where="rdfDirection"
        )
    mode: RdfDirection = I18N_DATATYPE if rdf_direction is not None else None
    walk = _Walk(base, mode)
    ctx = _root_context(base)
    if isinstance(document, Mapping) and not isinstance(document, dict):
        document = dict(document)
    try:
        walk.element(ctx, None, None, document, "$", None)
    except RecursionError:
        raise UnsafeDocumentError(
            "the document nests too deeply to process", where="$", code="nesting too deep"
        ) from None
    dataset = walk.dataset
    quads = dataset.quads
    unique = list(dict.fromkeys(quads))
    if len(unique) != len(quads):
        _refuse_ambiguous_duplicates(document, base, mode)
        quads[:] = unique
    if walk.directed:
        _refuse_values_that_differ_only_in_direction(document, base, mode, unique)
    dataset.labels = {node: label for label, node in walk.labels.items()}
    return dataset


def _refuse_ambiguous_duplicates(document: Any, base: str | None, rdf_direction: RdfDirection) -> None:
    """Refuse duplicates that come from different JSON-LD values (e.g. ``1e-7`` and ``0``, or
    ``"5"^^xsd:integer`` and ``5``): jsonld.js keeps such values apart when it merges nodes
    and then signs the same line twice, where RDFC-1.0 (a set) has it once. Duplicates of the
    same value (a type given twice, a node described twice) are harmless and just removed."""
    walk = _Walk(base, rdf_direction, track=True)
    walk.element(_root_context(base), None, None, document, "$", None)
    seen: dict[Quad, Any] = {}
    for quad in walk.quads:
        obj = quad[2]
        first = seen.setdefault(quad, obj)
        if first is obj or not isinstance(obj, _Tracked) or not isinstance(first, _Tracked):
            continue
        if first.identity != obj.identity:
            raise UnsafeDocumentError(
                f"two different values give the same RDF literal {obj!s} (first at {_w(first.path)}); "
                "jsonld.js would sign that line twice and RDFC-1.0 once, so no signature verifies everywhere",
                where=_w(obj.path),
                code="ambiguous duplicate value",
            )


def _merge_key(quad: Quad) -> tuple[Any, ...] | None:
    """A string literal's quad as jsonld.js compares values when it merges a node's values
    (``util.compareValues``: @value, @type, @language, @index — not @direction): subject,
    predicate, graph, lexical form and language. ``None`` for other objects."""
    subject, predicate, obj, graph = quad
    if obj.__class__ is int or not str(obj).startswith('"'):
        return None
    text = str(obj)
    end = text.rfind('"')
    suffix = text[end + 1 :]
    if suffix.startswith("^^<" + I18N):
        language = suffix[len(I18N) + 3 : suffix.rfind("_")]
    elif suffix.startswith("@"):
        language = suffix[1:]
    elif suffix == "":
        language = ""
    else:
        return None
    return (subject, predicate, graph, text[: end + 1], language)


def _refuse_values_that_differ_only_in_direction(
    document: Any, base: str | None, rdf_direction: RdfDirection, quads: list[Quad]
) -> None:
    """Refuse two values of one node's property that differ only in ``@direction`` ("x" rtl
    and "x" ltr, or "x" rtl and plain "x"): jsonld.js treats them as one value when it builds
    the node map and keeps only the first, where the i18n datatypes make two different quads,
    so no signature would verify in both stacks. (Values with different ``@index`` are kept
    by jsonld.js; they are refused here too, which is safe.)"""
    seen: dict[tuple[Any, ...], Term] = {}
    for quad in quads:
        key = _merge_key(quad)
        if key is None:
            continue
        first = seen.setdefault(key, quad[2])
        if first == quad[2]:
            continue
        # Find where the second value is, with a walk that remembers each literal's path.
        walk = _Walk(base, rdf_direction, track=True)
        walk.element(_root_context(base), None, None, document, "$", None)
        where = next(
            (
                _w(obj.path)
                for (s, p, obj, g) in walk.quads
                if (s, p, obj, g) == quad and isinstance(obj, _Tracked)
            ),
            "$",
        )
        raise UnsafeDocumentError(
            f"two values of the same property differ only in @direction ({first!s} and {quad[2]!s}); "
            "jsonld.js keeps only the first of them, so no signature would verify everywhere",
            where=where,
            code="ambiguous duplicate value",
        )


_ROOTS: dict[str | None, ActiveContext] = {}


def _root_context(base: str | None) -> ActiveContext:
    ctx = _ROOTS.get(base)
    if ctx is None:
        ctx = initial_context(base)
        _ROOTS[base] = ctx
    return ctx
