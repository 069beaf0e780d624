"""Errors of the pilot app: a code with parameters that :mod:`microcred_web.pilot.messages`
words in the user's language."""

from __future__ import annotations

from collections.abc import Sequence

from microcred.pilot import Problem


class PilotError(Exception):
    """A request the pilot refuses as a whole (``code``: ``offering.version_not_published``,
    ``offering.full``, ``import.already_committed``, ``import.refused``…)."""

    def __init__(self, code: str, problems: Sequence[Problem] = (), **params: str) -> None:
        super().__init__(code)
        self.code = code
        self.params = params
        self.problems = tuple(problems)
