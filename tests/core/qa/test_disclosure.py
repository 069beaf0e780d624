"""Small-group suppression (ADR 1540): no set of published cells lets anyone recover a group of
1 to 4 people, checked by linear algebra over every group derivable from the published sums of
random hierarchies; and the audit itself catches the differencing that primary suppression
alone allows."""

from __future__ import annotations

from fractions import Fraction
from itertools import product

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from microcred.qa.disclosure import THRESHOLD, Path, Tree, protect, tree_of


def _leaves(tree: Tree) -> list[Path]:
    return [p for p in tree.depth_first() if not tree.children[p]]


def derivable_small_groups(tree: Tree, hidden: frozenset[Path]) -> list[tuple[Path, ...]]:
    """Every group of leaves whose size follows from the published cells (its 0/1 vector is in
    the span of the published cells' vectors) and holds 1 to 4 people."""
    leaves = _leaves(tree)
    index = {leaf: i for i, leaf in enumerate(leaves)}
    rows = []
    for cell in tree.size:
        if cell not in hidden:
            rows.append([Fraction(1 if leaf[: len(cell)] == cell else 0) for leaf in leaves])
    basis: list[tuple[int, list[Fraction]]] = []  # (pivot, row), reduced
    for row in rows:
        row = _reduce(row, basis)
        pivot = next((i for i, v in enumerate(row) if v), None)
        if pivot is not None:
            row = [v / row[pivot] for v in row]
            basis = [(p, [a - b[pivot] * c for a, c in zip(b, row, strict=True)]) for p, b in basis]
            basis.append((pivot, row))
    found = []
    for bits in product((0, 1), repeat=len(leaves)):
        if not any(bits):
            continue
        vector = [Fraction(b) for b in bits]
        if any(_reduce(vector, basis)):
            continue
        group = tuple(leaf for leaf in leaves if bits[index[leaf]])
        if 0 < sum(tree.size[leaf] for leaf in group) < THRESHOLD:
            found.append(group)
    return found


def _reduce(row: list[Fraction], basis: list[tuple[int, list[Fraction]]]) -> list[Fraction]:
    row = list(row)
    for pivot, b in basis:
        if row[pivot]:
            factor = row[pivot]
            row = [a - factor * c for a, c in zip(row, b, strict=True)]
    return row


@st.composite
def hierarchies(draw: st.DrawFn) -> dict[Path, int]:
    """Countries -> institutions -> courses, at most 9 courses, 0 to 14 respondents each."""
    leaves: dict[Path, int] = {}
    for c in range(draw(st.integers(1, 3))):
        for i in range(draw(st.integers(1, 2))):
            for m in range(draw(st.integers(1, 3)) if len(leaves) < 7 else 1):
                leaves[(f"c{c}", f"i{i}", f"m{m}")] = draw(st.integers(0, 14))
    return leaves


@settings(max_examples=60)
@given(hierarchies())
def test_no_published_set_of_cells_lets_anyone_recover_a_group_smaller_than_five(
    leaves: dict[Path, int],
) -> None:
    tree = tree_of(leaves)
    hidden = protect(tree)
    assert all(tree.size[p] == 0 or tree.size[p] >= THRESHOLD for p in tree.size if p not in hidden)
    assert derivable_small_groups(tree, hidden) == []


@settings(max_examples=60)
@given(hierarchies())
def test_cells_of_five_or_more_are_shown_when_nothing_small_is_near(leaves: dict[Path, int]) -> None:
    big = {p: n + THRESHOLD for p, n in leaves.items()}
    assert protect(tree_of(big)) == frozenset()


def test_primary_suppression_alone_lets_a_reader_subtract_a_small_group() -> None:
    tree = tree_of({("VN", "neu", "ifrs"): 9, ("VN", "neu", "audit"): 3})
    primary = frozenset(p for p, n in tree.size.items() if 0 < n < THRESHOLD)
    assert derivable_small_groups(tree, primary) == [(("VN", "neu", "audit"),)]


def test_a_total_beside_one_small_subgroup_hides_a_sibling_too() -> None:
    tree = tree_of({("VN", "neu", "ifrs"): 9, ("VN", "neu", "audit"): 3, ("VN", "neu", "tax"): 12})
    hidden = protect(tree)
    assert hidden == {("VN", "neu", "audit"), ("VN", "neu", "ifrs")}
    assert tree.size[("VN", "neu")] == 24  # the institution's total stays shown


def test_two_small_subgroups_that_together_stay_small_are_protected() -> None:
    tree = tree_of({("VN", "a", "x"): 2, ("VN", "a", "y"): 2, ("VN", "a", "z"): 8})
    hidden = protect(tree)
    assert ("VN", "a", "z") in hidden
    assert derivable_small_groups(tree, hidden) == []


def test_a_hierarchy_of_leaves_at_different_depths_is_refused() -> None:
    with pytest.raises(ValueError, match="one depth"):
        tree_of({("VN",): 3, ("VN", "neu"): 2})
