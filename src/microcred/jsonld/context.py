"""Active contexts: the Context Processing Algorithm (JSON-LD 1.1 API §4.1), Create Term
Definition (§4.2) and IRI Expansion (§5.2), written for this project.

An :class:`ActiveContext` is immutable once built. Every context derived from it (by a local
context, a property-scoped or a type-scoped context) is memoized on it, and so is everything the
walker asks about a key; so for a credential whose ``@context`` the process has seen before, no
context processing runs at all.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from microcred.jsonld.errors import (
    ContextIntegrityError,
    JsonLdError,
    UnknownContextError,
    UnsafeDocumentError,
)
from microcred.jsonld.iri import GEN_DELIMS, has_keyword_form, is_absolute, resolve
from microcred.jsonld.loader import load_context_shared
from microcred.jsonld.paths import Path, format_path

KEYWORDS = frozenset(
    {
        "@base", "@container", "@context", "@default", "@direction", "@embed", "@explicit",
        "@first", "@graph", "@id", "@import", "@included", "@index", "@json", "@language",
        "@list", "@nest", "@none", "@omitDefault", "@prefix", "@preserve", "@propagate",
        "@protected", "@requireAll", "@reverse", "@set", "@type", "@value", "@version", "@vocab",
    }
)  # fmt: skip
_CONTAINERS = frozenset({"@graph", "@id", "@index", "@language", "@list", "@set", "@type"})
_TERM_KEYS = frozenset(
    {"@id", "@reverse", "@container", "@context", "@direction", "@index", "@language", "@nest",
     "@prefix", "@protected", "@type"}
)  # fmt: skip
_CONTEXT_KEYS_NOT_TERMS = frozenset(
    {"@base", "@direction", "@import", "@language", "@propagate", "@protected", "@version", "@vocab"}
)
_MAX_REMOTE_DEPTH = 32


def _fail(message: str, code: str, where: str) -> JsonLdError:
    return JsonLdError(message, where=where, code=code)


@dataclass(slots=True, eq=False)
class TermDefinition:
    """A term definition (JSON-LD 1.1 API §4.1 "term definition"). Compared by identity;
    :meth:`same_as` is the protected-redefinition comparison of §4.2.2 step 27."""

    iri: str | None
    prefix: bool = False
    protected: bool = False
    reverse: bool = False
    type_mapping: str | None = None
    container: frozenset[str] = frozenset()
    has_language: bool = False
    language: str | None = None
    has_direction: bool = False
    direction: str | None = None
    index: str | None = None
    nest: str | None = None
    has_context: bool = False
    context: Any = None
    base_url: str | None = None

    def same_as(self, other: TermDefinition) -> bool:
        return (
            self.iri == other.iri
            and self.prefix == other.prefix
            and self.reverse == other.reverse
            and self.type_mapping == other.type_mapping
            and self.container == other.container
            and self.has_language == other.has_language
            and self.language == other.language
            and self.has_direction == other.has_direction
            and self.direction == other.direction
            and self.index == other.index
            and self.nest == other.nest
            and self.has_context == other.has_context
            and self.context == other.context
        )


# Memo tables grow with what documents contain (key sets, type sets, inline contexts). A stream
# of hostile documents must not grow them without end, so a table that passes this size is
# emptied and refilled from what documents still use.
MEMO_LIMIT = 20_000


def remember(table: dict[Any, Any], key: Any, value: Any) -> None:
    """``table[key] = value``, emptying the table first when it has reached :data:`MEMO_LIMIT`."""
    if len(table) >= MEMO_LIMIT:
        table.clear()
    table[key] = value


class ActiveContext:
    """An active context (JSON-LD 1.1 API §4.1) plus memo tables for everything derived from it."""

    __slots__ = (
        "base",
        "derived",
        "direction",
        "facts",
        "has_protected",
        "language",
        "original_base",
        "previous",
        "terms",
        "vocab",
    )

    def __init__(self, base: str | None, original_base: str | None) -> None:
        self.terms: dict[str, TermDefinition] = {}
        self.base = base
        self.original_base = original_base
        self.vocab: str | None = None
        self.language: str | None = None
        self.direction: str | None = None
        self.previous: ActiveContext | None = None
        self.has_protected = False
        # (kind, key...) -> derived ActiveContext
        self.derived: dict[Any, ActiveContext] = {}
        # free-form memo for the walker (per key, per type tuple)
        self.facts: dict[Any, Any] = {}

    def copy(self) -> ActiveContext:
        result = ActiveContext(self.base, self.original_base)
        result.terms = dict(self.terms)
        result.vocab = self.vocab
        result.language = self.language
        result.direction = self.direction
        result.previous = self.previous
        result.has_protected = self.has_protected
        return result

    # -- processing, memoized ------------------------------------------------------------

    def with_local(
        self,
        local: Any,
        base_url: str | None,
        *,
        override_protected: bool = False,
        propagate: bool = True,
        where: Path = "@context",
    ) -> ActiveContext:
        """This context with ``local`` applied (§4.1.2), memoized per local context."""
        if isinstance(local, str):
            local_key: Any = local
        elif isinstance(local, list) and all(isinstance(item, str) for item in local):
            local_key = tuple(local)
        else:
            local_key = json.dumps(local, sort_keys=False, ensure_ascii=False)
        key = ("local", local_key, base_url, override_protected, propagate)
        result = self.derived.get(key)
        if result is None:
            result = process_context(
                self,
                local,
                base_url,
                override_protected=override_protected,
                propagate=propagate,
                where=format_path(where),
            )
            remember(self.derived, key, result)
        return result

    def with_scoped(self, definition: TermDefinition, *, propagate: bool, where: Path) -> ActiveContext:
        """This context with a term's scoped context applied (§5.1.2 steps 8 and 11)."""
        key = ("scoped", definition, propagate)
        result = self.derived.get(key)
        if result is None:
            result = process_context(
                self,
                definition.context,
                definition.base_url,
                override_protected=propagate,
                propagate=propagate,
                where=format_path(where),
            )
            remember(self.derived, key, result)
        return result


def initial_context(base: str | None = None) -> ActiveContext:
    """A new active context with no terms, whose base IRI is ``base`` (``None``: no base)."""
    return ActiveContext(base, base)


# -- IRI expansion (§5.2) ---------------------------------------------------------------------


def expand_iri(
    active: ActiveContext,
    value: str,
    *,
    vocab: bool = False,
    document_relative: bool = False,
    local: dict[str, Any] | None = None,
    defined: dict[str, bool] | None = None,
    where: str = "",
) -> str | None:
    """IRI Expansion (JSON-LD 1.1 API §5.2.2). ``None`` means "maps to nothing" (null)."""
    if value in KEYWORDS:
        return value
    if has_keyword_form(value):
        return None
    if local is not None and defined is not None and value in local and not defined.get(value):
        create_term_definition(active, local, value, defined, where=where)
    definition = active.terms.get(value)
    if definition is not None and definition.iri in KEYWORDS:
        return definition.iri
    if vocab and value in active.terms:
        return definition.iri if definition is not None else None
    colon = value.find(":", 1)
    if colon != -1:
        prefix, suffix = value[:colon], value[colon + 1 :]
        if prefix == "_" or suffix.startswith("//"):
            return value
        if local is not None and defined is not None and prefix in local and not defined.get(prefix):
            create_term_definition(active, local, prefix, defined, where=where)
        prefix_definition = active.terms.get(prefix)
        if prefix_definition is not None and prefix_definition.iri is not None and prefix_definition.prefix:
            return prefix_definition.iri + suffix
        if is_absolute(value):
            return value
    if vocab and active.vocab is not None:
        return active.vocab + value
    if document_relative and active.base is not None:
        return resolve(value, active.base)
    return value


# -- Context Processing (§4.1.2) ----------------------------------------------------------


def _load_remote(url: str, base_url: str | None, where: str) -> tuple[str, Any]:
    if base_url is not None and not is_absolute(url):
        url = resolve(url, base_url)
    if not is_absolute(url):
        raise UnknownContextError(
            "a context reference must be an absolute URL of a bundled context",
            where=url,
            code="loading remote context failed",
        )
    document = load_context_shared(url)
    return url, document["@context"]


class ScopedChecks:
    """The scoped-context checks of one context processing (§4.2.2 step 21): the context URLs
    already checked (each once, as jsonld.js's ``cycles`` set does) and the work done so far,
    counted in term definitions copied. The bundled contexts need a few thousand; the bound
    stops a document whose inline context defines thousands of scoped contexts from costing
    seconds."""

    MAX_WORK = 1_000_000

    __slots__ = ("urls", "work")

    def __init__(self) -> None:
        self.urls: set[str] = set()
        self.work = 0


def process_context(
    active: ActiveContext,
    local: Any,
    base_url: str | None,
    *,
    remote_contexts: tuple[str, ...] = (),
    override_protected: bool = False,
    propagate: bool = True,
    validate_scoped: bool = True,
    validated: ScopedChecks | None = None,
    where: str = "@context",
) -> ActiveContext:
    """Context Processing Algorithm (JSON-LD 1.1 API §4.1.2).

    ``validate_scoped`` is the algorithm's "validate scoped context" flag: false while a
    scoped context is processed only to find its errors (§4.2.2 step 21), where a remote
    context already being processed is skipped instead of being a recursion error.
    ``validated`` records the scoped-context checks of this processing (see
    :class:`ScopedChecks`).
    """
    if validated is None:
        validated = ScopedChecks()
    result = active.copy()
    if isinstance(local, dict) and "@propagate" in local:
        propagate = local["@propagate"]
        if not isinstance(propagate, bool):
            raise _fail("@propagate must be true or false", "invalid @propagate value", where)
    if not propagate and result.previous is None:
        result.previous = active
    items = local if isinstance(local, list) else [local]
    for item in items:
        if item is None:
            if not override_protected and result.has_protected:
                raise _fail(
                    "a context with protected terms cannot be replaced by null",
                    "invalid context nullification",
                    where,
                )
            previous = result
            result = ActiveContext(active.original_base, active.original_base)
            if not propagate:
                result.previous = previous
            continue
        if isinstance(item, str):
            url, loaded = _load_remote(item, base_url, where)
            if url in remote_contexts:
                if not validate_scoped:
                    continue  # §4.1.2 step 5.2.4
                raise _fail(f"context {url} includes itself", "recursive context inclusion", url)
            if len(remote_contexts) >= _MAX_REMOTE_DEPTH:
                raise _fail("too many nested remote contexts", "context overflow", url)
            cache_key = ("remote", url, override_protected)
            cached = result.derived.get(cache_key)
            if cached is None:
                cached = process_context(
                    result,
                    loaded,
                    url,
                    remote_contexts=(*remote_contexts, url),
                    override_protected=override_protected,
                    validated=validated,
                    where=url,
                )
                remember(result.derived, cache_key, cached)
            result = cached
            continue
        if not isinstance(item, dict):
            raise _fail("a context must be null, a string or an object", "invalid local context", where)
        _apply_context_object(result, item, base_url, remote_contexts, override_protected, validated, where)
    return result


def _apply_context_object(
    result: ActiveContext,
    context: dict[str, Any],
    base_url: str | None,
    remote_contexts: tuple[str, ...],
    override_protected: bool,
    validated: ScopedChecks,
    where: str,
) -> None:
    """§4.1.2 steps 5.5–5.13 for one context object, changing ``result`` in place."""
    if "@version" in context and context["@version"] != 1.1:
        raise _fail("@version must be 1.1", "invalid @version value", where)
    if "@import" in context:
        source = context["@import"]
        if not isinstance(source, str):
            raise _fail("@import must be a string", "invalid @import value", where)
        _url, imported = _load_remote(source, base_url, where)
        if not isinstance(imported, dict):
            raise _fail("an imported context must be an object", "invalid remote context", where)
        if "@import" in imported:
            raise _fail("an imported context cannot import", "invalid context entry", where)
        context = {**imported, **context}
        del context["@import"]
    if "@base" in context and not remote_contexts:
        value = context["@base"]
        if value is None:
            result.base = None
        elif not isinstance(value, str):
            raise _fail("@base must be a string or null", "invalid base IRI", where)
        elif is_absolute(value):
            result.base = value
        elif result.base is not None:
            result.base = resolve(value, result.base)
        else:
            raise UnsafeDocumentError(
                f"relative @base {value!r} with no base IRI to resolve it against",
                where=where,
                code="invalid base IRI",
            )
    if "@vocab" in context:
        value = context["@vocab"]
        if value is None:
            result.vocab = None
        elif not isinstance(value, str):
            raise _fail("@vocab must be a string or null", "invalid vocab mapping", where)
        else:
            expanded = expand_iri(result, value, vocab=True, document_relative=True, where=where)
            if expanded is None or not (is_absolute(expanded) or expanded.startswith("_:")):
                raise UnsafeDocumentError(
                    f"@vocab {value!r} does not give an absolute IRI",
                    where=where,
                    code="relative @vocab reference",
                )
            result.vocab = expanded
    if "@language" in context:
        value = context["@language"]
        if value is None:
            result.language = None
        elif isinstance(value, str):
            # jsonld.js lowercases language tags; so must we, or literals would differ.
            result.language = value.lower()
        else:
            raise _fail("@language must be a string or null", "invalid default language", where)
    if "@direction" in context:
        value = context["@direction"]
        if value not in (None, "ltr", "rtl"):
            raise _fail("@direction must be ltr, rtl or null", "invalid base direction", where)
        result.direction = value
    if "@propagate" in context and not isinstance(context["@propagate"], bool):
        raise _fail("@propagate must be true or false", "invalid @propagate value", where)
    defined: dict[str, bool] = {}
    protected_default = context.get("@protected", False)
    if not isinstance(protected_default, bool):
        raise _fail("@protected must be true or false", "invalid @protected value", where)
    for term in context:
        if term in _CONTEXT_KEYS_NOT_TERMS:
            continue
        create_term_definition(
            result,
            context,
            term,
            defined,
            base_url=base_url,
            protected=protected_default,
            override_protected=override_protected,
            remote_contexts=remote_contexts,
            where=where,
        )
        value = context[term]
        if isinstance(value, dict) and "@context" in value:
            _validate_scoped_context(
                result, term, value["@context"], base_url, remote_contexts, validated, where
            )


def _validate_scoped_context(
    result: ActiveContext,
    term: str,
    scoped: Any,
    base_url: str | None,
    remote_contexts: tuple[str, ...],
    validated: ScopedChecks,
    where: str,
) -> None:
    """Create Term Definition step 21 (JSON-LD 1.1 API §4.2.2): a term's scoped context is
    processed when the term is defined, only to detect errors, so an invalid scoped context
    is an ``invalid scoped context`` error even if no document ever uses the term (W3C toRdf
    test c033). jsonld.js does the same, right after defining the term, with the context
    defined so far; so does this. The result is discarded: the scoped context is processed
    again, memoized, where it is applied.

    A missing or altered bundled context keeps its own error, which names the URL.
    """
    if isinstance(scoped, str):
        url = resolve(scoped, base_url) if base_url is not None and not is_absolute(scoped) else scoped
        if url in validated.urls or url in remote_contexts:
            return
        validated.urls.add(url)
    # Each check processes the scoped context on a copy of the context defined so far, so a
    # context with thousands of scoped contexts would cost their product; bounded here.
    validated.work += len(result.terms) + 1
    if validated.work > ScopedChecks.MAX_WORK:
        raise _fail(
            "the context holds too many scoped contexts to check (more work than "
            f"{ScopedChecks.MAX_WORK:,} term copies)",
            "context overflow",
            f"{where} (term {term!r})",
        )
    term_where = f"{where} (term {term!r})"
    try:
        process_context(
            result,
            scoped,
            base_url,
            remote_contexts=remote_contexts,
            override_protected=True,
            validate_scoped=False,
            validated=validated,
            where=f"{term_where} @context",
        )
    except (UnknownContextError, ContextIntegrityError):
        raise
    except JsonLdError as error:
        raise _fail(
            f"the scoped context of term {term!r} is invalid: {error}", "invalid scoped context", term_where
        ) from error


def _container_of(value: Any, term: str, where: str) -> frozenset[str]:
    items = value if isinstance(value, list) else [value]
    if not items or any(not isinstance(item, str) or item not in _CONTAINERS for item in items):
        raise _fail(f"invalid @container for term {term!r}", "invalid container mapping", where)
    container = frozenset(items)
    if isinstance(value, list):
        if "@list" in container and len(container) > 1:
            raise _fail(
                f"@list cannot be combined in @container of {term!r}", "invalid container mapping", where
            )
        maps = container & {"@id", "@index", "@language", "@type"}
        if len(maps) > 1 or ("@graph" in container and maps - {"@id", "@index"}):
            raise _fail(f"invalid @container combination for {term!r}", "invalid container mapping", where)
    return container


def create_term_definition(
    active: ActiveContext,
    local: dict[str, Any],
    term: str,
    defined: dict[str, bool],
    *,
    base_url: str | None = None,
    protected: bool = False,
    override_protected: bool = False,
    remote_contexts: tuple[str, ...] = (),
    where: str = "@context",
) -> None:
    """Create Term Definition (JSON-LD 1.1 API §4.2.2)."""
    state = defined.get(term)
    if state is True:
        return
    if state is False:
        raise _fail(f"term {term!r} is defined through itself", "cyclic IRI mapping", where)
    if term == "":
        raise _fail("the empty string is not a valid term", "invalid term definition", where)
    defined[term] = False
    value = local[term]
    if term == "@type" and isinstance(value, dict) and value and set(value) <= {"@container", "@protected"}:
        if value.get("@container", "@set") != "@set":
            raise _fail("@type may only be given @container @set", "keyword redefinition", where)
    elif term in KEYWORDS:
        raise _fail(f"keyword {term} cannot be redefined", "keyword redefinition", where)
    elif has_keyword_form(term):
        # §4.2.2 step 5: reserved for future keywords; ignored with a warning. Safe mode refuses.
        raise UnsafeDocumentError(
            f"term {term!r} has the form of a keyword and would be ignored", where=where, code="reserved term"
        )
    previous = active.terms.pop(term, None)
    simple = False
    if value is None:
        value = {"@id": None}
    elif isinstance(value, str):
        value = {"@id": value}
        simple = True
    elif not isinstance(value, dict):
        raise _fail(
            f"the definition of {term!r} must be a string, object or null", "invalid term definition", where
        )
    definition = TermDefinition(iri=None)
    term_where = f"{where} (term {term!r})"
    if "@protected" in value:
        if not isinstance(value["@protected"], bool):
            raise _fail("@protected must be true or false", "invalid @protected value", term_where)
        definition.protected = value["@protected"]
    else:
        definition.protected = protected
    if "@type" in value:
        type_value = value["@type"]
        if not isinstance(type_value, str):
            raise _fail("@type in a term definition must be a string", "invalid type mapping", term_where)
        expanded_type = expand_iri(active, type_value, vocab=True, local=local, defined=defined, where=where)
        # §4.2.2 step 13.2: a keyword among @id/@json/@none/@vocab, or an IRI; a blank node
        # identifier ("_:b") is not an IRI and cannot be a datatype (W3C toRdf test er13).
        if expanded_type is None or (
            expanded_type not in ("@id", "@vocab", "@json", "@none")
            and (not is_absolute(expanded_type) or expanded_type.startswith("_:"))
        ):
            raise _fail(f"invalid type mapping {type_value!r}", "invalid type mapping", term_where)
        definition.type_mapping = expanded_type
    if "@reverse" in value:
        if "@id" in value or "@nest" in value:
            raise _fail(
                "@reverse cannot be combined with @id or @nest", "invalid reverse property", term_where
            )
        reverse = value["@reverse"]
        if not isinstance(reverse, str):
            raise _fail("@reverse must be a string", "invalid IRI mapping", term_where)
        if has_keyword_form(reverse):
            raise UnsafeDocumentError(
                "@reverse has the form of a keyword", where=term_where, code="reserved @reverse value"
            )
        expanded = expand_iri(active, reverse, vocab=True, local=local, defined=defined, where=where)
        if expanded is None or not (is_absolute(expanded) or expanded.startswith("_:")):
            raise _fail(f"@reverse {reverse!r} is not an IRI", "invalid IRI mapping", term_where)
        definition.iri = expanded
        if "@container" in value:
            container = _container_of(value["@container"], term, where)
            if not container <= {"@set", "@index"}:
                raise _fail(
                    "a reverse property's container must be @set or @index",
                    "invalid reverse property",
                    term_where,
                )
            definition.container = container
        definition.reverse = True
    elif "@id" in value and value["@id"] != term:
        id_value = value["@id"]
        if id_value is None:
            definition.iri = None
        elif not isinstance(id_value, str):
            raise _fail(
                "@id in a term definition must be a string or null", "invalid IRI mapping", term_where
            )
        else:
            if not has_keyword_form(term) and has_keyword_form(id_value) and id_value not in KEYWORDS:
                raise UnsafeDocumentError(
                    f"@id {id_value!r} has the form of a keyword", where=term_where, code="reserved @id value"
                )
            expanded = expand_iri(active, id_value, vocab=True, local=local, defined=defined, where=where)
            if expanded is None or not (
                expanded in KEYWORDS or is_absolute(expanded) or expanded.startswith("_:")
            ):
                raise _fail(f"@id {id_value!r} does not expand to an IRI", "invalid IRI mapping", term_where)
            if expanded == "@context":
                raise _fail("@context cannot be aliased", "invalid keyword alias", term_where)
            definition.iri = expanded
            if ":" in term[1:-1] or "/" in term:
                defined[term] = True
                if (
                    expand_iri(active, term, vocab=True, local=local, defined=defined, where=where)
                    != expanded
                ):
                    raise _fail(
                        f"term {term!r} looks like an IRI but maps to a different IRI",
                        "invalid IRI mapping",
                        term_where,
                    )
            elif simple and (expanded[-1:] in GEN_DELIMS or expanded.startswith("_:")):
                definition.prefix = True
    elif ":" in term[1:]:
        colon = term.find(":", 1)
        prefix = term[:colon]
        if prefix in local:
            create_term_definition(
                active, local, prefix, defined, base_url=base_url, protected=protected,
                override_protected=override_protected, remote_contexts=remote_contexts, where=where,
            )  # fmt: skip
        prefix_definition = active.terms.get(prefix)
        if prefix_definition is not None and prefix_definition.iri is not None:
            definition.iri = prefix_definition.iri + term[colon + 1 :]
        else:
            definition.iri = term
    elif "/" in term:
        expanded = expand_iri(active, term, vocab=True, where=where)
        if expanded is None or not is_absolute(expanded):
            raise _fail(f"term {term!r} is a relative IRI", "invalid IRI mapping", term_where)
        definition.iri = expanded
    elif term == "@type":
        definition.iri = "@type"
    elif active.vocab is not None:
        definition.iri = active.vocab + term
    else:
        raise _fail(f"term {term!r} has no @id and there is no @vocab", "invalid IRI mapping", term_where)
    if "@container" in value and not definition.reverse:
        container = _container_of(value["@container"], term, where)
        definition.container = container
        if "@type" in container:
            if definition.type_mapping is None:
                definition.type_mapping = "@id"
            elif definition.type_mapping not in ("@id", "@vocab"):
                raise _fail("a @type container needs @type @id or @vocab", "invalid type mapping", term_where)
    if "@index" in value:
        index = value["@index"]
        if "@index" not in definition.container or not isinstance(index, str) or index.startswith("@"):
            raise _fail(
                "@index needs an @index container and a property", "invalid term definition", term_where
            )
        definition.index = index
    if "@context" in value:
        definition.has_context = True
        definition.context = value["@context"]
        definition.base_url = base_url
    if "@language" in value and "@type" not in value:
        language = value["@language"]
        if language is not None and not isinstance(language, str):
            raise _fail("@language must be a string or null", "invalid language mapping", term_where)
        definition.has_language = True
        definition.language = language.lower() if isinstance(language, str) else None
    if "@direction" in value and "@type" not in value:
        direction = value["@direction"]
        if direction not in (None, "ltr", "rtl"):
            raise _fail("@direction must be ltr, rtl or null", "invalid base direction", term_where)
        definition.has_direction = True
        definition.direction = direction
    if "@nest" in value:
        nest = value["@nest"]
        if not isinstance(nest, str) or (nest in KEYWORDS and nest != "@nest"):
            raise _fail("@nest must be a term or @nest", "invalid @nest value", term_where)
        definition.nest = nest
    if "@prefix" in value:
        if ":" in term or "/" in term:
            raise _fail(
                "@prefix is not allowed on a compact IRI or IRI term", "invalid term definition", term_where
            )
        if not isinstance(value["@prefix"], bool):
            raise _fail("@prefix must be true or false", "invalid @prefix value", term_where)
        definition.prefix = value["@prefix"]
        if definition.prefix and definition.iri in KEYWORDS:
            raise _fail("a keyword alias cannot be a prefix", "invalid term definition", term_where)
    unknown = set(value) - _TERM_KEYS
    if unknown:
        raise _fail(
            f"unknown entries {sorted(unknown)} in term definition", "invalid term definition", term_where
        )
    if not override_protected and previous is not None and previous.protected:
        if not definition.same_as(previous):
            raise _fail(
                f"protected term {term!r} cannot be redefined", "protected term redefinition", term_where
            )
        definition = previous
    active.terms[term] = definition
    if definition.protected:
        active.has_protected = True
    defined[term] = True
