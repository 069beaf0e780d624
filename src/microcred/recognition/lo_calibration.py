"""Calibrating the learning-outcome suggestion thresholds on a labelled set (recognition.md §8.2 step 4).

A *labelled set* holds course pairs: the outcomes of a target course, the outcomes of a source
micro-credential (the ``LoText`` shape ``lo_compare`` uses) and a reviewer's label for each
(target, source) pair: ``full``, ``partial`` or, when the pair is not listed, ``none``.

``calibrate`` scores every pair with a backend exactly as ``suggest`` does (one call per
course pair, so TF-IDF sees the same documents a reviewer's case would), then, on a grid of
candidate thresholds τ = 0.00, 0.01, …, 1.00, counts per language pair (target-source):

* **likely** at τ: predicted when ``band_of(score, esco, Thresholds(τ, τ)) == "likely"``;
  positive when the label is ``full`` (a likely suggestion proposes FULL coverage).
* **possible ∪ likely** at τ: predicted when the pair is suggested at all; positive when the
  label is ``full`` or ``partial`` (a match a reviewer would want to see).

Precision tp/(tp+fp), recall tp/(tp+fn) and F1 2tp/(2tp+fp+fn) are exact fractions, shown as
``Decimal`` rounded half-even to 4 places (``None`` when the denominator is 0); every figure
carries the counts behind it.

The rule (``RULE``), applied to the same-language pairs pooled, because a lexical backend
cannot score text in two different languages (ADR 0507); cross-language pairs are reported:

* **possible** τ_low = the highest grid τ at which recall of possible ∪ likely ≥ 0.95
  (compared exactly, not after rounding): the reviewer filters, so missing a match is the costly
  error (§8.2 step 4).
* **likely** τ_high = the grid τ ≥ τ_low with the highest F1 of likely; ties go to the higher τ
  (fewer FULL proposals). See ADR 0507 for why F1 rather than a precision target.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, Decimal
from fractions import Fraction
from importlib import resources
from pathlib import Path
from typing import Any

from microcred.errors import InputError
from microcred.recognition.lo_compare import (
    LoText,
    SimilarityBackend,
    TfIdfBackend,
    Thresholds,
    band_of,
    esco_overlap,
)
from microcred.untrusted_input import read_json_file

SET_FORMAT = "microcred-lo-calibration-set"
MATCHES = ("full", "partial", "none")
RECALL_POSSIBLE = Fraction(95, 100)
GRID = tuple(Decimal(i).scaleb(-2) for i in range(101))  # 0.00, 0.01, …, 1.00
RULE = (
    "Calibrated on same-language pairs pooled (cross-language pairs reported, not used: the lexical "
    "backend cannot score them). possible = highest grid threshold at which recall of 'possible or "
    "likely' against full+partial labels is >= 0.95; likely = the grid threshold >= possible that "
    "maximises F1 of 'likely' against full labels, ties to the higher threshold. Grid 0.00..1.00 "
    "step 0.01; a pair is predicted exactly as suggest() bands it (score >= threshold, or ESCO overlap)."
)
_PLACES = Decimal("0.0001")
SHIPPED_SET = "set-v1.json"


@dataclass(frozen=True)
class CoursePair:
    """One labelled comparison: a target course's outcomes against a source credential's."""

    id: str
    targets: tuple[LoText, ...]
    sources: tuple[LoText, ...]
    labels: Mapping[tuple[str, str], str]

    @property
    def language_pair(self) -> str:
        return f"{self.targets[0].lang}-{self.sources[0].lang}"

    def label(self, target_lo: str, source_lo: str) -> str:
        return self.labels.get((target_lo, source_lo), "none")


@dataclass(frozen=True)
class LabelledSet:
    id: str
    version: str
    provenance: Mapping[str, str]
    course_pairs: tuple[CoursePair, ...]

    @property
    def ref(self) -> str:
        return f"{self.id}@{self.version}"


@dataclass(frozen=True)
class ScoredPair:
    course_pair: str
    language_pair: str
    target_lo: str
    source_lo: str
    score: Decimal
    esco: Fraction
    label: str


@dataclass(frozen=True)
class Metrics:
    """Counts and rates of one band at one threshold over ``n`` labelled outcome pairs."""

    n: int
    positives: int
    tp: int
    fp: int
    fn: int

    @property
    def recall_exact(self) -> Fraction | None:
        return Fraction(self.tp, self.tp + self.fn) if self.tp + self.fn else None

    @property
    def precision(self) -> Decimal | None:
        return _ratio(self.tp, self.tp + self.fp)

    @property
    def recall(self) -> Decimal | None:
        return _ratio(self.tp, self.tp + self.fn)

    @property
    def f1(self) -> Decimal | None:
        return _ratio(2 * self.tp, 2 * self.tp + self.fp + self.fn)

    @property
    def f1_exact(self) -> Fraction:
        d = 2 * self.tp + self.fp + self.fn
        return Fraction(2 * self.tp, d) if d else Fraction(0)

    def to_json(self) -> dict[str, Any]:
        return {
            "n": self.n,
            "positives": self.positives,
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "precision": _s(self.precision),
            "recall": _s(self.recall),
            "f1": _s(self.f1),
        }


@dataclass(frozen=True)
class GridRow:
    threshold: Decimal
    likely: Metrics
    possible: Metrics


@dataclass(frozen=True)
class Chosen:
    likely: Decimal
    possible: Decimal

    def thresholds(self) -> Thresholds:
        return Thresholds(likely=self.likely, possible=self.possible)


@dataclass(frozen=True)
class Calibration:
    backend: str
    backend_version: str
    set: LabelledSet
    pairs: tuple[ScoredPair, ...]
    pooled: tuple[str, ...]
    grid: tuple[GridRow, ...]
    chosen: Chosen
    by_language_pair: Mapping[str, tuple[tuple[GridRow, ...], Chosen]]


def _ratio(num: int, den: int) -> Decimal | None:
    if den == 0:
        return None
    return (Decimal(num) / Decimal(den)).quantize(_PLACES, rounding=ROUND_HALF_EVEN)


def _s(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


# --- reading a set ----------------------------------------------------------------------------


def _str(obj: Mapping[str, Any], key: str, where: str) -> str:
    value = obj.get(key)
    if not isinstance(value, str) or not value.strip():
        raise InputError(f"'{key}' must be a non-empty string", where=where)
    return value


def _outcomes(items: Any, where: str, credential_id: str | None) -> tuple[LoText, ...]:
    if not isinstance(items, list) or not items:
        raise InputError("learning_outcomes must be a non-empty list", where=where)
    out = []
    for i, item in enumerate(items):
        w = f"{where}[{i}]"
        if not isinstance(item, dict):
            raise InputError("an outcome must be an object", where=w)
        esco = item.get("esco_uris", [])
        if not isinstance(esco, list) or not all(isinstance(u, str) for u in esco):
            raise InputError("esco_uris must be a list of strings", where=w)
        bloom = item.get("bloom_level")
        if bloom is not None and not isinstance(bloom, str):
            raise InputError("bloom_level must be a string", where=w)
        out.append(
            LoText(
                _str(item, "id", w),
                _str(item, "text", w),
                _str(item, "lang", w),
                bloom,
                tuple(esco),
                credential_id,
            )
        )
    if len({o.id for o in out}) != len(out):
        raise InputError("outcome ids must be unique", where=where)
    if len({o.lang for o in out}) != 1:
        raise InputError("all outcomes of one side must share a language", where=where)
    return tuple(out)


def set_from_json(data: Any, *, where: str = "set") -> LabelledSet:
    """Validate a labelled set document (see ``data/lo_calibration/set-v1.json``)."""
    if not isinstance(data, dict) or data.get("format") != SET_FORMAT:
        raise InputError(f"not a labelled set: 'format' must be '{SET_FORMAT}'", where=where)
    provenance = data.get("provenance")
    if not isinstance(provenance, dict) or not provenance:
        raise InputError("a labelled set needs its provenance (who labelled it, how, when)", where=where)
    raw_pairs = data.get("course_pairs")
    if not isinstance(raw_pairs, list) or not raw_pairs:
        raise InputError("course_pairs must be a non-empty list", where=where)
    pairs = []
    for i, cp in enumerate(raw_pairs):
        w = f"{where}.course_pairs[{i}]"
        if (
            not isinstance(cp, dict)
            or not isinstance(cp.get("target"), dict)
            or not isinstance(cp.get("source"), dict)
        ):
            raise InputError("a course pair needs a target and a source object", where=w)
        pid = _str(cp, "id", w)
        targets = _outcomes(cp["target"].get("learning_outcomes"), f"{w}.target.learning_outcomes", None)
        sources = _outcomes(cp["source"].get("learning_outcomes"), f"{w}.source.learning_outcomes", pid)
        labels: dict[tuple[str, str], str] = {}
        raw_labels = cp.get("labels", [])
        if not isinstance(raw_labels, list):
            raise InputError("labels must be a list", where=w)
        tids, sids = {t.id for t in targets}, {s.id for s in sources}
        for j, lab in enumerate(raw_labels):
            lw = f"{w}.labels[{j}]"
            if not isinstance(lab, dict):
                raise InputError("a label must be an object", where=lw)
            t, s, m = _str(lab, "target_lo", lw), _str(lab, "source_lo", lw), _str(lab, "match", lw)
            if t not in tids or s not in sids:
                raise InputError(f"label names an unknown outcome ({t}, {s})", where=lw)
            if m not in MATCHES:
                raise InputError(f"match must be one of {', '.join(MATCHES)}", where=lw)
            if (t, s) in labels:
                raise InputError(f"({t}, {s}) is labelled twice", where=lw)
            labels[(t, s)] = m
        pairs.append(CoursePair(pid, targets, sources, labels))
    if len({p.id for p in pairs}) != len(pairs):
        raise InputError("course pair ids must be unique", where=where)
    return LabelledSet(
        _str(data, "id", where),
        _str(data, "version", where),
        {str(k): str(v) for k, v in provenance.items()},
        tuple(pairs),
    )


def load_set(path: str | Path) -> LabelledSet:
    return set_from_json(read_json_file(path), where=str(path))  # limits: ADR 0608


def shipped_set() -> LabelledSet:
    """The project-labelled set shipped with the package (not partner data; see its provenance)."""
    text = (
        resources.files("microcred.recognition")
        .joinpath("data", "lo_calibration", SHIPPED_SET)
        .read_text("utf-8")
    )
    return set_from_json(json.loads(text), where=SHIPPED_SET)


# --- scoring and counting ---------------------------------------------------------------------


def score_pairs(labelled: LabelledSet, backend: SimilarityBackend) -> tuple[ScoredPair, ...]:
    """Every (target, source) outcome pair of every course pair, scored as ``suggest`` scores it."""
    out = []
    for cp in labelled.course_pairs:
        scores = backend.similarity(cp.targets, cp.sources)
        for ti, t in enumerate(cp.targets):
            for si, s in enumerate(cp.sources):
                out.append(
                    ScoredPair(
                        cp.id,
                        cp.language_pair,
                        t.id,
                        s.id,
                        scores[ti][si],
                        esco_overlap(t, s),
                        cp.label(t.id, s.id),
                    )
                )
    return tuple(out)


def metrics_at(pairs: Iterable[ScoredPair], threshold: Decimal, band: str) -> Metrics:
    """Counts of ``likely`` (positives: full) or ``possible`` (possible ∪ likely; positives: full or partial)."""
    if band not in ("likely", "possible"):
        raise ValueError(band)
    positive_labels = {"full"} if band == "likely" else {"full", "partial"}
    th = Thresholds(likely=threshold, possible=threshold)
    n = pos = tp = fp = fn = 0
    for p in pairs:
        got = band_of(p.score, p.esco, th)
        predicted = got == "likely" if band == "likely" else got is not None
        positive = p.label in positive_labels
        n += 1
        pos += positive
        tp += predicted and positive
        fp += predicted and not positive
        fn += positive and not predicted
    return Metrics(n, pos, tp, fp, fn)


def grid_rows(pairs: Sequence[ScoredPair], grid: Sequence[Decimal] = GRID) -> tuple[GridRow, ...]:
    return tuple(GridRow(t, metrics_at(pairs, t, "likely"), metrics_at(pairs, t, "possible")) for t in grid)


def choose(rows: Sequence[GridRow]) -> Chosen:
    """Apply ``RULE`` to grid rows (sorted or not)."""
    ordered = sorted(rows, key=lambda r: r.threshold)
    meeting = [
        r
        for r in ordered
        if r.possible.recall_exact is not None and r.possible.recall_exact >= RECALL_POSSIBLE
    ]
    possible = meeting[-1].threshold if meeting else ordered[0].threshold
    candidates = [r for r in ordered if r.threshold >= possible]
    best = max(candidates, key=lambda r: (r.likely.f1_exact, r.threshold))
    return Chosen(likely=best.threshold, possible=possible)


def calibrate(
    labelled: LabelledSet, backend: SimilarityBackend | None = None, *, grid: Sequence[Decimal] = GRID
) -> Calibration:
    backend = backend or TfIdfBackend()
    pairs = score_pairs(labelled, backend)
    language_pairs = sorted({p.language_pair for p in pairs})
    same = tuple(lp for lp in language_pairs if lp.split("-")[0] == lp.split("-")[1])
    pooled_pairs = [p for p in pairs if p.language_pair in same]
    if not pooled_pairs:
        raise InputError("the set has no same-language course pairs to calibrate on", where=labelled.ref)
    rows = grid_rows(pooled_pairs, grid)
    by_lp = {}
    for lp in language_pairs:
        lp_rows = grid_rows([p for p in pairs if p.language_pair == lp], grid)
        by_lp[lp] = (lp_rows, choose(lp_rows))
    return Calibration(backend.id, backend.version, labelled, pairs, same, rows, choose(rows), by_lp)


# --- reports ----------------------------------------------------------------------------------


def _row_at(rows: Sequence[GridRow], t: Decimal) -> GridRow:
    return next(r for r in rows if r.threshold == t)


def _counts(pairs: Iterable[ScoredPair]) -> dict[str, int]:
    ps = list(pairs)
    return {
        "course_pairs": len({p.course_pair for p in ps}),
        "lo_pairs": len(ps),
        **{m: sum(1 for p in ps if p.label == m) for m in MATCHES},
    }


def _grid_json(rows: Sequence[GridRow]) -> list[dict[str, Any]]:
    return [
        {"threshold": str(r.threshold), "likely": r.likely.to_json(), "possible": r.possible.to_json()}
        for r in rows
    ]


def to_json(cal: Calibration) -> dict[str, Any]:
    """The report as JSON (keys documented in README: backend, backend_version, set, pairs, …)."""
    at_likely = _row_at(cal.grid, cal.chosen.likely)
    at_possible = _row_at(cal.grid, cal.chosen.possible)
    by_lp: dict[str, Any] = {}
    for lp, (rows, own) in cal.by_language_pair.items():
        by_lp[lp] = {
            "pairs": _counts(p for p in cal.pairs if p.language_pair == lp),
            "used_for_choice": lp in cal.pooled,
            "at_chosen": {
                "likely": _row_at(rows, cal.chosen.likely).likely.to_json(),
                "possible": _row_at(rows, cal.chosen.possible).possible.to_json(),
            },
            "chosen_if_alone": {"likely": str(own.likely), "possible": str(own.possible)},
            "grid": _grid_json(rows),
        }
    return {
        "backend": cal.backend,
        "backend_version": cal.backend_version,
        "set": {
            "id": cal.set.id,
            "version": cal.set.version,
            "status": cal.set.provenance.get("status", ""),
            "labelled_by": cal.set.provenance.get("labelled_by", ""),
            "labelled_on": cal.set.provenance.get("labelled_on", ""),
        },
        "pairs": {
            **_counts(cal.pairs),
            "calibrated_on": list(cal.pooled),
            "calibrated_on_lo_pairs": sum(1 for p in cal.pairs if p.language_pair in cal.pooled),
        },
        "by_language_pair": by_lp,
        "grid": _grid_json(cal.grid),
        "chosen": {
            "likely": {"threshold": str(cal.chosen.likely), **at_likely.likely.to_json()},
            "possible": {"threshold": str(cal.chosen.possible), **at_possible.possible.to_json()},
        },
        "rule": RULE,
    }


def _fmt(v: Decimal | None) -> str:
    return "—" if v is None else str(v)


def _line(label: str, m: Metrics) -> str:
    return f"| {label} | {m.n} | {m.positives} | {m.tp} | {m.fp} | {m.fn} | {_fmt(m.precision)} | {_fmt(m.recall)} | {_fmt(m.f1)} |"


_HEAD = "| | LO pairs | positives | tp | fp | fn | precision | recall | F1 |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|"


def render_markdown(cal: Calibration) -> str:
    """The human report (Markdown tables); ``docs/lo-calibration-report.md`` is this output."""
    c = cal.chosen
    counts = _counts(cal.pairs)
    out = [
        f"# Learning-outcome suggestion thresholds: calibration report ({cal.backend} v{cal.backend_version})",
        "",
        f"Generated by `microcred lo-calibrate` on the labelled set `{cal.set.ref}`. Do not edit by hand.",
        "",
        f"**Set status:** {cal.set.provenance.get('status', '')}",
        "",
        f"Labelled by {cal.set.provenance.get('labelled_by', '?')} on {cal.set.provenance.get('labelled_on', '?')}. "
        f"{counts['course_pairs']} course pairs, {counts['lo_pairs']} outcome pairs "
        f"({counts['full']} full, {counts['partial']} partial, {counts['none']} none).",
        "",
        f"**Rule.** {RULE}",
        "",
        f"## Chosen thresholds: likely {c.likely}, possible {c.possible}",
        "",
        f"On the same-language pairs pooled ({', '.join(cal.pooled)}):",
        "",
        _HEAD,
        _line(f"likely ≥ {c.likely} (positives: full)", _row_at(cal.grid, c.likely).likely),
        _line(
            f"possible ∪ likely ≥ {c.possible} (positives: full + partial)",
            _row_at(cal.grid, c.possible).possible,
        ),
        "",
        "## By language pair (target-source), at the chosen thresholds",
        "",
        "| language pair | used for the choice | course pairs | band | LO pairs | positives | tp | fp | fn "
        "| precision | recall | F1 | thresholds if chosen on this pair alone |",
        "|---|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for lp, (rows, own) in cal.by_language_pair.items():
        used = "yes" if lp in cal.pooled else "no (cross-language)"
        ncp = len({p.course_pair for p in cal.pairs if p.language_pair == lp})
        for band, m in (
            (f"likely ≥ {c.likely}", _row_at(rows, c.likely).likely),
            (f"possible ∪ likely ≥ {c.possible}", _row_at(rows, c.possible).possible),
        ):
            out.append(
                f"| {lp} | {used} | {ncp} | {band} | {m.n} | {m.positives} | {m.tp} | {m.fp} | {m.fn} "
                f"| {_fmt(m.precision)} | {_fmt(m.recall)} | {_fmt(m.f1)} | likely {own.likely}, possible {own.possible} |"
            )
    out += [
        "",
        "## Grid (same-language pairs pooled, every 0.05; the JSON output has every 0.01)",
        "",
        "| τ | likely P | likely R | likely F1 | likely tp/fp/fn | possible ∪ likely P | R | F1 | tp/fp/fn |",
        "|---:|---:|---:|---:|---|---:|---:|---:|---|",
    ]
    for r in cal.grid:
        if r.threshold % Decimal("0.05") != 0 and r.threshold not in (c.likely, c.possible):
            continue
        lk, ps = r.likely, r.possible
        out.append(
            f"| {r.threshold} | {_fmt(lk.precision)} | {_fmt(lk.recall)} | {_fmt(lk.f1)} | {lk.tp}/{lk.fp}/{lk.fn} "
            f"| {_fmt(ps.precision)} | {_fmt(ps.recall)} | {_fmt(ps.f1)} | {ps.tp}/{ps.fp}/{ps.fn} |"
        )
    out += [
        "",
        "What these numbers are: how well the lexical score separates the labels of *this* project-labelled "
        "set. What they are not: an estimate of performance on partner course pairs, which nobody has labelled "
        "yet (recognition.md §10 q. 6). See ADR 0507, section Calibration.",
        "",
    ]
    return "\n".join(out)


__all__ = [
    "GRID",
    "RECALL_POSSIBLE",
    "RULE",
    "Calibration",
    "Chosen",
    "CoursePair",
    "GridRow",
    "LabelledSet",
    "Metrics",
    "ScoredPair",
    "calibrate",
    "choose",
    "grid_rows",
    "load_set",
    "metrics_at",
    "render_markdown",
    "score_pairs",
    "set_from_json",
    "shipped_set",
    "to_json",
]
