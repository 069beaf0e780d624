"""Learning outcomes: Bloom level, observability, bundling and fit with the EQF/AQRF level.

* The Bloom level is read from the outcome's **leading verb** (after lead-ins such as
  "Students will be able to"), looked up in the one shared lexicon
  (``microcred.standards.eu_mc.lo_verbs.BLOOM_VERBS``). A verb the lexicon does not know is
  reported as unknown, never guessed.
* An outcome is *not observable* when its verb names a state ("understand", "know", "hiểu",
  "biết", "ເຂົ້າໃຈ") — the checker's existing rule (``is_not_observable``), reused here.
* An outcome is *bundled* when two or more of its clauses (split at "and", commas, "và", "ແລະ")
  each start with a known verb: such an outcome cannot be assessed as one.
* The level fit compares the highest Bloom level of the set with the range the EQF level
  descriptors (Council Recommendation 2017/C 189/03, Annex II: knowledge, skills,
  responsibility and autonomy) imply. The range per level is the platform's reading of those
  descriptors (ADR 1601, docs/design-assistant.md §3); AQRF levels use the same range, since the
  AQRF's eight levels are referenced to the same structure (AQRF 2015, §4; frameworks table).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from microcred.standards.eu_mc.lo_verbs import (
    _LEAD_INS,
    _LO_LEAD_INS,
    _VI_LEAD_INS,
    BLOOM_LEVELS,
    BLOOM_RANK,
    BLOOM_VERBS,
    _lao_words,
    bloom_lexicon,
    is_not_observable,
)

# Expected Bloom range (lowest, highest) of the *highest* outcome of a set, per EQF level.
# Reading of Annex II (ADR 1601): levels 1-2 "basic/general knowledge", "basic skills to carry out
# simple tasks" -> remember..apply; 3 "knowledge of facts, principles ... in a field", "select and
# apply basic methods" -> understand..apply; 4 "factual and theoretical knowledge in broad
# contexts", "generate solutions to specific problems" -> apply..analyse; 5 "comprehensive,
# specialised ... awareness of the boundaries", "develop creative solutions to abstract
# problems" -> apply..evaluate; 6 "critical understanding of theories", "solve complex and
# unpredictable problems", "take responsibility for decision-making" -> analyse..create;
# 7 "highly specialised knowledge ... basis for original thinking", "develop new knowledge and
# procedures" -> evaluate..create; 8 "the most advanced and specialised skills ... to extend or
# redefine existing knowledge" -> create..create.
EXPECTED_BLOOM: dict[int, tuple[str, str]] = {
    1: ("remember", "apply"),
    2: ("remember", "apply"),
    3: ("understand", "apply"),
    4: ("apply", "analyse"),
    5: ("apply", "evaluate"),
    6: ("analyse", "create"),
    7: ("evaluate", "create"),
    8: ("create", "create"),
}
FRAMEWORK_ANNEX = {
    "EQF": "Council Recommendation 2017/C 189/03, Annex II",
    "AQRF": "ASEAN Qualifications Reference Framework (2015), level descriptors",
}

_SPLIT = {
    "en": re.compile(r"\s*(?:,|;|\band\b|\bas well as\b)\s*", re.IGNORECASE),
    "vi": re.compile(r"\s*(?:,|;|\bvà\b|\bcũng như\b)\s*", re.IGNORECASE),
    "lo": re.compile(r"\s*(?:,|;|ແລະ|ພ້ອມທັງ)\s*"),
}
MAX_OUTCOME_CHARS = 2000


@dataclass(frozen=True)
class OutcomeAnalysis:
    """What the assistant says about one outcome; ``codes`` are worded by the web layer."""

    text: str
    language: str
    verb: str | None
    bloom: str | None
    codes: tuple[str, ...] = ()
    params: dict[str, str] = field(default_factory=dict)
    verbs: tuple[str, ...] = ()

    @property
    def rank(self) -> int | None:
        return BLOOM_RANK[self.bloom] if self.bloom else None


def _strip_lead_in(text: str, language: str) -> str:
    text = text.strip()
    if language == "en":
        return _LEAD_INS.sub("", text, count=1)
    if language == "vi":
        return _VI_LEAD_INS.sub("", text.lower(), count=1)
    return text


def _clause_verb(clause: str, language: str, lexicon: dict[str, str]) -> str | None:
    """The known verb a clause starts with, or ``None``."""
    clause = _strip_lead_in(clause, language)
    if not clause:
        return None
    if language == "en":
        match = re.match(r"[A-Za-z-]+", clause)
        word = match.group(0).lower() if match else ""
        return word if word in lexicon else None
    if language == "lo":
        words = _lao_words(clause)
        while words and words[0] in _LO_LEAD_INS:
            words.pop(0)
        # The tokenizer may split a verb from its object differently (ອອກ + ແບບແຜນ), and Lao
        # has no spaces: match the longest known verb at the start of the rest, NFKC-folded.
        raw = "".join(words)
        rest = unicodedata.normalize("NFKC", raw)
        by_length = sorted(lexicon, key=len, reverse=True)
        exact = next((v for v in by_length if raw.startswith(v)), None)
        return exact or next(
            (v for v in by_length if rest.startswith(unicodedata.normalize("NFKC", v))), None
        )
    lowered = clause.lower()
    for verb in sorted(lexicon, key=len, reverse=True):
        if lowered == verb or lowered.startswith(verb + " "):
            return verb
    return None


def analyse_outcome(text: str, language: str = "en") -> OutcomeAnalysis:
    """Bloom level, observability and bundling of one outcome in ``language`` (en, vi, lo)."""
    text = text.strip()[:MAX_OUTCOME_CHARS]
    lexicon = bloom_lexicon(language)
    codes: list[str] = []
    params: dict[str, str] = {}
    if not text:
        return OutcomeAnalysis(text, language, None, None, ("outcome.empty",))
    if not lexicon:
        return OutcomeAnalysis(
            text, language, None, None, ("outcome.language_unsupported",), {"language": language}
        )
    weak = is_not_observable(text, language)
    if weak:
        codes.append("outcome.not_observable")
        params["verb"] = weak
    clauses = [c for c in _SPLIT[language].split(text) if c.strip()]
    found = [v for c in clauses if (v := _clause_verb(c, language, lexicon)) is not None]
    verb = _clause_verb(text, language, lexicon)
    distinct = list(dict.fromkeys(found))
    if len(distinct) >= 2 or (weak and distinct):
        codes.append("outcome.bundled")
        params["verbs"] = ", ".join(([weak] if weak else []) + distinct)
    bloom = lexicon[verb] if verb else None
    if bloom is None and not weak:
        codes.append("outcome.verb_unknown")
    elif bloom is not None:
        params["bloom"] = bloom
    return OutcomeAnalysis(text, language, verb, bloom, tuple(codes), params, tuple(distinct))


def suggest_verbs(bloom: str, language: str = "en", *, limit: int = 5) -> tuple[str, ...]:
    """Verbs to start an outcome at ``bloom`` level with, in ``language`` (lexicon order)."""
    if bloom not in BLOOM_RANK:
        return ()
    return BLOOM_VERBS.get(language, {}).get(bloom, ())[:limit]


def expected_bloom(level: int) -> tuple[str, str]:
    """The (lowest, highest) Bloom level the highest outcome should reach at ``level`` (1-8)."""
    if level not in EXPECTED_BLOOM:
        raise ValueError(f"level must be 1-8, got {level}")
    return EXPECTED_BLOOM[level]


@dataclass(frozen=True)
class LevelFit:
    """The set of outcomes against the descriptors of one framework level."""

    framework: str
    level: int
    expected: tuple[str, str]
    highest: str | None
    code: str
    source: str
    suggestions: tuple[str, ...] = ()

    def params(self) -> dict[str, str]:
        return {
            "framework": self.framework,
            "level": str(self.level),
            "low": self.expected[0],
            "high": self.expected[1],
            "highest": self.highest or "",
        }


def level_fit(
    analyses: list[OutcomeAnalysis], level: int, *, framework: str = "EQF", language: str = "en"
) -> LevelFit:
    """``level.below`` / ``level.above`` / ``level.fits`` / ``level.unknown`` for the set."""
    low, high = expected_bloom(level)
    ranks = [a.rank for a in analyses if a.rank is not None]
    source = FRAMEWORK_ANNEX.get(framework, FRAMEWORK_ANNEX["EQF"])
    if not ranks:
        return LevelFit(framework, level, (low, high), None, "level.unknown", source)
    top = BLOOM_LEVELS[max(ranks) - 1]
    if max(ranks) < BLOOM_RANK[low]:
        return LevelFit(
            framework, level, (low, high), top, "level.below", source, suggest_verbs(low, language)
        )
    if min(ranks) > BLOOM_RANK[high]:
        return LevelFit(
            framework, level, (low, high), top, "level.above", source, suggest_verbs(high, language)
        )
    return LevelFit(framework, level, (low, high), top, "level.fits", source)
