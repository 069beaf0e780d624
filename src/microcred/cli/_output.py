"""Printing helpers shared by the commands."""

from __future__ import annotations

import json
import sys
from typing import Any


def print_json(payload: Any) -> None:
    sys.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2) + "\n")
