"""What the keys of a map mean in an active context, decided once and memoized on the context.

For every (context, key) the expanded IRI and term definition (:func:`key_fact`); for every
(context, tuple of keys) a :class:`Shape`: which keys are @id/@type/other keywords, which are
properties (with the predicate's N-Quads text and a *plan* for turning a string value into a
term), and the first key safe mode would refuse. This is the per-context work the walker in
:mod:`microcred.jsonld.to_rdf` would otherwise repeat for every document (JSON-LD 1.1 API
§5.1.2 step 13.2 and §5.3.2, precomputed).
"""

from __future__ import annotations

from dataclasses import dataclass

from microcred.jsonld.context import ActiveContext, TermDefinition, expand_iri, remember
from microcred.jsonld.iri import is_well_formed_iri
from microcred.jsonld.literals import utf16_key
from microcred.rdf.terms import XSD_DOUBLE, XSD_STRING

KeyFact = tuple[str | None, TermDefinition | None]
KEYWORD_SET = frozenset(
    {"@id", "@type", "@value", "@language", "@direction", "@index", "@list", "@set", "@graph",
     "@reverse", "@included", "@nest", "@context", "@json", "@none"}
)  # fmt: skip


def key_fact(ctx: ActiveContext, key: str) -> KeyFact:
    """The expanded IRI of ``key`` and its term definition in ``ctx`` (memoized on ``ctx``)."""
    fact: KeyFact | None = ctx.facts.get(key)
    if fact is None:
        fact = (expand_iri(ctx, key, vocab=True), ctx.terms.get(key))
        remember(ctx.facts, key, fact)
    return fact


@dataclass(slots=True)
class Shape:
    """What the keys of a map mean in one active context (memoized per context and key tuple).

    ``keeps_context``: the map is a value object or a lone ``@id`` reference, so a
    non-propagated context is not reverted (§5.1.2 step 7). ``properties`` holds, per
    non-keyword key, the predicate's N-Quads text and term definition. ``problem`` is the
    first key safe mode refuses; it is raised only if this shape is the one finally used.
    """

    keeps_context: bool
    type_keys: tuple[str, ...]
    id_key: str | None
    properties: tuple[tuple[str, str, TermDefinition | None, int, str], ...]
    keywords: dict[str, str]
    problem: tuple[str, str, str] | None


# How a property's string values become terms, decided once per context and key (the
# "fast" plans give exactly what Value Expansion §5.3.2 + §8.6 give for a string).
SET_ONLY = frozenset({"@set"})
GENERAL = 0  # anything else: the full path
PLAIN = 1  # no coercion, no language or direction: "text"
TYPED = 2  # coerced to a datatype IRI: "text"^^<datatype>
ID = 3  # coerced to @id: an IRI or blank node reference


def plan_for(ctx: ActiveContext, term: TermDefinition | None) -> tuple[int, str]:
    if term is None:
        if ctx.language is None and ctx.direction is None:
            return PLAIN, ""
        return GENERAL, ""
    # A @set container changes nothing in RDF; any other container needs the full path.
    if (term.container and term.container != SET_ONLY) or term.has_context or term.reverse:
        return GENERAL, ""
    if term.type_mapping == "@json":
        return GENERAL, ""
    mapping = term.type_mapping
    if mapping is None:
        language = term.language if term.has_language else ctx.language
        direction = term.direction if term.has_direction else ctx.direction
        if language is None and direction is None:
            return PLAIN, ""
        return GENERAL, ""
    if mapping == "@id":
        return ID, ""
    if mapping == XSD_STRING:
        return PLAIN, ""  # canonical N-Quads writes xsd:string literals without a datatype
    if mapping[0] != "@" and is_well_formed_iri(mapping) and mapping != XSD_DOUBLE:
        return TYPED, f'"^^<{mapping}>'
    return GENERAL, ""


def shape_of(ctx: ActiveContext, keys: tuple[str, ...]) -> Shape:
    cache_key = ("shape", keys)
    shape: Shape | None = ctx.facts.get(cache_key)
    if shape is not None:
        return shape
    type_keys: list[str] = []
    id_key: str | None = None
    properties: list[tuple[str, str, TermDefinition | None, int, str]] = []
    keywords: dict[str, str] = {}
    problem: tuple[str, str, str] | None = None
    for key in keys:
        if key == "@context":
            continue
        expanded, term = key_fact(ctx, key)
        if expanded is None or (expanded[0] == "@" and expanded not in KEYWORD_SET):
            problem = problem or (
                key,
                f"term {key!r} is not defined by the active context and would be dropped",
                "invalid property",
            )
        elif expanded[0] != "@":
            if ":" not in expanded:
                problem = problem or (
                    key,
                    f"term {key!r} expands to the relative IRI {expanded!r} and would be dropped",
                    "invalid property",
                )
            elif expanded.startswith("_:"):
                problem = problem or (key, "a blank node cannot be a predicate", "blank node predicate")
            elif not is_well_formed_iri(expanded):
                problem = problem or (
                    key,
                    f"property IRI {expanded!r} is not well formed",
                    "invalid property",
                )
            else:
                properties.append((key, f"<{expanded}>", term, *plan_for(ctx, term)))
        elif expanded == "@type":
            type_keys.append(key)
        elif expanded == "@id":
            if id_key is not None:
                problem = problem or (key, "more than one key means @id", "colliding keywords")
            id_key = key
        elif expanded in keywords.values() and expanded not in ("@nest", "@included"):
            problem = problem or (key, f"more than one key means {expanded}", "colliding keywords")
        else:
            keywords[key] = expanded
    expanded_keys = set(keywords.values())
    # jsonld.js looks for @value only in maps of at most two keys without @context.
    keeps = ("@value" in expanded_keys and len(keys) <= 2 and "@context" not in keys) or (
        len(keys) == 1 and id_key is not None
    )
    type_keys.sort(key=utf16_key)  # JavaScript sorts by UTF-16 code units
    shape = Shape(keeps, tuple(type_keys), id_key, tuple(properties), keywords, problem)
    remember(ctx.facts, cache_key, shape)
    return shape
