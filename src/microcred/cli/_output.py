"""Printing helpers shared by the commands."""

from __future__ import annotations

import json
import os
import secrets
import sys
from pathlib import Path
from typing import Any

from microcred.errors import InputError


def print_json(payload: Any) -> None:
    sys.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2) + "\n")


def write_private_file(path: str, text: str) -> None:
    """Write ``text`` to ``path`` readable by its owner only (mode 0600), for a secret such as a
    learner's salt (docs/security.md "Files").

    The file is created 0600 by ``os.open`` (never written first and restricted after: someone
    could open it in between), under a temporary name in the same folder, then renamed over
    ``path``, so that an existing file with a wider mode is replaced, not reused with its mode.
    """
    target = Path(path)
    tmp = target.with_name(f".{target.name}.{secrets.token_hex(4)}.tmp")
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except OSError as exc:
        raise InputError(f"cannot create the file: {exc.strerror}", where=path) from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
