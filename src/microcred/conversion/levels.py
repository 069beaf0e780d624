"""Level conversion between qualifications frameworks (reference data ``qualification-frameworks``).

Frameworks form a graph whose edges are the mappings in the data file (national framework
to EQF or AQRF; AQRF to EQF by the consortium's working equivalence). A conversion follows
the shortest path and keeps every step with its source, so a page can say
"VQF 6 -> AQRF 6 (assumption) -> EQF 6 (assumption)". Walking an edge backwards can give
several levels (EQF 7 -> CROQF 7.1 or 7.2).
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass

from microcred.errors import ConversionError
from microcred.reference import LevelMapping, LevelRef, ReferenceData, parse_level, reference_data

_RANK = {"C": 2, "S": 1, "U": 0}


@dataclass(frozen=True)
class MappingStep:
    source_framework: str
    source_levels: tuple[str, ...]
    target_framework: str
    target_levels: tuple[str, ...]
    mapping: LevelMapping
    reversed: bool


@dataclass(frozen=True)
class LevelConversion:
    source: LevelRef
    target_framework: str
    results: tuple[LevelRef, ...]
    steps: tuple[MappingStep, ...]
    table_version: str

    @property
    def assumption(self) -> bool:
        return any(s.mapping.assumption for s in self.steps)

    @property
    def confidence(self) -> str:
        if not self.steps:
            return "C"
        return min((s.mapping.confidence for s in self.steps), key=_RANK.__getitem__)

    def explain(self) -> list[str]:
        lines = [f"{self.source} -> {self.target_framework}"]
        for step in self.steps:
            m = step.mapping
            mark = "ASSUMPTION" if m.assumption else f"confidence {m.confidence}"
            direction = " (mapping read backwards)" if step.reversed else ""
            lines.append(
                f"{step.source_framework} {'/'.join(step.source_levels)} -> "
                f"{step.target_framework} {'/'.join(step.target_levels)}{direction}: {m.source} [{mark}]"
            )
        lines.append("result: " + " or ".join(str(r) for r in self.results))
        lines.append(f"table: qualification-frameworks {self.table_version}")
        return lines

    def as_dict(self) -> dict[str, object]:
        return {
            "from": str(self.source),
            "to": self.target_framework,
            "results": [str(r) for r in self.results],
            "assumption": self.assumption,
            "confidence": self.confidence,
            "steps": [
                {
                    "from": f"{s.source_framework}:{'/'.join(s.source_levels)}",
                    "to": f"{s.target_framework}:{'/'.join(s.target_levels)}",
                    "reversed": s.reversed,
                    "source": s.mapping.source,
                    "confidence": s.mapping.confidence,
                    "assumption": s.mapping.assumption,
                }
                for s in self.steps
            ],
            "table": "qualification-frameworks",
            "table_version": self.table_version,
        }


def _edges(data: ReferenceData) -> dict[str, list[tuple[str, LevelMapping, bool]]]:
    graph: dict[str, list[tuple[str, LevelMapping, bool]]] = {code: [] for code in data.frameworks}
    for m in data.mappings:
        graph[m.source_framework].append((m.target_framework, m, False))
        graph[m.target_framework].append((m.source_framework, m, True))
    return graph


def _path(data: ReferenceData, start: str, goal: str) -> list[tuple[str, LevelMapping, bool]]:
    graph = _edges(data)
    previous: dict[str, tuple[str, LevelMapping, bool] | None] = {start: None}
    queue = deque([start])
    while queue:
        node = queue.popleft()
        if node == goal:
            break
        for nxt, mapping, rev in graph[node]:
            if nxt not in previous:
                previous[nxt] = (node, mapping, rev)
                queue.append(nxt)
    if goal not in previous:
        raise ConversionError(f"no mapping leads from {start} to {goal}", where=f"{start}->{goal}")
    path: list[tuple[str, LevelMapping, bool]] = []
    node = goal
    while (link := previous[node]) is not None:
        prev, mapping, rev = link
        path.append((node, mapping, rev))
        node = prev
    path.reverse()
    return path


def convert_level(
    level: LevelRef | str, target: str, *, data: ReferenceData | None = None
) -> LevelConversion:
    """Express ``level`` (``CODE:LEVEL``) in framework ``target``."""
    data = data or reference_data()
    ref = parse_level(level, data) if isinstance(level, str) else level
    data.framework(target)
    current_fw: str = ref.framework
    current: tuple[str, ...] = (ref.level,)
    steps: list[MappingStep] = []
    for nxt, mapping, rev in _path(data, ref.framework, target):
        if rev:
            reached = sorted(
                {src for src, dst in mapping.levels.items() if dst in current},
                key=data.frameworks[nxt].levels.index,
            )
        else:
            reached = sorted(
                {mapping.levels[lv] for lv in current if lv in mapping.levels},
                key=data.frameworks[nxt].levels.index,
            )
        if not reached:
            raise ConversionError(
                f"{current_fw} {'/'.join(current)} has no counterpart in {nxt}", where=str(ref)
            )
        steps.append(MappingStep(current_fw, current, nxt, tuple(reached), mapping, rev))
        current_fw, current = nxt, tuple(reached)
    return LevelConversion(
        source=ref,
        target_framework=target,
        results=tuple(LevelRef(target, lv) for lv in current),
        steps=tuple(steps),
        table_version=data.frameworks_version,
    )


def eqf_level_of(level: LevelRef | str, *, data: ReferenceData | None = None) -> int:
    """The EQF level number of ``level``; the common reference level R of recognition."""
    conv = convert_level(level, "EQF", data=data)
    if len(conv.results) != 1:
        raise ConversionError(f"{conv.source} maps to several EQF levels", where=str(conv.source))
    return int(conv.results[0].level)
