"""Small-group suppression of survey results in a fixed hierarchy (issue 15 item 3; ADR 1540).

Results are shown as *cells* of one fixed hierarchy (consortium -> country -> institution ->
micro-credential), each cell the sum of its children, for one survey round (a fixed, disjoint
period: a response belongs to exactly one round). Nobody chooses other groupings, so the only
relations between published numbers are "a cell is the sum of its children".

The rule (:func:`protect`), with ``threshold`` 5 (no group smaller than five is shown):

1. *primary*: a cell with 1 to 4 respondents is suppressed;
2. *downward*: every cell under a suppressed cell is suppressed;
3. *complementary*: under a published cell, the suppressed children together hold either
   nobody or at least ``threshold`` respondents; when they hold 1 to 4, the smallest published
   non-empty sibling is suppressed too (a total is thus never shown beside exactly one
   suppressed small subgroup). Repeated until nothing changes.

Why it is enough: with rule 2 the published cells are an upper part of the tree, so the
published sums are spanned by disjoint "remainders" (for each published cell: the leaves of its
suppressed children; for a published leaf: itself). Any group a reader can derive by adding and
subtracting published cells is a union of remainders, each holding 0 or at least ``threshold``
people (rule 3), so it holds 0 or at least ``threshold``. ``tests/core/qa`` checks this by
linear algebra over every derivable group of random hierarchies (hypothesis).

Every published figure of a cell (the count per answer of a question) is a sum over the same
respondents as its size, so the same rule protects all of them.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass

__all__ = ["THRESHOLD", "Path", "Tree", "protect", "tree_of"]

THRESHOLD = 5
"""The smallest group shown (issue 15: "no group smaller than five")."""

Path = tuple[str, ...]
"""A cell: ``()`` the consortium, ``("VN",)`` a country, ``("VN", "neu")`` an institution..."""


@dataclass(frozen=True)
class Tree:
    """Every cell's size and children, built from the leaves' sizes (:func:`tree_of`)."""

    size: Mapping[Path, int]
    children: Mapping[Path, tuple[Path, ...]]

    def depth_first(self) -> list[Path]:
        return sorted(self.size, key=lambda p: (len(p), p))


def tree_of(leaves: Mapping[Path, int]) -> Tree:
    """The hierarchy of ``leaves`` (all of one depth): every prefix is a cell, its size the sum."""
    depths = {len(p) for p in leaves}
    if len(depths) > 1:
        raise ValueError(f"leaves of one hierarchy have one depth, not {sorted(depths)}")
    size: dict[Path, int] = defaultdict(int)
    kids: dict[Path, set[Path]] = defaultdict(set)
    size[()] += 0
    for leaf, n in leaves.items():
        if n < 0:
            raise ValueError(f"{leaf}: a count is never negative ({n})")
        for d in range(len(leaf) + 1):
            size[leaf[:d]] += n
            if d:
                kids[leaf[: d - 1]].add(leaf[:d])
    return Tree(dict(size), {p: tuple(sorted(kids.get(p, ()))) for p in size})


def protect(tree: Tree, threshold: int = THRESHOLD) -> frozenset[Path]:
    """The cells to suppress (the rule in the module docstring)."""
    hidden = {p for p, n in tree.size.items() if 0 < n < threshold}
    order = tree.depth_first()
    changed = True
    while changed:
        changed = False
        for p in order:  # parents before children
            if p and p[:-1] in hidden and p not in hidden:
                hidden.add(p)
                changed = True
        for p in order:
            if p in hidden or not tree.children[p]:
                continue
            held = sum(tree.size[c] for c in tree.children[p] if c in hidden)
            if 0 < held < threshold:
                shown = [c for c in tree.children[p] if c not in hidden and tree.size[c] > 0]
                if shown:
                    hidden.add(min(shown, key=lambda c: (tree.size[c], c)))
                else:  # cannot happen (the cell itself would be small), kept for safety
                    hidden.add(p)
                changed = True
    return frozenset(hidden)
