"""The grading schemes of the consortium and the pass mark of each (Annex I O3 "grading scheme";
ELM ``gradingScheme``; OB 3.0 §B.1.12 ``ResultDescription``).

A specification names its scheme in ``grading.scheme`` (``MicroCredentialSpec.grading``); this
table says how to read a grade in it and whether the grade passes. The schemes are the ones the
ten partners' specifications use (``examples/specs/``), each with the rule its description
states. A scheme not in the table is read as free text: the result must then say itself whether
it passed. :data:`TABLE_VERSION` travels with every import, so a result can be re-read later.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from microcred.errors import InputError

TABLE_VERSION = "2026-12-07"


class GradeError(InputError):
    """A grade that the scheme does not have: ``code`` ``grade.not_in_scheme`` (params
    ``grade``, ``scheme``)."""

    def __init__(self, grade: str, scheme: str) -> None:
        super().__init__(f"{grade!r} is not a grade of the scheme {scheme!r}")
        self.code = "grade.not_in_scheme"
        self.params = {"grade": grade, "scheme": scheme}


@dataclass(frozen=True)
class GradeReading:
    """A grade as read: ``grade`` in the scheme's own notation (numbers without trailing zeros,
    letters upper case), and whether it passes."""

    grade: str
    passed: bool


@dataclass(frozen=True)
class GradingScheme:
    """One scheme: a numeric scale (``low``..``high``, pass at ``pass_mark``), ordered letters
    (``letters``, best first, with those that pass), or both (the Vietnamese 10-point scale is
    recorded as a score or as its letter)."""

    name: str
    low: Decimal | None = None
    high: Decimal | None = None
    pass_mark: Decimal | None = None
    letters: tuple[str, ...] = ()
    passing_letters: frozenset[str] = field(default_factory=frozenset)
    # words that stand for a number of the scale (Italian "30 e lode" is 30 with honours)
    aliases: tuple[tuple[str, Decimal], ...] = ()

    def read(self, raw: str) -> GradeReading:
        """The grade ``raw`` in this scheme, or :class:`GradeError`."""
        text = " ".join(raw.split())
        letter = text.upper()
        if letter in self.letters:
            return GradeReading(grade=letter, passed=letter in self.passing_letters)
        for alias, value in self.aliases:
            if text.casefold() == alias.casefold():
                return GradeReading(grade=alias, passed=self._passes(value))
        number = _number(text)
        if number is None or self.low is None or self.high is None or not self.low <= number <= self.high:
            raise GradeError(raw, self.name)
        return GradeReading(grade=_plain(number), passed=self._passes(number))

    def _passes(self, value: Decimal) -> bool:
        return self.pass_mark is not None and value >= self.pass_mark


_NUMBER = re.compile(r"^[0-9]{1,4}([.,][0-9]{1,4})?$")


def _number(text: str) -> Decimal | None:
    """A plain decimal number; a decimal comma is read as a point (Vietnamese, Czech, Italian
    spreadsheets write ``7,5``). No signs, exponents, NaN or infinity."""
    if not _NUMBER.match(text):
        return None
    try:
        return Decimal(text.replace(",", "."))
    except InvalidOperation:  # pragma: no cover - the pattern admits only plain numbers
        return None


def _plain(number: Decimal) -> str:
    return format(number.normalize(), "f")


_D = Decimal
SCHEMES: tuple[GradingScheme, ...] = (
    # Vietnam (NEU, UEH, BUH): "Scores from 0 to 10 convert to letters: A (8.5-10), B (7.0-8.4),
    # C (5.5-6.9) and D (4.0-5.4) pass; F (below 4.0) fails."
    GradingScheme(
        name="10-point scale with letter grades A-F",
        low=_D(0),
        high=_D(10),
        pass_mark=_D("4.0"),
        letters=("A", "B", "C", "D", "F"),
        passing_letters=frozenset({"A", "B", "C", "D"}),
    ),
    # Laos (NUOL, LBI, CU): "A, B+, B, C+, C, D+ and D pass (A is excellent, D the minimum
    # pass); F fails."
    GradingScheme(
        name="Letter grades A-F",
        letters=("A", "B+", "B", "C+", "C", "D+", "D", "F"),
        passing_letters=frozenset({"A", "B+", "B", "C+", "C", "D+", "D"}),
    ),
    # Belgium (IHF): "Marks out of 20; 10/20 is the pass mark."
    GradingScheme(name="0-20 scale", low=_D(0), high=_D(20), pass_mark=_D(10)),
    # Croatia (Dubrovnik): "5 excellent … 2 sufficient; 1 insufficient fails."
    GradingScheme(name="Croatian grading scale 1-5", low=_D(1), high=_D(5), pass_mark=_D(2)),
    # ECTS Users' Guide 2015 grading table: A (excellent) to E (sufficient); FX and F fail.
    GradingScheme(
        name="ECTS grading scale A-F",
        letters=("A", "B", "C", "D", "E", "FX", "F"),
        passing_letters=frozenset({"A", "B", "C", "D", "E"}),
    ),
    # Italy (Siena): "Pass marks run from 18/30 to 30/30; 30 e lode … below 18/30 fails."
    GradingScheme(
        name="Italian university scale 18-30 e lode",
        low=_D(0),
        high=_D(30),
        pass_mark=_D(18),
        aliases=(("30 e lode", _D(30)), ("30L", _D(30))),
    ),
)

_BY_NAME = {s.name.casefold(): s for s in SCHEMES}


def scheme_named(name: str | None) -> GradingScheme | None:
    """The scheme a specification names (``grading.scheme``), or ``None`` when the table does not
    know it (then grades are free text and the result says whether it passed)."""
    if not name:
        return None
    return _BY_NAME.get(" ".join(name.split()).casefold())


def read_grade(raw: str, scheme: GradingScheme | None) -> GradeReading | None:
    """``raw`` read in ``scheme``; ``None`` for an unknown scheme (pass/fail must be given)."""
    if scheme is None:
        return None
    return scheme.read(raw)
