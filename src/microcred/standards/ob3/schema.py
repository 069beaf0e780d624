"""Validation against the OB 3.0 AchievementCredential JSON Schema (OB 3.0 §9.1 step 1).

The schema ships in ``schema/`` with its provenance. The saved copy types ``proof`` as a list
only; a single proof object (as in 1EdTech's own signed test vector) is put in a list before
validating (as the 1EdTech validator does).

Two validators, one verdict: the schema is compiled once by ``jsonschema-rs`` (draft 2019-09,
≈ 20 µs a 6.5 KB credential, where the Python code ``fastjsonschema`` generated took ≈ 450 µs:
verification's other checks cost more than the signature; ADR 0203 addendum), and a credential it
rejects is validated again with ``jsonschema`` (draft 2019-09) for the complete list of problems
and their paths. Neither checks ``format`` (as ``jsonschema`` by default). A value
``jsonschema-rs`` cannot take (a ``str`` subclass, say) gets its verdict from ``jsonschema``.
Patterns are ECMA-262 regular expressions in ``jsonschema-rs`` (JSON Schema §6.4), so ``\\d`` is
an ASCII digit and ``$`` does not match before a final newline, as the schema means; in Python's
``re`` they are wider. A test runs both validators over the 1EdTech examples and validator
fixtures and requires the same verdict.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from functools import cache
from importlib import resources
from typing import Any

import jsonschema_rs
from jsonschema import Draft201909Validator  # type: ignore[import-untyped]

from microcred.errors import MicrocredError

__all__ = ["SchemaError", "schema_problems", "validate_ob3"]


class SchemaError(MicrocredError):
    """A credential that does not fit the OB 3.0 JSON Schema; ``problems`` lists (path, message)."""

    def __init__(self, problems: list[tuple[str, str]]) -> None:
        self.problems = problems
        path, message = problems[0]
        super().__init__(
            f"the credential does not fit the OB 3.0 JSON Schema ({len(problems)} problem(s)); first: {message}",
            where=path,
        )


@cache
def _schema() -> dict[str, Any]:
    text = resources.files("microcred.standards.ob3").joinpath("schema", "achievementcredential.json")
    schema: dict[str, Any] = json.loads(text.read_text("utf-8"))
    return schema


@cache
def _validator() -> Draft201909Validator:
    return Draft201909Validator(_schema())


@cache
def _compiled() -> Callable[[Any], bool]:
    """The compiled validator's ``is_valid``: ``True``/``False``, ``ValueError`` for a value it
    cannot convert (anything not plain JSON)."""
    validator = jsonschema_rs.Draft201909Validator(_schema(), validate_formats=False)
    is_valid: Callable[[Any], bool] = validator.is_valid
    return is_valid


def _path(parts: Any) -> str:
    out = ""
    for p in parts:
        out += f"[{p}]" if isinstance(p, int) else ("." if out else "") + str(p)
    return out or "(document)"


def schema_problems(credential: Mapping[str, Any]) -> list[tuple[str, str]]:
    """Every schema problem as (JSON path, message); empty when the credential fits."""
    document = dict(credential)
    proof = document.get("proof")
    if type(proof) is dict or isinstance(proof, Mapping):  # a dict is told apart without the ABC
        document["proof"] = [proof]
    try:
        if _compiled()(document):
            return []
        convertible = True
    except (ValueError, TypeError, OverflowError):
        convertible = False
    errors = sorted(_validator().iter_errors(document), key=lambda e: list(map(str, e.absolute_path)))
    problems = [(_path(e.absolute_path), e.message[:300]) for e in errors]
    if problems or not convertible:
        return problems
    # The two validators disagreeing is a problem too: the compiled one's verdict stands.
    return [("(document)", "does not fit the schema (found by the compiled validator only)")]


def validate_ob3(credential: Mapping[str, Any]) -> None:
    """Raise :class:`SchemaError` unless ``credential`` fits the OB 3.0 AchievementCredential schema."""
    problems = schema_problems(credential)
    if problems:
        raise SchemaError(problems)
