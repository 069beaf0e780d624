"""Calibration of the ESCO skill suggestions on a labelled set (ADR 1402), the way the
learning-outcome suggestions are calibrated (ADR 0507).

A set (``microcred-esco-calibration-set``, version 1) lists learning outcomes of the demo
specifications, each with the ESCO skills a person labelled as evidently relevant, who set each
label and why. For every threshold τ on a grid 0.00…0.60 (step 0.01) the suggestions are what
:func:`~microcred.esco.suggest.suggest_skills` would show (at most 10 skills scoring ≥ τ), and:

* **precision@5** — of the skills shown in the first five places, the share that are labelled
  relevant (micro-averaged: all outcomes' shown skills pooled);
* **recall@10** — of all labelled (outcome, skill) pairs, the share found among the (at most ten)
  skills shown.

**Rule.** τ = the highest grid value whose recall@10 is at least 95 % of the recall@10 with no
threshold: a threshold may hide weak suggestions, but may cost at most one labelled pair in
twenty that the ranking would have shown (a designer scans ten suggestions in seconds; a missed
skill costs a search). Vietnamese and Lao outcomes are measured through their English text — the
only text ESCO and every specification share — and the report says so.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from importlib import resources
from pathlib import Path
from typing import Any

from microcred.errors import InputError
from microcred.esco.suggest import SHOWN, SkillBackend, suggest_skills
from microcred.untrusted_input import read_json_file

SET_FORMAT = "microcred-esco-calibration-set"
GRID = tuple(Decimal(i).scaleb(-2) for i in range(61))
KEEP_RECALL = Fraction(95, 100)
TOP_PRECISION = 5
RULE = (
    "tau = the highest threshold whose recall@10 is at least 95% of the recall@10 without a threshold; "
    "precision@5 and recall@10 are micro-averaged over the set's outcomes"
)
SHIPPED_SET = "calibration-set-v1.json"


@dataclass(frozen=True)
class LabelledOutcome:
    file: str
    outcome: str
    texts: Mapping[str, str]
    relevant: frozenset[str]

    @property
    def group(self) -> str:
        """Which outcomes the report groups it with: ``vi`` or ``lo`` when the specification also
        gives the outcome in Vietnamese or Lao (measured through English all the same), else ``en``."""
        return next((lang for lang in ("vi", "lo") if lang in self.texts), "en")


@dataclass(frozen=True)
class LabelledSet:
    version: int
    esco_version: str
    provenance: Mapping[str, Any]
    outcomes: tuple[LabelledOutcome, ...]

    @property
    def pairs(self) -> int:
        return sum(len(o.relevant) for o in self.outcomes)


def set_from_json(data: Any, *, where: str = "set") -> LabelledSet:
    if not isinstance(data, dict) or data.get("format") != SET_FORMAT or data.get("version") != 1:
        raise InputError(f"not a {SET_FORMAT} version 1 document", where=where)
    outcomes = []
    for i, item in enumerate(data.get("outcomes") or ()):
        at = f"{where}.outcomes[{i}]"
        if not isinstance(item, dict) or not isinstance(item.get("text"), dict):
            raise InputError("an outcome needs file, outcome, text and skills", where=at)
        skills = item.get("skills") or []
        for j, s in enumerate(skills):
            if not isinstance(s, dict) or not s.get("uri") or not s.get("set_by") or not s.get("why"):
                raise InputError("a label needs uri, set_by and why", where=f"{at}.skills[{j}]")
        if not skills:
            raise InputError("an outcome needs at least one labelled skill", where=at)
        outcomes.append(
            LabelledOutcome(
                str(item.get("file", "")),
                str(item.get("outcome", "")),
                {str(k): str(v) for k, v in item["text"].items()},
                frozenset(str(s["uri"]) for s in skills),
            )
        )
    if not outcomes:
        raise InputError("the set has no outcomes", where=where)
    return LabelledSet(
        1, str(data.get("esco_version", "")), dict(data.get("provenance") or {}), tuple(outcomes)
    )


def load_set(path: str | Path) -> LabelledSet:
    return set_from_json(read_json_file(path), where=str(path))


def shipped_set() -> LabelledSet:
    text = resources.files("microcred.esco").joinpath("data", SHIPPED_SET).read_text(encoding="utf-8")
    return set_from_json(json.loads(text), where=SHIPPED_SET)


@dataclass(frozen=True)
class Measure:
    """Counts behind precision@5 (``hits5`` of ``shown5``) and recall@10 (``found`` of ``pairs``)."""

    shown5: int
    hits5: int
    found: int
    pairs: int
    outcomes_without_suggestion: int

    @property
    def precision5(self) -> Fraction | None:
        return Fraction(self.hits5, self.shown5) if self.shown5 else None

    @property
    def recall10(self) -> Fraction | None:
        return Fraction(self.found, self.pairs) if self.pairs else None


@dataclass(frozen=True)
class Calibration:
    backend: str
    labelled: LabelledSet
    grid: tuple[tuple[Decimal, Measure], ...]
    chosen: Decimal
    by_group: Mapping[str, Measure]


def titles_of(labelled: LabelledSet, root: str | Path = ".") -> dict[str, str]:
    """The English title of each outcome's specification (the suggestions' ``context``, ADR 1463),
    read from the ``file`` the set names under ``root`` (the repository); a file that is not there
    gives no context."""
    titles: dict[str, str] = {}
    for file in sorted({o.file for o in labelled.outcomes}):
        try:
            spec = read_json_file(Path(root) / file)
        except (InputError, OSError):
            continue
        title = spec.get("title") if isinstance(spec, dict) else None
        if isinstance(title, dict) and isinstance(title.get("en"), str):
            titles[file] = title["en"]
    return titles


def _ranked(
    labelled: LabelledSet, backend: SkillBackend, contexts: Mapping[str, str] | None = None
) -> list[tuple[LabelledOutcome, list[tuple[str, Decimal]]]]:
    out = []
    for o in labelled.outcomes:
        s = suggest_skills(
            o.outcome,
            o.texts,
            backend,
            thresholds={backend.id: Decimal(0)},
            limit=SHOWN,
            context=(contexts or {}).get(o.file, ""),
        )
        out.append((o, [(x.uri, x.score) for x in s.suggestions]))
    return out


def _measure(ranked: Sequence[tuple[LabelledOutcome, list[tuple[str, Decimal]]]], tau: Decimal) -> Measure:
    shown5 = hits5 = found = pairs = empty = 0
    for outcome, suggestions in ranked:
        shown = [uri for uri, score in suggestions if score >= tau]
        top = shown[:TOP_PRECISION]
        shown5 += len(top)
        hits5 += sum(1 for uri in top if uri in outcome.relevant)
        found += len(outcome.relevant.intersection(shown))
        pairs += len(outcome.relevant)
        empty += not shown
    return Measure(shown5, hits5, found, pairs, empty)


def calibrate(
    labelled: LabelledSet, backend: SkillBackend, contexts: Mapping[str, str] | None = None
) -> Calibration:
    """``contexts``: file → specification title (:func:`titles_of`), as the studio passes it."""
    ranked = _ranked(labelled, backend, contexts)
    grid = tuple((tau, _measure(ranked, tau)) for tau in GRID)
    base = grid[0][1].recall10 or Fraction(0)
    chosen = max(tau for tau, m in grid if (m.recall10 or Fraction(0)) >= KEEP_RECALL * base)
    groups = sorted({o.group for o in labelled.outcomes})
    by_group = {g: _measure([r for r in ranked if r[0].group == g], chosen) for g in groups}
    return Calibration(backend.id, labelled, grid, chosen, by_group)


def _f(value: Fraction | None) -> str:
    return "—" if value is None else f"{float(value):.2f}"


def to_json(cal: Calibration) -> dict[str, Any]:
    def m(x: Measure) -> dict[str, Any]:
        return {
            "precision_at_5": _f(x.precision5),
            "recall_at_10": _f(x.recall10),
            "hits_in_top5": x.hits5,
            "shown_in_top5": x.shown5,
            "found": x.found,
            "pairs": x.pairs,
            "outcomes_without_suggestion": x.outcomes_without_suggestion,
        }

    at = dict(cal.grid)
    return {
        "backend": cal.backend,
        "set_version": cal.labelled.version,
        "esco_version": cal.labelled.esco_version,
        "outcomes": len(cal.labelled.outcomes),
        "pairs": cal.labelled.pairs,
        "rule": RULE,
        "threshold": str(cal.chosen),
        "at_threshold": m(at[cal.chosen]),
        "without_threshold": m(at[Decimal("0.00")]),
        "by_language": {g: m(x) for g, x in cal.by_group.items()},
        "matched_through": "en",
        "grid": [{"threshold": str(t), **m(x)} for t, x in cal.grid],
    }


_GROUP_NAMES = {
    "en": "outcomes given in English only",
    "vi": "Vietnamese outcomes (measured through their English text)",
    "lo": "Lao outcomes (measured through their English text)",
}


def render_markdown(cal: Calibration) -> str:
    at = dict(cal.grid)
    chosen, zero = at[cal.chosen], at[Decimal("0.00")]
    lines = [
        "# ESCO skill suggestions: calibration report",
        "",
        f"Generated by `microcred esco-calibrate shipped` — backend `{cal.backend}`, labelled set version "
        f"{cal.labelled.version} ({len(cal.labelled.outcomes)} outcomes, {cal.labelled.pairs} outcome → skill pairs), "
        f"ESCO {cal.labelled.esco_version} (the partners' subset). Do not edit by hand.",
        "",
        "**The set is project-labelled, not partner data**: one developer chose the skills, each with a reason "
        "(see the set's provenance). Threshold and figures are measured on the same data (no held-out split). "
        "The backend's design (specification title as context, occupation relations) was chosen by five-fold "
        "cross-validation grouped by specification, on held-out folds (ADR 1463, `scripts/esco_suggestions_cv.py`).",
        "",
        "**Vietnamese and Lao outcomes are measured through their English text.** ESCO has no Vietnamese or Lao "
        "labels; the suggestions for an outcome always use the English version in its specification.",
        "",
        f"**Rule.** {RULE}.",
        "",
        f"**Threshold chosen: {cal.chosen}** — precision@5 {_f(chosen.precision5)} "
        f"({chosen.hits5}/{chosen.shown5}), recall@10 {_f(chosen.recall10)} ({chosen.found}/{chosen.pairs}); "
        f"without a threshold: precision@5 {_f(zero.precision5)} ({zero.hits5}/{zero.shown5}), "
        f"recall@10 {_f(zero.recall10)} ({zero.found}/{zero.pairs}). "
        f"{chosen.outcomes_without_suggestion} outcome(s) get no suggestion at the threshold.",
        "",
        "## By language of the specification (at the threshold)",
        "",
        "| outcomes | precision@5 | top-5 hits / shown | recall@10 | found / pairs |",
        "|---|---:|---:|---:|---:|",
    ]
    for g, m in cal.by_group.items():
        lines.append(
            f"| {_GROUP_NAMES[g]} | {_f(m.precision5)} | {m.hits5}/{m.shown5} | {_f(m.recall10)} | {m.found}/{m.pairs} |"
        )
    lines += [
        "",
        "## Grid",
        "",
        "| threshold | precision@5 | top-5 hits / shown | recall@10 | found / pairs | outcomes with none |",
        "|---:|---:|---:|---:|---:|---:|",
    ]
    for tau, m in cal.grid:
        if tau.scaleb(2) % 5 == 0 or tau == cal.chosen:
            mark = " **(chosen)**" if tau == cal.chosen else ""
            lines.append(
                f"| {tau}{mark} | {_f(m.precision5)} | {m.hits5}/{m.shown5} | {_f(m.recall10)} | "
                f"{m.found}/{m.pairs} | {m.outcomes_without_suggestion} |"
            )
    lines += [
        "",
        "## What the numbers mean, and what they do not",
        "",
        "* How often the evidently relevant skill of a demo outcome is among the ten shown, and how much of "
        "the first five a designer would confirm, each outcome read with its specification's English title — "
        "on this subset of ESCO (1,240 skills, 42 occupations), which is smaller and "
        "kinder than the full classification (13,896 skills).",
        "* Precision@5 is low partly by construction: each outcome has one to three labels (the *evidently* "
        "relevant skills), so a plausible but unlabelled skill in the first five counts as wrong. Recall@10 is "
        "the figure to watch: the lexical backend misses a skill whose label shares no word with the outcome "
        '("risk-weighted assets" against "quantitative risk analysis techniques"); an embedding backend '
        "is the remedy the interface leaves room for.",
        "* Not an estimate for partner outcomes: one annotator, no agreement measure, thresholds chosen on the "
        "same data. Recalibrate when partner labels exist (a new set version), and after importing the full "
        "classification.",
        "",
    ]
    return "\n".join(lines)
