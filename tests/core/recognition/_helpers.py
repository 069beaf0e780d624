"""Shared helpers: load an example case, change it, decide it."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

from microcred.recognition import Recognition, recognise
from microcred.recognition.case import canonicalise, parse_case_doc

ROOT = Path(__file__).resolve().parents[3]
EXAMPLES = ROOT / "examples" / "recognition"
ASSETS = ROOT / "tests" / "assets" / "recognition"


def example(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((EXAMPLES / f"{name}.json").read_text("utf-8"))
    return copy.deepcopy(data)


def decide(data: dict[str, Any]) -> Recognition:
    doc = canonicalise(parse_case_doc(data), base=EXAMPLES)
    return recognise(doc)


def record(data: dict[str, Any], i: int = 0) -> dict[str, Any]:
    rec: dict[str, Any] = data["credentials"][i]["record"]
    return rec


def findings(rec: Recognition) -> set[str]:
    return {f.code for f in rec.decision.findings}
