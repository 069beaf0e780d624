"""The QA services' refusals: a code and its parameters (worded in ``qa.messages``)."""

from __future__ import annotations

from collections.abc import Mapping

from microcred.errors import MicrocredError


class QaError(MicrocredError):
    def __init__(self, code: str, *, where: str = "", **params: str) -> None:
        details = ", ".join(f"{k}={v}" for k, v in sorted(params.items()))
        super().__init__(f"{code}({details})", where=where)
        self.code = code
        self.params: Mapping[str, str] = params
