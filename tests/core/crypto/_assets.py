"""Paths and loaders for the official test vectors copied under ``tests/assets`` (see PROVENANCE.md)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

ASSETS = Path(__file__).resolve().parents[2] / "assets"
EDDSA = ASSETS / "vc-di-eddsa"
ECDSA = ASSETS / "vc-di-ecdsa"
STATUS = ASSETS / "status-list"


def load_json(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


def read_text(path: Path) -> str:
    return path.read_text(encoding="utf-8")
