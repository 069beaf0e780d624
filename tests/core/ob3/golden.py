"""Golden-file comparison: ``MICROCRED_UPDATE_GOLDEN=1`` rewrites the file (then read the diff)."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any


def assert_matches_golden(document: Any, path: Path) -> None:
    text = json.dumps(document, ensure_ascii=False, indent=2) + "\n"
    if os.environ.get("MICROCRED_UPDATE_GOLDEN") == "1" or not path.exists():
        path.write_text(text, "utf-8")
    assert json.loads(path.read_text("utf-8")) == document, f"{path.name} differs from the golden file"
