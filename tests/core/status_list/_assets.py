"""Status list vectors: W3C spec examples and 1EdTech validator fixtures (see PROVENANCE.md)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

STATUS = Path(__file__).resolve().parents[2] / "assets" / "status-list"


def load_json(name: str) -> Any:
    return json.loads((STATUS / name).read_text(encoding="utf-8"))
