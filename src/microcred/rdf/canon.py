"""RDF Dataset Canonicalization, RDFC-1.0 (W3C Recommendation, 21 May 2024).

Section numbers below are those of the Recommendation. Blank nodes are ``int`` (see
:mod:`microcred.rdf.terms`); quads whose components are plain strings never need relabelling.

Two choices follow the JavaScript reference (rdf-canonize 5, which jsonld.js and the Digital
Bazaar cryptosuites use), because signatures must verify there:

* Lines are sorted by UTF-16 code unit, as JavaScript compares strings. The Recommendation
  says "code point order"; the two differ only when a character above U+FFFF meets one in
  U+E000–U+FFFF at the first difference, and there a signature made by code-point order would
  not verify in the reference stack.
* The poisoning guard counts calls of Hash N-Degree Quads (§4.8) and allows, by default,
  as many as there are blank nodes with shared first-degree hashes (rdf-canonize's
  ``maxWorkFactor = 1``). A dataset that needs more work is refused, not canonicalized slowly.
"""

from __future__ import annotations

import hashlib
import re
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from microcred.errors import MicrocredError
from microcred.rdf.terms import Dataset, Quad


class CanonicalizationError(MicrocredError):
    """RDFC-1.0 cannot produce a canonical form for this input."""


class PoisonedDatasetError(CanonicalizationError):
    """The dataset needs more N-degree work than allowed (RDFC-1.0 §6, dataset poisoning)."""


_HASHES: dict[str, Callable[..., Any]] = {
    "sha256": hashlib.sha256,
    "sha384": hashlib.sha384,
    "sha512": hashlib.sha512,
}


_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


def _has_astral(text: str) -> bool:
    """True when ``text`` may hold a character above U+FFFF (then UTF-16 order must be used).

    CPython stores a string with such a character at 4 bytes per character, so its size tells
    without a scan; any doubt falls back to the exact (slower) answer.
    """
    if text.isascii():
        return False
    length = len(text)
    if length >= 64:
        # Exact for CPython: the 4-byte form is used if and only if a character is above U+FFFF.
        return sys.getsizeof(text) >= 4 * length
    return _ASTRAL.search(text) is not None


def _utf16(text: str) -> bytes:
    return text.encode("utf-16-be", "surrogatepass")


def sort_lines(lines: list[str]) -> None:
    """Sort N-Quads lines in place by UTF-16 code units (the order JavaScript's sort gives)."""
    _sorted_text(lines)


def _sorted_text(lines: list[str]) -> str:
    """Sort lines in place by UTF-16 code units and return them joined."""
    lines.sort()
    text = "".join(lines)
    if _has_astral(text):
        # Only a character above U+FFFF can make code point and UTF-16 order differ.
        lines.sort(key=_utf16)
        text = "".join(lines)
    return text


@dataclass(slots=True)
class _Issuer:
    """Identifier issuer (§4.5): issues ``prefix + n`` in order and remembers the order."""

    prefix: str
    issued: dict[int, str]

    def issue(self, node: int) -> str:
        label = self.issued.get(node)
        if label is None:
            label = f"{self.prefix}{len(self.issued)}"
            self.issued[node] = label
        return label

    def copy(self) -> _Issuer:
        return _Issuer(self.prefix, dict(self.issued))


def _permutations(items: list[int], key: Callable[[int], str]) -> Iterator[list[int]]:
    """All permutations in Steinhaus–Johnson–Trotter order, starting from the sorted list.

    The order only matters when two permutations give the same path (an automorphism); then the
    first one wins, and this is the order the JavaScript reference uses, so the issued
    identifier maps agree with it too.
    """
    current = sorted(items, key=key)
    keys = {item: key(item) for item in current}
    left = dict.fromkeys(current, True)
    length = len(current)
    while True:
        yield list(current)
        mobile: int | None = None
        position = 0
        for index, element in enumerate(current):
            k = keys[element]
            if (mobile is None or k > keys[mobile]) and (
                (left[element] and index > 0 and k > keys[current[index - 1]])
                or (not left[element] and index < length - 1 and k > keys[current[index + 1]])
            ):
                mobile = element
                position = index
        if mobile is None:
            return
        swap = position - 1 if left[mobile] else position + 1
        current[position], current[swap] = current[swap], mobile
        mobile_key = keys[mobile]
        for element in current:
            if keys[element] > mobile_key:
                left[element] = not left[element]


class _State:
    """Canonicalization state (§4.2) for one run."""

    def __init__(self, quads: list[Quad], hash_name: str, labels: dict[int, str]) -> None:
        try:
            self.new_hash = _HASHES[hash_name.lower()]
        except KeyError:
            raise CanonicalizationError(
                f"unsupported hash algorithm {hash_name!r}", where="hash_algorithm"
            ) from None
        self.quads = quads
        self.labels = labels
        # Pieces of each quad's canonical line, for a dataset with only the default graph; set
        # by run_default_graph (``None`` here means: not applicable, use the general path).
        self.rows: list[tuple[str | int, str, int | None]] | None = []
        self.by_blank: dict[int, list[Quad]] = {}
        self.first_degree: dict[int, str] = {}
        self.canonical = _Issuer("c14n", {})
        self.remaining_calls = 0
        self.max_calls = 0
        self.n_degree_calls = 0

    def label(self, node: int) -> str:
        return self.labels.get(node, f"b{node}")

    def hash_first_degree(self, node: int) -> str:
        """Hash First Degree Quads (§4.6): the node's quads with it as ``_:a``, others ``_:z``."""
        lines: list[str] = []
        append = lines.append
        for subject, predicate, obj, graph in self.by_blank[node]:
            s = subject if subject.__class__ is str else ("_:a" if subject == node else "_:z")
            o = obj if obj.__class__ is str else ("_:a" if obj == node else "_:z")
            if graph is None:
                append(f"{s} {predicate} {o} .\n")
            else:
                g = graph if graph.__class__ is str else ("_:a" if graph == node else "_:z")
                append(f"{s} {predicate} {o} {g} .\n")
        return str(self.new_hash(_sorted_text(lines).encode("utf-8")).hexdigest())

    def hash_related(self, related: int, quad: Quad, issuer: _Issuer, position: str) -> str:
        """Hash Related Blank Node (§4.7)."""
        identifier = self.canonical.issued.get(related)
        if identifier is None:
            identifier = issuer.issued.get(related)
        text = position if position == "g" else position + quad[1]
        if identifier is not None:
            text += "_:" + identifier
        else:
            text += self.first_degree[related]
        return str(self.new_hash(text.encode("utf-8")).hexdigest())

    def hash_n_degree(self, node: int, issuer: _Issuer) -> tuple[str, _Issuer]:
        """Hash N-Degree Quads (§4.8), with the poisoning guard counting calls."""
        if self.remaining_calls <= 0:
            raise PoisonedDatasetError(
                f"canonicalization needs more than {self.max_calls} Hash N-Degree Quads steps "
                "(a blank-node structure this complex is a sign of dataset poisoning)",
                where=f"blank node _:{self.label(node)}",
            )
        self.remaining_calls -= 1
        self.n_degree_calls += 1
        related_by_hash: dict[str, list[int]] = {}
        for quad in self.by_blank[node]:
            subject, _predicate, obj, graph = quad
            for component, position in ((subject, "s"), (obj, "o"), (graph, "g")):
                if component.__class__ is int and component != node:
                    assert isinstance(component, int)
                    related_hash = self.hash_related(component, quad, issuer, position)
                    # §4.8.3 step 3.1.2 adds one entry per quad: a node related through two
                    # quads with the same hash is listed (and permuted) twice, as in rdf-canonize.
                    related_by_hash.setdefault(related_hash, []).append(component)
        data = self.new_hash()
        for related_hash in sorted(related_by_hash):
            data.update(related_hash.encode("ascii"))
            chosen_path = ""
            chosen_issuer: _Issuer | None = None
            for permutation in _permutations(related_by_hash[related_hash], self.label):
                issuer_copy = issuer.copy()
                path = ""
                recursion: list[int] = []
                skip = False
                for related in permutation:
                    canonical = self.canonical.issued.get(related)
                    if canonical is not None:
                        path += "_:" + canonical
                    else:
                        if related not in issuer_copy.issued:
                            recursion.append(related)
                        path += "_:" + issuer_copy.issue(related)
                    # The reference compares only lexicographically here (§4.8.3 5.4.4.3
                    # also checks the length); the result is the same, the work count is not.
                    if chosen_path and path > chosen_path:
                        skip = True
                        break
                if skip:
                    continue
                for related in recursion:
                    result_hash, issuer_copy = self.hash_n_degree(related, issuer_copy)
                    path += "_:" + issuer_copy.issue(related) + "<" + result_hash + ">"
                    if chosen_path and path > chosen_path:
                        skip = True
                        break
                if skip:
                    continue
                if not chosen_path or path < chosen_path:
                    chosen_path = path
                    chosen_issuer = issuer_copy
            data.update(chosen_path.encode("utf-8"))
            assert chosen_issuer is not None
            issuer = chosen_issuer
        return str(data.hexdigest()), issuer

    def run(self, max_work_factor: int, max_n_degree_calls: int | None) -> dict[int, str]:
        """The Canonicalization Algorithm (§4.4) steps 1–6: the canonical label of each node."""
        if self.rows is not None:
            return self.run_default_graph(max_work_factor, max_n_degree_calls)
        self.index_blank_nodes()
        by_blank = self.by_blank
        if len(by_blank) == 1:
            # One blank node: its hash could only order it against itself (§4.4 step 4).
            self.canonical.issue(next(iter(by_blank)))
            return self.canonical.issued
        by_hash: dict[str, list[int]] = {}
        for node in by_blank:
            first = self.hash_first_degree(node)
            self.first_degree[node] = first
            by_hash.setdefault(first, []).append(node)
        return self.issue_labels(by_hash, max_work_factor, max_n_degree_calls)

    def run_default_graph(self, max_work_factor: int, max_n_degree_calls: int | None) -> dict[int, str]:
        """:meth:`run` for a dataset with only the default graph (every dataset a credential gives).

        One pass over the quads writes each blank node's Hash First Degree Quads lines (§4.6)
        directly, and keeps per quad the pieces of its final line (``rows``) for relabelling,
        so no quad is formatted twice. The lines are the very strings :meth:`hash_first_degree`
        writes, in the same node order.
        """
        rows: list[tuple[str | int, str, int | None]] = []
        add_row = rows.append
        lines: dict[int, list[str]] = {}
        lines_of = lines.get
        for subject, predicate, obj, graph in self.quads:
            if graph is not None:
                self.rows = None  # a named graph: the general path
                return self.run(max_work_factor, max_n_degree_calls)
            if obj.__class__ is str:
                if subject.__class__ is str:
                    add_row((f"{subject} {predicate} {obj} .\n", "", None))
                else:
                    tail = f" {predicate} {obj} .\n"
                    add_row((subject, tail, None))
                    node_lines = lines_of(subject)  # type: ignore[arg-type]
                    if node_lines is None:
                        lines[subject] = [_A + tail]  # type: ignore[index]
                    else:
                        node_lines.append(_A + tail)
            elif subject.__class__ is str:
                add_row((subject, f" {predicate} ", obj))  # type: ignore[arg-type]
                lines.setdefault(obj, []).append(f"{subject} {predicate} _:a .\n")  # type: ignore[arg-type]
            else:
                add_row((subject, f" {predicate} ", obj))  # type: ignore[arg-type]
                if obj == subject:
                    lines.setdefault(subject, []).append(f"_:a {predicate} _:a .\n")  # type: ignore[arg-type]
                else:
                    lines.setdefault(subject, []).append(f"_:a {predicate} _:z .\n")  # type: ignore[arg-type]
                    lines.setdefault(obj, []).append(f"_:z {predicate} _:a .\n")  # type: ignore[arg-type]
        self.rows = rows
        if len(lines) == 1:
            # One blank node: its hash could only order it against itself (§4.4 step 4).
            self.canonical.issue(next(iter(lines)))
            return self.canonical.issued
        new_hash = self.new_hash
        first_degree = self.first_degree
        by_hash: dict[str, list[int]] = {}
        for node, node_lines in lines.items():
            node_lines.sort()
            text = "".join(node_lines)
            if not text.isascii() and _has_astral(text):
                text = _sorted_text(node_lines)  # UTF-16 order (see _sorted_text)
            first = new_hash(text.encode("utf-8")).hexdigest()
            first_degree[node] = first
            nodes = by_hash.get(first)
            if nodes is None:
                by_hash[first] = [node]
            else:
                nodes.append(node)
        if len(by_hash) != len(lines):
            self.index_blank_nodes()  # Hash N-Degree Quads (§4.8) needs each node's quads
        return self.issue_labels(by_hash, max_work_factor, max_n_degree_calls)

    def index_blank_nodes(self) -> None:
        """``by_blank``: the quads that mention each blank node (§4.4 step 2)."""
        by_blank = self.by_blank
        for quad in self.quads:
            subject, _predicate, obj, graph = quad
            if subject.__class__ is int:
                by_blank.setdefault(subject, []).append(quad)
            if obj.__class__ is int and obj != subject:
                by_blank.setdefault(obj, []).append(quad)
            if graph.__class__ is int and graph != subject and graph != obj:
                by_blank.setdefault(graph, []).append(quad)

    def issue_labels(
        self, by_hash: dict[str, list[int]], max_work_factor: int, max_n_degree_calls: int | None
    ) -> dict[int, str]:
        """§4.4 steps 4–6: unique first-degree hashes in hash order, then the N-degree groups."""
        shared: list[list[int]] = []
        issued = self.canonical.issued
        for first in sorted(by_hash):
            nodes = by_hash[first]
            if len(nodes) == 1:
                issued[nodes[0]] = f"c14n{len(issued)}"  # §4.5, inlined for the common case
            else:
                shared.append(nodes)
        if shared:
            if max_n_degree_calls is None:
                count = sum(len(nodes) for nodes in shared)
                max_n_degree_calls = count**max_work_factor
            self.max_calls = self.remaining_calls = max_n_degree_calls
            for nodes in shared:
                results: list[tuple[str, _Issuer]] = []
                for node in nodes:
                    if node in self.canonical.issued:
                        continue
                    issuer = _Issuer("b", {})
                    issuer.issue(node)
                    results.append(self.hash_n_degree(node, issuer))
                results.sort(key=lambda result: result[0])
                for _hash, issuer in results:
                    for existing in issuer.issued:
                        self.canonical.issue(existing)
        return self.canonical.issued


def _quads_of(data: Dataset | Iterable[Quad]) -> tuple[list[Quad], dict[int, str]]:
    """The quads (without duplicates: a dataset is a set) and any blank-node labels."""
    if isinstance(data, Dataset):
        # Datasets built here (parse_nquads, the JSON-LD walker) hold no duplicates.
        return data.quads, data.labels
    return list(dict.fromkeys(data)), {}


_A = "_:a"


def _relabel_rows(rows: list[tuple[str | int, str, int | None]], labels: dict[int, str]) -> str:
    """:func:`_relabel` from the pieces :meth:`_State.run_default_graph` kept for each quad."""
    names = {node: "_:" + label for node, label in labels.items()}
    lines: list[str] = []
    append = lines.append
    for subject, middle, obj in rows:
        head = subject if subject.__class__ is str else names[subject]  # type: ignore[index]
        if obj is None:
            append(head + middle)
        else:
            append(head + middle + names[obj] + " .\n")
    return _sorted_text(lines)


def _relabel(quads: list[Quad], labels: dict[int, str]) -> str:
    lines: list[str] = []
    append = lines.append
    for subject, predicate, obj, graph in quads:
        s = subject if subject.__class__ is str else "_:" + labels[subject]  # type: ignore[index]
        o = obj if obj.__class__ is str else "_:" + labels[obj]  # type: ignore[index]
        if graph is None:
            append(f"{s} {predicate} {o} .\n")
        else:
            g = graph if graph.__class__ is str else "_:" + labels[graph]  # type: ignore[index]
            append(f"{s} {predicate} {o} {g} .\n")
    return _sorted_text(lines)


@dataclass(slots=True)
class CanonicalResult:
    """What one canonicalization produced: the N-Quads text, the issued map and the work done."""

    nquads: str
    issued: dict[int, str]
    n_degree_calls: int


def canonicalize_dataset(
    data: Dataset | Iterable[Quad],
    *,
    hash_algorithm: str = "sha256",
    max_work_factor: int = 1,
    max_n_degree_calls: int | None = None,
) -> CanonicalResult:
    """RDFC-1.0 §4.4 in full; see :func:`canonize` for the parameters."""
    quads, labels = _quads_of(data)
    state = _State(quads, hash_algorithm, labels)
    issued = state.run(max_work_factor, max_n_degree_calls)
    if state.rows:
        return CanonicalResult(_relabel_rows(state.rows, issued), issued, state.n_degree_calls)
    return CanonicalResult(_relabel(quads, issued), issued, state.n_degree_calls)


def canonize(
    data: Dataset | Iterable[Quad],
    *,
    hash_algorithm: str = "sha256",
    max_work_factor: int = 1,
    max_n_degree_calls: int | None = None,
) -> str:
    """Canonical N-Quads (RDFC-1.0 §4.4 step 7 and §4.1) of a dataset, each line ending ``\\n``.

    ``max_work_factor`` bounds the N-degree work as rdf-canonize does: at most
    (blank nodes with shared first-degree hashes) ** factor calls of Hash N-Degree Quads;
    ``max_n_degree_calls`` sets that bound directly. Exceeding it raises
    :class:`PoisonedDatasetError`.
    """
    return canonicalize_dataset(
        data,
        hash_algorithm=hash_algorithm,
        max_work_factor=max_work_factor,
        max_n_degree_calls=max_n_degree_calls,
    ).nquads


def canonize_with_map(
    data: Dataset, *, hash_algorithm: str = "sha256", max_work_factor: int = 1
) -> tuple[str, dict[str, str]]:
    """Canonical N-Quads plus the issued identifiers map (input label → ``c14nN``), §4.4."""
    result = canonicalize_dataset(data, hash_algorithm=hash_algorithm, max_work_factor=max_work_factor)
    names = {node: data.labels.get(node, f"b{node}") for node in result.issued}
    return result.nquads, {names[node]: label for node, label in result.issued.items()}
