"""The four-eyes rule, written once (issue 9 item 4, ADR 0330; recognition: ADR 0801, agreements:
ADR 0802).

Four eyes means two different people, each holding the role that the step needs *at that
moment*: whoever authored or edited a piece of work (a specification version, an agreement
version, the first signature of a decision, a decision under appeal) cannot be the one who
reviews, approves, publishes or countersigns it; and nobody grants a role to themselves.

The rule is framework-free. The web layer gives it the actor, the people who authored the work
and whether the actor holds the role now, and gets back either :data:`ALLOWED` or a
:class:`Verdict` with a refusal :class:`Refusal` code and its parameters, which the web layer
translates (the core never speaks English to a user) and logs as a security event.

People are identified by any hashable id (the web uses user primary keys); ``None`` stands for
nobody (an anonymous or system actor) and never counts as a person.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from types import MappingProxyType

from microcred.errors import MicrocredError

__all__ = [
    "ALLOWED",
    "FourEyesError",
    "Refusal",
    "Verdict",
    "check",
    "check_grant",
    "require",
    "require_grant",
    "second_signature_needed",
]


class Refusal(StrEnum):
    """Why the rule refused (a stable code; the web layer has a message for each)."""

    NO_ACTOR = "four_eyes.no_actor"
    """Nobody identifiable acts: a second pair of eyes must belong to a person."""

    ROLE_NOT_HELD = "four_eyes.role_not_held"
    """The actor does not hold the role the step needs at this moment (parameter ``role``)."""

    OWN_WORK = "four_eyes.own_work"
    """The actor authored or edited the work (parameters ``step`` and ``subject``)."""

    SELF_GRANT = "four_eyes.self_grant"
    """A person tried to give a role to themselves (parameter ``role``)."""


_EMPTY: Mapping[str, str] = MappingProxyType({})


@dataclass(frozen=True)
class Verdict:
    """The rule's answer: allowed (no refusal), or a refusal code with its parameters."""

    refusal: Refusal | None = None
    params: Mapping[str, str] = field(default_factory=lambda: _EMPTY)

    @property
    def allowed(self) -> bool:
        return self.refusal is None


ALLOWED = Verdict()


class FourEyesError(MicrocredError):
    """A step refused by the four-eyes rule; ``code`` and ``params`` say why, for translation."""

    def __init__(self, verdict: Verdict, *, where: str = "") -> None:
        assert verdict.refusal is not None
        details = ", ".join(f"{k}={v}" for k, v in sorted(verdict.params.items()))
        super().__init__(f"{verdict.refusal.value}({details})", where=where)
        self.code: Refusal = verdict.refusal
        self.params: Mapping[str, str] = verdict.params


def _refused(refusal: Refusal, **params: str) -> Verdict:
    return Verdict(refusal, MappingProxyType(dict(params)))


def check(
    *,
    actor: Hashable | None,
    authors: Iterable[Hashable | None],
    holds_role: bool,
    role: str = "",
    step: str = "",
    subject: str = "",
) -> Verdict:
    """May ``actor`` take the second-pair-of-eyes ``step`` (review, approve, publish,
    countersign...) on work that ``authors`` wrote or edited?

    ``holds_role`` is whether the actor holds ``role`` at this moment (a role granted or taken
    away since the work began counts as it is now). The order of the checks is fixed, so the
    same inputs always give the same refusal.
    """
    if actor is None:
        return _refused(Refusal.NO_ACTOR, step=step)
    if not holds_role:
        return _refused(Refusal.ROLE_NOT_HELD, role=role, step=step)
    if actor in {a for a in authors if a is not None}:
        return _refused(Refusal.OWN_WORK, step=step, subject=subject)
    return ALLOWED


def check_grant(*, granter: Hashable | None, grantee: Hashable | None, role: str) -> Verdict:
    """May ``granter`` give ``role`` to ``grantee``? Never to themselves: another administrator
    must grant it. (Whether the granter may manage staff at all is the permission table's
    business, not this rule's.)"""
    if granter is None:
        return _refused(Refusal.NO_ACTOR, step="grant_role")
    if granter == grantee:
        return _refused(Refusal.SELF_GRANT, role=role)
    return ALLOWED


def require(
    *,
    actor: Hashable | None,
    authors: Iterable[Hashable | None],
    holds_role: bool,
    role: str = "",
    step: str = "",
    subject: str = "",
    where: str = "",
) -> None:
    """:func:`check`, raising :class:`FourEyesError` on a refusal."""
    verdict = check(
        actor=actor, authors=authors, holds_role=holds_role, role=role, step=step, subject=subject
    )
    if not verdict.allowed:
        raise FourEyesError(verdict, where=where)


def require_grant(*, granter: Hashable | None, grantee: Hashable | None, role: str, where: str = "") -> None:
    """:func:`check_grant`, raising :class:`FourEyesError` on a refusal."""
    verdict = check_grant(granter=granter, grantee=grantee, role=role)
    if not verdict.allowed:
        raise FourEyesError(verdict, where=where)


def second_signature_needed(*, governance_asks: bool, override: bool, refusal: bool) -> bool:
    """Does a recognition decision need a second signature (ADR 0801)? Where the governing
    agreement asks for four eyes, every override of the engine's proposal and every refusal is
    countersigned by a second officer (recognition.md §6.5)."""
    return governance_asks and (override or refusal)
