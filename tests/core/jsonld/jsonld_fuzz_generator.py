"""A seeded generator of small JSON-LD documents with inline contexts, for differential testing
of context processing against jsonld.js: @vocab, prefixes, default @language, @protected,
type-scoped contexts (with and without @propagate), property-scoped contexts (also ones that
redefine their own term), @type coercion (@id, @vocab, datatypes, @json), @list/@set/@language/
@index containers, nested lists, value objects, embedded contexts, numbers and odd strings."""

from __future__ import annotations

import random
from typing import Any

TERMS = [
    "name",
    "knows",
    "age",
    "tags",
    "list",
    "label",
    "ref",
    "kind",
    "vocabRef",
    "child",
    "score",
    "flag",
    "note",
    "idx",
    "Thing",
    "Person",
    "Group",
]


def make_context(rng: random.Random, depth: int = 0) -> dict[str, Any]:
    ctx: dict[str, Any] = {}
    if rng.random() < 0.5:
        ctx["@vocab"] = rng.choice(["https://vocab.example/", "https://v2.example/ns#"])
    if rng.random() < 0.3:
        ctx["ex"] = "https://ex.example/"
    if rng.random() < 0.2:
        ctx["@language"] = rng.choice(["en", "vi", "EN-us"])
    if rng.random() < 0.2:
        ctx["@protected"] = True
    for t in rng.sample(TERMS, rng.randint(2, len(TERMS))):
        kind = rng.random()
        if t[0].isupper():
            d: dict[str, Any] = {"@id": "https://types.example/" + t}
            if rng.random() < 0.4 and depth < 2:
                d["@context"] = make_context(rng, depth + 1)
                if rng.random() < 0.3:
                    d["@context"]["@propagate"] = True
            ctx[t] = d
            continue
        if kind < 0.2:
            ctx[t] = "https://p.example/" + t
        elif kind < 0.3:
            ctx[t] = "ex:" + t if "ex" in ctx else "https://p.example/" + t
        else:
            d = {"@id": "https://p.example/" + t}
            r = rng.random()
            if r < 0.15:
                d["@type"] = "@id"
            elif r < 0.25:
                d["@type"] = "@vocab"
            elif r < 0.4:
                d["@type"] = rng.choice(
                    [
                        "http://www.w3.org/2001/XMLSchema#integer",
                        "http://www.w3.org/2001/XMLSchema#double",
                        "http://www.w3.org/2001/XMLSchema#string",
                        "https://dt.example/custom",
                    ]
                )
            elif r < 0.45:
                d["@type"] = "@json"
            c = rng.random()
            if c < 0.15:
                d["@container"] = "@list"
            elif c < 0.3:
                d["@container"] = "@set"
            elif c < 0.38 and "@type" not in d:
                d["@container"] = "@language"
            elif c < 0.45:
                d["@container"] = "@index"
            if rng.random() < 0.15 and depth < 2:
                d["@context"] = make_context(rng, depth + 1)
            if rng.random() < 0.1 and "@type" not in d:
                d["@language"] = rng.choice(["fr", None])
            ctx[t] = d
    return ctx


def value(rng: random.Random, ctx: dict[str, Any], depth: int) -> Any:
    r = rng.random()
    if r < 0.3:
        return rng.choice(
            [
                "hello",
                "Xin chào",
                "ສະບາຍດີ",
                "😀\ue000",
                "ref1",
                "Thing",
                "https://abs.example/x",
                "_:b1",
                "ex:foo",
                "tab\there",
                "1e-7",
            ]
        )
    if r < 0.45:
        return rng.choice([1, 0, -5, 5.0, 7.5, 1e21, 2.5e-3, True, False, 1e-7])
    if r < 0.55:
        return {
            "@value": rng.choice(["v", "5", "true"]),
            "@type": rng.choice(["http://www.w3.org/2001/XMLSchema#integer", "https://dt.example/x"]),
        }
    if r < 0.6:
        return {"@value": "hola", "@language": rng.choice(["es", "ES", "en-GB"])}
    if r < 0.65:
        return (
            {"@list": [value(rng, ctx, depth + 1) for _ in range(rng.randint(0, 3))]} if depth < 3 else "leaf"
        )
    if r < 0.72:
        return [value(rng, ctx, depth + 1) for _ in range(rng.randint(0, 3))] if depth < 3 else "leaf"
    if r < 0.76:
        return {"en": "hi", "de": ["hallo", "servus"]}
    return node(rng, ctx, depth + 1) if depth < 3 else {"@id": "https://n.example/leaf"}


def node(rng: random.Random, ctx: dict[str, Any], depth: int) -> dict[str, Any]:
    n: dict[str, Any] = {}
    if rng.random() < 0.5:
        n["@id"] = rng.choice(["https://n.example/a", "https://n.example/b", "_:x", "ex:n1", "urn:uuid:1"])
    if rng.random() < 0.6:
        ts = [t for t in ctx if t[:1].isupper()] or ["https://types.example/T"]
        n["@type"] = rng.sample(ts, rng.randint(1, min(2, len(ts)))) if rng.random() < 0.5 else rng.choice(ts)
    props = [t for t in ctx if not t.startswith("@") and not t[:1].isupper()]
    for p in rng.sample(props, min(len(props), rng.randint(1, 4))):
        n[p] = value(rng, ctx, depth)
    if rng.random() < 0.05:
        n["@context"] = {"inner": "https://inner.example/p"}
        n["inner"] = "x"
    return n


def generate_document(seed: int) -> dict[str, Any]:
    """One document; the same seed always gives the same document."""
    rng = random.Random(seed)
    ctx = make_context(rng)
    d = node(rng, ctx, 0)
    d["@context"] = ctx
    return d
