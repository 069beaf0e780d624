"""Helpers for the gettext catalogues under src/microcred_web/locale: compile them for tests,
and read .po files without a third-party library."""

from __future__ import annotations

import ast
import fcntl
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

WEB = Path(__file__).resolve().parents[3] / "src" / "microcred_web"
LOCALE = WEB / "locale"
LANGUAGES = ("vi", "lo")


def ensure_compiled() -> None:
    """Compile every .po whose .mo is missing or older (``make install`` does this too; running
    pytest directly after a pull should not need it). A lock keeps xdist workers apart."""
    LOCALE.mkdir(exist_ok=True)
    with (Path(tempfile.gettempdir()) / "microcred-locale-compile.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        for po in sorted(LOCALE.glob("*/LC_MESSAGES/django.po")):
            mo = po.with_suffix(".mo")
            if not mo.exists() or mo.stat().st_mtime < po.stat().st_mtime:
                tmp = mo.with_suffix(".mo.tmp")
                subprocess.run(["msgfmt", "--check-format", "-o", str(tmp), str(po)], check=True)
                tmp.replace(mo)


@dataclass
class Entry:
    msgid: str = ""
    msgid_plural: str = ""
    msgctxt: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)
    obsolete: bool = False

    @property
    def key(self) -> tuple[str | None, str]:
        return (self.msgctxt, self.msgid)


def read_po(path: Path) -> list[Entry]:
    """Entries of a .po file (the header entry, msgid "", is left out)."""
    entries: list[Entry] = []
    current = Entry()
    target: tuple[str, int] | None = None

    def flush() -> None:
        nonlocal current
        if current.msgid or current.msgid_plural:
            entries.append(current)
        current = Entry()

    for raw in path.read_text("utf-8").splitlines():
        line = raw.strip()
        if line.startswith("#~"):
            current.obsolete = True
            continue
        if not line:
            flush()
            target = None
            continue
        if line.startswith("#,"):
            current.flags.update(f.strip() for f in line[2:].split(","))
            continue
        if line.startswith("#"):
            continue
        keyword, _, rest = line.partition(" ")
        if line.startswith('"'):
            value = ast.literal_eval(line)
        else:
            value = ast.literal_eval(rest)
            if keyword == "msgctxt":
                if current.msgid or current.msgstr:
                    flush()
                current.msgctxt = ""
                target = ("msgctxt", 0)
            elif keyword == "msgid":
                if current.msgstr:
                    flush()
                target = ("msgid", 0)
            elif keyword == "msgid_plural":
                target = ("msgid_plural", 0)
            elif keyword.startswith("msgstr["):
                target = ("msgstr", int(keyword[7:-1]))
            elif keyword == "msgstr":
                target = ("msgstr", 0)
            else:
                raise ValueError(f"{path}: cannot read the line {raw!r}")
            current.msgstr.setdefault(target[1], "") if target[0] == "msgstr" else None
        if target is None:
            raise ValueError(f"{path}: a continuation line without a keyword: {raw!r}")
        name, index = target
        if name == "msgstr":
            current.msgstr[index] = current.msgstr.get(index, "") + value
        elif name == "msgctxt":
            current.msgctxt = (current.msgctxt or "") + value
        else:
            setattr(current, name, getattr(current, name) + value)
    flush()
    return [e for e in entries if not e.obsolete]
