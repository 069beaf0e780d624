"""Learning-outcome comparison: suggestions for a person to confirm (recognition.md §8.2).

1. ``normalise`` folds and tokenises each outcome: Vietnamese is folded (diacritics removed,
   đ -> d) and its syllables are paired into bigrams, because Vietnamese words are written as
   separate syllables; Lao, which has no spaces between words, is segmented with LaoNLP's
   dictionary tokenizer; other languages are lower-cased, stop words dropped, plural and
   tense suffixes stripped.
2. ``bloom_of`` annotates a Bloom level from the stated level or a small per-language verb
   lexicon (highest verb wins; none found -> unknown).
3. A ``SimilarityBackend`` scores every (target, source) pair. ``TfIdfBackend`` (default,
   deterministic, Decimal arithmetic) is TF-IDF cosine over the normalised tokens of the
   case's outcomes. An embedding backend (``EmbeddingBackend``) accepts an injected encoder
   with a pinned model id and hash; no model is shipped or downloaded here (ADR 0507).
4. ``suggest`` keeps pairs scoring above backend-specific thresholds (``likely`` /
   ``possible``), adds ESCO overlap as a second signal and the Bloom gate as a proposed
   coverage, and records backend id, version and thresholds.
5. ``LoMatrix`` records every human action (confirm, reject, edit, add) and derives the
   confirmed rows that S7 reads. Unconfirmed suggestions never reach S7, so they can never
   cause a refusal.

The lexical thresholds are calibrated (``lo_calibration``) on a *project-labelled* set, not on
partner data: recalibrate them on labelled partner course pairs before relying on the
suggestions' recall (§8.1, open question 6; ADR 0507).
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from decimal import ROUND_HALF_EVEN, Decimal, localcontext
from fractions import Fraction
from typing import Protocol

from microcred.errors import MicrocredError
from microcred.model.lao_text import comparison_form, lao_words
from microcred.recognition.case import LoMatrixDoc, LoRowDoc, SuggestionDoc
from microcred.recognition.values import Coverage, LoRow, SourceLoRef
from microcred.standards.eu_mc.lo_verbs import BLOOM_LEVELS, BLOOM_RANK, bloom_lexicon

_PLACES = Decimal("0.0001")

_STOP = {
    "en": set(
        [
            "a",
            "an",
            "and",
            "the",
            "of",
            "to",
            "in",
            "on",
            "for",
            "with",
            "by",
            "from",
            "at",
            "as",
            "or",
            "into",
            "using",
            "use",
            "be",
            "is",
            "are",
            "will",
            "can",
            "able",
            "students",
            "student",
            "learners",
            "learner",
            "their",
            "its",
            "this",
            "that",
            "these",
            "those",
            "such",
            "via",
            "within",
        ]
    ),
    "vi": {"va", "cua", "cac", "nhung", "mot", "trong", "cho", "voi", "de", "duoc", "la", "bang", "ve"},
    "it": set(
        [
            "il",
            "lo",
            "la",
            "i",
            "gli",
            "le",
            "di",
            "a",
            "da",
            "in",
            "con",
            "su",
            "per",
            "tra",
            "fra",
            "e",
            "o",
            "un",
            "una",
            "uno",
            "del",
            "della",
            "dei",
            "delle",
        ]
    ),
}


def _recognition_lexicon(lang: str) -> dict[str, str]:
    """The shared verb lexicon (``lo_verbs.BLOOM_VERBS``) in the token form ``normalise`` makes:
    Vietnamese verbs folded, their syllables joined as bigrams (``phân tích`` -> ``phan_tich``),
    Lao verbs in NFKC."""
    lexicon = bloom_lexicon(lang)
    if lang == "vi":
        return {fold_vietnamese(v).replace(" ", "_"): level for v, level in lexicon.items()}
    if lang == "lo":  # ``normalise`` applies NFKC (ຳ becomes ໍ + າ)
        return {unicodedata.normalize("NFKC", v): level for v, level in lexicon.items()}
    return lexicon


_WORD = re.compile(r"\w+", re.UNICODE)


def fold_vietnamese(text: str) -> str:
    """Remove Vietnamese diacritics (tone and vowel marks) and map đ to d."""
    text = text.replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")


def _stem(token: str) -> str:
    for suffix in ("ing", "ed", "es", "s"):
        if len(token) > len(suffix) + 3 and token.endswith(suffix):
            return token[: -len(suffix)]
    return token


def _lao_tokens(text: str) -> list[str]:
    """The lexical backend's Lao tokens (lexical-tfidf v1): NFKC first, then LaoNLP, so a word
    with ຳ is cut (ນໍ + າ + ໃຊ້) - the same way in both spellings, so similarity is not hurt,
    and the calibrated thresholds stay valid. Changing it is a recalibration (ADR 1611)."""
    from laonlp.tokenize import word_tokenize

    return [t for t in word_tokenize(text) if t.strip() and _WORD.search(t)]


def lao_verb_tokens(text: str) -> list[str]:
    """Lao words for finding verbs: segmented in the dictionary's spelling (ຳ, ໜ), compared in
    NFKC, so ນຳໃຊ້ and ນໍາໃຊ້ are one word (microcred.model.lao_text, ADR 1611)."""
    return [comparison_form(t) for t in lao_words(text) if _WORD.search(t)]


def normalise(text: str, lang: str) -> tuple[str, ...]:
    """Tokens of one outcome, language-aware (see module docstring)."""
    text = unicodedata.normalize("NFKC", text).casefold()
    if lang == "lo":
        return tuple(_lao_tokens(text))
    if lang == "vi":
        syllables = _WORD.findall(fold_vietnamese(text))
        bigrams = [f"{a}_{b}" for a, b in itertools.pairwise(syllables)]
        return tuple([s for s in syllables if s not in _STOP["vi"]] + bigrams)
    stop = _STOP.get(lang, set())
    return tuple(_stem(t) for t in _WORD.findall(text) if t not in stop and not t.isdigit())


def bloom_of(text: str, lang: str, stated: str | None = None) -> str | None:
    """The stated Bloom level, else the highest level among the verbs found, else ``None``."""
    if stated:
        return stated
    lexicon = _recognition_lexicon(lang)
    if not lexicon:
        return None
    if lang == "en":
        tokens = set(_WORD.findall(text.casefold()))
    elif lang == "lo":
        tokens = set(lao_verb_tokens(text))
    else:
        tokens = set(normalise(text, lang))
    found = [lexicon[t] for t in tokens if t in lexicon]
    return max(found, key=BLOOM_RANK.__getitem__) if found else None


@dataclass(frozen=True)
class LoText:
    """An outcome to compare; ``credential_id`` is set for source outcomes."""

    id: str
    text: str
    lang: str = "en"
    bloom_level: str | None = None
    esco_uris: tuple[str, ...] = ()
    credential_id: str | None = None


class SimilarityBackend(Protocol):
    """Scores pairs; ``id``/``version`` are recorded with every suggestion (§6.3)."""

    @property
    def id(self) -> str: ...

    @property
    def version(self) -> str: ...

    def similarity(self, targets: Sequence[LoText], sources: Sequence[LoText]) -> list[list[Decimal]]: ...


def _q(value: Decimal) -> Decimal:
    return value.quantize(_PLACES, rounding=ROUND_HALF_EVEN)


def _cosine(a: dict[str, Decimal], b: dict[str, Decimal]) -> Decimal:
    dot = sum((a[k] * b[k] for k in a.keys() & b.keys()), Decimal(0))
    na = sum((v * v for v in a.values()), Decimal(0))
    nb = sum((v * v for v in b.values()), Decimal(0))
    if not na or not nb:
        return Decimal(0)
    return dot / (na.sqrt() * nb.sqrt())


@dataclass(frozen=True)
class TfIdfBackend:
    """Deterministic lexical backend: TF-IDF cosine, smoothed idf = ln((1+N)/(1+df)) + 1."""

    id: str = "lexical-tfidf"
    version: str = "1"

    def similarity(self, targets: Sequence[LoText], sources: Sequence[LoText]) -> list[list[Decimal]]:
        docs = [normalise(t.text, t.lang) for t in (*targets, *sources)]
        n = len(docs)
        df: Counter[str] = Counter()
        for d in docs:
            df.update(set(d))
        with localcontext() as c:
            c.prec = 28
            idf = {term: (Decimal(1 + n) / Decimal(1 + k)).ln() + 1 for term, k in sorted(df.items())}
            vectors = []
            for d in docs:
                counts = Counter(d)
                total = Decimal(len(d)) or Decimal(1)
                vectors.append({t: Decimal(k) / total * idf[t] for t, k in counts.items()})
            tv, sv = vectors[: len(targets)], vectors[len(targets) :]
            return [[_q(_cosine(a, b)) for b in sv] for a in tv]


Encoder = Callable[[Sequence[str]], Sequence[Sequence[Decimal]]]


@dataclass(frozen=True)
class EmbeddingBackend:
    """A multilingual sentence-embedding backend (§8.2 step 3b), offline, with a pinned model.

    Nothing is downloaded: the caller injects ``encode`` (e.g. a locally installed model) and
    states ``model_id`` and ``model_sha256`` so every suggestion records exactly what scored it.
    """

    encode: Encoder
    model_id: str
    model_sha256: str
    version: str = "1"

    @property
    def id(self) -> str:
        return f"embedding:{self.model_id}@{self.model_sha256[:12]}"

    def similarity(self, targets: Sequence[LoText], sources: Sequence[LoText]) -> list[list[Decimal]]:
        vecs = [list(v) for v in self.encode([t.text for t in (*targets, *sources)])]
        as_maps = [{str(i): x for i, x in enumerate(v)} for v in vecs]
        tv, sv = as_maps[: len(targets)], as_maps[len(targets) :]
        with localcontext() as c:
            c.prec = 28
            return [[_q(_cosine(a, b)) for b in sv] for a in tv]


@dataclass(frozen=True)
class Thresholds:
    """Backend-specific bands (§8.2 step 4); the lexical defaults come from ``lo_calibration``."""

    likely: Decimal
    possible: Decimal
    esco_likely: Fraction = Fraction(1, 2)

    def __post_init__(self) -> None:
        if not (Decimal(0) <= self.possible <= self.likely <= Decimal(1)):
            raise MicrocredError("thresholds need 0 <= possible <= likely <= 1", where="Thresholds")


# Source: ``microcred lo-calibrate`` on the project-labelled set microcred-lo-set@1
# (recognition/data/lo_calibration/set-v1.json; NOT partner data) with lo_calibration.RULE,
# lexical-tfidf v1, same-language pairs pooled (1273 outcome pairs; docs/lo-calibration-report.md):
#   likely   0.31: precision 0.8214, recall 0.9200 of 'full' (69 tp / 15 fp / 6 fn)
#   possible 0.06: precision 0.2556, recall 0.9692 of 'full'+'partial' (126 tp / 367 fp / 4 fn)
# Previously 0.35 / 0.12, chosen on the worked examples only. A test keeps these equal to what
# the shipped set produces; recalibrate on partner pairs when they exist (§10 q. 6; ADR 0507).
DEFAULT_THRESHOLDS: dict[str, Thresholds] = {
    "lexical-tfidf": Thresholds(likely=Decimal("0.31"), possible=Decimal("0.06")),
}


@dataclass(frozen=True)
class Suggestion:
    target_lo: str
    source: SourceLoRef
    score: Decimal
    esco_overlap: Fraction
    bloom_target: str | None
    bloom_source: str | None
    bloom_ok: bool | None
    band: str  # likely | possible
    proposed_coverage: Coverage
    backend: str


@dataclass(frozen=True)
class SuggestionSet:
    backend: str
    backend_version: str
    thresholds: Thresholds
    suggestions: tuple[Suggestion, ...]


def _jaccard(a: Sequence[str], b: Sequence[str]) -> Fraction:
    sa, sb = set(a), set(b)
    return Fraction(len(sa & sb), len(sa | sb)) if sa | sb else Fraction(0)


def esco_overlap(target: LoText, source: LoText) -> Fraction:
    """Jaccard overlap of the two outcomes' ESCO skill URIs (the second signal)."""
    return _jaccard(target.esco_uris, source.esco_uris)


def band_of(score: Decimal, esco: Fraction, thresholds: Thresholds) -> str | None:
    """The band ``suggest`` gives a pair: ``likely``, ``possible`` or ``None`` (not suggested).

    The calibration (``lo_calibration``) measures exactly this rule, so the two cannot differ.
    """
    if score >= thresholds.likely or esco >= thresholds.esco_likely:
        return "likely"
    if score >= thresholds.possible or esco > 0:
        return "possible"
    return None


def suggest(
    targets: Sequence[LoText],
    sources: Sequence[LoText],
    *,
    backend: SimilarityBackend | None = None,
    thresholds: Thresholds | None = None,
    bloom_tolerance: int = 1,
) -> SuggestionSet:
    """Candidate pairs for each target outcome, best first (many-to-one allowed)."""
    backend = backend or TfIdfBackend()
    if thresholds is None:
        if backend.id not in DEFAULT_THRESHOLDS:
            raise MicrocredError(
                f"no default thresholds for backend {backend.id}; pass calibrated ones", where="suggest"
            )
        thresholds = DEFAULT_THRESHOLDS[backend.id]
    for s in sources:
        if s.credential_id is None:
            raise MicrocredError("a source outcome needs its credential_id", where=f"sources.{s.id}")
    scores = backend.similarity(targets, sources)
    out: list[Suggestion] = []
    for ti, t in enumerate(targets):
        bt = bloom_of(t.text, t.lang, t.bloom_level)
        for si, s in enumerate(sources):
            score = scores[ti][si]
            esco = esco_overlap(t, s)
            band = band_of(score, esco, thresholds)
            if band is None:
                continue
            bs = bloom_of(s.text, s.lang, s.bloom_level)
            ok = None if bt is None or bs is None else BLOOM_RANK[bs] >= BLOOM_RANK[bt] - bloom_tolerance
            coverage = Coverage.FULL if band == "likely" and ok is not False else Coverage.PARTIAL
            out.append(
                Suggestion(
                    t.id,
                    SourceLoRef(s.credential_id or "", s.id),
                    score,
                    esco,
                    bt,
                    bs,
                    ok,
                    band,
                    coverage,
                    backend.id,
                )
            )
    out.sort(key=lambda x: (x.target_lo, -x.score, str(x.source)))
    return SuggestionSet(backend.id, backend.version, thresholds, tuple(out))


@dataclass(frozen=True)
class HumanAction:
    """One reviewer action on the matrix (§6.5): who, when, what, why."""

    action: str  # CONFIRMED | REJECTED | EDITED | ADDED
    target_lo: str
    sources: tuple[SourceLoRef, ...]
    coverage: Coverage | None
    actor: str
    at: str
    note: str | None = None


@dataclass(frozen=True)
class LoMatrix:
    """Suggestions plus the human actions on them; only the actions produce confirmed rows."""

    suggestions: SuggestionSet
    actions: tuple[HumanAction, ...] = ()
    reviewer: str | None = None
    confirmed_at: str | None = None
    complete: bool = False

    def _suggestion(self, target_lo: str, source: SourceLoRef) -> Suggestion:
        for s in self.suggestions.suggestions:
            if s.target_lo == target_lo and s.source == source:
                return s
        raise MicrocredError(f"no suggestion pairs {target_lo} with {source}", where="LoMatrix")

    def _with(self, action: HumanAction) -> LoMatrix:
        if not action.actor.strip():
            raise MicrocredError("a matrix action needs an actor", where=f"LoMatrix.{action.target_lo}")
        return replace(self, actions=(*self.actions, action))

    def confirm(
        self, target_lo: str, source: SourceLoRef, *, actor: str, at: str, note: str | None = None
    ) -> LoMatrix:
        s = self._suggestion(target_lo, source)
        return self._with(
            HumanAction("CONFIRMED", target_lo, (source,), s.proposed_coverage, actor, at, note)
        )

    def reject(
        self, target_lo: str, source: SourceLoRef, *, actor: str, at: str, note: str | None = None
    ) -> LoMatrix:
        self._suggestion(target_lo, source)
        return self._with(HumanAction("REJECTED", target_lo, (source,), None, actor, at, note))

    def edit(
        self,
        target_lo: str,
        *,
        coverage: Coverage,
        sources: Sequence[SourceLoRef],
        actor: str,
        at: str,
        note: str,
    ) -> LoMatrix:
        if not note.strip():
            raise MicrocredError("an edit needs a note saying why", where=f"LoMatrix.{target_lo}")
        return self._with(HumanAction("EDITED", target_lo, tuple(sources), coverage, actor, at, note))

    def add(
        self,
        target_lo: str,
        source: SourceLoRef,
        *,
        coverage: Coverage,
        actor: str,
        at: str,
        note: str | None = None,
    ) -> LoMatrix:
        return self._with(HumanAction("ADDED", target_lo, (source,), coverage, actor, at, note))

    def sign_off(self, *, reviewer: str, at: str) -> LoMatrix:
        """The reviewer confirms the whole matrix: target outcomes without a row count as not covered."""
        return replace(self, reviewer=reviewer, confirmed_at=at, complete=True)

    def rows(self) -> tuple[LoRow, ...]:
        """Confirmed rows, one per target outcome with at least one positive action."""
        state: dict[str, tuple[Coverage, dict[str, SourceLoRef], HumanAction]] = {}
        order = {Coverage.NONE: 0, Coverage.PARTIAL: 1, Coverage.FULL: 2}
        for a in self.actions:
            cov, srcs, _ = state.get(a.target_lo, (Coverage.NONE, {}, a))
            srcs = dict(srcs)
            if a.action == "EDITED":
                assert a.coverage is not None
                cov, srcs = a.coverage, {str(s): s for s in a.sources}
            elif a.action in ("CONFIRMED", "ADDED"):
                assert a.coverage is not None
                srcs.update({str(s): s for s in a.sources})
                cov = max(cov, a.coverage, key=order.__getitem__)
            elif a.action == "REJECTED":
                for s in a.sources:
                    srcs.pop(str(s), None)
                if a.target_lo not in state:
                    continue
            state[a.target_lo] = (cov, srcs, a)
        rows = []
        for target_lo in sorted(state):
            cov, srcs, last = state[target_lo]
            if not srcs and last.action != "EDITED":
                continue
            rows.append(
                LoRow(
                    target_lo,
                    cov,
                    tuple(srcs[k] for k in sorted(srcs)),
                    last.action,
                    last.actor,
                    last.at,
                    last.note,
                )
            )
        return tuple(rows)

    def to_doc(self) -> LoMatrixDoc:
        """The ``lo_matrix`` of the case format: confirmed rows plus the recorded suggestions."""
        return LoMatrixDoc(
            complete=self.complete,
            reviewer=self.reviewer,
            confirmed_at=self.confirmed_at,
            rows=[
                LoRowDoc(
                    target_lo=r.target_lo,
                    coverage=r.coverage.value,
                    sources=[str(s) for s in r.sources],
                    action=r.action,
                    actor=r.actor,
                    at=r.at,
                    note=r.note,
                )
                for r in self.rows()
            ],
            suggestions=[
                SuggestionDoc(
                    target_lo=s.target_lo, source=str(s.source), score=s.score, band=s.band, backend=s.backend
                )
                for s in self.suggestions.suggestions
            ],
        )


def acceptance_rate(matrix: LoMatrix) -> Fraction | None:
    """Share of suggestions a person confirmed (§8.2 step 7: monitor per language for drift)."""
    n = len(matrix.suggestions.suggestions)
    if n == 0:
        return None
    confirmed = {(a.target_lo, str(s)) for a in matrix.actions if a.action == "CONFIRMED" for s in a.sources}
    return Fraction(len(confirmed), n)


__all__ = [
    "BLOOM_LEVELS",
    "DEFAULT_THRESHOLDS",
    "EmbeddingBackend",
    "HumanAction",
    "LoMatrix",
    "LoText",
    "SimilarityBackend",
    "Suggestion",
    "SuggestionSet",
    "TfIdfBackend",
    "Thresholds",
    "acceptance_rate",
    "band_of",
    "bloom_of",
    "esco_overlap",
    "fold_vietnamese",
    "normalise",
    "suggest",
]
