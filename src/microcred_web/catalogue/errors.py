"""Errors of the catalogue services. They derive from the core's ``MicrocredError`` so every
adapter (view, API, command) renders them the same way: what went wrong and where."""

from __future__ import annotations

from microcred.errors import MicrocredError
from microcred.standards.eu_mc import Finding


class WorkflowError(MicrocredError):
    """An action that the workflow does not allow in the version's current status."""


class ImmutableVersionError(MicrocredError):
    """An attempt to change the specification of a published or retired version."""


class NotConformantError(MicrocredError):
    """Publishing a specification that the EU conformance checker finds errors in."""

    def __init__(self, findings: tuple[Finding, ...], *, where: str) -> None:
        self.findings = findings
        first = findings[0]
        super().__init__(
            f"{len(findings)} conformance error(s) block publication; first: {first.path}: {first.message}",
            where=where,
        )


class DuplicateCodeError(MicrocredError):
    """The institution already has a micro-credential with this code."""
