"""The official ELM SHACL shapes, loaded once, and a validator that names each violation.

pyshacl runs offline: the shapes come from ``tests/assets/elm-shapes/`` (PROVENANCE.md there) and
an export becomes RDF through the project's own JSON-LD code (``microcred.jsonld.canonicalize``),
which knows the ELM context without fetching it.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from microcred.jsonld import canonicalize
from tests.conftest import ASSETS

SHAPES = ASSETS / "elm-shapes"
#: name -> the files of one shapes graph (the ``full`` files import the ``no-cv`` ones)
SHAPE_SETS: Mapping[str, tuple[str, ...]] = {
    "EDC v1.0.0 (EDCI 2.0.6)": (
        "edci-2.0.6-v1.0.0/EDC-generic-full.rdf",
        "edci-2.0.6-v1.0.0/EDC-generic-no-cv.rdf",
    ),
    "EDC v1.1.0 (ELM 3.1)": ("elm-3.1-v1.1.0/EDC-generic-full.ttl", "elm-3.1-v1.1.0/EDC-generic-no-cv.ttl"),
    "LOQ v1.1.0 (ELM 3.1)": ("elm-3.1-v1.1.0/LOQ-constraints.ttl", "elm-3.1-v1.1.0/LOQ-constraints-mdr.ttl"),
}


@dataclass(frozen=True, order=True)
class Violation:
    focus: str
    path: str
    shape: str

    def __str__(self) -> str:
        return f"{self.focus} {self.path}: {self.shape}"


def load_shapes() -> dict[str, Any]:
    from rdflib import Graph

    graphs: dict[str, Any] = {}
    for name, files in SHAPE_SETS.items():
        graph = Graph()
        for file in files:
            graph.parse(SHAPES / file, format="xml" if file.endswith(".rdf") else "turtle")
        graphs[name] = graph
    return graphs


def data_graph(documents: Iterable[Mapping[str, Any]]) -> Any:
    """One RDF graph of several JSON-LD documents (blank nodes kept apart per document)."""
    from rdflib import Graph

    union = Graph()
    for document in documents:
        one = Graph()
        one.parse(data=canonicalize(document), format="nt")
        union += one
    return union


@contextmanager
def java_regular_expressions() -> Iterator[None]:
    """The LOQ shapes' patterns are Java regular expressions that ``re`` refuses; ``regex``
    compiles them (PROVENANCE.md)."""
    import regex
    from pyshacl.constraints.core import string_based_constraints as module

    saved = module.re
    module.re = regex
    try:
        yield
    finally:
        module.re = saved


def violations(graph: Any, shapes: Any) -> set[Violation]:
    """Every sh:Violation of ``graph`` against ``shapes``, as (focus node, path, source shape)."""
    from pyshacl import validate
    from rdflib import Namespace

    sh = Namespace("http://www.w3.org/ns/shacl#")
    with java_regular_expressions():
        _conforms, report, _text = validate(
            graph, shacl_graph=shapes, inference="none", allow_warnings=True, advanced=False
        )
    found: set[Violation] = set()
    for result in report.subjects(sh.resultSeverity, sh.Violation):
        found.add(
            Violation(
                focus=str(report.value(result, sh.focusNode)),
                path=str(report.value(result, sh.resultPath)),
                shape=str(report.value(result, sh.sourceShape)),
            )
        )
    return found
