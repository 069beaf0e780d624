"""ESCO skills suggested for a learning outcome, for the designer to confirm (ADR 1402).

* ``Bm25Backend`` (id ``lexical-bm25f``, version 2, the default; ADR 1463 over ADR 1402's
  version 1): BM25 over three fields of each
  skill's English text — preferred label (weight 3), alternative labels (weight 2, each distinct
  word once: ESCO lists many near-identical variants) and description (weight 1) — with
  k1 = 1.2 and b = 0.75 (Robertson & Zaragoza, "The Probabilistic Relevance Framework: BM25 and
  Beyond", 2009, §3–4). Tokens are those of the learning-outcome comparison
  (:func:`microcred.recognition.lo_compare.normalise`: NFKC, case folding, stop words, suffixes).
  A score is divided by the query's upper bound (every query word at saturation in a document
  of average length), so it lies in [0, 1) and one threshold serves every query. All arithmetic
  is in ``Decimal`` (28 digits) and quantised to 4 places: the same inputs give the same
  ranking on every machine. Version 2 adds two things, measured by cross-validation on the
  labelled set (ADR 1463): the specification's English title is read with the outcome
  (``context``: "coffee cooperative" tells which "strategy" is meant), and the ESCO occupation
  relations — the three occupations whose texts best match the outcome (same BM25) give the
  skills the relations file links to them a bonus of 0.05 × the occupation's score × 1
  (essential) or ½ (optional), which reaches skills that share no word with the outcome
  ("recovery plan for a non-performing loan" → loan officer → "manage loans"). Scores are
  divided by 1.15 to stay in [0, 1). Without occupations the backend is lexical only (same id: calibrate what you run).
* ``EmbeddingSkillBackend`` takes an injected encoder with a pinned ``model_id`` and
  ``model_sha256`` (as ADR 0507's ``EmbeddingBackend``); none is shipped.
* ESCO has no Vietnamese or Lao labels. A Vietnamese or Lao outcome is matched through its
  English text in the specification (the partner's own translation); an outcome without one
  gets no suggestion and says why (``no_english_text``).

``suggest_skills`` keeps at most ``limit`` skills scoring at least the backend's calibrated
threshold (``DEFAULT_THRESHOLDS``; ``microcred esco-calibrate``); a backend without one is refused.
Suggestions never decide anything: only what the designer confirms is written into the
specification (``learning_outcomes[].esco_skills``).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, localcontext
from typing import Protocol

from microcred.errors import MicrocredError
from microcred.esco.store import OccupationRecord, SkillRecord
from microcred.recognition.lo_compare import normalise

_PLACES = Decimal("0.0001")
MATCH_LANGUAGE = "en"
"""The language suggestions are computed in: the only one every partner outcome and ESCO share."""


class SkillBackend(Protocol):
    @property
    def id(self) -> str: ...

    def rank(self, text: str, limit: int, context: str = "") -> list[tuple[str, Decimal]]:
        """Skill URIs best first with their scores in [0, 1], at most ``limit``; ties by URI.
        ``context`` is the English title of the outcome's specification ("" when unknown)."""
        ...


def _q(value: Decimal) -> Decimal:
    return value.quantize(_PLACES)


@dataclass(frozen=True)
class _Doc:
    uri: str
    tf: Mapping[str, int]
    length: int


def _weighted_tf(
    weights: tuple[int, int, int], preferred: str, alt: Sequence[str], description: str
) -> Counter[str]:
    tf: Counter[str] = Counter()
    for token in normalise(preferred, "en"):
        tf[token] += weights[0]
    for token in {t for label in alt for t in normalise(label, "en")}:
        tf[token] += weights[1]
    for token in normalise(description, "en"):
        tf[token] += weights[2]
    return tf


class _Bm25:
    """BM25 (k1, b) over weighted bags of words; ``scores`` are divided by the query's bound."""

    def __init__(self, docs: list[_Doc], k1: Decimal, b: Decimal) -> None:
        self.docs, self.k1, self.b = docs, k1, b
        self.postings: dict[str, list[int]] = {}
        for i, doc in enumerate(docs):
            for token in doc.tf:
                self.postings.setdefault(token, []).append(i)
        n = len(docs)
        with localcontext() as ctx:
            ctx.prec = 28
            self.avg = Decimal(sum(d.length for d in docs)) / Decimal(n) if n else Decimal(1)
            self.idf = {
                t: (
                    Decimal(1) + (Decimal(n - len(p)) + Decimal("0.5")) / (Decimal(len(p)) + Decimal("0.5"))
                ).ln()
                for t, p in self.postings.items()
            }

    def scores(self, tokens: Sequence[str]) -> dict[int, Decimal]:
        """Document index → score / the query's saturation bound, in [0, 1); 28 digits."""
        terms = [t for t in dict.fromkeys(tokens) if t in self.idf]
        if not terms:
            return {}
        k1, b = self.k1, self.b
        with localcontext() as ctx:
            ctx.prec = 28
            bound = sum((self.idf[t] * (k1 + 1) for t in terms), Decimal(0))
            scores: dict[int, Decimal] = {}
            for t in terms:
                idf = self.idf[t]
                for i in self.postings[t]:
                    doc = self.docs[i]
                    tf = Decimal(doc.tf[t])
                    norm = k1 * (1 - b + b * Decimal(doc.length) / self.avg)
                    scores[i] = scores.get(i, Decimal(0)) + idf * tf * (k1 + 1) / (tf + norm)
            return {i: s / bound for i, s in scores.items()}


class Bm25Backend:
    """Lexical BM25 over preferred label, alternative labels and description, with the outcome's
    context and the ESCO occupation relations (version 2, ADR 1463; see module)."""

    name = "lexical-bm25f"
    version = "2"
    K1 = Decimal("1.2")
    B = Decimal("0.75")
    WEIGHTS = (3, 2, 1)  # preferred, alternative labels, description (skills and occupations)
    TOP_OCCUPATIONS = 3
    OCCUPATION_BONUS = Decimal("0.05")

    def __init__(
        self,
        skills: Sequence[SkillRecord],
        *,
        occupations: Sequence[OccupationRecord] = (),
        lang: str = MATCH_LANGUAGE,
    ) -> None:
        docs: list[_Doc] = []
        for skill in skills:
            text = skill.labels.get(lang)
            if text is None:
                continue
            tf = _weighted_tf(self.WEIGHTS, *text)
            docs.append(_Doc(skill.uri, tf, sum(tf.values())))
        self._docs = docs
        self._skills = _Bm25(docs, self.K1, self.B)
        self._row = {d.uri: i for i, d in enumerate(docs)}
        occ_docs = []
        for occupation in occupations:
            tf = _weighted_tf(self.WEIGHTS, occupation.preferred, occupation.alt, occupation.description)
            occ_docs.append(_Doc(occupation.uri, tf, sum(tf.values())))
        self._occupations = _Bm25(occ_docs, self.K1, self.B)
        self._occupation_skills = [
            {self._row[u]: w for u, w in o.skills.items() if u in self._row} for o in occupations
        ]

    @property
    def id(self) -> str:
        return f"{self.name}@{self.version}"

    def __len__(self) -> int:
        return len(self._docs)

    def rank(self, text: str, limit: int, context: str = "") -> list[tuple[str, Decimal]]:
        """``context`` (the specification's title) is read as more words of the outcome."""
        tokens = normalise(f"{text} {context}".strip(), "en")
        scores = self._skills.scores(tokens)
        if not scores:
            return []
        top = self.TOP_OCCUPATIONS
        with localcontext() as ctx:
            ctx.prec = 28
            occupations = sorted(self._occupations.scores(tokens).items(), key=lambda p: (-p[1], p[0]))[:top]
            for j, occupation_score in occupations:
                for i, weight in self._occupation_skills[j].items():
                    bonus = self.OCCUPATION_BONUS * occupation_score * weight
                    scores[i] = scores.get(i, Decimal(0)) + bonus
            scale = 1 + top * self.OCCUPATION_BONUS  # keeps every score in [0, 1)
            ranked = sorted(
                ((self._docs[i].uri, _q(s / scale)) for i, s in scores.items()), key=lambda p: (-p[1], p[0])
            )
        return ranked[:limit]


Encoder = Callable[[Sequence[str]], Sequence[Sequence[float]]]


class EmbeddingSkillBackend:
    """Cosine similarity of sentence embeddings from an injected ``encoder`` (no model is shipped
    or downloaded here). The id records the model and its hash, so a suggestion says which model
    made it; thresholds must be calibrated for that id before ``suggest_skills`` will use it."""

    name = "embedding"

    def __init__(
        self, skills: Sequence[SkillRecord], encoder: Encoder, *, model_id: str, model_sha256: str
    ) -> None:
        if not model_id or len(model_sha256) != 64:
            raise MicrocredError(
                "an embedding backend needs a model id and the model's SHA-256", where="backend"
            )
        self._encoder = encoder
        self.model_id, self.model_sha256 = model_id, model_sha256
        usable = [s for s in skills if MATCH_LANGUAGE in s.labels]
        texts = [f"{s.labels[MATCH_LANGUAGE][0]}. {s.labels[MATCH_LANGUAGE][2]}" for s in usable]
        self._uris = [s.uri for s in usable]
        self._vectors = [tuple(Decimal(repr(x)) for x in v) for v in encoder(texts)] if texts else []

    @property
    def id(self) -> str:
        return f"{self.name}:{self.model_id}@{self.model_sha256[:12]}"

    def rank(self, text: str, limit: int, context: str = "") -> list[tuple[str, Decimal]]:
        query = tuple(Decimal(repr(x)) for x in self._encoder([text])[0])
        with localcontext() as ctx:
            ctx.prec = 28
            qn = sum((x * x for x in query), Decimal(0)).sqrt()
            out = []
            for uri, vec in zip(self._uris, self._vectors, strict=True):
                vn = sum((x * x for x in vec), Decimal(0)).sqrt()
                cos = (
                    sum((a * b for a, b in zip(query, vec, strict=True)), Decimal(0)) / (qn * vn)
                    if qn and vn
                    else Decimal(0)
                )
                out.append((uri, _q(max(cos, Decimal(0)))))
        return sorted(out, key=lambda p: (-p[1], p[0]))[:limit]


DEFAULT_THRESHOLDS: dict[str, Decimal] = {"lexical-bm25f@2": Decimal("0.09")}
"""The score a skill needs to be shown, per backend id, chosen by ``microcred esco-calibrate``
on the project-labelled set (docs/esco-calibration-report.md; a test keeps them equal)."""
SHOWN = 10
"""At most this many suggestions per outcome (recall is measured at 10)."""


@dataclass(frozen=True)
class SkillSuggestion:
    uri: str
    score: Decimal


@dataclass(frozen=True)
class OutcomeSuggestions:
    """The suggestions for one outcome: ``matched_through`` is the language of the text used
    (always English here), ``reason`` is set when there is none to make (``no_english_text``)."""

    outcome_id: str
    backend: str
    threshold: Decimal
    matched_through: str
    suggestions: tuple[SkillSuggestion, ...]
    reason: str = ""


def suggest_skills(
    outcome_id: str,
    texts: Mapping[str, str],
    backend: SkillBackend,
    *,
    thresholds: Mapping[str, Decimal] | None = None,
    limit: int = SHOWN,
    context: str = "",
) -> OutcomeSuggestions:
    """Suggest skills for one outcome given as ``{lang: text}`` (the specification's form);
    ``context`` is the specification's English title (ADR 1463), "" when there is none."""
    table = DEFAULT_THRESHOLDS if thresholds is None else thresholds
    if backend.id not in table:
        raise MicrocredError(f"no calibrated threshold for backend {backend.id}", where="backend")
    threshold = table[backend.id]
    english = (texts.get(MATCH_LANGUAGE) or "").strip()
    if not english:
        return OutcomeSuggestions(outcome_id, backend.id, threshold, MATCH_LANGUAGE, (), "no_english_text")
    ranked = backend.rank(english, limit, context=context.strip())
    kept = tuple(SkillSuggestion(uri, score) for uri, score in ranked if score >= threshold)
    return OutcomeSuggestions(outcome_id, backend.id, threshold, MATCH_LANGUAGE, kept)
