"""One root for every error the core raises, so adapters can render any of them for people.

Each error says *what* went wrong and *where* (a field path, a file, a URL), because a
message like "invalid input" makes a user guess.
"""

from __future__ import annotations


class MicrocredError(Exception):
    """Base of all core errors. ``where`` is a field path, file name or URL; it may be empty."""

    def __init__(self, message: str, *, where: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.where = where

    def __str__(self) -> str:
        return f"{self.where}: {self.message}" if self.where else self.message


class InputError(MicrocredError):
    """The input cannot be read at all (not JSON, not an object, unreadable file)."""


class UnknownCodeError(MicrocredError):
    """A code (credit system, framework, vocabulary key) that the reference data does not define."""


class ConversionError(MicrocredError):
    """A conversion that cannot be done as asked (impossible level, no mapping, negative credits)."""
