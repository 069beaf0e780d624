"""Typed views of the data files under ``data/`` and the one loader that reads them."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from importlib import resources
from typing import Any, Literal

from microcred.errors import UnknownCodeError

Confidence = Literal["C", "S", "U"]
LangText = dict[str, str]


@dataclass(frozen=True)
class CreditSystem:
    """A credit system and the notional hours one of its credits stands for."""

    code: str
    name: LangText
    hours_per_credit: Decimal
    hours_range: tuple[Decimal, Decimal]
    credits_per_year: int | None
    family: str
    countries: tuple[str, ...]
    elm_uri: str | None
    source: str
    confidence: Confidence
    assumption: bool


@dataclass(frozen=True)
class Framework:
    """A qualifications framework; levels are strings because CROQF has sublevels such as 7.1."""

    code: str
    name: LangText
    kind: str
    region: str
    countries: tuple[str, ...]
    levels: tuple[str, ...]
    level_uris: dict[str, str]
    scheme_uri: str
    level_labels: dict[str, LangText]
    source: str
    confidence: Confidence
    assumption: bool


@dataclass(frozen=True)
class LevelMapping:
    """A directed edge between two frameworks, level by level, with its source."""

    source_framework: str
    target_framework: str
    levels: dict[str, str]
    source: str
    confidence: Confidence
    assumption: bool


@dataclass(frozen=True)
class VocabularyEntry:
    key: str
    uri: str | None
    label: LangText
    confidence: Confidence
    rank: int | None = None


@dataclass(frozen=True)
class IscedField:
    code: str
    level: str
    label: LangText
    uri: str


@dataclass(frozen=True, order=True)
class LevelRef:
    """A level written ``CODE:LEVEL``, e.g. ``EQF:6`` or ``CROQF:7.1``."""

    framework: str
    level: str

    def __str__(self) -> str:
        return f"{self.framework}:{self.level}"


@dataclass(frozen=True)
class ReferenceData:
    credit_systems: dict[str, CreditSystem]
    credit_systems_version: str
    frameworks: dict[str, Framework]
    mappings: tuple[LevelMapping, ...]
    frameworks_version: str
    vocabularies: dict[str, dict[str, VocabularyEntry]]
    vocabularies_version: str
    isced: dict[str, IscedField]
    isced_version: str
    versions: dict[str, str] = field(default_factory=dict)

    def credit_system(self, code: str) -> CreditSystem:
        try:
            return self.credit_systems[code]
        except KeyError:
            known = ", ".join(sorted(self.credit_systems))
            raise UnknownCodeError(
                f"unknown credit system {code!r}; known systems are {known}", where=code
            ) from None

    def framework(self, code: str) -> Framework:
        try:
            return self.frameworks[code]
        except KeyError:
            known = ", ".join(sorted(self.frameworks))
            raise UnknownCodeError(
                f"unknown qualifications framework {code!r}; known frameworks are {known}", where=code
            ) from None

    def vocabulary(self, name: str) -> dict[str, VocabularyEntry]:
        return self.vocabularies[name]

    def term(self, vocabulary: str, key: str) -> VocabularyEntry:
        entries = self.vocabularies[vocabulary]
        try:
            return entries[key]
        except KeyError:
            known = ", ".join(entries)
            raise UnknownCodeError(
                f"unknown {vocabulary.replace('_', ' ')} value {key!r}; allowed values are {known}",
                where=key,
            ) from None

    def isced_field(self, code: str) -> IscedField:
        try:
            return self.isced[code]
        except KeyError:
            raise UnknownCodeError(f"unknown ISCED-F 2013 field code {code!r}", where=code) from None


def parse_level(text: str, data: ReferenceData | None = None) -> LevelRef:
    """Parse ``CODE:LEVEL`` and check both parts against the frameworks table."""
    data = data or reference_data()
    code, sep, level = text.strip().partition(":")
    if not sep or not code or not level:
        raise UnknownCodeError(
            f"a level is written CODE:LEVEL, for example EQF:6 or CROQF:7.1; got {text!r}", where=text
        )
    fw = data.framework(code)
    if level not in fw.levels:
        raise UnknownCodeError(
            f"{code} has no level {level!r}; its levels are {', '.join(fw.levels)}", where=text
        )
    return LevelRef(code, level)


def _read(name: str) -> Any:
    return json.loads(resources.files("microcred.reference").joinpath("data", name).read_text("utf-8"))


def _entry(raw: dict[str, Any]) -> VocabularyEntry:
    return VocabularyEntry(
        key=raw["key"],
        uri=raw.get("uri"),
        label=raw["label"],
        confidence=raw["confidence"],
        rank=raw.get("rank"),
    )


@cache
def reference_data() -> ReferenceData:
    """Load every table once per process; the files ship inside the package."""
    cs = _read("credit_systems.json")
    fw = _read("frameworks.json")
    vc = _read("vocabularies.json")
    isc = _read("isced_f.json")
    credit_systems = {
        e["code"]: CreditSystem(
            code=e["code"],
            name=e["name"],
            hours_per_credit=Decimal(e["hours_per_credit"]),
            hours_range=(Decimal(e["hours_range"][0]), Decimal(e["hours_range"][1])),
            credits_per_year=e["credits_per_year"],
            family=e["family"],
            countries=tuple(e["countries"]),
            elm_uri=e["elm_uri"],
            source=e["source"],
            confidence=e["confidence"],
            assumption=e["assumption"],
        )
        for e in cs["entries"]
    }
    frameworks = {
        f["code"]: Framework(
            code=f["code"],
            name=f["name"],
            kind=f["kind"],
            region=f["region"],
            countries=tuple(f["countries"]),
            levels=tuple(f["levels"]),
            level_uris=f["level_uris"],
            scheme_uri=f["scheme_uri"],
            level_labels=f["level_labels"],
            source=f["source"],
            confidence=f["confidence"],
            assumption=f["assumption"],
        )
        for f in fw["frameworks"]
    }
    mappings = tuple(
        LevelMapping(
            source_framework=m["from"],
            target_framework=m["to"],
            levels=m["levels"],
            source=m["source"],
            confidence=m["confidence"],
            assumption=m["assumption"],
        )
        for m in fw["mappings"]
    )
    vocab_names = (
        "assessment_types",
        "participation_modes",
        "learning_settings",
        "supervision",
        "qa_types",
        "bloom_levels",
        "qa_registries",
    )
    vocabularies = {name: {e["key"]: _entry(e) for e in vc[name]} for name in vocab_names}
    isced = {
        e["code"]: IscedField(code=e["code"], level=e["level"], label=e["label"], uri=e["uri"])
        for e in isc["entries"]
    }
    return ReferenceData(
        credit_systems=credit_systems,
        credit_systems_version=cs["version"],
        frameworks=frameworks,
        mappings=mappings,
        frameworks_version=fw["version"],
        vocabularies=vocabularies,
        vocabularies_version=vc["version"],
        isced=isced,
        isced_version=isc["version"],
        versions={
            "credit-systems": cs["version"],
            "qualification-frameworks": fw["version"],
            "vocabularies": vc["version"],
            "isced-f-2013": isc["version"],
        },
    )
