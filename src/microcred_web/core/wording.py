"""Words a code with its parameters from an app's table of messages, in the active language (the
edge of "one rule, one place, one code": the core and the services return codes, each app's
``messages.py`` holds its table and calls this). A code not in the table is shown as itself, so a
new code is visible, never silently dropped; a table entry whose parameters do not fit is shown
without them rather than failing the page."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


def worded(table: Mapping[str, Any], code: str, params: Mapping[str, Any] | None = None) -> str:
    template = table.get(code)
    if template is None:
        return code
    text = str(template)
    try:
        return text % dict(params or {}) if params else text.replace("%%", "%")
    except (KeyError, ValueError, TypeError):
        return text
