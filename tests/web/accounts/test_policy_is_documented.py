"""The matrix in ADR 0330 (which supersedes ADR 0301's) is the policy table: a change to one without the other fails here."""

from __future__ import annotations

from microcred_web.accounts.models import Role
from microcred_web.accounts.permissions import ROLE_ACTIONS, Action
from tests.conftest import ROOT

ADR = ROOT / "docs" / "decisions" / "0330-one-permission-table-registrar-and-four-eyes-in-the-core.md"


def _rows() -> list[list[str]]:
    lines = [line for line in ADR.read_text("utf-8").splitlines() if line.startswith("|")]
    # Header, separator, then one row per action.
    return [[cell.strip() for cell in line.strip("|").split("|")] for line in lines[2:]]


def test_the_adr_table_lists_every_action_and_role_in_the_policy_order() -> None:
    rows = _rows()
    assert len(rows) == len(Action)
    assert all(len(row) == 1 + len(Role) for row in rows)


def test_the_adr_table_says_what_the_policy_table_says() -> None:
    for action, row in zip(Action, _rows(), strict=True):
        documented = {role for role, mark in zip(Role, row[1:], strict=True) if mark == "✓"}
        actual = {role for role in Role if action in ROLE_ACTIONS[role]}
        assert documented == actual, f"{row[0]!r} ({action.value})"
