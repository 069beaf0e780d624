"""JSON paths for error messages, built lazily: the walk passes ``(parent, key)`` pairs and only
an error turns them into text such as ``$.credentialSubject.achievement.alignment[1]``."""

from __future__ import annotations

from typing import Any, TypeAlias

Path: TypeAlias = Any  # "$" or (parent Path, str | int key)


def child(path: Path, key: str | int) -> Path:
    return (path, key)


def format_path(path: Path) -> str:
    parts: list[str | int] = []
    while isinstance(path, tuple):
        path, key = path
        parts.append(key)
    text = str(path)
    for key in reversed(parts):
        if isinstance(key, int):
            text += f"[{key}]"
        elif key.isidentifier():
            text += "." + key
        else:
            text += f"[{key!r}]"
    return text
